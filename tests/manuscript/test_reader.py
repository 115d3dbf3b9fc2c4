"""The reader: parts, entries, dates, notes and spans from Markdown, problems with their lines."""

from __future__ import annotations

import pytest
from support_images import png

from carnets_press.errors import ManuscriptError
from carnets_press.findings import Severity
from carnets_press.manuscript.model import Element, NoteRef, Text, walk
from carnets_press.manuscript.reader import read_book

DIARY = """\
# 1941

## 31 March 1941. People on the Ship.

In search of a comfortable corner.[^1]

## November 1941: Mexico. {#mexico}

The Old Man's solitude.[^2] [Ô mon Dieu]{lang=fr} and [NLR]{.smallcaps}.

[^1]: First note.
[^2]: Second note,

    in two paragraphs.
"""


def codes(read):
    _, findings = read
    return [(f.code, f.location.file.name, f.location.line) for f in findings]


def test_parts_entries_dates_and_attributes(make_manuscript):
    book, findings = read_book(make_manuscript({"intro.md": "# Introduction {.introduction}\n\nSome words.\n",
                                                "1941.md": DIARY}))
    intro, year = book.parts
    assert (intro.heading_text, intro.role, intro.entries) == ("Introduction", "introduction", [])
    assert year.role is None and year.heading_text == "1941"
    ship, mexico = year.entries
    assert (ship.date.iso, ship.title, ship.location.line) == ("1941-03-31", "People on the Ship", 3)
    assert (mexico.id, mexico.date.iso, mexico.title) == ("mexico", "1941-11", "Mexico")
    assert mexico.heading_text == "November 1941: Mexico."  # the attributes are not part of the heading
    assert ship.id == "entry-1941-03-31"
    assert findings == []


def test_notes_are_attached_to_their_calls(make_manuscript):
    book, _findings = read_book(make_manuscript({"1941.md": DIARY}))
    notes = book.notes()
    assert [note.label for note in notes] == ["1", "2"]
    assert [len(note.blocks) for note in notes] == [1, 2]
    refs = list(book.parts[0].entries[1].note_refs())
    assert refs[0].note is notes[1] and refs[0].location.line == 9


def test_spans_keep_language_and_class(make_manuscript):
    book, _findings = read_book(make_manuscript({"1941.md": DIARY}))
    spans = [node for node in walk(book.parts[0].entries[1].blocks[0])
             if isinstance(node, Element) and node.tag == "span"]
    assert [span.attrs for span in spans] == [{"lang": "fr"}, {"class": "smallcaps"}]


def test_inline_notes_and_labels_local_to_their_file(make_manuscript):
    first = "# A\n\nOne.[^n] Two.^[Inline *note*.]\n\n[^n]: In A.\n"
    second = "# B\n\nThree.[^n]\n\n[^n]: In B.\n"
    book, _findings = read_book(make_manuscript({"a.md": first, "b.md": second}))
    texts = ["".join(n.value for b in note.blocks for n in walk(b) if isinstance(n, Text)) for note in book.notes()]
    assert texts == ["In A.", "Inline note.", "In B."]


def test_date_override_and_date_warnings(make_manuscript):
    text = ("# 1942\n\n## Some day {date=1942-06-01}\n\nA.\n\n## 31 February 1942.\n\nB.\n\n"
            "## A heading with no date\n\nC.\n")
    book, findings = read_book(make_manuscript({"1942.md": text}))
    first, impossible, undated = book.parts[0].entries
    assert first.date.iso == "1942-06-01"
    assert impossible.date is None and undated.date is None
    assert codes((book, findings)) == [("date-impossible", "1942.md", 7), ("date-unrecognised", "1942.md", 11)]
    assert all(f.severity is Severity.WARNING for f in findings)


def test_undefined_note_is_an_error_with_its_line(make_manuscript):
    book, findings = read_book(make_manuscript({"a.md": "# A\n\nFirst line\nsecond line with a call.[^missing]\n"}))
    assert codes((book, findings)) == [("note-undefined", "a.md", 4)]
    assert findings[0].severity is Severity.ERROR


