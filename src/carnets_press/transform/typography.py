"""Typographic quotes, dashes and ellipses on the book's prose, as Pandoc's `smart` extension makes them.

`--` is an en dash, `---` an em dash, `...` an ellipsis (a spaced `. . .` is left as written); a straight quote
becomes an opening or a closing quote, or an apostrophe, from the characters on either side of it; a no-break
space joins an abbreviation of Pandoc's list to the word after it (Mr.\u00a0Lam, p.\u00a012).

Those characters may sit in another node: `*Clochemerle*'s`, `'*Clochemerle*'`, `[NKVD]{.smallcaps}'s`. So each
block's inline run (a paragraph, a heading, a list item, a note's paragraph) is read as one string: the text of
its Text nodes, with code spans and URLs in it as context that is never changed, an image as one letter-like
object, a line break as a space; emphasis, spans and links are transparent, and so is a note call (`Vlady[^1]'s`
is `Vlady's`). Each quote is decided there, and the result is written back into the Text nodes by index: no
marker character stands for a node, so no character of the text can be taken for one.

How quotes pair follows Pandoc: a `"` opens unless a letter or digit is right before it or a space right after
it, and closes an open `"`; a `'` between two letters is an apostrophe (don't, l'homme), one that opens becomes
‘ only if a `'` closes it later, else it is an apostrophe (the '90s, 'Twas). Where Pandoc's parser goes wrong
(it reads `'Twas the night,' he said` as a quotation, takes a note call or a span for a space, and lets `'n'` be
quoted) the characters around decide here instead; see tests/transform/test_typography_pandoc.py.

Double quotes are the edition's language's (« » in French, with no-break spaces inside, which replace the spaces
a French manuscript types inside its quotes: `" Bonjour "`; „ “ in German); the typographic quotes a manuscript
already has are left as they are. A character the reader keeps as it was written (an escaped `\\"`, given as a
Code node) is left alone, as code is.

`hold_line_breaks` is for the print edition only (render/print/document.py applies it to its copy of the book):
a word joiner (U+2060) before a closed em dash, which Unicode's line breaking lets a line begin with ("word—word"
may break before the dash as well as after it), and a no-break space before a spaced ellipsis ("word …"), so that
no line begins with either. A spaced `. . .` needs none: no line may break before a full stop, even after a space
(UAX #14, LB13). The EPUB keeps the text as Pandoc makes it: a word joiner there would go into what a reader
copies, searches for or looks up, and its reading system sets lines of its own width.

Our own code, not a library's: smartypants, which this replaces, converts one string at a time, and so cannot
see a quote's neighbour in another node, the cause of every wrong quote above; no maintained library converts a
tree of nodes with that context.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

from carnets_press.manuscript.model import Book, Code, Element, Node, Note, NoteRef, Text
from carnets_press.manuscript.raw_html import BLOCK_ELEMENTS, INLINE_ELEMENTS

# Double quotes by language (CLDR's delimiters, which Babel does not ship). French sets a space inside
# its guillemets; the book fonts lack the narrow no-break space (U+202F) typographers prefer, so U+00A0.
_DOUBLE_QUOTES = {"fr": ("«\u00a0", "\u00a0»"), "de": ("„", "“"), "es": ("«", "»"), "it": ("«", "»")}
_ENGLISH_QUOTES = ("“", "”")
_OPEN_SINGLE, _CLOSE_SINGLE = "‘", "’"  # the closing single quote is the apostrophe too

# What typography can change (an abbreviation ends in a full stop before a space); a run whose text has none of
# these is left as it is.
_CONVERTIBLE = re.compile(r"[\"']|--|\.[. \t]")
# Dashes and ellipses, left to right (Pandoc's order): `----` is an em dash and a hyphen.
_SEQUENCES = re.compile(r"---|--|\.\.\.")
_SEQUENCE_CHARACTERS = {"---": "—", "--": "–", "...": "…"}

# A `'` before these is an elision, not an opening quote, even when a closing quote follows: 'Twas the night,'
# he said. Two digits are a year ('41, the '90s), unless a quote closes right after them ('13'); four are not.
_ELISION = re.compile(r"'(?:tis|twas|twere|twill|twould|twixt|tween|em|neath|gainst|cause|cos|til|bout|\d\ds?)"
                      r"(?![\w'’])", re.IGNORECASE)
# rock 'n' roll: both quotes are apostrophes.
_AND = re.compile(r"'n'(?!\w)", re.IGNORECASE)

# Pandoc's smart extension also joins these abbreviations to the word after them with a no-break space (Mr. Lam,
# p. 12, e.g. bread): its default list, `pandoc --print-default-data-file abbreviations` (pandoc 3.9), for every
# language as Pandoc does. An abbreviation is one of Pandoc's words (no letter, digit or full stop right before
# it), followed in the same Text node by spaces and then anything but a note call.
_ABBREVIATIONS = (
    "aet. aetat. al. Apr. Aug. bk. Bros. c. Capt. cf. ch. chap. chs. Co. col. Corp. cp. d. Dec. Dr. e.g. ed. eds. "
    "esp. f. fasc. Feb. ff. fig. fl. fol. fols. Fr. Gen. Gov. Hon. i.e. ill. Inc. incl. Jan. Jr. Jul. Jun. Ltd. "
    "M.A. M.D. Mar. Mr. Mrs. Ms. n. n.b. nn. No. Nov. Oct. p. Ph.D. pp. Pres. Prof. pt. q.v. Rep. Rev. s.v. s.vv. "
    "saec. sec. Sen. Sep. Sept. Sgt. Sr. St. univ. viz. vol. vs.").split()
_ABBREVIATION = re.compile(r"(?<![^\W_])(?<!\.)(?:" + "|".join(map(re.escape, sorted(_ABBREVIATIONS, key=len,
                                                                                    reverse=True))) + r")([ \t]+)")

# Elements whose inline content is a run of its own (Markdown's blocks, raw HTML's); any other element is
# transparent inside its block's run.
_BLOCKS = (BLOCK_ELEMENTS - INLINE_ELEMENTS) | {
    "p", "blockquote", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "div", "figure", "figcaption",
    "dl", "dt", "dd", "pre", "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th"}
# Elements whose text is literal (raw HTML's <code>, a code block): context, never changed.
_LITERAL = {"code", "pre", "kbd", "samp"}
# An image stands in the run as one letter-like object: '![x](a.png)' is quoted.
_OBJECT = "\ufffc"
# No line break on either side of it (UAX #14, LB11); a font has no glyph for it, and needs none (default ignorable).
_WORD_JOINER = "\u2060"

_SPACE, _WORD, _OTHER = range(3)
# Before a `"` that opens a quotation inside another, besides a space: an opening bracket or quote, a dash.
_OPENING_CATEGORIES = {"Ps", "Pi", "Pd"}


def apply_typography(book: Book) -> None:
    """Each heading and each block (of the text or of a note) is read as a run: quotes do not pair across blocks.

    An image's alt text is typeset too (as Pandoc does an image's description), and so are an entry's place and
    title, read from its heading: the renderers find them in the heading as it is printed."""
    language = book.metadata.language.split("-")[0].casefold()
    quotes = _DOUBLE_QUOTES.get(language, _ENGLISH_QUOTES)
    collector = _collect(book, headings=True)
    for run in collector.runs:
        run.typeset(quotes)
    for image in collector.images:
        image.attrs["alt"] = _typeset(image.attrs["alt"], quotes)
    for entry in book.entries():
        entry.place = _typeset(entry.place, quotes) if entry.place else entry.place
        entry.title = _typeset(entry.title, quotes) if entry.title else entry.title


def hold_line_breaks(book: Book) -> None:
    """No line of the text or of a note may begin with a closed em dash or a spaced ellipsis (see above). Headings
    are left as they are: their text is also the PDF's bookmarks, which would keep the word joiner."""
    for run in _collect(book, headings=False).runs:
        run.hold_breaks()


