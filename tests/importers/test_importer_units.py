"""The importer's pieces, each on a line or two of invented text."""

from __future__ import annotations

import pytest

from carnets_press.importers.calls import call_candidates
from carnets_press.importers.credits import Credits, complete, file_as, take_end_matter
from carnets_press.importers.headings import date_prefix, split_heading
from carnets_press.importers.lexicon import Lexicon
from carnets_press.importers.lines import Line, Measure
from carnets_press.importers.pages import strip_furniture
from carnets_press.importers.report import ImportReport
from carnets_press.importers.words import join_lines, restore_drop_cap
from carnets_press.importers.writer import book_toml, escape

LEXICON = Lexicon("en-GB", "a self-confidence of his own")


def report() -> ImportReport:
    return ImportReport(raw="raw.txt", out_dir="out", language="en-GB")


@pytest.mark.parametrize(("text", "numbers"), [
    ("the Lams, the Bretons and Vlady.1 Jacqueline", [1]),
    ("the snow-covered Ixta and Popo10", [10]),
    ("details, overheads!28 My old comrade", [28]),
    ("the ‘Arch-Traitor’.27 Pitiful", [27]),
    ("(10,000 American, 70,000 Filipino)", []),
    ("winter 1940–41. Narrow", []),
    ("about 3.5 metres", []),
])
def test_call_candidates(text, numbers):
    assert [number for _, _, number in call_candidates(text)] == numbers


@pytest.mark.parametrize(("text", "heading"), [
    ("31 March 1950. A Day at Sea. We sailed", "31 March 1950."),
    ("Oslo, 2 May 1950. Rain.", "Oslo, 2 May 1950."),
    ("June 1950: Fog. It came", "June 1950:"),
    ("1950: The Crossing. We", "1950:"),
    ("2–4 July 1950. Calm.", "2–4 July 1950."),
    ("Bergen, winter 1950–51. Snow", "Bergen, winter 1950–51."),
])
def test_date_prefix_finds_the_whole_date(text, heading):
    found = date_prefix(text)
    assert found is not None and text[: found[0]] == heading


@pytest.mark.parametrize("text", [
    "1945; climax of the revolution in 1948; that is when we meet again.",
    "June the siege half lifted. Reasons: none.",
    "1950s undertook a study of tax regimes.",
    "12 January 1945, in the morning we left for the coast.",
])
def test_date_prefix_rejects_sentences_that_open_on_a_date(text):
    assert date_prefix(text) is None


@pytest.mark.parametrize(("text", "heading", "rest"), [
    ("3 May 1950. People on the Quay. In search of", "3 May 1950. People on the Quay.", "In search of"),
    ("3 May 1950. The letters came. We read", "3 May 1950.", "The letters came. We read"),
    ("3 May 1950: Oslo. The Old Harbour. Boats", "3 May 1950: Oslo. The Old Harbour.", "Boats"),
    ("3 May 1950: Oslo. Dinner with Vlady. We ate", "3 May 1950: Oslo.", "Dinner with Vlady. We ate"),
    ("3 May 1950. Knut Hamsun. Entirely stylized.", "3 May 1950. Knut Hamsun.", "Entirely stylized."),
])
def test_where_the_heading_ends(text, heading, rest):
    assert split_heading(text, 1, LEXICON, report())[:2] == (heading, rest)


def test_a_short_sentence_case_phrase_is_text_but_reported_as_doubtful():
    decisions = report()
    assert split_heading("3 May 1950. Dark times. We read", 7, LEXICON, decisions)[0] == "3 May 1950."
    assert decisions.uncertain and decisions.uncertain[0].line == 7


def _join(*texts: str, measure: float = 28.0) -> tuple[str, ImportReport]:
    decisions = report()
    lines = [Line(number, text) for number, text in enumerate(texts, 1)]
    return join_lines(lines, Measure(measure), LEXICON, decisions), decisions


@pytest.mark.parametrize(("first", "second", "joined"), [
    ("the ex-", "pected parcel", "the expected parcel"),
    ("the sea was well-", "known for it", "the sea was well-known for it"),
    ("the pro-", "German papers", "the pro-German papers"),
    ("influence of technical art: photo", "graphy which", "influence of technical art: photography which"),
    ("always noble and impassive—", "but appalled", "always noble and impassive—but appalled"),
    ("a cross", "on the door", "a cross on the door"),
])
def test_words_at_line_ends(first, second, joined):
    assert _join(first, second)[0] == joined


