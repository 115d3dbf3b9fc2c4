"""A block's inline run (transform/runs.py): the text typography and the print edition's hyphenation read as one
string, what ends one and what is transparent in it."""

from __future__ import annotations

from carnets_press.manuscript.model import Code, Element, Text, walk
from carnets_press.manuscript.reader import read_book
from carnets_press.transform.runs import OBJECT, inline_runs


def book_of(make_manuscript, markdown: str):
    book, _ = read_book(make_manuscript({"a.md": f"# A\n\n{markdown}\n"}))
    return book


def run_texts(make_manuscript, markdown: str, headings: bool = False) -> list[str]:
    return [run.text for run in inline_runs(book_of(make_manuscript, markdown), headings) if run.texts]


def test_emphasis_spans_links_and_strikeout_are_transparent(make_manuscript):
    assert run_texts(make_manuscript, "One *two* [three]{.x} [four](https://e.org) ~~five~~ **six**.") == [
        "One two three four five six."]


def test_code_and_line_breaks_are_read_but_not_text(make_manuscript):
    [run] = inline_runs(book_of(make_manuscript, "Say `x = 1`,\\\nthen go."), headings=False)
    assert run.text == "Say x = 1,\nthen go."
    assert [node.value for node in run.texts] == ["Say ", ",", "then go."]


def test_literal_text_becomes_code(make_manuscript):
    """Raw HTML's <code> and an autolink's address are printed as written: Code nodes, context in the run."""
    book = book_of(make_manuscript, "Type <code>it's</code> or see <https://e.org/a--b>.")
    [run] = inline_runs(book, headings=False)
    assert run.text == "Type it's or see https://e.org/a--b."
    assert [node.value for node in run.texts] == ["Type ", " or see ", "."]
    assert [node.value for node in walk(book.parts[0].blocks[0]) if isinstance(node, Code)] == [
        "it's", "https://e.org/a--b"]


def test_an_image_is_one_object(make_manuscript):
    [run] = inline_runs(book_of(make_manuscript, "A ![pic](p.png) b."), headings=False)
    assert run.text == f"A {OBJECT} b."
    [(index, image)] = run.objects.items()
    assert index == 2 and image.tag == "img" and image.attrs["alt"] == "pic"


def test_a_note_call_is_transparent_and_its_note_read_once(make_manuscript):
    runs = inline_runs(book_of(make_manuscript, "Vlady[^1]'s and again[^1].\n\n[^1]: The note."), headings=False)
    assert [run.text for run in runs] == ["Vlady's and again.", "The note."]
    assert runs[0].calls == {5, 17}


def test_a_block_inside_a_run_is_a_run_and_ends_the_text_before_it(make_manuscript):
    assert run_texts(make_manuscript, "- item one\n  - nested\n- item two") == ["item one", "nested", "item two"]
    assert run_texts(make_manuscript, "<div>Before <p>inside</p> after</div>") == ["Before ", "inside", " after"]


def test_each_paragraph_of_a_quotation_is_a_run(make_manuscript):
    assert run_texts(make_manuscript, "> One.\n>\n> Two.") == ["One.", "Two."]


def test_headings_are_runs_only_when_asked_but_their_notes_always(make_manuscript):
    markdown = "## An entry[^1]\n\nText.\n\n[^1]: The heading's note."
    assert run_texts(make_manuscript, markdown) == ["The heading's note.", "Text."]  # read at its call
    assert run_texts(make_manuscript, markdown, headings=True) == [
        "A", "An entry", "The heading's note.", "Text."]


def test_each_text_node_is_in_the_list_it_is_given_with(make_manuscript):
    """Where hyphenation replaces a node by spans."""
    book = book_of(make_manuscript, "One *two [three]{.x}* four.")
    [run] = inline_runs(book, headings=False)
    assert len(run.texts) == 4
    for node, siblings in zip(run.texts, run.siblings, strict=True):
        assert isinstance(node, Text) and any(sibling is node for sibling in siblings)
    parents = [next(e for e in walk(book.parts[0].blocks[0]) if isinstance(e, Element) and any(
        c is node for c in e.children)) for node in run.texts]
    assert [parent.tag for parent in parents] == ["p", "em", "span", "p"]
