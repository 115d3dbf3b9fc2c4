"""Typographic quotes, dashes and ellipses (smartypants) on the book's prose.

smartypants decides whether a quote opens or closes from the character before
it, which may sit in another node (`"*Clochemerle*"`), so each block's text
nodes are passed through it together, separated by a marker tag that
smartypants steps over; code is passed inside <code>, which it leaves alone.

smartypants makes English quotes. In an edition in another language, the double quotes it made from
straight ones become that language's (« » in French, with no-break spaces inside; „ “ in German); quotes
the author typed are left as they are.
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
# Double quotes by language (CLDR's delimiters, which Babel does not ship). French sets a space inside
# its guillemets; the book fonts lack the narrow no-break space (U+202F) typographers prefer, so U+00A0.
_DOUBLE_QUOTES = {"fr": ("«\u00a0", "\u00a0»"), "de": ("„", "“"), "es": ("«", "»"), "it": ("«", "»")}
# The author's own curly double quotes, kept out of the way while smartypants's are replaced.
_KEEP = {"“": "\ue000", "”": "\ue001"}


def apply_typography(book: Book) -> None:
    """Each heading and each block (of the text or of a note) is one run: quotes do not pair across blocks."""
    runs: dict[int, list[Text | Code]] = {}
    for visit in book.walk():
        if isinstance(visit.node, (Text, Code)):
            key = id(visit.block) if visit.block is not None else id(visit.section)
            runs.setdefault(key, []).append(visit.node)
    quotes = _DOUBLE_QUOTES.get(book.metadata.language.split("-")[0].casefold())
    for run in runs.values():
        _smarten(run, quotes)


def _smarten(run: list[Text | Code], quotes: tuple[str, str] | None) -> None:
    if not any(isinstance(n, Text) and _CONVERTIBLE.search(n.value) for n in run):
        return
    source = _MARKER.join(
        f"<code>{html.escape(n.value, quote=False)}</code>" if isinstance(n, Code)
        else html.escape(_keep(n.value, quotes), quote=False)
        for n in run
    )
    pieces = smartypants.smartypants(source, _ATTRIBUTES).split(_MARKER)
    for node, piece in zip(run, pieces, strict=True):
        if isinstance(node, Text):
            node.value = _localise(html.unescape(piece), quotes)


def _keep(text: str, quotes: tuple[str, str] | None) -> str:
    if quotes is None:
        return text
    for quote, placeholder in _KEEP.items():
        text = text.replace(quote, placeholder)
    return text


def _localise(text: str, quotes: tuple[str, str] | None) -> str:
    if quotes is None:
        return text
    text = text.replace("“", quotes[0]).replace("”", quotes[1])
    for quote, placeholder in _KEEP.items():
        text = text.replace(placeholder, quote)
    return text
