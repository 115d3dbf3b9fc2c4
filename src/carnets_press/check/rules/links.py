"""Links: to a part or an entry of the book, or to the web; nothing else reaches the reader."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from carnets_press.check.context import Context
from carnets_press.check.registry import Hit, rule
from carnets_press.errors import Location
from carnets_press.transform.links import LinkIndex, kind

# The parser refuses these links and images and leaves them in the text, where they would be printed.
_REFUSED = re.compile(r"!?\[[^\]]*\]\(\s*<?((?:file|data|javascript|vbscript):[^)\s>]*)", re.IGNORECASE)


@rule("link-broken")
def link_broken(context: Context) -> Iterator[Hit]:
    index: LinkIndex | None = None  # built only for a link the book could not resolve: it walks the whole book
    root = context.book.root.resolve()
    for link, block in context.elements("a"):
        href = link.attrs.get("href", "")
        if kind(href) != "internal":
            continue
        # pipeline.load resolved it (transform/links.py) from the link's file, or the manuscript's root: if it
        # found its target from where this rule looks, the file of the block, it is not broken.
        base = link.location.file.parent if link.location else root
        if link.target is not None and _same_folder(base, block.file.parent):
            continue
        index = index or LinkIndex(context.book)
        _, problem = index.resolve(href, block.file)
        if problem:
            yield Hit(f"link to {href!r}: {problem}", _place(context, block, href))


@functools.cache
def _same_folder(one: Path, other: Path) -> bool:
    return one == other or one.resolve() == other.resolve()


@rule("resource-external")
def resource_external(context: Context) -> Iterator[Hit]:
    for link, block in context.elements("a"):
        href = link.attrs.get("href", "")
        if kind(href) == "outside":
            yield Hit(f"link to {href!r}, which is not in the edition", _place(context, block, href))
    for text, visit in context.texts:
        if "](" not in text.value:  # what a link the parser refused leaves in the text
            continue
        for match in _REFUSED.finditer(text.value):
            yield Hit(f"{match.group(1)!r} is not allowed as a link or an image: it is printed as text",
                      context.sources.locate(visit.location, match.group()))


def _place(context: Context, block: Location, href: str) -> Location:
    """The link's place: the parser percent-encodes the address, the file has it as written."""
    for needle in (href, unquote(href)):
        location = context.sources.locate(block, needle)
        if location.column is not None:
            return location
    return block
