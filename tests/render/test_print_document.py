"""The print HTML is handed over in pieces, with the contents as data and the ids of carnets_press.anchors."""

from __future__ import annotations

import datetime
import re

import pytest
from support import SAMPLE

from carnets_press.anchors import call_id, entry_text_id, note_id
from carnets_press.pipeline import load
from carnets_press.render.print.document import print_html

MODIFIED = datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def sample():
    book = load(SAMPLE).buildable()
    return book, print_html(book, MODIFIED)


def test_the_document_is_its_pieces_in_order(sample):
    book, html = sample
    document = html.document()
    assert document == html.head() + html.front() + "".join(html.parts) + html.back + html.tail
    assert document.startswith("<!DOCTYPE html>") and html.head().endswith("<body>")
    assert html.tail == "</body>\n</html>\n"
    assert len(html.parts) == len(book.parts)
    for part, section in zip(book.parts, html.parts):
        assert section.startswith('<section class="part') and f'id="{part.id}"' in section.split(">", 1)[0]
    assert html.title == book.metadata.title


def test_the_contents_are_data_and_numbered_on_request(sample):
    book, html = sample
    ids = [target for part in book.parts for target in (part.id, *(entry.id for entry in part.entries))]
    assert html.contents_targets() == ids
    assert [line.label for line in html.contents] == [part.heading_text for part in book.parts]
    assert "data-page" not in html.front()
    pages = {target: number for number, target in enumerate(html.contents_targets(), start=5)}
    numbered = html.front(pages)
    for target, page in pages.items():
        assert f'<span id="{target}"></span><a href="#{target}" data-page="{page}">' in numbered
    assert numbered.replace("</span>", "").count("<a href") == html.front().count("<a href")


def test_the_head_without_dates(sample):
    _, html = sample
    assert html.head().count("dcterms.") == 2 and "2020-01-02T03:04:05Z" in html.head()
    assert "dcterms." not in html.head(dated=False)
    assert html.head(dated=False) == re.sub(r'<meta name="dcterms\.[^>]*>\n', "", html.head())


def test_the_ids_the_print_qa_reads_are_the_anchors_modules(sample):
    book, html = sample
    document = html.document()
    for note in book.notes():
        call = f'<a class="call-anchor" id="{call_id(note)}"></a>'
        assert f'{call}<span class="footnote" id="{note_id(note)}"' in document
    for entry in book.entries():
        if entry.blocks:
            assert f'id="{entry_text_id(entry)}"' in document


def test_endnotes_are_the_back_matter(make_manuscript):
    root = make_manuscript({"a.md": "# A\n\n## 1 May 1941.\n\nWords.[^1]\n\n[^1]: A note.\n"},
                           extra_toml='\n[notes]\nprint = "endnotes"\n')
    book = load(root).buildable()
    html = print_html(book, MODIFIED)
    [note] = book.notes()
    assert html.back.startswith('\n<section class="endnotes" id="endnotes">')
    assert f'id="{note_id(note)}"><a class="endnote-number" href="#{call_id(note)}">' in html.back
    assert f'<a class="endnote-call" id="{call_id(note)}" href="#{note_id(note)}">' in html.parts[0]
    assert html.contents[-1].kind == "notes" and html.contents_targets()[-1] == "endnotes"


def test_a_right_to_left_book_is_marked_so_for_print(make_manuscript):
    import datetime

    from carnets_press.pipeline import load
    from carnets_press.render.print.document import print_html

    toml = 'title = "يوميات"\nlanguage = "ar"\ncontents = ["a.md"]\n'
    book = load(make_manuscript({"a.md": "# الجزء\n\nنص مع [English]{lang=en}.\n"}, toml=toml)).buildable()
    html = print_html(book, datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)).document()
    assert '<html lang="ar" dir="rtl">' in html and 'dir="ltr"' in html
