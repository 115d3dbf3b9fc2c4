"""A page whose text ends a given height above the foot of its text block, its notes still at the foot: how the
page make-up sets a recto as short as the verso it faces, so that the spread's pages end at the same depth (a
compositor's rule: facing pages balance, and a spread may run a line short, both its pages; D. Cramer of Hachette
on www-style, 2013-10-10: "it's more common to 'run short', to have one fewer line on both pages of the spread").

WeasyPrint ends a page's flow at the first line that overflows `context.page_bottom`, the top of the page's notes,
and stretches a box broken at the page's end down to it: this raises `page_bottom` by the page's shortening once the
page's note area has been placed at the foot (`make_page` sets `context.current_footnote_area` after placing it,
before laying out the flow), so the notes stay at the foot. Lowering the limit of `LayoutContext.overflows_page`
alone would not do: a paragraph broken at the page's end, stretched to `page_bottom`, then overflows the shortened
page and goes whole to the next. Installed once per process, for the WeasyPrint versions the line breaking is tested
on (it reads the order of `make_page`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from carnets_press.render.print import line_breaking

_MARK = "carnets_press_page_depth"
_SHORTENING = "carnets_press_shortening"  # on the layout context: how far above the notes the page's text ends
_AREA = "carnets_press_footnote_area"  # on the layout context: what WeasyPrint sets as its current_footnote_area


def install() -> None:
    import weasyprint
    from weasyprint import layout

    if not weasyprint.__version__.startswith(line_breaking.TESTED_ON) or getattr(layout.LayoutContext, _MARK, False):
        return

    def footnote_area(context: Any) -> Any:
        return context.__dict__.get(_AREA)

    def set_footnote_area(context: Any, area: Any) -> None:
        context.__dict__[_AREA] = area
        if area is not None:
            context.page_bottom -= shortening(context)

    layout.LayoutContext.current_footnote_area = property(footnote_area, set_footnote_area)
    setattr(layout.LayoutContext, _MARK, True)


def shortening(context: Any) -> float:
    """How far above its notes (or the foot of its text block) the text of the page being made must end."""
    return getattr(context, _SHORTENING, 0.0)


@contextlib.contextmanager
def shortened(context: Any, height: float) -> Iterator[None]:
    """The pages made meanwhile end their text `height` above their notes."""
    setattr(context, _SHORTENING, height)
    try:
        yield
    finally:
        setattr(context, _SHORTENING, 0.0)
