"""Where each laid-out page begins in the book's text (carnets_press.pagination), read from WeasyPrint's boxes.

WeasyPrint has no public API for the boxes of a page: `Page._page_box` is the one private attribute we read
(tests/render/test_page_starts.py holds it to the PDF's own text). The walk goes through a page's boxes in
document order, leaving out the margin boxes (running heads, folios), the footnote area, and what CSS
generates (`::footnote-call`, `::marker`, `::before`, `::after`).

Imports nothing from WeasyPrint at the top, but reads its objects: use it where a PDF is laid out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from carnets_press.pagination import weight

# Pseudo-elements that hold the text of their element (::first-letter, ::first-line) are counted; these are not.
_GENERATED = frozenset({"before", "after", "marker", "footnote-call", "footnote-marker"})
# Our own text inside a flow: the number of an endnote's call in the text and of the endnote itself.
_TOOL_TEXT = frozenset({"endnote-call", "endnote-number"})
# The elements of the print HTML (templates/print_book.html.j2) that begin a flow: a part, an endnote.
_FLOW_CLASSES = {"section": "part", "div": "endnote"}


# A page's start within its layout: (flow, offset), or None for a page without the book's text.
PageStartIn = tuple[str | None, int] | None


def page_starts(pages: Iterable[Any]) -> list[PageStartIn]:
    """For each page (WeasyPrint's Page objects, in order), the flow and offset of its first letter or digit of
    the book's text; None for a page with none. `pages` must hold every page of the flows they show (a chunk's
    whole parts, or the book), since offsets count from each flow's beginning."""
    from weasyprint.formatting_structure import boxes

    counted: dict[str | None, int] = {}
    starts: list[PageStartIn] = []
    in_flows = False  # once the first part has begun, the tool's own text (the endnotes' headings) is no start
    for page in pages:
        start = None
        for flow, text in _texts(page._page_box, None, boxes):
            in_flows = in_flows or flow is not None
            if flow is None and in_flows:
                continue
            letters = weight(text)
            if letters and start is None:
                start = (flow, counted.get(flow, 0))
            counted[flow] = counted.get(flow, 0) + letters
        starts.append(start)
    return starts


def _texts(box: Any, flow: str | None, boxes: Any) -> Iterator[tuple[str | None, str]]:
    """The page's text boxes in document order, each with the flow it belongs to."""
    if isinstance(box, (boxes.MarginBox, boxes.FootnoteAreaBox)):
        return
    tag = box.element_tag or ""
    if "::" in tag and tag.split("::", 1)[1] in _GENERATED:
        return
    element = box.element
    if element is not None and "::" not in tag:
        classes = (element.get("class") or "").split()
        if _TOOL_TEXT.intersection(classes):
            return
        if _FLOW_CLASSES.get(tag) in classes:
            flow = element.get("id")
    if isinstance(box, boxes.TextBox):
        yield flow, box.text
        return
    for child in getattr(box, "children", ()):
        yield from _texts(child, flow, boxes)
