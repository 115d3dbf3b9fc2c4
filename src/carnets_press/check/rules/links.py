"""Links: to a part or an entry of the book, or to the web; nothing else reaches the reader."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from carnets_press.check.context import Context
from carnets_press.check.registry import Hit, rule
from carnets_press.errors import Location
from carnets_press.manuscript.model import Element, Text

_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]+:")  # two letters at least: "C:" is a Windows path
_LOCAL_SCHEMES = ("file", "data")
# The parser refuses these links and images and leaves them in the text, where they would be printed.
_REFUSED = re.compile(r"!?\[[^\]]*\]\(\s*<?((?:file|data|javascript|vbscript):[^)\s>]*)", re.IGNORECASE)


@rule("link-broken")
def link_broken(context: Context) -> Iterator[Hit]:
    ids = _ids_by_file(context)
    for link, block in context.elements("a"):
        href = link.attrs.get("href", "")
        problem = _link_problem(href, block.file, ids) if _kind(href) == "internal" else None
        if problem:
            yield Hit(f"link to {href!r}: {problem}", _place(context, block, href))


def _link_problem(href: str, source: Path, ids: dict[Path, set[str]]) -> str | None:
    path, _, fragment = unquote(href).partition("#")
    if not path:  # "#id": an id anywhere in the book
        return None if any(fragment in found for found in ids.values()) else f"no part or entry has the id {fragment!r}"
    target = (source.parent / path).resolve()
    if target not in ids:
        return f"{path} is not in contents"
    return None if not fragment or fragment in ids[target] else f"{path} has no id {fragment!r}"


@rule("resource-external")
def resource_external(context: Context) -> Iterator[Hit]:
    for visit in context.nodes():
        node = visit.node
        if isinstance(node, Element) and node.tag == "a" and _kind(node.attrs.get("href", "")) == "outside":
            href = node.attrs["href"]
            yield Hit(f"link to {href!r}, which is not in the edition", _place(context, visit.location, href))
        elif isinstance(node, Text):
            for match in _REFUSED.finditer(node.value):
                yield Hit(f"{match.group(1)!r} is not allowed as a link or an image: it is printed as text",
                          context.sources.locate(visit.location, match.group()))


def _kind(href: str) -> str:
    """"web" (left to the reading system), "internal" (#id, file.md#id) or "outside" (anything else)."""
    scheme = _SCHEME.match(href)
    if scheme:
        return "outside" if scheme.group()[:-1].lower() in _LOCAL_SCHEMES else "web"
    path = href.partition("#")[0]
    if path.startswith(("/", "\\")) or (path and not path.endswith(".md")):
        return "outside"
    return "internal"


def _ids_by_file(context: Context) -> dict[Path, set[str]]:
    """The ids a link may name, by the file that holds them: parts, entries, and {#id} spans."""
    root = context.book.root
    ids: dict[Path, set[str]] = {(root / name).resolve(): set() for name in context.book.metadata.contents}
    for part in context.book.parts:
        for section in part.sections():
            ids.setdefault(section.location.file.resolve(), set()).add(section.id)
    for visit in context.nodes():
        if isinstance(visit.node, Element) and "id" in visit.node.attrs:
            ids.setdefault(visit.location.file.resolve(), set()).add(visit.node.attrs["id"])
    return ids


def _place(context: Context, block: Location, href: str) -> Location:
    """The link's place: the parser percent-encodes the address, the file has it as written."""
    for needle in (href, unquote(href)):
        location = context.sources.locate(block, needle)
        if location.column is not None:
            return location
    return block
