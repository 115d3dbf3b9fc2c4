"""Entry headings: datelines without their year, run-in and titled headings, part headings, read back by the reader."""

from __future__ import annotations

import datetime

import pytest

from carnets_press.importers import ImportReport, run_import
from carnets_press.importers.headings import build_parts, date_prefix, split_heading, year_of_line
from carnets_press.importers.lexicon import Lexicon
from carnets_press.manuscript.dates import EntryDate, Precision
from carnets_press.pipeline import load

LEXICON = Lexicon("en-GB")
YEAR = EntryDate(datetime.date(1890, 1, 1), datetime.date(1890, 12, 31), Precision.YEAR)


def report() -> ImportReport:
    return ImportReport(raw="raw.txt", out_dir="out", language="en-GB")


@pytest.mark.parametrize(("text", "heading"), [
    ("MAY 4.—We walked to the mill", "MAY 4.—"),
    ("9th (Sunday). To church", "9th (Sunday)."),
    ("Feb. 2nd. To town by coach", "Feb. 2nd."),
    ("June 9 Rain all day.", "June 9"),
    ("June 9", "June 9"),
    ("3rd March 1890.—Snow", "3rd March 1890.—"),
    ("Friday, May 9.—Wind", "Friday, May 9.—"),
])
def test_a_dateline_without_its_year_is_found_and_its_end_too(text, heading):
    found = date_prefix(text)
    assert found is not None and text[: found[0]] == heading


def test_without_a_context_a_date_without_its_year_has_no_date_and_with_one_it_has():
    assert date_prefix("MAY 4.—We walked") == (7, None)
    found = date_prefix("MAY 4.—We walked", YEAR)
    assert found is not None and found[1] is not None and found[1].iso == "1890-05-04"


@pytest.mark.parametrize("text", [
    "12. The second point is this.",
    "June 9 was a fine day.",
    "3 Men in a boat went by.",
    "May the wind fall.",
])
def test_a_numbered_point_or_a_sentence_is_no_dateline(text):
    assert date_prefix(text) is None


@pytest.mark.parametrize(("text", "year"), [
    ("1890", 1890),
    ("June 1890", 1890),
    ("MARCH 1889–90", 1890),
    ("A Voyage to the Lakes in 1890", 1890),
    ("Rain again in 1890.", None),
    ("we sailed in 1890 with", None),
    ("June 9", None),
])
def test_a_part_heading_names_a_year(text, year):
    assert year_of_line(text) == year


@pytest.mark.parametrize(("text", "heading", "rest"), [
    ("MAY 4. A Walk to the Mill.—We went early", "MAY 4. A Walk to the Mill.—", "We went early"),
    ("MAY 4. Bathing.—Cold water", "MAY 4. Bathing.—", "Cold water"),
    ("MAY 4.—We went early. A Walk.—None", "MAY 4.—", "We went early. A Walk.—None"),
    ("MAY 4. Went out early.—Rain", "MAY 4.", "Went out early.—Rain"),
])
def test_a_run_in_title_closed_by_a_dash(text, heading, rest):
    assert split_heading(text, 1, LEXICON, report(), YEAR)[:2] == (heading, rest)


def test_partial_dates_follow_the_part_and_the_entries_before():
    decisions = report()
    blocks = [("year", 1, "1890"), ("entry", 2, "DECEMBER 30.—Frost."), ("entry", 3, "JANUARY 2.—Thaw.")]
    [part] = build_parts(blocks, "en-GB", LEXICON, decisions)
    assert [(entry.heading, entry.date and entry.date.iso) for entry in part.entries] == [
        ("DECEMBER 30.—", "1890-12-30"), ("JANUARY 2.—", "1891-01-02")]


def test_a_running_head_gives_the_year_no_line_of_the_text_gives():
    decisions = report()
    blocks = [("entry", 3, "2nd. Up early."), ("entry", 4, "3rd. To bed late.")]
    [part] = build_parts(blocks, "en-GB", LEXICON, decisions, heads=[(1, "MARCH 1890 12")])
    assert part.title == "MARCH 1890"
    assert [entry.date and entry.date.iso for entry in part.entries] == ["1890-03-02", "1890-03-03"]


