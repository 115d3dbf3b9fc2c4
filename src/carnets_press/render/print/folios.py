"""A chunk's folios made once the page it starts at is known: how a first build lays its chunks out in one round.

Where a chunk of the book (chunked.py) starts depends on how many pages the chunks before it take, which their
workers are still finding out. A chunk's pages do not depend on their numbers (every chunk starts on a recto); only
its margin boxes (folios, running heads) do, and WeasyPrint makes those last: `layout_document` paginates the whole
document, then makes each page's margin boxes from its counters (`make_margin_boxes`). This wraps
`make_margin_boxes`: in a layout under `deferred(first_page)`, its first call asks `first_page(anchors)` (the chunk
is paginated: `anchors` holds, for each of its pages, the ids first found on it) for the number of the chunk's first
page, and every page's margin boxes are made with the page counter moved on to it. Before this, a first build laid
every chunk out twice, once only to count its pages (benchmarks/bench_parallel_pdf.py measured both, "deferred
folios").

Installed once per process, for the WeasyPrint versions the line breaking is tested on (it reads the order of
`layout_document` and the shape of a page's state); on another, `available()` is false and the book is laid out
in one pass (plan.chunking_applies).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from carnets_press.render.print import line_breaking

_MARK = "carnets_press_folios"


@dataclass
class _Deferred:
    first_page: Callable[[list[list[str]]], int]
    shift: int | None = None  # the chunk's first page less one, once asked


_DEFERRED: contextvars.ContextVar[_Deferred | None] = contextvars.ContextVar("carnets_press_deferred", default=None)


def available() -> bool:
    """Whether this WeasyPrint's margin boxes can wait for the first page (the versions this is tested on)."""
    import weasyprint

    return weasyprint.__version__.startswith(line_breaking.TESTED_ON)


def install() -> None:
    from weasyprint import layout

    if not available() or getattr(layout.make_margin_boxes, _MARK, False):
        return
    original = layout.make_margin_boxes

    @functools.wraps(original)
    def make_margin_boxes(context: Any, page: Any, state: Any) -> Any:
        deferred = _DEFERRED.get()
        if deferred is None:
            return original(context, page, state)
        if deferred.shift is None:  # the document is paginated: page_maker holds a state per page, and one more;
            # a page's state ends with what `make_page` noted of it, the anchors first found on it among them.
            anchors = [list(state[-1]["anchors"]) for state in context.page_maker[:-1]]
            deferred.shift = deferred.first_page(anchors) - 1
        quote_depth, counters, scopes, groups = state
        counters = {**counters, "page": [value + deferred.shift for value in counters["page"]]}
        return original(context, page, (quote_depth, counters, scopes, groups))

    setattr(make_margin_boxes, _MARK, True)
    layout.make_margin_boxes = make_margin_boxes


@contextlib.contextmanager
def deferred(first_page: Callable[[list[list[str]]], int]) -> Iterator[None]:
    """The document laid out meanwhile has its pages numbered from `first_page(the ids first found on each of
    its pages)`."""
    token = _DEFERRED.set(_Deferred(first_page))
    try:
        yield
    finally:
        _DEFERRED.reset(token)
