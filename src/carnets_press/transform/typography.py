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

from carnets_press.manuscript.model import Book, Code, Text

# Pandoc's convention: -- en dash, --- em dash; quotes; ... ellipsis; Unicode characters out.
_ATTRIBUTES = smartypants.Attr.q | smartypants.Attr.D | smartypants.Attr.e | smartypants.Attr.u
_MARKER = "<carnets-node/>"
# What smartypants can change; text with none of these is left as it is, unparsed.
_CONVERTIBLE = re.compile(r"[\"'`]|--|\.\s?\.\s?\.")


def apply_typography(book: Book) -> None:
    """Each heading and each block (of the text or of a note) is one run: quotes do not pair across blocks."""
    runs: dict[int, list[Text | Code]] = {}
    for visit in book.walk():
        if isinstance(visit.node, (Text, Code)):
            key = id(visit.block) if visit.block is not None else id(visit.section)
            runs.setdefault(key, []).append(visit.node)
    for run in runs.values():
        _smarten(run)


def _smarten(run: list[Text | Code]) -> None:
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
