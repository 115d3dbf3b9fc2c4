"""What every rule receives: the book, a walk over its nodes, and the raw files to place findings.

The model keeps only the first line of each block, so a finding about a word
inside a paragraph is placed by searching the file's own lines from there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from carnets_press.errors import Location
from carnets_press.manuscript.model import Book, Element, Node


class Sources:
    """The manuscript's files as lines, each read once."""

    def __init__(self) -> None:
        self._lines: dict[Path, list[str]] = {}

    def lines(self, path: Path) -> list[str]:
        if path not in self._lines:
            try:
                self._lines[path] = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeError):
                self._lines[path] = []
        return self._lines[path]

    def locate(self, block: Location, needle: str) -> Location:
        """Where `needle` first appears in the block that starts at `block`; the block's line if it is not found."""
        if block.line is None or not needle:
            return block
        # Backslashes may stand between the characters: the file has -\\- where the book prints --.
        pattern = re.compile(r"\\*".join(map(re.escape, needle)))
        lines = self.lines(block.file)
        for index in range(block.line - 1, len(lines)):
            line = lines[index]
            if index >= block.line and not line.strip(" \t>"):  # a blank line ends the block
                break
            match = pattern.search(line)
            if match:
                return Location(block.file, index + 1, match.start() + 1)
        return Location(block.file, block.line)


@dataclass(frozen=True)
class Placed:
    """A node of the book with the block it sits in and how it is set."""

    node: Node
    block: Location
    italic: bool = False   # inside *emphasis*
    heading: bool = False  # a part's or an entry's heading (entry titles are set in italics)


@dataclass
class Context:
    """The book under check, typeset, and its files: shared by every rule of one run."""

    book: Book
    sources: Sources = field(default_factory=Sources)

    def nodes(self) -> Iterator[Placed]:
        """Every node of headings, text and notes, in reading order (a section's notes after it)."""
        for part in self.book.parts:
            for section in part.sections():
                yield from _placed(section.heading, section.location, italic=False, heading=True)
                yield from _placed(section.blocks, section.location, italic=False, heading=False)
        for note in self.book.notes():
            yield from _placed(note.blocks, note.location, italic=False, heading=False)

    def elements(self, tag: str) -> Iterator[tuple[Element, Location]]:
        for placed in self.nodes():
            if isinstance(placed.node, Element) and placed.node.tag == tag:
                yield placed.node, placed.block


def _placed(nodes: list[Node] | list[Element], block: Location, italic: bool, heading: bool) -> Iterator[Placed]:
    for node in nodes:
        if isinstance(node, Element):
            block_here = node.location or block
            yield Placed(node, block_here, italic, heading)
            yield from _placed(node.children, block_here, italic or node.tag == "em", heading)
        else:
            yield Placed(node, block, italic, heading)