def _collect(book: Book, headings: bool) -> _Collector:
    collector = _Collector()
    for part in book.parts:
        for section in part.sections():
            if headings:
                collector.block(section.heading)
            for block in section.blocks:
                collector.block([block])
    return collector


def _typeset(value: str, quotes: tuple[str, str]) -> str:
    text = Text(value)
    run = _Run()
    run.add_text(text)
    run.typeset(quotes)
    return text.value


@dataclass
class _Run:
    """The text of one block's inline run, with where each of its Text nodes lies in it."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    starts: list[int] = field(default_factory=list)  # each Text node's first index in the run, in order
    texts: list[Text] = field(default_factory=list)
    objects: set[int] = field(default_factory=set)  # indexes of images (letter-like, whatever their character)
    calls: set[int] = field(default_factory=set)  # indexes where a note is called (between two characters)
    convertible: bool = False

    def add_text(self, node: Text) -> None:
        if not node.value:
            return
        self.starts.append(self.length)
        self.texts.append(node)
        self.convertible = self.convertible or _CONVERTIBLE.search(node.value) is not None
        self._add(node.value)

    def add_context(self, value: str) -> None:
        """Characters the quotes beside them see but that are never changed (code, a URL, a line break)."""
        self._add(value)

    def add_call(self) -> None:
        self.calls.add(self.length)

    def add_object(self) -> None:
        self.objects.add(self.length)
        self._add(_OBJECT)

    def _add(self, value: str) -> None:
        self.parts.append(value)
        self.length += len(value)

    def typeset(self, quotes: tuple[str, str]) -> None:
        if not self.convertible:
            return
        text = "".join(self.parts)
        # edits[node index][offset in the node] = (length replaced, replacement)
        edits: list[dict[int, tuple[int, str]]] = [{} for _ in self.texts]
        positions = [start + match.start() for start, node in zip(self.starts, self.texts, strict=True)
                     for match in re.finditer(r"[\"']", node.value)]
        for position, character in _quotes(text, positions, self.objects, quotes).items():
            self._edit(edits, position, character)
            if character == quotes[0] and quotes[0][-1].isspace():
                self._swallow_spaces(edits, text, position + 1, 1)
            elif character == quotes[1] and quotes[1][0].isspace():
                self._swallow_spaces(edits, text, position - 1, -1)
        for index, node in enumerate(self.texts):
            for match in _SEQUENCES.finditer(node.value):
                edits[index][match.start()] = (len(match.group()), _SEQUENCE_CHARACTERS[match.group()])
            for match in _ABBREVIATION.finditer(node.value):
                end = self.starts[index] + match.end()  # where the word after the spaces begins, in the run
                if end < len(text) and end not in self.calls and not any(
                        offset in edits[index] for offset in range(*match.span(1))):
                    edits[index][match.start(1)] = (len(match.group(1)), "\u00a0")
            if edits[index]:
                node.value = _apply(node.value, edits[index])

    def hold_breaks(self) -> None:
        """A word joiner between a closed em dash and what is before it; a no-break space before an ellipsis."""
        text = "".join(self.parts)
        edits: list[dict[int, tuple[int, str]]] = [{} for _ in self.texts]
        for index, node in enumerate(self.texts):
            for match in re.finditer("—", node.value):
                position = self.starts[index] + match.start()
                if position and not text[position - 1].isspace() and text[position - 1] != _WORD_JOINER:
                    edits[index][match.start()] = (0, _WORD_JOINER)
        for match in re.finditer(r"\s+…", text):
            spaces = range(match.start(), match.end() - 1)
            for position in spaces:
                if (owner := self._owner(position)) is not None:
                    kept = position == spaces[-1]  # the one before the ellipsis; HTML would collapse the others
                    edits[owner][position - self.starts[owner]] = (1, "\u00a0" if kept else "")
        for index, node in enumerate(self.texts):
            if edits[index]:
                node.value = _apply(node.value, edits[index])

    def _owner(self, position: int) -> int | None:
        """The index of the Text node that holds this index of the run, if a Text node does."""
        index = bisect.bisect_right(self.starts, position) - 1
        if index >= 0 and position < self.starts[index] + len(self.texts[index].value):
            return index
        return None

    def _edit(self, edits: list[dict[int, tuple[int, str]]], position: int, replacement: str) -> None:
        index = self._owner(position)
        assert index is not None  # quotes are only looked for in Text nodes
        edits[index][position - self.starts[index]] = (1, replacement)

    def _swallow_spaces(self, edits: list[dict[int, tuple[int, str]]], text: str, position: int, step: int) -> None:
        """The spaces typed inside French quotes (`" Bonjour "`) give way to the quotes' own no-break spaces."""
        while 0 <= position < len(text) and text[position].isspace() and (index := self._owner(position)) is not None:
            edits[index][position - self.starts[index]] = (1, "")
            position += step


