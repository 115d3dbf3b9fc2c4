"""Notes and their calls (calls.py, notes.py), on small invented pages shaped like pdftotext's default output."""

from __future__ import annotations

import pytest

from carnets_press.importers.calls import symbol_candidates, symbol_number, weak_candidates
from carnets_press.importers.lines import Line
from carnets_press.importers.notes import Note, separate_notes
from carnets_press.importers.report import ImportReport

BODY = "and so we walked on along the shore until the evening came"  # a full line of the text
WIDE = "a note is set smaller than the text, so that each of its lines holds more words"  # a full note line


def pages(*texts: list[str]) -> list[Line]:
    """Lines numbered through, each page's carrying its page number (as form feeds give them)."""
    lines: list[Line] = []
    for page, page_texts in enumerate(texts, 1):
        for text in page_texts:
            lines.append(Line(len(lines) + 1, text, page=page))
    return lines


def separate(*texts: list[str]) -> tuple[list[Line], list[Note], ImportReport]:
    report = ImportReport(raw="raw.txt", out_dir="out", language="en-GB")
    body, notes = separate_notes(pages(*texts), report)
    return body, notes, report


def pairs(notes: list[Note]) -> list[tuple[int | None, str]]:
    """(the call's number, the note's text) for each note."""
    return [(note.call.number if note.call else None, " ".join(line.text for line in note.lines)) for note in notes]


def test_numbers_standing_before_their_texts_pair_by_number_from_where_the_extract_begins():
    _, notes, _ = separate(
        [BODY, "of the year.48 I lived then in the yard,49 with my wife", BODY, "", "48", "",
         "A note on the year.", "49", "A note on the yard."],
    )
    assert pairs(notes) == [(48, "A note on the year."), (49, "A note on the yard.")]
    assert [note.label for note in notes] == ["48", "49"]


def test_a_note_deferred_to_the_next_page_finds_its_call_there():
    _, notes, _ = separate(
        [BODY, "we came at last to the river.5 " + BODY, BODY],
        [BODY, "and the boat6 was waiting for us there", "5", "The river is the Peace.", "6",
         "The boat was a canoe."],
    )
    assert pairs(notes) == [(5, "The river is the Peace."), (6, "The boat was a canoe.")]
    assert notes[0].call is not None and notes[0].call.page == 0


def test_when_calls_and_notes_disagree_no_note_is_shifted_onto_a_wrong_call():
    _, notes, report = separate(
        [BODY, "the calls6 and7 and the third8 on the page", BODY, "6", "The first note.", "8",
         "The third note; the second is not printed."],
        [BODY, BODY],
    )
    assert pairs(notes) == [(6, "The first note."), (8, "The third note; the second is not printed.")]
    assert any(d.kind == "call" and "call 7 found no note text" in d.decided and d.uncertain
               for d in report.decisions)


def test_a_number_no_call_uses_keeps_its_text_as_a_note_without_a_call():
    _, notes, report = separate([BODY, "the only call3 here", BODY, "3", "The third note.", "4", "A stray note."])
    assert pairs(notes) == [(3, "The third note."), (None, "A stray note.")]
    assert any(d.kind == "note" and "no call claims" in d.decided and d.uncertain for d in report.decisions)


def test_reference_marks_count_afresh_on_each_page():
    _, notes, _ = separate(
        [BODY, "the Gothic architecture of my soul.* " + BODY, "(calling him a skellum),† and so", "",
         "* Written later.", "† A villain."],
        [BODY, "the creatures?”* He dated them", "* Vol. I, p. 13."],
    )
    assert pairs(notes) == [(1, "Written later."), (2, "A villain."), (1, "Vol. I, p. 13.")]
    assert [note.label for note in notes] == ["1", "2", "3"]


@pytest.mark.parametrize(("mark", "number"), [("*", 1), ("†", 2), ("¶", 6), ("**", 7), ("††", 8), ("*†", None)])
def test_reference_marks_in_harts_order(mark, number):
    assert symbol_number(mark) == number


def test_symbol_calls_glue_to_words_figures_and_closing_punctuation():
    assert [n for _, _, n in symbol_candidates("zuma.† In the Magazine for 1842‡ is “Ferlies”* not * * *")] \
        == [2, 3, 1]


def test_a_call_run_into_a_year_or_set_apart_after_a_heading_in_capitals_needs_its_printed_note():
    assert [n for _, _, n in weak_candidates("in the Magazine for 18425 is")] == [5]
    assert [n for _, _, n in weak_candidates("JANUARY 1659–60 47")] == [47]
    assert weak_candidates("Cloudy last night 1") == []  # a table's cell, in lower case
    _, notes, _ = separate(
        ["JANUARY 1660 12", BODY, "in the Magazine for 184213 is an account", BODY, "12", "On the year.", "13",
         "On the Magazine."],
    )
    assert pairs(notes) == [(12, "On the year."), (13, "On the Magazine.")]
    _, notes, _ = separate([BODY, "in the Magazine for 18425 is an account", BODY, BODY])
    assert notes == []


