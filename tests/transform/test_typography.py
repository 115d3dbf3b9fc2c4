"""Quotes, dashes and ellipses become typographic; code stays as written."""

from __future__ import annotations

import pytest

from carnets_press.manuscript.model import Code, Text, plain_text, walk
from carnets_press.pipeline import load


def paragraph_text(make_manuscript, markdown: str) -> str:
    book = load(make_manuscript({"a.md": f"# A\n\n{markdown}\n"})).buildable()
    return "".join(n.value for n in walk(book.parts[0].blocks[0]) if isinstance(n, (Text, Code)))


def test_quotes_dashes_and_ellipsis(make_manuscript):
    text = paragraph_text(make_manuscript, "\"Bastards!\" -- he said --- it's over...")
    assert text == "\u201cBastards!\u201d \u2013 he said \u2014 it\u2019s over\u2026"


def test_quote_context_crosses_emphasis(make_manuscript):
    assert (paragraph_text(make_manuscript, '"*Clochemerle*" and \'*Soledad*\'')
            == "\u201cClochemerle\u201d and \u2018Soledad\u2019")


def test_code_is_left_alone(make_manuscript):
    assert paragraph_text(make_manuscript, 'Run `a -- "b"` now.') == 'Run a -- "b" now.'


def test_existing_typographic_characters_are_kept(make_manuscript):
    assert paragraph_text(make_manuscript, "‘economic emigrants’ — yes") == "‘economic emigrants’ — yes"


@pytest.mark.parametrize("language, markdown, expected", [
    ("fr", 'Il dit : "Non." Puis "*Clochemerle*".', "Il dit : «\u00a0Non.\u00a0» Puis «\u00a0Clochemerle\u00a0»."),
    ("de", 'Er sagte "nein".', "Er sagte „nein“."),
    ("fr", "Il dit : “Non” et l'a écrit.", "Il dit : “Non” et l’a écrit."),  # the author's own quotes stay
    ("en-GB", 'He said "no".', "He said “no”."),
])
def test_quotes_follow_the_editions_language(make_manuscript, language, markdown, expected):
    toml = f'title = "T"\nlanguage = "{language}"\ncontents = ["a.md"]\n'
    book = load(make_manuscript({"a.md": f"# A\n\n{markdown}\n"}, toml=toml)).buildable()
    assert plain_text(book.parts[0].blocks) == expected
