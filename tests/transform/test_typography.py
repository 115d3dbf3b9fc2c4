"""Quotes, dashes and ellipses become typographic; code stays as written."""

from __future__ import annotations

from carnets_press.manuscript.model import Code, Text, walk
from carnets_press.pipeline import load


def paragraph_text(make_manuscript, markdown: str) -> str:
    book = load(make_manuscript({"a.md": f"# A\n\n{markdown}\n"})).buildable()
    return "".join(n.value for n in walk(book.parts[0].blocks[0]) if isinstance(n, (Text, Code)))


def test_quotes_dashes_and_ellipsis(make_manuscript):
    text = paragraph_text(make_manuscript, "\"Bastards!\" -- he said --- it's over...")
    assert text == "\u201cBastards!\u201d \u2013 he said \u2014 it\u2019s over\u2026"


def test_quote_context_crosses_emphasis(make_manuscript):
    assert paragraph_text(make_manuscript, '"*Clochemerle*" and \'*Soledad*\'') == "\u201cClochemerle\u201d and \u2018Soledad\u2019"


def test_code_is_left_alone(make_manuscript):
    assert paragraph_text(make_manuscript, 'Run `a -- "b"` now.') == 'Run a -- "b" now.'


def test_existing_typographic_characters_are_kept(make_manuscript):
    assert paragraph_text(make_manuscript, "‘economic emigrants’ — yes") == "‘economic emigrants’ — yes"
