"""The Markdown dialect of a manuscript: CommonMark with Pandoc's footnotes and attributes.

Raw HTML is off: a manuscript is prose, and HTML in it would be copied into the
EPUB unchecked. Typography is not done here but on the model (transform/), so
that both renderers get it and code spans are left alone.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.footnote import footnote_plugin

# Attributes a manuscript may set on spans, images and headings; anything else
# (style, event handlers) is dropped by the attrs plugin.
ALLOWED_ATTRIBUTES = ("id", "class", "lang", "date", "title")


@cache
def parser() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
        .use(footnote_plugin)
        .use(attrs_plugin, spans=True, allowed=ALLOWED_ATTRIBUTES)
    )
    # The footnote plugin keeps only the last of two definitions with the same
    # label and forgets unused ones; record every definition before it does.
    md.core.ruler.before("footnote_tail", "record_footnote_definitions", _record_definitions)
    return md


def _record_definitions(state: StateCore) -> None:
    definitions: list[tuple[str, int | None]] = []
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type == "footnote_reference_open":
            following = next((t for t in tokens[index + 1:] if t.map), None)
            definitions.append((token.meta["label"], following.map[0] + 1 if following else None))
    state.env["footnote_definitions"] = definitions
