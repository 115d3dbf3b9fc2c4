"""Notes too long for the room under their call, cut and continued on the next page
(render/print/note_continuation.py), on a page made to need it: six lines of text, then a line calling a note of
six lines, where only two or three lines are left. Laid out once with WeasyPrint's own functions and once with the
continuation; what the pages must show is what a book does (The Chicago Manual of Style, 14.47: a long note may
break and continue at the foot of the next page), not what the code does.
"""

from __future__ import annotations

from carnets_press.render.print import note_continuation

STYLE = """<style>
@page { size: 200px 100px; margin: 0; @footnote { margin: 0; padding: 0 } }
html { font: 8px/10px sans-serif } body { margin: 0 } p { margin: 0 }
.note { float: footnote; footnote-policy: line; orphans: 2; widows: 2 }
::footnote-call { content: "*" } ::footnote-marker { content: none }
</style>"""
TEXT = "".join(f"<p>t{number}</p>" for number in range(1, 7))
LONG_NOTE = '<p>call<span class="note" id="long">n1<br>n2<br>n3<br>n4<br>n5<br>n6</span></p>'
LATER = '<p>t8</p><p>t9<span class="note">m1</span></p>'


def _texts(box):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        yield box.text
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def _pages(html: str) -> list[list[str]]:
    import weasyprint

    document = weasyprint.HTML(string=STYLE + html).render()
    return [list(_texts(page._page_box)) for page in document.pages]


def test_without_it_the_call_goes_to_the_next_page_with_its_note(weasyprint_footnotes):
    first, second, *_ = _pages(TEXT + LONG_NOTE + LATER)
    assert first == [f"t{number}" for number in range(1, 7)]  # four lines short
    assert second[:2] == ["call", "*"] and "n1" in second


def test_the_note_begins_under_its_call_and_goes_on_at_the_head_of_the_next_page_notes():
    note_continuation.install()
    first, second = _pages(TEXT + LONG_NOTE + LATER)
    assert first[:8] == [*(f"t{number}" for number in range(1, 7)), "call", "*"]
    part = first[8:]
    assert part and part == [f"n{number}" for number in range(1, len(part) + 1)]  # the note's first lines, full page
    rest = [text for text in second if text.startswith("n")]
    assert part + rest == [f"n{number}" for number in range(1, 7)]  # every line once, in order
    assert len(part) >= 2 and len(rest) >= 2  # the note's orphans and widows
    assert second.index(rest[0]) < second.index("m1")  # the continuation before the next page's own note
    assert second[0] == "t8"


def test_a_note_that_fits_is_not_cut():
    note_continuation.install()
    first, *_ = _pages("<p>t1</p><p>t2</p>" + LONG_NOTE)
    assert first[-6:] == [f"n{number}" for number in range(1, 7)]


def test_the_continuation_is_no_second_destination_of_the_note():
    import weasyprint

    note_continuation.install()
    document = weasyprint.HTML(string=STYLE + TEXT + LONG_NOTE + LATER).render()
    assert [number for number, page in enumerate(document.pages) if "long" in page.anchors] == [0]


def test_a_note_longer_than_a_page_runs_on_over_the_pages_after_leaving_each_some_text():
    note_continuation.install()
    note = "<br>".join(f"n{number}" for number in range(1, 31))  # thirty lines: three pages of notes
    pages = _pages(TEXT + f'<p>call<span class="note">{note}</span></p>'
                   + "".join(f"<p>u{number}</p>" for number in range(1, 12)))
    notes = [text for page in pages for text in page if text.startswith("n")]
    assert notes == [f"n{number}" for number in range(1, 31)]  # every line once, in order
    for page in pages[1:-1]:
        assert sum(text.startswith("u") for text in page) >= 2 and any(text.startswith("n") for text in page)
    assert [text for page in pages for text in page if text.startswith("u")] == [f"u{n}" for n in range(1, 12)]


def test_a_note_called_in_a_paragraphs_first_line_is_cut_under_the_line_its_orphans_keep():
    """The paragraph's orphans (2) keep its first line from ending the page: cut under that line, the note left
    no room for the second, and went whole to the next page, the page two lines short (Pepys, 29 October 1660,
    eight). Cut under the second line, it begins on its call's page, and the paragraph keeps two lines there."""
    note_continuation.install()
    paragraph = '<p>c1<span class="note">n1<br>n2<br>n3<br>n4<br>n5<br>n6</span><br>c2<br>c3<br>c4</p>'
    first, second = _pages("".join(f"<p>t{number}</p>" for number in range(1, 6)) + paragraph)
    assert first[:5] == [f"t{number}" for number in range(1, 6)]
    assert [text for text in first if text.startswith("c")] == ["c1", "c2"]
    part = [text for text in first if text.startswith("n")]
    rest = [text for text in second if text.startswith("n")]
    assert len(part) >= 2 and part + rest == [f"n{number}" for number in range(1, 7)]
    assert [text for text in second if text.startswith("c")] == ["c3", "c4"]


def test_a_note_too_short_to_cut_stays_and_the_paragraph_after_its_call_goes_on():
    """A two-line note, called in the line before a paragraph whose first line fits but whose second, which its
    orphans need, does not: WeasyPrint sends the note on to make room for that line (Pepys, notes 329, 772 and
    851). A compositor carries the paragraph on to the next page and leaves the note under its call."""
    paragraphs = "".join(f"<p>t{number}</p>" for number in range(1, 6))
    html = paragraphs + '<p>c1<span class="note">n1<br>n2</span></p><p>d1<br>d2<br>d3<br>d4</p>'
    note_continuation.install()
    first, second = _pages(html)
    assert first == [*(f"t{number}" for number in range(1, 6)), "c1", "*", "n1", "n2"]
    assert second == ["d1", "d2", "d3", "d4"]  # the paragraph whole: its orphans and widows kept


def test_without_it_the_short_note_goes_on_and_the_orphan_line_stays(weasyprint_footnotes):
    paragraphs = "".join(f"<p>t{number}</p>" for number in range(1, 6))
    first, second = _pages(paragraphs + '<p>c1<span class="note">n1<br>n2</span></p><p>d1<br>d2<br>d3<br>d4</p>')
    assert "n1" not in first and "n1" in second and first[-2:] == ["d1", "d2"]


def test_notes_in_columns_are_each_laid_out_once():
    """In columns WeasyPrint sends notes on until they fit (column.py's `_report_footnotes`), a loop the
    continuation keeps out of (a note kept there would never let it end): every note is laid out, once."""
    import weasyprint

    note_continuation.install()
    html = STYLE.replace(".note {", "div { columns: 2 } .note {") + "<div>" + "".join(
        f'<p>t{number}<span class="note">n{number}<br>m{number}</span></p>' for number in range(30)) + "</div>"
    pages = [list(texts) for texts in (_texts(page._page_box) for page in weasyprint.HTML(string=html).render().pages)]
    notes = [text for page in pages for text in page if text.startswith("n")]
    assert sorted(notes) == sorted(f"n{number}" for number in range(30))