def _apply(value: str, edits: dict[int, tuple[int, str]]) -> str:
    pieces = []
    done = 0
    for offset in sorted(edits):
        length, replacement = edits[offset]
        pieces.append(value[done:offset])
        pieces.append(replacement)
        done = offset + length
    pieces.append(value[done:])
    return "".join(pieces)


def _quotes(text: str, positions: list[int], objects: set[int], quotes: tuple[str, str]) -> dict[int, str]:
    """The character each straight quote at `positions` in `text` becomes."""
    result: dict[int, str] = {}
    stack: list[int] = []  # open quotes, innermost last
    apostrophes: set[int] = set()  # the second quote of 'n'
    spaced = quotes[0][-1].isspace()  # French: `" Bonjour "` opens with a space after it

    def kind(position: int) -> int:
        if position < 0 or position >= len(text):
            return _SPACE
        if position in objects:
            return _WORD
        character = text[position]
        if character.isspace():
            return _SPACE
        return _WORD if unicodedata.category(character)[0] in "LNM" else _OTHER

    def open_quote(position: int) -> int | None:
        """The innermost open quote of this character, by its place in the stack."""
        return next((i for i in range(len(stack) - 1, -1, -1) if text[stack[i]] == text[position]), None)

    def close(opened: int, position: int) -> None:
        # Quotes opened inside this one and never closed stay as they were made (an apostrophe, an opening “).
        opening = stack[opened]
        del stack[opened:]
        if text[position] == "'":
            result[opening] = _OPEN_SINGLE
            result[position] = _CLOSE_SINGLE
        else:
            result[position] = quotes[1]

    for position in positions:
        before, after = kind(position - 1), kind(position + 1)
        if text[position] == "'":
            result[position] = _CLOSE_SINGLE  # an apostrophe unless it opens a quotation that is closed
            if position in apostrophes or (before == _WORD and after == _WORD):
                continue
            if before != _WORD and _AND.match(text, position):
                apostrophes.add(position + 2)
                continue
            if before != _WORD and _ELISION.match(text, position):
                continue
            opened = open_quote(position)
            if before != _SPACE and after != _WORD and opened is not None:
                close(opened, position)
            elif before != _WORD and after != _SPACE:
                stack.append(position)
            continue
        opened = open_quote(position)
        if spaced and before == _SPACE and position + 1 < len(text) and after == _SPACE:
            closes = opened is not None  # " Bonjour " : the first opens, the second closes
        else:
            # A `"` closes the open one, unless it can only be opening a quotation inside it ("a "b" c").
            nested = (_opens_after(text, position - 1) and after != _SPACE
                      and (after == _WORD or _opens_after(text, position + 1)))
            closes = opened is not None and not nested
            if not closes and not (before != _WORD and after != _SPACE):
                result[position] = quotes[1]  # a closing quote with nothing to close, as Pandoc makes it
                continue
        if closes:
            assert opened is not None
            close(opened, position)
        else:
            result[position] = quotes[0]
            stack.append(position)
    return result


