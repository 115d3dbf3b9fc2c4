"""Internal links resolved in one place: for both renderers, and for `check`'s link-broken.

A manuscript links as its author wrote it: `#id` (an id anywhere in the book), `1942.md#id` (an id that
file has) or `1942.md` (the file's first part), the file relative to the linking file. The EPUB is one
file per part and the print edition one document, so each renderer writes the resolved target its own
way; the model keeps the href as written and gets the target beside it (Element.target).

A note has no id of the author's: `#note-12` is note 12 as the edition numbers it (anchors.note_id, the id
both renderers give the note, which no manuscript id may take), held by the part of its call; `1942.md#note-12`
is that note if its call is in 1942.md. With `numbering = "per-part"` several parts have a note 12: `#note-12`
is then the one of the linking file, or the book's only one.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from carnets_press.anchors import note_id
from carnets_press.manuscript.model import Book, Element, LinkTarget, Note

_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]+:")  # two letters at least: "C:" is a Windows path
_LOCAL_SCHEMES = ("file", "data")
_NOTE = re.compile(r"note-([0-9]+)")


def kind(href: str) -> str:
    """"web" (left to the reading system), "internal" (#id, file.md#id) or "outside" (anything else)."""
    scheme = _SCHEME.match(href)
    if scheme:
        return "outside" if scheme.group()[:-1].lower() in _LOCAL_SCHEMES else "web"
    path = href.partition("#")[0]
    if path.startswith(("/", "\\")) or (path and not path.endswith(".md")):
        return "outside"
    return "internal"


class LinkIndex:
    """Every id a link may name, by the manuscript file that holds it, with the part it is in."""

    def __init__(self, book: Book):
        self.root = book.root.resolve()
        self.by_file: dict[Path, dict[str, str]] = {(self.root / name).resolve(): {} for name in book.metadata.contents}
        self.first_part: dict[Path, str] = {}
        part_of = {id(section): part.id for part in book.parts for section in part.sections()}
        for part in book.parts:
            self.first_part.setdefault(part.location.file.resolve(), part.id)
            for section in part.sections():
                self._add(section.location.file, section.id, part.id)
        for visit in book.walk():
            if isinstance(visit.node, Element) and "id" in visit.node.attrs:
                self._add(visit.location.file, visit.node.attrs["id"], part_of[id(visit.section)])
        # The notes by number, each with the file and the part of its call, in reading order.
        self.notes: dict[int, list[tuple[Path, str, Note]]] = {}
        for part in book.parts:
            for note in part.notes():
                if note.number is not None:
                    self.notes.setdefault(note.number, []).append((part.location.file.resolve(), part.id, note))

    def _add(self, file: Path, name: str, part_id: str) -> None:
        self.by_file.setdefault(file.resolve(), {}).setdefault(name, part_id)

    def resolve(self, href: str, source: Path | None) -> tuple[LinkTarget | None, str | None]:
        """An internal link's target, or why it has none."""
        path, _, fragment = unquote(href).partition("#")
        if "\0" in path:
            return None, "its file name holds a NUL character"
        if not path:  # "#id": an id anywhere in the book
            if note := _NOTE.fullmatch(fragment):
                return self._note(int(note.group(1)), None, source.resolve() if source else None)
            for ids in self.by_file.values():
                if fragment in ids:
                    return LinkTarget(fragment, ids[fragment]), None
            return None, f"no part or entry has the id {fragment!r}"
        target_file = ((source.parent if source else self.root) / path).resolve()
        if target_file not in self.by_file:
            return None, f"{path} is not in contents"
        if note := _NOTE.fullmatch(fragment):
            return self._note(int(note.group(1)), (path, target_file), None)
        if not fragment:
            first = self.first_part.get(target_file)
            return (LinkTarget(first, first), None) if first else (None, f"{path} has no part")
        ids = self.by_file[target_file]
        return ((LinkTarget(fragment, ids[fragment]), None) if fragment in ids
                else (None, f"{path} has no id {fragment!r}"))

    def _note(self, number: int, in_file: tuple[str, Path] | None,
              source: Path | None) -> tuple[LinkTarget | None, str | None]:
        """Note `number` of the edition: the one called in `in_file` (as written, resolved), else the book's only
        one, else (per-part numbering) the one of the linking file `source`."""
        places = self.notes.get(number, [])
        if in_file is not None:
            written, file = in_file
            places = [place for place in places if place[0] == file]
            if not places:
                return None, f"{written} has no note {number}"
        if len(places) > 1 and source is not None:
            places = [place for place in places if place[0] == source] or places
        if not places:
            return None, f"the book has no note {number}" + (f" (its notes run from 1 to {max(self.notes)})"
                                                             if self.notes else " (it has no notes)")
        if len(places) > 1:
            return None, (f"{len(places)} parts have a note {number} (the notes are numbered per part): "
                          "name the file, as in 1942.md#note-1")
        _, part_id, note = places[0]
        return LinkTarget(note_id(note), part_id), None


def is_note(target: LinkTarget) -> bool:
    """Whether a link's target is a note (which the EPUB may put in its endnotes file, not in the part)."""
    return _NOTE.fullmatch(target.id) is not None


def resolve_links(book: Book) -> None:
    """Give every internal link that names a part of the book its target; the others are check's to report."""
    index = LinkIndex(book)
    for link in book.elements("a"):
        href = link.attrs.get("href", "")
        if kind(href) == "internal":
            link.target, _ = index.resolve(href, link.location.file if link.location else None)
