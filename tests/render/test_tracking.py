"""The loosest justified lines set a little letter-spaced (render/print/tracking.py), measured as the print QA
reads a PDF: a line whose word spaces WeasyPrint would set wider than half an em is set with them under it, its
letters at most 0.02 em further apart, its words the same and its last glyph at the measure; a line under half an
em is left as it is. The untracked line is WeasyPrint's own justification of the same text."""

from __future__ import annotations

import itertools

import pypdfium2
import pytest
import weasyprint
from weasyprint.layout import inline

from carnets_press.pdf_text import read_pages
from carnets_press.render.print import tracking

STYLE = """<style>@page { size: 420px 200px; margin: 20px } html { font: 10px/14px serif } body { margin: 0 }
p { margin: 0; text-align: justify; hyphens: manual; width: %spx }</style>"""
# The first line ends before a long word, which goes whole to the second: its slack all in its spaces.
TEXT = "<p>Calm sea. Germany and Italy declare war on the Yugoslavs. Incomprehensibilities follow.</p>"


def first_line(width: float, tracked: bool) -> tuple[str, list[float], float, float]:
    """The first line's text, its word spaces in ems, its right edge, and the width of its word "declare" (from
    its first glyph's left to its last glyph's right) in ems, read back from the PDF."""
    tracking.install()
    justify = inline.justify_line if tracked else inline.justify_line.__wrapped__
    saved, inline.justify_line = inline.justify_line, justify
    try:
        pdf = weasyprint.HTML(string=STYLE % width + TEXT).write_pdf()
    finally:
        inline.justify_line = saved
    line = read_pages(pdf)[0].content.lines[0]
    document = pypdfium2.PdfDocument(pdf)
    text_page = document[0].get_textpage()
    start = text_page.get_text_range().index("declare")
    word = (text_page.get_charbox(start + 6)[2] - text_page.get_charbox(start)[0]) / line.size
    document.close()
    return line.text, [space / line.size for space in line.spaces], line.right, word


def width_for(low: float, high: float) -> float:
    """A measure at which WeasyPrint itself sets the first line's spaces between `low` and `high` ems."""
    for width in range(260, 420, 2):
        spaces = first_line(width, tracked=False)[1]
        if low < min(spaces) and max(spaces) < high:
            return width
    pytest.fail(f"no measure sets the line's spaces between {low} and {high} em")


def test_a_line_a_little_too_loose_is_letter_spaced_under_half_an_em():
    width = width_for(0.52, 0.56)
    text, spaces, right, word = first_line(width, tracked=False)
    tracked_text, tracked_spaces, tracked_right, tracked_word = first_line(width, tracked=True)
    assert tracked_text == text  # the same words
    assert max(tracked_spaces) <= tracking.WIDEST < min(spaces)
    assert min(tracked_spaces) >= tracking.TARGET - 0.02  # letter-spaced no more than it needs
    assert 0 < tracked_word - word <= 6 * tracking.MOST_TRACKING + 0.002  # 6 letter gaps, at most 0.02 em each
    assert abs(tracked_right - right) < 0.25  # the last glyph at the measure (a quarter of a point)


def test_a_very_loose_line_is_letter_spaced_at_most_the_limit():
    width = width_for(0.75, 0.9)
    _, spaces, _, word = first_line(width, tracked=False)
    _, tracked_spaces, _, tracked_word = first_line(width, tracked=True)
    assert tracking.WIDEST < max(tracked_spaces) < min(spaces)  # closer, but the letters not spaced further
    assert tracked_word - word == pytest.approx(6 * tracking.MOST_TRACKING, rel=0.1)


def test_a_line_under_half_an_em_is_left_as_it_is():
    width = width_for(0.3, 0.48)
    assert first_line(width, tracked=True) == first_line(width, tracked=False)


def test_a_right_to_left_line_is_letter_spaced_in_its_order():
    """Boxes of a right-to-left line are laid from the right (WeasyPrint's add_word_spacing walks them so): the
    letter-spacing moves each box on by what the boxes before it, in that order, grew, and no two overlap."""
    from weasyprint.formatting_structure import boxes

    tracking.install()
    html = ('<style>@page { size: 400px 400px; margin: 20px } p { width: 200px; text-align: justify; font: 12px '
            'serif; hyphens: manual }</style><p dir="rtl">Aa <i>extraordinarily</i> bb <b>incomprehensibilities</b>'
            ' cc dd ee ff gg hh ii jj kk ll mm</p>')
    document = weasyprint.HTML(string=html).render()
    line = next(box for box in document.pages[0]._page_box.descendants() if isinstance(box, boxes.LineBox))
    texts = sorted((box for box in line.descendants() if isinstance(box, boxes.TextBox)),
                   key=lambda box: box.position_x)
    assert any(box.style["letter_spacing"] not in ("normal", 0) for box in texts)  # it was letter-spaced
    for left, right in itertools.pairwise(texts):
        assert left.position_x + left.width <= right.position_x + 0.01


def _first_line_box(width: float):
    from weasyprint.formatting_structure import boxes

    tracking.install()
    page = weasyprint.HTML(string=STYLE % width + TEXT).render().pages[0]._page_box
    return next(box for box in page.descendants() if isinstance(box, boxes.LineBox))


def test_a_line_the_letter_spacing_cannot_close_is_marked_for_the_page_make_up():
    """What page_makeup counts as a gaping line (a page re-broken to end a recto without a hyphen is not kept
    with one more): the very loose line, whose spaces the PDF shows over half an em after the letter-spacing,
    and not the one the letter-spacing brings under it."""
    very_loose, a_little_loose = width_for(0.75, 0.9), width_for(0.52, 0.56)
    assert getattr(_first_line_box(very_loose), tracking.GAPING, False)
    assert max(first_line(very_loose, tracked=True)[1]) > tracking.WIDEST
    assert not getattr(_first_line_box(a_little_loose), tracking.GAPING, False)
    assert max(first_line(a_little_loose, tracked=True)[1]) <= tracking.WIDEST
