"""Quotes, dashes and ellipses become typographic; code stays as written.

What Pandoc makes of the same Markdown is in test_typography_pandoc.py; these are the cases Pandoc cannot judge:
the book's structure (headings, blocks, notes, alt text, raw HTML), the edition's language, and the nodes the reader
makes for escaped characters.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support_images import png

from carnets_press.manuscript.model import Code, Element, Text, plain_text, walk
from carnets_press.manuscript.reader import read_book
from carnets_press.pipeline import load
from carnets_press.transform.typography import apply_typography

NBSP = "\u00a0"


def paragraph_text(make_manuscript, markdown: str) -> str:
    book = load(make_manuscript({"a.md": f"# A\n\n{markdown}\n"})).buildable()
    return "".join(n.value for n in walk(book.parts[0].blocks[0]) if isinstance(n, (Text, Code)))


def edition_text(make_manuscript, markdown: str, language: str = "en-GB") -> str:
    toml = f'title = "T"\nlanguage = "{language}"\ncontents = ["a.md"]\n'
    book = load(make_manuscript({"a.md": f"# A\n\n{markdown}\n"}, toml=toml)).buildable()
    return plain_text(book.parts[0].blocks)


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


def test_the_nodes_keep_their_own_text(make_manuscript):
    """Each Text node gets back its own characters: the run is split where it was joined."""
    book = load(make_manuscript({"a.md": "# A\n\n'*Clochemerle*' \"[NKVD]{.smallcaps}\"---`x--y`...\n"})).buildable()
    values = [n.value for n in walk(book.parts[0].blocks[0]) if isinstance(n, (Text, Code))]
    assert values == ["‘", "Clochemerle", "’ “", "NKVD", "”—", "x--y", "…"]


@pytest.mark.parametrize("language, markdown, expected", [
    ("fr", 'Il dit : "Non." Puis "*Clochemerle*".', "Il dit : «\u00a0Non.\u00a0» Puis «\u00a0Clochemerle\u00a0»."),
    ("de", 'Er sagte "nein".', "Er sagte „nein“."),
    ("fr", "Il dit : “Non” et l'a écrit.", "Il dit : “Non” et l’a écrit."),  # the author's own quotes stay
    ("en-GB", 'He said "no".', "He said “no”."),
    # A French manuscript types the spaces inside its quotes: they become the quotes' no-break spaces.
    ("fr", 'Il dit : " Bonjour ".', f"Il dit : «{NBSP}Bonjour{NBSP}»."),
    ("fr", '" Bonjour " et " Salut ", puis "Adieu".',
     f"«{NBSP}Bonjour{NBSP}» et «{NBSP}Salut{NBSP}», puis «{NBSP}Adieu{NBSP}»."),
    ("fr", f'"{NBSP}Oui{NBSP}" et " *non* "', f"«{NBSP}Oui{NBSP}» et «{NBSP}non{NBSP}»"),  # never two spaces
    ("fr", "l'homme d'aujourd'hui", "l’homme d’aujourd’hui"),
    ("fr", "« Bonjour » et «Salut»", "« Bonjour » et «Salut»"),
    ("fr", "Il a dit 'oui'.", "Il a dit ‘oui’."),  # single quotes are not the language's (as before)
    ("de", "---\"Nein!\" -- 'ja'", "—„Nein!“ – ‘ja’"),
    ("es", '"Hola", dijo.', "«Hola», dijo."),
    ("it", "\"L'uomo\"", "«L’uomo»"),
    # Private-use characters are the author's: nothing in the text stands for a node or a kept quote.
    ("fr", '"\ue000 x \ue001" \ue000\ue001', f"«{NBSP}\ue000 x \ue001{NBSP}» \ue000\ue001"),
    ("de", '\ue001"\ue000"', "\ue001„\ue000“"),
    ("en-GB", '"\ue000"', "“\ue000”"),
])
def test_quotes_follow_the_editions_language(make_manuscript, language, markdown, expected):
    assert edition_text(make_manuscript, markdown, language) == expected


def test_a_heading_is_typeset(make_manuscript):
    book = load(make_manuscript({"a.md": "# A\n\n## \"Paris\" -- 'Marseille'...\n\nText.\n"})).buildable()
    assert book.parts[0].entries[0].heading_text == "“Paris” – ‘Marseille’…"


@pytest.mark.parametrize("heading, place, title", [
    ("## 3 May 1941. The 'Winnipeg' -- \"at sea\"...", None, "The ‘Winnipeg’ – “at sea”…"),
    ("## St. Louis, 3 May 1941. With Mr. Lam.", "St.\u00a0Louis", "With Mr.\u00a0Lam"),
])
def test_an_entrys_place_and_title_are_typeset_as_its_heading(make_manuscript, heading, place, title):
    entry = load(make_manuscript({"a.md": f"# 1941\n\n{heading}\n\nText.\n"})).buildable().parts[0].entries[0]
    assert (entry.place, entry.title) == (place, title)
    assert entry.heading_text.rfind(title) > 0 and entry.heading_text.startswith(place or "")


def test_quotes_do_not_pair_across_paragraphs(make_manuscript):
    # An English quotation running over paragraphs opens each and closes only the last.
    book = load(make_manuscript({"a.md": "# A\n\n> \"One\n>\n> two.\"\n\n- 'a\n- b'\n"})).buildable()
    quote, items = book.parts[0].blocks
    assert [plain_text([p]) for p in quote.children] == ["“One", "two.”"]
    assert [plain_text([item]) for item in items.children] == ["’a", "b’"]


def test_a_nested_list_is_a_run_of_its_own(make_manuscript):
    book = load(make_manuscript({"a.md": "# A\n\n- 'one\n  - two'\n"})).buildable()
    item = book.parts[0].blocks[0].children[0]
    assert plain_text(item.children[:1]) == "’one"
    assert plain_text(item.children[1:]) == "two’"


def test_a_note_is_typeset_apart_from_its_call(make_manuscript):
    markdown = "# A\n\nVlady[^1]'s \"book\"\n\n[^1]: 'Twas \"his\" -- 1941...\n"
    book = load(make_manuscript({"a.md": markdown})).buildable()
    paragraph = book.parts[0].blocks[0]
    assert plain_text([paragraph]) == "Vlady’s “book”"
    assert plain_text(book.notes()[0].blocks) == "’Twas “his” – 1941…"


def test_a_line_break_is_a_space(make_manuscript):
    assert paragraph_text(make_manuscript, "a\\\n'b'") == "a‘b’"


def test_autolinks_are_literal(make_manuscript):
    text = paragraph_text(make_manuscript, "See <https://a.org/c--d'e...> and <serge@example.org> -- 'x'")
    assert text == "See https://a.org/c--d'e... and serge@example.org – ‘x’"


def test_a_link_with_words_is_typeset(make_manuscript):
    assert paragraph_text(make_manuscript, "[it's --- here](https://a.org/x--y)") == "it’s — here"


def test_raw_html_code_is_literal(make_manuscript):
    assert paragraph_text(make_manuscript, "<code>a -- \"b\"</code> -- \"c\"") == "a -- \"b\" – “c”"
    book = load(make_manuscript({"a.md": "# A\n\n<pre>\n\"a\" -- b...\n</pre>\n\n<p>\"c\"</p>\n"})).buildable()
    assert plain_text(book.parts[0].blocks).split() == ['"a"', "--", "b...", "“c”"]


def test_alt_text_is_typeset(make_manuscript):
    root = make_manuscript({"a.md": "# A\n\n!['*Clochemerle*', \"its cover\" -- 1934...](x.png)\n"})
    (root / "x.png").write_bytes(png())
    book = load(root).buildable()
    image = next(book.elements("img"))
    assert image.attrs["alt"] == "‘Clochemerle’, “its cover” – 1934…"


def test_an_image_is_a_neighbour(make_manuscript):
    root = make_manuscript({"a.md": "# A\n\n'![x](x.png)' and ![x](x.png)'s\n"})
    (root / "x.png").write_bytes(png())
    book = load(root).buildable()
    assert plain_text(book.parts[0].blocks) == "‘’ and ’s"


def test_escaped_characters_given_as_code_are_kept(make_manuscript):
    """How the reader is to give `\\"`, `\\'`, `\\-` and `\\.`: as Code nodes, which typography leaves as written
    and reads as context (Pandoc: `"He said \\"no\\" and left"` → “He said "no" and left”)."""
    book, _ = read_book(make_manuscript({"a.md": "# A\n\nx\n"}))
    paragraph = book.parts[0].blocks[0]
    paragraph.children = [Text('"He said '), Code('"'), Text("no"), Code('"'), Text(" and left\"; don"), Code("'"),
                          Text("t "), Code("-"), Text("- "), Code("."), Text(".. "), Text("a\u00a0b")]
    apply_typography(book)
    assert plain_text([paragraph]) == '“He said "no" and left”; don\'t -- ... a\u00a0b'


def test_a_run_without_anything_to_change_is_left_alone(make_manuscript):
    book, _ = read_book(make_manuscript({"a.md": "# A\n\nx\n"}))
    paragraph = book.parts[0].blocks[0]
    text = Text("plain")
    paragraph.children = [Element("em", children=[text]), Code("'")]
    apply_typography(book)
    assert paragraph.children[0].children[0] is text and text.value == "plain"


# Properties, on nodes made up: whatever the text, each node keeps its own characters.
_PROSE = "ab '\"-.\u00a0\ue000\ue001"
_NODES = st.lists(st.one_of(
    st.text(alphabet=_PROSE, max_size=8).map(Text),
    st.text(alphabet="a '\"-.", max_size=3).map(Code),
    st.text(alphabet=_PROSE, max_size=6).map(lambda value: Element("em", children=[Text(value)])),
), max_size=8)
_BACK = {"‘": "'", "’": "'", "“": '"', "”": '"', "—": "---", "–": "--", "…": "..."}


@pytest.fixture(scope="module")
def empty_book(tmp_path_factory):
    root = tmp_path_factory.mktemp("manuscript")
    (root / "book.toml").write_text('title = "T"\nlanguage = "en"\ncontents = ["a.md"]\n', encoding="utf-8")
    (root / "a.md").write_text("# A\n\nx\n", encoding="utf-8")
    return read_book(root)[0]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(nodes=_NODES, language=st.sampled_from(["en", "fr", "de"]))
def test_typography_changes_only_what_it_converts(empty_book, nodes, language):
    empty_book.metadata = dataclasses.replace(empty_book.metadata, language=language)
    paragraph = empty_book.parts[0].blocks[0]
    paragraph.children = nodes
    before = [(type(node), node.value) for node in walk(paragraph) if isinstance(node, (Text, Code))]
    apply_typography(empty_book)
    after = [(type(node), node.value) for node in walk(paragraph) if isinstance(node, (Text, Code))]
    for (kind, old), (_, new) in zip(before, after, strict=True):
        if kind is Code:
            assert new == old
            continue
        assert "'" not in new and '"' not in new and "--" not in new and "..." not in new
        assert new.count("\ue000") == old.count("\ue000") and new.count("\ue001") == old.count("\ue001")
        if language == "en":
            assert "".join(_BACK.get(character, character) for character in new) == old
    apply_typography(empty_book)  # done once for all
    assert [(type(node), node.value) for node in walk(paragraph) if isinstance(node, (Text, Code))] == after


def test_literal_text_becomes_code(make_manuscript):
    """What typography leaves as written is Code in the model, so that the checks leave it too."""
    book = load(make_manuscript({"a.md": "# A\n\n<https://a.org/it's--here> and <code>'x'</code>\n"})).buildable()
    nodes = [(type(n), n.value) for n in walk(book.parts[0].blocks[0]) if isinstance(n, (Text, Code))]
    assert nodes == [(Code, "https://a.org/it's--here"), (Text, " and "), (Code, "'x'")]
