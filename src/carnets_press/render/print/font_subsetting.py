"""Font subsetting without decompiling the layout tables it drops: a fix carried on fontTools's subsetter.

WeasyPrint subsets every embedded font with fontTools (when HarfBuzz's subsetter is not installed, which pip
cannot install) and drops its GSUB and GPOS tables (`weasyprint.pdf.fonts.Font._fonttools_subset`). Since the
"beyond 64k" work (fontTools 4.6x; 4.68 here), `Subsetter.subset` first passes the font through
`fontTools.ttLib.beyond64k._compact_layout_tables`, which decompiles GDEF, GSUB and GPOS and walks every lookup
subtable, before `_prune_pre_subset` drops GSUB and GPOS unread. For EB Garamond that is 0.37 s of the 0.43 s a
PDF's two faces take to subset; a chunked build (chunked.py) subsets them once per chunk: 9 chunks, 3.3 s of CPU on
the ten-times edition. No upstream report of it in the issue threads we can read.

This hides, from that compaction only, the layout tables the subsetter's options drop: it lowers and restores each
table on its own (the conversion touches no other table), and restores only the tables still in the font, so a
table dropped unread comes out as it would have. The subset font is the same, byte for byte
(tests/render/test_font_subsetting.py). Installed once per process, where fontTools has the compaction.
"""

from __future__ import annotations

import contextvars
import functools
from typing import Any

_MARK = "carnets_press_font_subsetting"
_LAYOUT_TABLES = ("GSUB", "GPOS")
_DROPPED: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("carnets_press_dropped",
                                                                          default=frozenset())


class _Without:
    """The font as the compaction sees it: without the tables the subsetter will drop."""

    def __init__(self, font: Any, hidden: frozenset[str]):
        self._font, self._hidden = font, hidden

    def __contains__(self, tag: str) -> bool:
        return tag not in self._hidden and tag in self._font

    def __getitem__(self, tag: str) -> Any:
        return self._font[tag]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._font, name)


def install() -> None:
    from fontTools import subset

    compact = getattr(subset, "_compact_layout_tables", None)
    if compact is None or getattr(subset.Subsetter.subset, _MARK, False):
        return
    original = subset.Subsetter.subset

    @functools.wraps(compact)
    def compact_kept(font: Any, *args: Any, **kwargs: Any) -> Any:
        hidden = _DROPPED.get()
        return compact(_Without(font, hidden) if hidden else font, *args, **kwargs)

    @functools.wraps(original)
    def subset_font(self: Any, font: Any) -> Any:
        token = _DROPPED.set(frozenset(tag for tag in _LAYOUT_TABLES if tag in self.options.drop_tables))
        try:
            return original(self, font)
        finally:
            _DROPPED.reset(token)

    setattr(subset_font, _MARK, True)
    subset._compact_layout_tables = compact_kept
    subset.Subsetter.subset = subset_font
