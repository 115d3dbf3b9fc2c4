"""A fix carried on WeasyPrint until its release has it: a footnote lost when orphans or widows keep a line.

WeasyPrint 70's line layout (`weasyprint.layout.block._linebox_layout`), when a line overflows the page where the
paragraph's `orphans` or `widows` forbid breaking before it, reports the page's footnotes to the next page until
the line fits, and then keeps the line — without laying out the footnotes that line calls, which are never laid
out afterwards: the note is not in the book. The branch came with the fix for Kozea/WeasyPrint#2432 (pull request
#2437); with `widows: 1; orphans: 1` the loss does not happen. Pepys's Diary, January 1660, loses its note on
Lambert so (tests/data/editions/pepys-slice; tests/render/test_weasyprint_fixes.py).

The fix wraps the function and does what the branch leaves out: a footnote called from a line the page keeps, and
not laid out, is laid out and reported to the next page, as the footnotes the line made room by were. It touches
only footnotes WeasyPrint has lost, so it changes nothing on a page that loses none. Installed once per process
by `install()`, before a layout, for the WeasyPrint versions it is tested on.
"""

from __future__ import annotations

import functools
from typing import Any

TESTED_ON = ("70.",)  # the WeasyPrint versions whose `_linebox_layout` this wraps


def install() -> None:
    """Wrap WeasyPrint's line layout, once; a version it was not tested on is left as it is."""
    import weasyprint
    from weasyprint.layout import block

    if not weasyprint.__version__.startswith(TESTED_ON) or getattr(block._linebox_layout, "carnets_press", False):
        return
    original = block._linebox_layout

    @functools.wraps(original)
    def linebox_layout(context: Any, box: Any, index: int, child: Any, new_children: list, *args: Any) -> Any:
        result = original(context, box, index, child, new_children, *args)
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
    block._linebox_layout = linebox_layout
