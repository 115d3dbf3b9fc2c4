"""A page set a line short (render/print/page_depth.py), on pages of ten lines: its text ends a line higher, a
paragraph broken at its end still breaks there (with its widows and orphans), and its notes stay at the foot,
where they are on a full page. What the pages must show is what a compositor's short page is, not what the code
does.
"""

from __future__ import annotations

import pytest

from carnets_press.render.print import page_depth

STYLE = """<style>
@page { size: 200px 100px; margin: 0; @footnote { margin: 0; padding: 0 } }
html { font: 8px/10px sans-serif } body { margin: 0 } p { margin: 0; orphans: 2; widows: 2 }
.note { float: footnote } ::footnote-call { content: "*" } ::footnote-marker { content: none }
</style>"""
LINES = "<p>" + "<br>".join(f"t{number}" for number in range(1, 31)) + "</p>"  # one paragraph of 30 lines
NOTED = "<p>t1<span class='note'>n1</span></p>" + "".join(f"<p>t{number}</p>" for number in range(2, 21))


def _pages(html: str) -> list[tuple[list[str], list[float]]]:
    """Each page's texts, and where each of its note lines (texts starting with "n") ends."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    page_depth.install()
    document = weasyprint.HTML(string=STYLE + html).render()
    pages = []
    for page in document.pages:
        texts = [box for box in page._page_box.descendants() if isinstance(box, boxes.TextBox)]
        pages.append(([box.text for box in texts],
                      [box.position_y + box.height for box in texts if box.text.startswith("n")]))
    return pages


@pytest.fixture
def a_line_short(monkeypatch):
    """Every page made a line (10 px) short, as the make-up makes a recto facing a verso a line short."""
    monkeypatch.setattr(page_depth, "shortening", lambda context: 10.0)


def test_a_full_page_holds_ten_lines():
    assert [len(texts) for texts, _ in _pages(LINES)] == [10, 10, 10]


def test_a_page_a_line_short_holds_nine_and_breaks_the_paragraph_there(a_line_short):
    pages = [texts for texts, _ in _pages(LINES)]
    assert [len(texts) for texts in pages] == [9, 9, 9, 3]
    assert [text for texts in pages for text in texts] == [f"t{number}" for number in range(1, 31)]


def test_its_notes_stay_at_the_foot(monkeypatch):
    full = _pages(NOTED)[0]
    monkeypatch.setattr(page_depth, "shortening", lambda context: 10.0)
    shortened = _pages(NOTED)[0]
    assert len(full[0]) == 1 + 9 and len(shortened[0]) == 1 + 8  # the note, and the text above it: a line less
    assert shortened[1] == full[1] and full[1][0] > 90  # the note's line where it is on the full page, at the foot
