"""Drop caps the extraction set on a line of their own, and words split at a ligature."""

from __future__ import annotations

from carnets_press.importers.lexicon import Lexicon
from carnets_press.importers.lines import Line, Measure
from carnets_press.importers.report import ImportReport
from carnets_press.importers.words import join_lines, restore_kept_initials

LEXICON = Lexicon("en-GB")


def report() -> ImportReport:
    return ImportReport(raw="raw.txt", out_dir="out", language="en-GB")


def _restored(*raw: str) -> tuple[list[str], ImportReport]:
    lines, decisions = list(raw), report()
    restore_kept_initials(lines, LEXICON, decisions)
    return lines, decisions


def test_a_letter_before_its_paragraph_goes_back_to_it():
    lines, decisions = _restored("II", "", "F", "", "riday, May 9.—We left at dawn.")
    assert lines == ["II", "", "", "", "Friday, May 9.—We left at dawn."]
    assert [(d.kind, d.line) for d in decisions.decisions] == [("drop-cap", 5)]


def test_a_number_before_a_year_heading_completes_the_dateline_after_it():
    lines, _ = _restored("3", "", "1890", "", "rd March 1890.—Snow in the night.")
    assert lines == ["", "", "1890", "", "3rd March 1890.—Snow in the night."]


def test_two_figures_of_a_day_and_a_folio_between():
    lines, _ = _restored("1", "", "— 7 —", "", "4th March 1890.—Thaw.")
    assert lines[-1] == "14th March 1890.—Thaw."


def test_an_initial_whose_fragment_is_a_word_by_itself():
    lines, _ = _restored("T", "", "he wind dropped at noon, and we rowed", "across the lake.")
    assert lines[2] == "The wind dropped at noon, and we rowed"


def test_an_initial_after_the_first_lines_of_its_paragraph():
    lines, _ = _restored("", "unday, May 11.—A quiet day.", "", "S", "")
    assert lines[1] == "Sunday, May 11.—A quiet day."


def test_a_lone_letter_that_makes_nothing_of_the_lines_near_it_stays():
    lines, decisions = _restored("A", "", "Rowing home, the wind rose.")
    assert lines[0] == "A" and not decisions.decisions


def test_a_word_split_after_a_ligature_is_joined():
    decisions = report()
    text = join_lines([Line(1, "the act f ixed the f irst day, and of it")], Measure(40.0), LEXICON, decisions)
    assert text == "the act fixed the first day, and of it"
    assert [d.after for d in decisions.decisions if d.kind == "join"] == ["fixed", "first"]
