"""A block's inline run: the text of a paragraph, a heading, a list item or a note's paragraph, read as one string
across its Text nodes. Typography pairs quotes in it; the print edition finds a paragraph's last word in it.

Emphasis, spans and links are transparent; code and URLs are context, read but never changed; an image is one
letter-like object; a line break is a newline; a note call is transparent (`Vlady[^1]'s` is `Vlady's`), and the
note's blocks, read once, are runs of their own. A block inside a run (a list in a list item, a paragraph in raw
HTML's <div>) is a run of its own, and ends the run of the text before it.

Read from the book's walk (manuscript/model.py), the traversal renderers and checks use, which meets each note
right after its first call: a run stays open while its note is read.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from urllib.parse import unquote

from carnets_press.manuscript.model import Book, Code, Element, Node, NoteRef, Text, Visit
from carnets_press.manuscript.raw_html import BLOCK_ELEMENTS, INLINE_ELEMENTS

# Elements whose inline content is a run of its own (Markdown's blocks, raw HTML's); any other element is
# transparent inside its block's run.
_BLOCKS = (BLOCK_ELEMENTS - INLINE_ELEMENTS) | {
    "p", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "div", "figure", "figcaption",
    "dl", "dt", "dd", "pre", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"}
# Elements whose text is literal (raw HTML's <code>, a code block): context, never changed.
_LITERAL = {"code", "pre", "kbd", "samp"}
# An image stands in the run as one letter-like object: '![x](a.png)' is quoted.
OBJECT = "\ufffc"


@dataclass
class Run:
    """The text of one block's inline run, with where each of its Text nodes lies in it and the list it is in
    (where a node is replaced by others)."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    starts: list[int] = field(default_factory=list)  # each Text node's first index in the run, in order
    texts: list[Text] = field(default_factory=list)
    siblings: list[list[Node]] = field(default_factory=list)  # the children list each Text node is in
    objects: dict[int, Element] = field(default_factory=dict)  # images, by their index (letter-like)
    calls: set[int] = field(default_factory=set)  # indexes where a note is called (between two characters)
    block: Element | None = None  # the block it is the text of (None: a heading's)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def add_text(self, node: Text, siblings: list[Node]) -> None:
        if not node.value:
            return
        self.starts.append(self.length)
        self.texts.append(node)
        self.siblings.append(siblings)
        self._add(node.value)

    def add_context(self, value: str) -> None:
        """Characters the text beside them is read with but that are never changed (code, a URL, a line break)."""
        self._add(value)

    def add_call(self) -> None:
        self.calls.add(self.length)

    def add_object(self, image: Element) -> None:
        self.objects[self.length] = image
        self._add(OBJECT)

    def _add(self, value: str) -> None:
        self.parts.append(value)
        self.length += len(value)

    def owner(self, position: int) -> int | None:
        """The index of the Text node that holds this index of the run, if a Text node does."""
        index = bisect.bisect_right(self.starts, position) - 1
        if index >= 0 and position < self.starts[index] + len(self.texts[index].value):
            return index
        return None


def inline_runs(book: Book, headings: bool) -> list[Run]:
    """The runs of the text and of the notes, with `headings` each heading's too, in the order they begin.

    Text that is literal (in raw HTML's <code>, an autolink's address) becomes a Code node: printed as written,
    and so read by the checks."""
    reading = _Reading()
    for visit in book.walk():
        if headings or not visit.in_heading:
            reading.visit(visit)
    return reading.runs


@dataclass
class _Reading:
    runs: list[Run] = field(default_factory=list)
    open: dict[int, Run] = field(default_factory=dict)  # the run being read of each block, by the block's id

    def visit(self, visit: Visit) -> None:
        node = visit.node
        if isinstance(node, Element) and node.tag in _BLOCKS:
            self.open.pop(_block_of(visit), None)  # the text after this block is a run of its own
        elif isinstance(node, Text):
            siblings = visit.ancestors[-1].children if visit.ancestors else visit.section.heading
            if any(element.tag in _LITERAL or _is_autolink(element) for element in visit.ancestors):
                siblings[next(index for index, sibling in enumerate(siblings) if sibling is node)] = Code(node.value)
                self._run(visit).add_context(node.value)
            else:
                self._run(visit).add_text(node, siblings)
        elif isinstance(node, Code):
            self._run(visit).add_context(node.value)
        elif isinstance(node, NoteRef):
            self._run(visit).add_call()
        elif node.tag == "img":
            self._run(visit).add_object(node)
        elif node.tag == "br":
            self._run(visit).add_context("\n")

    def _run(self, visit: Visit) -> Run:
        key = _block_of(visit)
        if key not in self.open:
            self.open[key] = Run(block=_block(visit))
            self.runs.append(self.open[key])
        return self.open[key]


def _block(visit: Visit) -> Element | None:
    """The block whose run the node is in: the innermost around it, else its top-level block (None: a heading)."""
    return next((element for element in reversed(visit.ancestors) if element.tag in _BLOCKS), visit.block)


def _block_of(visit: Visit) -> int:
    """The id of the block whose run the node is in, or of its heading."""
    inner = _block(visit)
    return id(inner) if inner is not None else id(visit.section.heading)


def _is_autolink(element: Element) -> bool:
    """`<https://…>`: a link whose text is its address. The address is printed as written."""
    if element.tag != "a" or len(element.children) != 1 or not isinstance(element.children[0], (Text, Code)):
        return False
    href = unquote(element.attrs.get("href", ""))
    text = unquote(element.children[0].value)
    return bool(text) and href in (text, f"mailto:{text}")