def test_unused_and_duplicate_definitions(make_manuscript):
    text = "# A\n\nCall.[^a]\n\n[^a]: One.\n\n[^a]: Again.\n\n[^b]: Never called.\n"
    book, findings = read_book(make_manuscript({"a.md": text}))
    assert codes((book, findings)) == [("note-duplicate-label", "a.md", 7), ("note-unused", "a.md", 9)]


def test_image_without_alt_text_is_an_error(make_manuscript):
    root = make_manuscript({"a.md": "# A\n\n![](images/x.png)\n"})
    (root / "images").mkdir()
    (root / "images" / "x.png").write_bytes(png())
    assert codes(read_book(root)) == [("image-alt-missing", "a.md", 3)]


@pytest.mark.parametrize("src", ["/etc/passwd", "../outside.png", "https://example.com/x.png", "images/missing.png"])
def test_images_must_be_files_inside_the_manuscript(make_manuscript, src):
    (make_manuscript({"a.md": "# A\n"}).parent / "outside.png").write_text("x")
    book, findings = read_book(make_manuscript({"a.md": f"# A\n\nText.\n\n![A picture]({src})\n"}))
    assert codes((book, findings)) == [("image-not-in-manuscript", "a.md", 5)]


@pytest.mark.parametrize("files, message, line", [
    ({"a.md": "Text before any heading.\n"}, "text before the first '# ' heading", 1),
    ({"a.md": "## 1 May 1941.\n\nText.\n"}, "an entry ('## ') before any part", 1),
])
def test_structure_errors(make_manuscript, files, message, line):
    with pytest.raises(ManuscriptError) as raised:
        read_book(make_manuscript(files))
    assert message in raised.value.message and raised.value.location.line == line


def test_contents_file_missing(make_manuscript):
    root = make_manuscript({"a.md": "# A\n"}, toml='title = "T"\nlanguage = "en"\ncontents = ["a.md", "b.md"]\n')
    with pytest.raises(ManuscriptError, match=r"contents lists 'b\.md'"):
        read_book(root)


def test_non_utf8_file_names_its_line(make_manuscript):
    root = make_manuscript({"a.md": "# A\n"})
    (root / "a.md").write_bytes(b"# A\n\ncaf\xe9\n")
    with pytest.raises(ManuscriptError) as raised:
        read_book(root)
    assert raised.value.location.line == 3


def elements(book, tag):
    return [n for part in book.parts for b in part.blocks for n in walk(b) if isinstance(n, Element) and n.tag == tag]


def all_text(book):
    return "".join(n.value for part in book.parts for b in part.blocks for n in walk(b) if isinstance(n, Text))


def test_safe_raw_html_is_kept(make_manuscript):
    book, findings = read_book(make_manuscript(
        {"a.md": '# A\n\nA <span lang="fr" class="x">mot</span> and <abbr title="t">NLR</abbr>.\n'}))
    assert [s.attrs for s in elements(book, "span")] == [{"lang": "fr", "class": "x"}]
    assert elements(book, "span")[0].children[0].value == "mot"
    assert elements(book, "abbr")[0].attrs == {"title": "t"} and findings == []


@pytest.mark.parametrize("html, removed", [
    ("<script>alert(1)</script>", "<script>"),
    ('<span onclick="steal()">x</span>', 'onclick="steal()" on <span>'),
    ('<a href="javascript:steal()">x</a>', 'href="javascript:steal()" on <a>'),
    ('<iframe src="https://example.com"></iframe>', "<iframe>"),
    ('<form action="x"><input name="a"></form>', "<form>"),
])
def test_unsafe_html_is_removed_and_reported(make_manuscript, html, removed):
    book, findings = read_book(make_manuscript({"a.md": f"# A\n\nBefore {html} after.\n\n<div>\n{html}\n</div>\n"}))
    assert "steal" not in all_text(book) and "alert" not in all_text(book)
    assert not elements(book, "script") and not elements(book, "iframe") and not elements(book, "form")
    assert all(not any(k.startswith("on") for k in e.attrs) for tag in ("span", "a") for e in elements(book, tag))
    assert {(f.code, f.location.line) for f in findings} == {("html-unsafe", 3), ("html-unsafe", 5)}
    assert removed in findings[0].message


