"""Two fixes carried on WeasyPrint until its release has them: a footnote lost, and footnotes sent on to the next
page for nothing, when orphans or widows keep a line.

WeasyPrint 70's line layout (`weasyprint.layout.block._linebox_layout`), when a line overflows the page where the
paragraph's `orphans` or `widows` forbid breaking before it, reports the page's footnotes to the next page until
the line fits, and then keeps the line — without laying out the footnotes that line calls, which are never laid
out afterwards: the note is not in the book. The branch came with the fix for Kozea/WeasyPrint#2432 (pull request
#2437); with `widows: 1; orphans: 1` the loss does not happen. Pepys's Diary, January 1660, loses its note on
Lambert so (tests/data/editions/pepys-slice; tests/render/test_weasyprint_fixes.py).

The fix wraps the function and does what the branch leaves out: a footnote called from a line the page keeps, and
not laid out, is laid out and reported to the next page, as the footnotes the line made room by were. It touches
only footnotes WeasyPrint has lost, so it changes nothing on a page that loses none.

The same branch, when reporting every footnote of the page does not make room for the line, breaks the page before
it (`_break_line`, the lines go to the next page) but leaves the footnotes reported: notes whose calls stay on the
page go to the next one for nothing, while the page ends short anyway. The Serge sample's note 10 went so from
p. 24 to p. 25. The second fix brings them back, in their order, when the line it made room for was not kept.

Installed once per process by `install()`, before a layout, for the WeasyPrint versions it is tested on.
"""

from __future__ import annotations

import functools
from typing import Any

TESTED_ON = ("70.",)  # the WeasyPrint versions whose `_linebox_layout` and `_break_line` this wraps
_BROKE = "carnets_press_broke_line"  # set on the layout context when `_break_line` breaks a page before a line


def install() -> None:
    """Wrap WeasyPrint's line layout, once; a version it was not tested on is left as it is."""
    import weasyprint
    from weasyprint.layout import block

    if not weasyprint.__version__.startswith(TESTED_ON) or getattr(block._linebox_layout, "carnets_press", False):
        return
    original, original_break_line = block._linebox_layout, block._break_line

    @functools.wraps(original_break_line)
    def break_line(context: Any, *args: Any) -> Any:
        setattr(context, _BROKE, True)
        return original_break_line(context, *args)

    @functools.wraps(original)
    def linebox_layout(context: Any, box: Any, index: int, child: Any, new_children: list, *args: Any) -> Any:
        on_page, outer = list(context.current_page_footnotes), getattr(context, _BROKE, False)
        setattr(context, _BROKE, False)
        result = original(context, box, index, child, new_children, *args)
        broke = getattr(context, _BROKE)
        setattr(context, _BROKE, outer)  # a note's lines, laid out meanwhile, break in the note, not the page
        sent_on = [footnote for footnote in on_page if footnote in context.reported_footnotes]
        if sent_on and broke:
            _bring_back(context, on_page, sent_on)
        abort, stop, _, _, new_footnotes, _ = result
        if stop and not abort and new_children and context.footnotes:
            for descendant in new_children[-1].descendants():
                footnote = getattr(descendant, "footnote", None)
                if footnote is not None and footnote in context.footnotes:
                    context.layout_footnote(footnote)
                    context.report_footnote(footnote)
                    new_footnotes.append(footnote)
        return result

    linebox_layout.carnets_press = True  # type: ignore[attr-defined]
    block._linebox_layout, block._break_line = linebox_layout, break_line


def _bring_back(context: Any, on_page: list, sent_on: list) -> None:
    """Footnotes reported to make room for a line the page then did not keep, back on the page, in their order."""
    for footnote in sent_on:
        context.reported_footnotes.remove(footnote)
    kept = set(context.current_page_footnotes) | set(sent_on)
    later = [footnote for footnote in context.current_page_footnotes if footnote not in on_page]
    context.current_page_footnotes[:] = [footnote for footnote in on_page if footnote in kept] + later
    context._update_footnote_area()
