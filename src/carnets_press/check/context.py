"""What every rule receives: the book (whose walk gives every node), and the raw files to place findings.

The model keeps only the first line of each block, so a finding about a word
inside a paragraph is placed by searching the file's own lines from there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from carnets_press.errors import Location, ManuscriptError
from carnets_press.manuscript.files import ManuscriptFiles
from carnets_press.manuscript.model import Book, Element, Text, Visit


class Sources:
    """The manuscript's files as lines, each read once, by the manuscript's file rules: a file a finding names
    but the book does not use (a stray Markdown file, a symbolic link out, a FIFO) is read only if the rules
    allow it, and is otherwise taken as empty."""

    def __init__(self, files: ManuscriptFiles) -> None:
        self.files = files
        self._lines: dict[Path, list[str]] = {}

    def lines(self, path: Path) -> list[str]:
        if path not in self._lines:
            self._lines[path] = []
            try:
                name = path.relative_to(self.files.root).as_posix()
                kind = "book.toml" if name == "book.toml" else "text"
                self._lines[path] = self.files.read_text(name, kind, None).splitlines()
            except (ValueError, ManuscriptError):  # not a path of the manuscript, or one its rules refuse
                pass
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


@dataclass
class Context:
    """The book under check, typeset, and its files: shared by every rule of one run."""

    book: Book
    sources: Sources = field(init=False)

    def __post_init__(self) -> None:
        self.sources = Sources(self.book.files)

    @functools.cached_property
    def _visits(self) -> list[Visit]:
        return list(self.book.walk())  # walked once for all the rules: the book does not change under them

    @functools.cached_property
    def texts(self) -> list[tuple[Text, Visit]]:
        """Every Text node with its visit, in reading order: what the prose rules read (a part of the walk)."""
        return [(visit.node, visit) for visit in self._visits if isinstance(visit.node, Text)]

    def nodes(self) -> Iterator[Visit]:
        """Every node of headings, text and notes, in reading order: the book's own walk."""
        return iter(self._visits)

    def elements(self, tag: str) -> Iterator[tuple[Element, Location]]:
        for visit in self.visits(tag):
            yield visit.node, visit.location  # type: ignore[misc]  # visits(tag) are of Elements

    def visits(self, tag: str) -> list[Visit]:
        """The visits of the elements with this tag, in reading order."""
        return self._by_tag.get(tag, [])

    @functools.cached_property
    def _by_tag(self) -> dict[str, list[Visit]]:
        by_tag: dict[str, list[Visit]] = {}
        for visit in self._visits:
            if isinstance(visit.node, Element):
                by_tag.setdefault(visit.node.tag, []).append(visit)
        return by_tag