def test_a_hyphen_lost_where_two_printed_lines_ran_together_comes_back():
    text, decisions = _join("to guided thought. Guided thought means both absolute, material selfconfidence "
                            "and fear of oneself, awareness of one’s own weakness. Stalin")
    assert "material self-confidence and" in text
    changes = [(d.kind, d.before, d.after) for d in decisions.decisions]
    assert changes == [("split", "selfconfidence", "self-confidence")]


def test_a_rare_word_at_a_lost_break_is_kept_and_reported():
    text, decisions = _join("with plant life. The Italian grocer who serves me some cheese looks sidelong at me, "
                            "with the round eye of an alarmed bird. It is")
    assert "looks sidelong at" in text
    assert decisions.uncertain and decisions.uncertain[0].kind == "split"


def test_drop_cap_restored_only_when_one_letter_fits():
    line = Line(1, "arseille, winter 1940–41. Narrow back streets")
    assert restore_drop_cap(line, LEXICON, report()) and line.text.startswith("Marseille, winter")
    line = Line(1, "ailors and their wives")  # Sailors or Tailors
    assert not restore_drop_cap(line, LEXICON, report()) and line.text.startswith("ailors")


def test_furniture_folios_above_alternating_heads():
    page = ["a line of running text that is quite as long as the others are"] * 12
    raw = ["12", "THE RIVER BOOK", "", *page, "13", "ANNA BERG", "", *page, "14", "THE RIVER BOOK", "", *page]
    lines, furniture = strip_furniture(raw, report())
    assert [(item.line, item.kind) for item in furniture] == [
        (1, "folio"), (2, "head"), (16, "folio"), (17, "head"), (31, "folio"), (32, "head")]
    assert [line.number for line in lines if line.page_start] == [4, 19, 34]


def test_a_note_number_beside_the_next_pages_head_is_no_folio():
    raw = ["text with a call.7 and more text", "7", "", "river: The Book", "", "57", "",
           "text that goes on, as text does on a page,", "and more of it."]
    _, furniture = strip_furniture(raw, report())
    assert [(item.line, item.kind) for item in furniture] == [(4, "head"), (6, "folio")]


def test_end_matter_goes_to_the_metadata():
    raw = ["Some text.", "", "Translated from the Norwegian by Kari Berg and Ola Dahl", "",
           "Extracts drawn from Anna Berg, Dagbøker, Oslo 1990."]
    decisions = report()
    lines, credits = take_end_matter(raw, decisions)
    assert lines == ["Some text.", "", "", "", ""]
    assert credits.translators == ["Kari Berg", "Ola Dahl"]
    assert credits.source == "Anna Berg, Dagbøker, Oslo 1990"
    complete(credits, [(1, "anna berg"), (40, "berg: The River Book")], [1950, 1952], LEXICON.minor, decisions)
    assert (credits.authors, credits.title, credits.subtitle) == (["Anna Berg"], "The River Book", "1950–1952")


def test_book_toml_and_escapes():
    toml = book_toml(Credits(title='The "River" Book', authors=["Anna Berg"], translators=["Kari Berg"]),
                     "nb-NO", ["introduction.md"])
    import tomllib

    data = tomllib.loads(toml)
    assert data["title"] == 'The "River" Book' and data["creators"][0]["file-as"] == "Berg, Anna"
    assert data["contributors"][0]["role"] == "trl"
    assert escape("1. Idea that [Breton] *said*_") == "1\\. Idea that \\[Breton\\] \\*said\\*\\_"
    assert escape("# not a heading") == "\\# not a heading"


@pytest.mark.parametrize("text", ["E = mc^2^ and H~2~O, ~~struck~~", "| not verse", ": not a definition",
                                  "x ^ y ~ z"])
def test_escaped_text_reads_back_as_itself(make_manuscript, text):
    """What an extraction or a Word file holds as text stays text when our reader reads the Markdown back."""
    from carnets_press.manuscript.model import plain_text
    from carnets_press.pipeline import load

    root = make_manuscript({"a.md": f"# 1950\n\nA term\n\n{escape(text)}\n"})
    (part,) = load(root).book.parts
    assert [plain_text([block]) for block in part.blocks][-1] == text
    assert file_as("Victor Serge") == "Serge, Victor"
