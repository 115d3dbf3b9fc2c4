"""Typographic quotes, dashes and ellipses (smartypants) on the book's prose.

smartypants decides whether a quote opens or closes from the character before
it, which may sit in another node (`"*Clochemerle*"`), so each block's text
nodes are passed through it together, separated by a marker tag that
smartypants steps over; code is passed inside <code>, which it leaves alone.
"""

from __future__ import annotations

import html
import re

import smartypants

from carnets_press.manuscript.model import Book, Code, Element, Node, Text, walk

# Pandoc's convention: -- en dash, --- em dash; quotes; ... ellipsis; Unicode characters out.
_ATTRIBUTES = smartypants.Attr.q | smartypants.Attr.D | smartypants.Attr.e | smartypants.Attr.u
_MARKER = "<carnets-node/>"
# What smartypants can change; text with none of these is left as it is, unparsed.
_CONVERTIBLE = re.compile(r"[\"'`]|--|\.\s?\.\s?\.")


def apply_typography(book: Book) -> None:
    for part in book.parts:
        for section in part.sections():
            _smarten(section.heading)
            for block in section.blocks:
                _smarten([block])
    for note in book.notes():
        _smarten(note.blocks)


def _smarten(nodes: list[Node] | list[Element]) -> None:
    run: list[Text | Code] = [n for root in nodes for n in walk(root) if isinstance(n, (Text, Code))]
    if not any(isinstance(n, Text) and _CONVERTIBLE.search(n.value) for n in run):
        return
    source = _MARKER.join(
        f"<code>{html.escape(n.value, quote=False)}</code>" if isinstance(n, Code) else html.escape(n.value, quote=False)
        for n in run
    )
    pieces = smartypants.smartypants(source, _ATTRIBUTES).split(_MARKER)
    for node, piece in zip(run, pieces, strict=True):
        if isinstance(node, Text):
            node.value = html.unescape(piece)
