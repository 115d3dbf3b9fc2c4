"""The fix carried on WeasyPrint (render/print/weasyprint_fixes.py): a footnote called from a line that orphans
and widows keep on a full page is set on the next page, not lost.

The case is real: Pepys's Diary, January 1660 (tests/data/editions/pepys-slice), whose note on Lambert (the fifth)
WeasyPrint 70 leaves out of the book. Laid out once with WeasyPrint's own function, and once with the fix.
"""

from __future__ import annotations

import datetime

import pytest
from support import REPOSITORY

from carnets_press.pipeline import load
from carnets_press.render.print import weasyprint_fixes
from carnets_press.render.print.document import print_html
from carnets_press.render.print.fetcher import allowed_roots
from carnets_press.render.print.layout import base_url, lay_out
from carnets_press.render.print.styles import print_stylesheets

PEPYS = REPOSITORY / "tests" / "data" / "editions" / "pepys-slice"
MODIFIED = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def _pages_of(anchor_prefix: str, document) -> dict[str, int]:
    return {anchor: number for number, page in enumerate(document.pages, start=1) for anchor in page.anchors
            if anchor.startswith(anchor_prefix)}


@pytest.fixture(scope="module")
def pepys():
    book = load(PEPYS).buildable()
    return book, print_html(book, MODIFIED).document()


def _lay_out(book, html: str):
    return lay_out(html, base_url(book), print_stylesheets(book), allowed_roots(book)).document


def test_without_the_fix_weasyprint_loses_the_note(pepys, monkeypatch, weasyprint_footnotes):
    from weasyprint.layout import block

    weasyprint_fixes.install()
    monkeypatch.setattr(block, "_linebox_layout", block._linebox_layout.__wrapped__)
    monkeypatch.setattr(weasyprint_fixes, "install", lambda: None)
    book, html = pepys
    notes = _pages_of("note-", _lay_out(book, html))
    assert "note-5" not in notes and "note-4" in notes and "note-6" in notes


def test_with_the_fix_the_note_is_on_the_page_after_its_call(pepys, weasyprint_footnotes):
    book, html = pepys
    document = _lay_out(book, html)
    notes, calls = _pages_of("note-", document), _pages_of("call-", document)
    assert set(notes) == {call.replace("call-", "note-") for call in calls}  # every note is in the book
    assert notes["note-5"] == calls["call-5"] + 1
    assert all(0 <= notes[note] - calls[note.replace("note-", "call-")] <= 1 for note in notes)


def test_with_the_continuation_too_the_note_is_on_its_calls_page(pepys):
    """The page WeasyPrint lost the note on, made with the note continuation (render/print/note_continuation.py):
    the paragraph whose orphan line the note was sent on for goes on to the next page instead."""
    book, html = pepys
    document = _lay_out(book, html)
    notes, calls = _pages_of("note-", document), _pages_of("call-", document)
    assert set(notes) == {call.replace("call-", "note-") for call in calls}
    assert notes["note-5"] == calls["call-5"]


def test_the_fix_is_installed_once_and_only_on_the_versions_it_was_tested_on(monkeypatch):
    import weasyprint
    from weasyprint.layout import block

    weasyprint_fixes.install()
    installed = block._linebox_layout
    weasyprint_fixes.install()
    assert block._linebox_layout is installed and installed.carnets_press
    monkeypatch.setattr(block, "_linebox_layout", installed.__wrapped__)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    weasyprint_fixes.install()
    assert block._linebox_layout is installed.__wrapped__


# A note on the first line of a page whose last paragraph orphans push whole to the next page: reporting the 5-px
# note does not make room for the paragraph's second line (it overflows by 10 px), so the page breaks before the
# paragraph and the note, whose call stays on the page, should stay with it.
SENT_ON_FOR_NOTHING = """<style>
@page { size: 200px 100px; margin: 0; @footnote { margin: 0; padding: 0 } }
html { font: 8px/10px sans-serif } body { margin: 0 } p { margin: 0; orphans: 2; widows: 2 }
.note { float: footnote; font-size: 4px; line-height: 5px } ::footnote-marker { content: none }
</style>
<p>a<span class="note">the note</span></p><div style="height: 5px"></div>
<p>b</p><p>c</p><p>d</p><p>e</p><p>f</p><p>g</p><p>h</p>
<p>one<br>two<br>three<br>four</p>"""


def _page_texts(html: str) -> list[str]:
    import weasyprint
    from weasyprint.formatting_structure import boxes

    def texts(box):
        if isinstance(box, boxes.TextBox):
            yield box.text
        for child in getattr(box, "children", ()):
            yield from texts(child)

    return [" ".join(texts(page._page_box)) for page in weasyprint.HTML(string=html).render().pages]


def test_without_the_fix_a_note_goes_to_the_next_page_for_nothing(monkeypatch, weasyprint_footnotes):
    from weasyprint.layout import block

    weasyprint_fixes.install()
    monkeypatch.setattr(block, "_linebox_layout", block._linebox_layout.__wrapped__)
    monkeypatch.setattr(block, "_break_line", block._break_line.__wrapped__)
    first, second = _page_texts(SENT_ON_FOR_NOTHING)
    assert "the note" in second and first.endswith("h")


def test_with_the_fix_the_note_stays_on_the_page_of_its_call(weasyprint_footnotes):
    weasyprint_fixes.install()
    first, second = _page_texts(SENT_ON_FOR_NOTHING)
    assert first.endswith("h the note") and "the note" not in second and second.startswith("one")
