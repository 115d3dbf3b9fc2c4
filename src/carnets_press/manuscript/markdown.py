"""The Markdown dialect of a manuscript: CommonMark with Pandoc's footnotes and attributes.

Raw HTML is parsed, then reduced to a safe list by raw_html.py. Typography is not done here but on the model
(transform/), so that both renderers get it and code spans are left alone.
"""

from __future__ import annotations

import re
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
        MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
        .use(footnote_plugin)
        .use(attrs_plugin, spans=True, allowed=ALLOWED_ATTRIBUTES)
    )
    # The footnote plugin keeps only the last of two definitions with the same
    # label and forgets unused ones; record every definition before it does.
    md.core.ruler.before("footnote_tail", "record_footnote_definitions", _record_definitions)
    return md


_DEFINITION_MARKER = re.compile(r"^\s*(?:>\s*)*\[\^([^\]]+)\]:")


def _record_definitions(state: StateCore) -> None:
    """Each definition's label and line, in order; the plugin's tokens carry no line, so find its marker."""
    definitions: list[tuple[str, int | None]] = []
    markers: dict[str, list[int]] = {}  # every line that looks like a definition, by label, in order
    for number, text in enumerate(state.src.splitlines()):
        match = _DEFINITION_MARKER.match(text)
        if match:
            markers.setdefault(match.group(1), []).append(number)
    searched_to = 0
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            label = token.meta["label"]
            line = next((n for n in markers.get(label, ()) if n >= searched_to), None)
            if line is not None:
                searched_to = line + 1
            definitions.append((label, line + 1 if line is not None else None))
    state.env["footnote_definitions"] = definitions