def test_a_title_on_its_own_line_joins_its_dateline():
    blocks = [("year", 1, "1890"), ("entry", 2, "May 4."), ("paragraph", 3, "The Mill."),
              ("paragraph", 4, "We walked there early and came back late.")]
    [part] = build_parts(blocks, "en-GB", LEXICON, report())
    assert [(entry.heading, entry.paragraphs) for entry in part.entries] == [
        ("May 4. The Mill.", ["We walked there early and came back late."])]


def test_a_short_sentence_under_a_dateline_is_a_title_only_with_a_space_after_it():
    text = ("paragraph", 5, "We walked there early and came back late.")
    spaced = [("year", 1, "1890"), ("entry", 2, "May 4."), ("paragraph", 3, "Early morning."), text]
    close = [("year", 1, "1890"), ("entry", 2, "May 4."), ("paragraph", 4, "Rain all day."), text]
    assert build_parts(spaced, "en-GB", LEXICON, report())[0].entries[0].heading == "May 4. Early morning."
    assert build_parts(close, "en-GB", LEXICON, report())[0].entries[0].heading == "May 4."


def test_a_run_in_heading_in_capitals_without_a_date_is_an_undated_entry():
    blocks = [("year", 1, "1890"), ("entry", 2, "MAY 4.—Rain."), ("paragraph", 3, "WHIT SUNDAY.—To church.")]
    [part] = build_parts(blocks, "en-GB", LEXICON, report())
    assert [(entry.heading, entry.date) for entry in part.entries][1] == ("WHIT SUNDAY.—", None)


def test_a_section_number_run_into_the_dateline_is_a_part():
    blocks = [("year", 1, "A Voyage to the Lakes in 1890"), ("paragraph", 2, "II Friday, May 9.—Wind.")]
    parts = build_parts(blocks, "en-GB", LEXICON, report())
    assert [part.title for part in parts] == ["A Voyage to the Lakes in 1890", "II"]
    assert [entry.date and entry.date.iso for entry in parts[1].entries] == ["1890-05-09"]


def test_a_letter_spaced_part_heading_is_read_as_words():
    """pdftotext keeps the gaps of a heading set in spaced capitals (Mackenzie's second part)."""
    blocks = [("year", 1, "T O THE PA CIFIC OCEA N IN 1 7 9 3"), ("entry", 2, "Friday, May 9.—Wind.")]
    [part] = build_parts(blocks, "en-GB", LEXICON, report())
    assert (part.title, part.year) == ("TO THE PACIFIC OCEAN IN 1793", 1793)


def test_a_heading_the_page_sets_apart_without_a_date_is_an_undated_entry():
    blocks = [("year", 1, "1912"), ("entry", 2, "November 20.—Snow."), ("heading", 3, "Note on Mules."),
              ("paragraph", 4, "They would not eat.")]
    [part] = build_parts(blocks, "en-GB", LEXICON, report())
    assert [(entry.heading, entry.date is None, entry.paragraphs) for entry in part.entries][1] == (
        "Note on Mules.", True, ["They would not eat."])


RAW = """\
A Summer at the Mill

1890
MAY 4.—We walked to the mill and back. The miller was
out, and his dog followed us home.
MAY 6. The Flood.—Rain all night; the river is over the
meadow and the lane is a brook.
JUNE 1.—Hay in. A fine evening, and we sat out late
under the elms.
"""


def test_the_reader_reads_the_dates_the_importer_gave(tmp_path):
    raw = tmp_path / "mill.txt"
    raw.write_text(RAW, encoding="utf-8")
    run_import(raw, tmp_path / "out", "en-GB")
    book = load(tmp_path / "out").buildable()
    entries = [entry for part in book.parts for entry in part.entries]
    assert [entry.date.iso for entry in entries] == ["1890-05-04", "1890-05-06", "1890-06-01"]