def _opens_after(text: str, position: int) -> bool:
    """Whether the character at `position` may stand before an opening quote: a space, an opening bracket or quote,
    a dash (the start and the end of the run count as spaces)."""
    return not 0 <= position < len(text) or text[position].isspace() or (
        unicodedata.category(text[position]) in _OPENING_CATEGORIES)


@dataclass
class _Collector:
    """The runs of a book, in reading order; then each note's, once, and the images whose alt text is typeset."""

    runs: list[_Run] = field(default_factory=list)
    images: list[Element] = field(default_factory=list)
    run: _Run = field(default_factory=_Run)
    seen: set[int] = field(default_factory=set)  # the notes already read (a note called twice is read once)

    def block(self, nodes: list[Node], literal: bool = False) -> None:
        self._close()
        notes = self._inline(nodes, literal)
        self._close()
        for note in notes:
            for block in note.blocks:
                self.block([block])

    def _close(self) -> None:
        if self.run.texts:
            self.runs.append(self.run)
        self.run = _Run()

    def _inline(self, nodes: list[Node], literal: bool = False) -> list[Note]:
        """Add the nodes to the run (a block inside them is a run of its own); return the notes they call.

        Text that is literal (in raw HTML's <code>, an autolink's address) becomes a Code node: printed as written,
        and so read by the checks."""
        notes: list[Note] = []
        for index, node in enumerate(nodes):
            if isinstance(node, Text):
                if literal:
                    nodes[index] = Code(node.value)
                    self.run.add_context(node.value)
                else:
                    self.run.add_text(node)
            elif isinstance(node, Code):
                self.run.add_context(node.value)
            elif isinstance(node, NoteRef):  # transparent: Vlady[^1]'s
                self.run.add_call()
                if id(node.note) not in self.seen:
                    self.seen.add(id(node.note))
                    notes.append(node.note)
            elif node.tag == "img":
                self.run.add_object()
                if node.attrs.get("alt"):
                    self.images.append(node)
            elif node.tag == "br":
                self.run.add_context("\n")
            elif node.tag in _BLOCKS:
                self.block(node.children, literal or node.tag in _LITERAL)
            else:
                notes += self._inline(node.children, literal or node.tag in _LITERAL or _is_autolink(node))
        return notes


def _is_autolink(element: Element) -> bool:
    """`<https://…>`: a link whose text is its address. The address is printed as written."""
    if element.tag != "a" or len(element.children) != 1 or not isinstance(element.children[0], (Text, Code)):
        return False
    href = unquote(element.attrs.get("href", ""))
    text = unquote(element.children[0].value)
    return bool(text) and href in (text, f"mailto:{text}")