def test_unsafe_html_can_be_refused(make_manuscript):
    root = make_manuscript({"a.md": "# A\n\n<script>x</script>\n"},
                           toml='title = "T"\nlanguage = "en"\ncontents = ["a.md"]\nunsafe-html = "refuse"\n')
    _, findings = read_book(root)
    assert [(f.code, f.severity) for f in findings] == [("html-unsafe", Severity.ERROR)]


def test_html_comments_leave_no_trace(make_manuscript):
    book, findings = read_book(make_manuscript(
        {"a.md": "# A\n\n<!-- an editor's note -->\n\nText <!-- inline --> here.\n"}))
    assert all_text(book) == "Text  here." and findings == []


def test_note_refs_are_in_reading_order(make_manuscript):
    book, _findings = read_book(make_manuscript({"a.md": "# A\n\nX.[^b] Y.[^a]\n\n[^a]: A.\n[^b]: B.\n"}))
    assert [ref.note.label for ref in book.parts[0].note_refs()] == ["b", "a"]
    assert all(isinstance(ref, NoteRef) for ref in book.parts[0].note_refs())


def test_file_urls_never_become_images(make_manuscript):
    book, _findings = read_book(make_manuscript({"a.md": "# A\n\n![A picture](file:///etc/passwd)\n"}))
    assert not [n for n in walk(book.parts[0].blocks[0]) if isinstance(n, Element) and n.tag == "img"]


@pytest.mark.parametrize("attributes, code", [("{#1941}", "heading-id-invalid"), ("{#same}", "heading-id-duplicate")])
def test_heading_ids_must_be_valid_and_unique(make_manuscript, attributes, code):
    text = f"# A {{#same}}\n\n## 1 May 1941. {attributes}\n\nText.\n"
    assert codes(read_book(make_manuscript({"a.md": text}))) == [(code, "a.md", 3)]


@pytest.mark.parametrize("markdown, line", [("# Nav {#nav}\n", 1), ("# A\n\nA [word]{#titlepage}.\n", 3),
                                            ("# A\n\n## 1 May 1941. {#note-3}\n", 3)])
def test_an_id_the_tool_uses_is_refused(make_manuscript, markdown, line):
    _, findings = read_book(make_manuscript({"a.md": markdown}))
    assert [(f.code, f.location.line) for f in findings] == [("id-reserved", line)]


def test_a_span_id_used_in_two_files_names_both_places(make_manuscript):
    _, findings = read_book(make_manuscript({"a.md": "# A\n\nA [word]{#w}.\n", "b.md": "# B\n\nA [word]{#w}.\n"}))
    assert [(f.code, f.location.file.name, f.location.line) for f in findings] == [("heading-id-duplicate", "b.md", 3)]
    assert "a.md:3" in findings[0].message


def test_an_id_that_is_an_entrys_text_id_is_refused(make_manuscript):
    _, findings = read_book(make_manuscript({"a.md": "# A\n\n## 1 May 1941. {#may}\n\nA [word]{#may-text}.\n"}))
    assert [(f.code, f.location.line) for f in findings] == [("id-reserved", 5)]


def test_a_paragraph_too_long_to_set_is_refused_at_its_line(make_manuscript):
    _, findings = read_book(make_manuscript({"a.md": "# A\n\nShort.\n\n" + "word " * 100_001 + "\n"}))
    assert [(f.code, f.location.line) for f in findings] == [("paragraph-too-long", 5)]


def test_ids_the_epub_derives_and_part_ids_in_two_cases(make_manuscript):
    _, findings = read_book(make_manuscript({"a.md": "# A {#a}\n\nSee [this]{#a-heading}.\n", "b.md": "# B {#A}\n"}))
    assert [(f.code, f.location.file.name, f.location.line) for f in findings] == [
        ("id-reserved", "a.md", 3), ("heading-id-duplicate", "b.md", 1)]


def test_a_heading_with_the_word_impossible_is_unrecognised_not_impossible(make_manuscript):
    _, findings = read_book(make_manuscript({"a.md": "# 1942\n\n## 3 impossible 1942\n"}))
    assert [f.code for f in findings] == ["date-unrecognised"]
