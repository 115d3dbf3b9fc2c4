"""The print edition's page breaks in the EPUB: a marker where each printed page begins (EPUB 3 page-list).

The print layout says where each page begins as a position in a flow of the book's text
(carnets_press.pagination); here the same flow is counted over the model, and a marker
(`<span epub:type="pagebreak" role="doc-pagebreak" aria-label="12">`) is put in at that place:

- between the last word of one page and the first of the next, before any opening quote or bracket of the word;
- a word that a hyphen splits across the page turn gets its marker after the word (never inside it);
- a page that begins with a heading gets its marker before the heading (the template writes it there);
- the tool's front matter (half-title, title page, credits, contents) has its markers at the start of the
  EPUB's title page, its counterpart.

The model is not changed: the parts and notes that receive markers are copied along the path to each marker.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass, field

from carnets_press.anchors import page_break_id
from carnets_press.manuscript.model import Book, Code, Element, Entry, Node, Part, Section, Text
from carnets_press.pagination import END, PageStart

# A page can begin right after one of these with no space: they end a word for the marker's placement.
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015")


def marker(folio: str) -> Element:
    return Element("span", {"id": page_break_id(folio), "epub:type": "pagebreak", "role": "doc-pagebreak",
                            "aria-label": folio})


@dataclass
class PageBreaks:
    """The book's parts and notes with their markers, and the markers that go before a heading or page."""

    parts: list[Part]
    notes: dict[int, list[Element]] = field(default_factory=dict)  # a note's number → its blocks with markers
    before_heading: dict[str, list[Element]] = field(default_factory=dict)  # a part's or entry's id → markers
    front: list[Element] = field(default_factory=list)  # at the start of the title page
    # Every marker's folio and where it is: a part's id, "note-N", or None for the title page.
    places: list[tuple[str, str | None]] = field(default_factory=list)


def place_page_breaks(book: Book, pages: list[PageStart]) -> PageBreaks:
    by_flow: dict[str | None, list[PageStart]] = {}
    for page in pages:
        by_flow.setdefault(page.flow, []).append(page)
    breaks = PageBreaks(parts=list(book.parts))
    front = by_flow.pop(None, [])
    breaks.front = [marker(page.folio) for page in front]
    breaks.places += [(page.folio, None) for page in front]
    notes = {f"note-{note.number}": note for note in book.notes()}
    for index, part in enumerate(book.parts):
        if part.id in by_flow:
            own, *entries = _Flow(list(part.sections())).place(by_flow.pop(part.id), breaks, part.id)
            assert isinstance(own, Part) and all(isinstance(entry, Entry) for entry in entries)
            breaks.parts[index] = dataclasses.replace(own, entries=entries)  # type: ignore[arg-type]
    for flow, flow_pages in by_flow.items():
        note = notes.get(flow or "")
        if note is None:
            raise ValueError(f"the page list names a flow the book does not have: {flow!r}")
        note_section = Section([], note.blocks, note.location, id=flow or "")
        copied, = _Flow([note_section]).place(flow_pages, breaks, flow)
        breaks.notes[note.number or 0] = copied.blocks
    order = {page.folio: position for position, page in enumerate(pages)}
    breaks.places.sort(key=lambda place: order[place[0]])
    return breaks


@dataclass
class _Leaf:
    start: int  # in the flow's text
    node: Text | Code
    section: int  # index in the flow's sections
    block: int | None  # index of its block in the section; None: in the heading


