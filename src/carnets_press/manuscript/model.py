"""The book model: built once from the manuscript, read by every renderer and check.

Inline and block content is a small tree of `Element`, `Text`, `Code` and
`NoteRef` nodes: enough for prose editions, independent of any output format,
so the EPUB and the print HTML are two serialisations of the same tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from carnets_press.errors import Location
from carnets_press.manuscript.dates import EntryDate
from carnets_press.manuscript.files import ManuscriptFiles
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
    # An internal link's target (an `a` whose href, as the author wrote it, names a part of the book):
    # set by transform/links.py, written by each renderer in its own way.
    target: LinkTarget | None = None


@dataclass(frozen=True)
class LinkTarget:
    id: str  # the id the link points to: a part's, an entry's or a {#id} span's
    part_id: str  # the part that holds it (the EPUB's file)


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

    def walk(self, seen: set[int] | None = None) -> Iterator[Visit]:
        """Every node of the heading, then of each block, depth first; a note's text right after its call.

        `seen`: the notes already walked (a note called twice, or calling itself, is walked once)."""
        seen = set() if seen is None else seen
        yield from _visits(self.heading, self, None, self.location, None, (), seen)
        for block in self.blocks:
            yield from _visits([block], self, block, block.location or self.location, None, (), seen)

    def note_refs(self) -> Iterator[NoteRef]:
        """Calls in reading order, including calls in the heading and inside notes (a note's own follow it)."""
        return (visit.node for visit in self.walk() if isinstance(visit.node, NoteRef))


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
        seen: set[int] = set()
        return [visit.node.note for section in self.sections() for visit in section.walk(seen)
                if isinstance(visit.node, NoteRef)]


@dataclass
class Book:
    metadata: Metadata
    root: Path
    parts: list[Part]
    files: ManuscriptFiles  # the one way to the manuscript's files (images for the renderers)
    styles: CustomStyles = field(default_factory=CustomStyles)

    def walk(self) -> Iterator[Visit]:
        """Every node of the book in reading order, notes included: the one traversal renderers and checks use."""
        seen: set[int] = set()
        for part in self.parts:
            for section in part.sections():
                yield from section.walk(seen)

    def note_refs(self) -> Iterator[NoteRef]:
        return (visit.node for visit in self.walk() if isinstance(visit.node, NoteRef))

    def notes(self) -> list[Note]:
        return [ref.note for ref in self.note_refs()]

    def elements(self, tag: str) -> Iterator[Element]:
        """Every element with this tag, in reading order, inside notes too."""
        return (visit.node for visit in self.walk() if isinstance(visit.node, Element) and visit.node.tag == tag)

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


@dataclass(frozen=True)
class Visit:
    """A node of the book, where the walk met it."""

    node: Node
    section: Section  # the part's own text or the entry it is in
    block: Element | None  # the top-level block (of the section or of a note) it is in; None in a heading
    location: Location  # of the innermost element that has one: the place to report a finding
    note: Note | None  # the note whose text it is in
    ancestors: tuple[Element, ...]  # the elements it is in, outermost first, inside its block

    @property
    def in_heading(self) -> bool:
        return self.block is None


def _visits(nodes: list[Node] | list[Element], section: Section, block: Element | None, location: Location,
            note: Note | None, ancestors: tuple[Element, ...], seen: set[int]) -> Iterator[Visit]:
    for node in nodes:
        here = node.location if isinstance(node, Element) and node.location else location
        yield Visit(node, section, block, here, note, ancestors)
        if isinstance(node, Element):
            yield from _visits(node.children, section, block, here, note, (*ancestors, node), seen)
        elif isinstance(node, NoteRef) and id(node.note) not in seen:
            seen.add(id(node.note))
            for note_block in node.note.blocks:
                yield from _visits([note_block], section, note_block, note_block.location or node.note.location,
                                   node.note, (), seen)


# Elements whose text stands apart from the text around it: plain_text puts a line break between them, so that
# the items of a list, the cells of a table or the lines of a line block do not run together into one word.
_APART = {"p", "div", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "tr", "th", "td",
          "figure", "figcaption", "pre", "hr", "section", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "br"}


def plain_text(nodes: Iterable[Node]) -> str:
    parts: list[str] = []
    apart = False  # the next text begins a block or a line of its own

    def visit(node: Node) -> None:
        nonlocal apart
        if isinstance(node, (Text, Code)):
            if node.value:
                if apart and parts:
                    parts.append("\n")
                apart = False
                parts.append(node.value)
        elif isinstance(node, Element):
            apart = apart or node.tag in _APART
            for child in node.children:
                visit(child)
            apart = apart or node.tag in _APART

    for node in nodes:
        visit(node)
    return "".join(parts)