def test_a_number_opening_the_notes_line_is_taken_off_its_text():
    _, notes, _ = separate([BODY, "to Mr. Gunning’s1 chapel, where", BODY, "1. Peter Gunning, afterwards Master."])
    assert pairs(notes) == [(1, "Peter Gunning, afterwards Master.")]
    assert notes[0].printed == 1


def test_a_note_continued_at_the_foot_of_the_next_page_without_its_number():
    _, notes, _ = separate(
        [BODY, "this morning comes Mr. Pickering,1 like a", BODY, "1", WIDE, WIDE, "he married and died in 1698;"],
        [BODY, "to have got Mr. Montagu2 to be one of them", BODY + ".",
         "his widow survived him, and the note goes on in lines as wide as notes", WIDE + ".", "2",
         "Edward Montagu, eldest son."],
    )
    assert pairs(notes)[1] == (2, "Edward Montagu, eldest son.")
    assert pairs(notes)[0][1].endswith(f"in 1698; his widow survived him, and the note goes on in lines as wide as "
                                       f"notes {WIDE}.")


def test_a_note_that_ends_on_a_page_reference_is_not_continued_by_a_numbered_foot():
    body, notes, _ = separate(
        [BODY, BODY, "so that the Duke3 had it", BODY, "3", WIDE, "Kennett’s Register, p.", "163"],
        [BODY, BODY, "written in the bay4 to him " + BODY[:20], BODY, "the same day, as he said.", "4",
         "The bay of Deal."],
    )
    assert pairs(notes) == [(3, f"{WIDE} Kennett’s Register, p. 163"), (4, "The bay of Deal.")]
    assert "the same day, as he said." in [line.text for line in body]


def test_notes_gathered_at_the_end_of_a_part_pair_by_number():
    body, notes, report = separate(
        [BODY, "above all, Betterton1 did the prince’s part", BODY],
        [BODY, "saw the Antipodes,2 wherein there is", BODY],
        ["Notes", "1", "", "Davenant introduced the scenery.", "", "2", "", "A comedy, by Brome."],
        ["September 1661", BODY, "the Jovial Crew,1 where the King", BODY],
        ["Notes", "1", "The Jovial Crew, a comedy."],
    )
    assert pairs(notes) == [(1, "Davenant introduced the scenery."), (2, "A comedy, by Brome."),
                            (1, "The Jovial Crew, a comedy.")]
    assert "Notes" not in [line.text for line in body]
    assert sum(d.kind == "note" and d.after == "" and d.excerpt == "Notes" for d in report.decisions) == 2


def test_a_note_number_run_into_the_line_above_its_note_is_taken_off_the_text():
    _, notes, report = separate(
        [BODY, BODY, "here, and build a fort,1 which would be", BODY, "they should exert themselves to the ut1",
         "Fort is the name given to any establishment in this country."],
        ["most to kill beaver, as they would", BODY],
    )
    assert pairs(notes) == [(1, "Fort is the name given to any establishment in this country.")]
    assert any(d.before == "ut1" and d.after == "ut" for d in report.decisions)


def test_notes_gathered_at_the_end_of_the_book_run_afresh_for_each_part_under_its_heading():
    _, notes, report = separate(
        [BODY, "the first call1 and the second2 of the first part", BODY],
        ["II", BODY, "the first call1 of the second part", BODY],
        ["Notes", "Part I", "1 The first note.", "2 The second note.", "Part II", "1 The third note."],
    )
    assert pairs(notes) == [(1, "The first note."), (2, "The second note."), (1, "The third note.")]
    assert [note.call.line.number for note in notes if note.call] == [2, 2, 6]
    assert {d.excerpt for d in report.decisions if d.kind == "note" and d.after == ""} == {"Notes", "Part I", "Part II"}
    assert [note.label for note in notes] == ["1", "2", "3"]


def test_notes_numbered_per_page_the_deferred_one_first():
    _, notes, _ = separate(
        [BODY, BODY, "the last line of the page calls a note1 here", BODY],
        [BODY, "and this page calls its own1 too", BODY, "1 The note deferred from the page before.",
         "1 The page's own note."],
    )
    assert pairs(notes) == [(1, "The note deferred from the page before."), (1, "The page's own note.")]
    assert [note.call.page for note in notes if note.call] == [0, 1]