class _Flow:
    """The text of one flow, as the print edition sets it: each section's heading, then its blocks, without
    notes and images; blocks apart by a line break, so no word runs from one into the next."""

    def __init__(self, sections: list[Section]):
        self.sections = sections
        self.leaves: list[_Leaf] = []
        pieces: list[str] = []
        length = 0
        for number, section in enumerate(sections):
            groups: list[tuple[int | None, list[Node]]] = [(None, list(section.heading))]
            groups += [(index, [block]) for index, block in enumerate(section.blocks)]
            for block, nodes in groups:
                for leaf in _leaves(nodes):
                    self.leaves.append(_Leaf(length, leaf, number, block))
                    pieces.append(leaf.value)
                    length += len(leaf.value)
                pieces.append("\n")
                length += 1
        self.text = "".join(pieces)
        self.starts = [leaf.start for leaf in self.leaves]

    def place(self, pages: list[PageStart], breaks: PageBreaks, flow: str | None) -> list[Section]:
        """The flow's sections (a part and its entries, or a note's stand-in) with the pages' markers."""
        pending: dict[int, list[tuple[int, Element]]] = {}  # id of a leaf → (offset in it, marker)
        for page, index in zip(pages, self._indices([page.offset for page in pages]), strict=True):
            element = marker(page.folio)
            breaks.places.append((page.folio, flow))
            leaf = self._leaf_at(index)
            if leaf is None or leaf.block is None:  # no text at all, or the page begins in a heading
                section = self.sections[leaf.section if leaf else 0]
                breaks.before_heading.setdefault(section.id, []).append(element)
                continue
            pending.setdefault(id(leaf.node), []).append((index - leaf.start, element))
        return [self._with_markers(section, pending) for section in self.sections]

    def _indices(self, offsets: list[int]) -> Iterator[int]:
        """The index in the text where each page's marker goes (offsets ascending, as pages come)."""
        text, counted, position = self.text, 0, 0
        for offset in offsets:
            if offset == END:
                yield len(text)
                continue
            while position < len(text) and not (counted >= offset and text[position].isalnum()):
                counted += len(text[position].casefold()) if text[position].isalnum() else 0
                position += 1
            yield self._word_boundary(position)

    def _word_boundary(self, first: int) -> int:
        """Before the word whose letter `first` is, with its opening punctuation; after it, if `first` is not
        its first letter (a word hyphenated across the page turn)."""
        text = self.text
        start = first
        while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _DASHES:
            start -= 1
        if not any(character.isalnum() for character in text[start:first]):
            return start
        end = first
        while end < len(text) and not text[end].isspace():
            end += 1
        return end

    def _leaf_at(self, index: int) -> _Leaf | None:
        """The leaf holding the character at `index`; the one ending there if none does (a block's end)."""
        if not self.leaves:
            return None
        return self.leaves[max(bisect.bisect_right(self.starts, index) - 1, 0)]

    def _with_markers(self, section: Section, pending: dict[int, list[tuple[int, Element]]]) -> Section:
        if not pending:
            return section
        blocks = [_copy(block, pending)[0] if _holds(block, pending) else block for block in section.blocks]
        return dataclasses.replace(section, blocks=blocks)  # type: ignore[arg-type]


def _leaves(nodes: list[Node]) -> Iterator[Text | Code]:
    """The text of nodes as the print edition sets it in the flow: notes and images left out."""
    for node in nodes:
        if isinstance(node, (Text, Code)):
            if node.value:
                yield node
        elif isinstance(node, Element) and node.tag != "img":
            yield from _leaves(node.children)
        # a NoteRef: the note is set in the footnote area (or at the end), not in the flow


def _holds(node: Node, pending: dict[int, list[tuple[int, Element]]]) -> bool:
    if id(node) in pending:
        return True
    return isinstance(node, Element) and any(_holds(child, pending) for child in node.children)


def _copy(node: Node, pending: dict[int, list[tuple[int, Element]]]) -> list[Node]:
    """The node with the markers of its leaves put in, copied only where a marker goes."""
    if isinstance(node, (Text, Code)) and id(node) in pending:
        pieces: list[Node] = []
        done = 0
        for offset, element in sorted(pending[id(node)], key=lambda item: item[0]):
            offset = min(offset, len(node.value))
            if offset > done:
                pieces.append(type(node)(node.value[done:offset]))
            pieces.append(element)
            done = max(done, offset)
        if done < len(node.value):
            pieces.append(type(node)(node.value[done:]))
        return pieces
    if isinstance(node, Element) and _holds(node, pending):
        children = [copied for child in node.children for copied in _copy(child, pending)]
        return [dataclasses.replace(node, children=children)]
    return [node]

