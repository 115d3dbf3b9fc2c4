"""The book model: built once from the manuscript, read by every renderer and check.

Inline and block content is a small tree of `Element`, `Text`, `Code` and
`NoteRef` nodes: enough for prose editions, independent of any output format,
so the EPUB and the print HTML are two serialisations of the same tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from carnets_press.errors import Location
from carnets_press.manuscript.dates import EntryDate
from carnets_press.manuscript.metadata import Metadata
from carnets_press.manuscript.styles import CustomStyles


@dataclass
class Text:
    """Prose; typography (quotes, dashes) applies to it."""

    value: str


@dataclass
class Code:
    """Literal text (code spans, URLs): never changed by typography."""

    value: str


@dataclass
class Element:
    """An HTML-like element: tag is one of the few our renderers know (p, em, span, blockquote…)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    location: Location | None = None


@dataclass
class NoteRef:
    """A note's call in the text; the note itself lives in `note`."""

    note: Note
    location: Location


Node = Text | Code | Element | NoteRef


@dataclass
class Note:
    """A footnote. `number` is set by the numbering transform, in reading order."""

    label: str | None
    blocks: list[Element]
    location: Location
    number: int | None = None


@dataclass
class Section:
    """Content with a heading: a part's own text or an entry. Notes are placed per section."""

    heading: list[Node]
    blocks: list[Element]
    location: Location
    id: str = ""
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def heading_text(self) -> str:
        return plain_text(self.heading)

    def note_refs(self) -> Iterator[NoteRef]:
        """Calls in reading order, including calls inside notes (a note's own notes follow it)."""
        for block in self.blocks:
            yield from _note_refs(block)


@dataclass
class Entry(Section):
    """A dated entry. `date` is None when the heading has no date we can read."""

    date: EntryDate | None = None
    place: str | None = None
    title: str | None = None


@dataclass
class Part(Section):
    """A top-level division: the introduction, a year, an afterword, a colophon."""

    role: str | None = None
    entries: list[Entry] = field(default_factory=list)

    def sections(self) -> Iterator[Section]:
        yield self
        yield from self.entries

    def notes(self) -> list[Note]:
        return [ref.note for section in self.sections() for ref in section.note_refs()]


@dataclass
class Book:
    metadata: Metadata
    root: Path
    parts: list[Part]
    styles: CustomStyles = field(default_factory=CustomStyles)

    def notes(self) -> list[Note]:
        return [note for part in self.parts for note in part.notes()]

    def entries(self) -> Iterator[Entry]:
        for part in self.parts:
            yield from part.entries


PART_ROLES = ("introduction", "afterword", "colophon")


def walk(node: Node) -> Iterator[Node]:
    """Every node below `node`, depth first, in document order."""
    yield node
    if isinstance(node, Element):
        for child in node.children:
            yield from walk(child)


def _note_refs(node: Node, seen: set[int] | None = None) -> Iterator[NoteRef]:
    """`seen` stops a note that calls itself (an error the notes transform reports) from looping."""
    seen = set() if seen is None else seen
    for descendant in walk(node):
        if isinstance(descendant, NoteRef) and id(descendant.note) not in seen:
            seen.add(id(descendant.note))
            yield descendant
            for block in descendant.note.blocks:
                yield from _note_refs(block, seen)


def plain_text(nodes: list[Node]) -> str:
    parts = []
    for node in nodes:
        for descendant in walk(node):
            if isinstance(descendant, (Text, Code)):
                parts.append(descendant.value)
    return "".join(parts)
