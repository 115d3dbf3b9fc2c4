"""No line of the print edition begins with a closed em dash, an em dash set close to the word after it, or a
spaced ellipsis (issue 14): what
`hold_line_breaks` does to the text, and that the EPUB's text, Pandoc's, is left as it was.

U+2060 WORD JOINER forbids a break on either side of it (UAX #14, LB11), so one between a word and its closed dash
leaves the break after the dash; a no-break space (LB12) holds an ellipsis to the word before it.
"""

from __future__ import annotations

import pytest

from carnets_press.manuscript.model import Code, Text, walk
from carnets_press.pipeline import load
from carnets_press.transform.typography import hold_line_breaks

JOINER, NO_BREAK = "\u2060", "\u00a0"


def held(make_manuscript, markdown: str) -> tuple[str, str]:
    """The first paragraph's text as the EPUB has it, and as print sets it."""
    book = load(make_manuscript({"a.md": f"# A\n\n{markdown}\n"})).buildable()

    def text() -> str:
        return "".join(n.value for n in walk(book.parts[0].blocks[0]) if isinstance(n, (Text, Code)))

    before = text()
    hold_line_breaks(book)
    return before, text()


@pytest.mark.parametrize("markdown, printed", [
    ("calm---but appalled", f"calm{JOINER}—but appalled"),
    ("*Soledades*---and more", f"Soledades{JOINER}—and more"),
    ("'Oh!'---he said", f"‘Oh!’{JOINER}—he said"),
    # A dash after a space, set close to the word after it, would begin a line after the space: the space holds
    ("a ---spaced--- one", f"a{NO_BREAK}—spaced{JOINER}— one"),
    ("Henry VIII ---B.", f"Henry VIII{NO_BREAK}—B."),  # Pepys's editors sign their notes so
    ("one --- two", "one — two"),  # a spaced dash breaks after it
    ("---Who? 1941--1947", "—Who? 1941–1947"),  # a paragraph's first dash, and en dashes, are left
    ("wait... no, wait ... no", f"wait… no, wait{NO_BREAK}… no"),
    ("*Trotsky* ...' Wide", f"Trotsky{NO_BREAK}…’ Wide"),
    ("said\n... and", f"said{NO_BREAK}… and"),
    ("... and so", "… and so"),
    # No line may break before a full stop, even after a space (UAX #14, LB13): a spaced . . . is as written.
    ("wait . . . no", "wait . . . no"),
    ("`a --- b` and `x` ...", f"a --- b and x{NO_BREAK}…"),  # code is as written
])
def test_print_holds_the_line_break(make_manuscript, markdown, printed):
    epub, print_text = held(make_manuscript, markdown)
    assert print_text == printed
    assert JOINER not in epub and NO_BREAK not in epub.replace("\n", " ")


def test_a_dash_in_a_note_is_held_too(make_manuscript):
    book = load(make_manuscript({"a.md": "# A\n\nText.[^1]\n\n[^1]: A note---with a dash ... here.\n"})).buildable()
    hold_line_breaks(book)
    note = "".join(n.value for n in walk(book.notes()[0].blocks[0]) if isinstance(n, Text))
    assert note == f"A note{JOINER}—with a dash{NO_BREAK}… here."


def test_headings_are_left_as_they_are(make_manuscript):
    """A heading is the PDF's bookmark: no invisible character goes into it."""
    book = load(make_manuscript({"a.md": "# Paris---Marseille ...\n\nText.\n"})).buildable()
    hold_line_breaks(book)
    assert book.parts[0].heading_text == "Paris—Marseille …"


def test_an_attribution_dash_as_standard_ebooks_writes_it_is_held(make_manuscript):
    """SE joins the dash to the initial with a word joiner; the space before the dash is what breaks."""
    _, printed = held(make_manuscript, f"Henry VIII ---{JOINER}B.")
    assert printed == f"Henry VIII{NO_BREAK}—{JOINER}B."
