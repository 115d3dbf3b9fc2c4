"""Links: to a part or an entry of the book, or to the web; nothing else reaches the reader."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote

from carnets_press.check.context import Context
from carnets_press.check.registry import Hit, rule
from carnets_press.errors import Location
from carnets_press.manuscript.model import Element, Text
from carnets_press.transform.links import LinkIndex, kind

# The parser refuses these links and images and leaves them in the text, where they would be printed.
_REFUSED = re.compile(r"!?\[[^\]]*\]\(\s*<?((?:file|data|javascript|vbscript):[^)\s>]*)", re.IGNORECASE)


@rule("link-broken")
def link_broken(context: Context) -> Iterator[Hit]:
    index = LinkIndex(context.book)
    for link, block in context.elements("a"):
        href = link.attrs.get("href", "")
        if kind(href) == "internal":
            _, problem = index.resolve(href, block.file)
            if problem:
                yield Hit(f"link to {href!r}: {problem}", _place(context, block, href))


@rule("resource-external")
def resource_external(context: Context) -> Iterator[Hit]:
    for visit in context.nodes():
        node = visit.node
        if isinstance(node, Element) and node.tag == "a" and kind(node.attrs.get("href", "")) == "outside":
            href = node.attrs["href"]
            yield Hit(f"link to {href!r}, which is not in the edition", _place(context, visit.location, href))
        elif isinstance(node, Text):
            for match in _REFUSED.finditer(node.value):
                yield Hit(f"{match.group(1)!r} is not allowed as a link or an image: it is printed as text",
                          context.sources.locate(visit.location, match.group()))


def _place(context: Context, block: Location, href: str) -> Location:
    """The link's place: the parser percent-encodes the address, the file has it as written."""
    for needle in (href, unquote(href)):
        location = context.sources.locate(block, needle)
        if location.column is not None:
            return location
    return block
