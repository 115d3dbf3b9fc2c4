"""Prose that typography and copying from a scan or a PDF leave wrong.

These rules look at the text as it will be printed: after typography, in Text
nodes only (code and URLs are printed as written). A book has a million words and
nearly all of them are fine: each rule first asks, with one search in C, whether a
text can hold a finding at all, and reads it word by word only when it can.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from carnets_press.check.context import Context
from carnets_press.check.registry import Hit, rule
from carnets_press.errors import Location
from carnets_press.manuscript.model import Code, Element, Node, Text, Visit, plain_text, walk

_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
# The words around a finding, at most this long each: a pattern with unbounded \w* on both sides of the spaces
# backtracked over a whole long word at every position (quadratic).
_AROUND = 30
_WORD = re.compile(r"[^\W\d_]+")
# Names that join a short particle to a capital: McDonald, MacArthur, DeGaulle, LaGuardia, VanDyke, FitzGerald.
_NAME_PARTICLES = {"Mac", "Van", "Von", "Fitz", "Des", "Del", "Della", "Ten", "Ter"}
_GLUED_DIGITS = re.compile(r"(?<!\w)(?P<word>[^\W\d_]+)(?P<punct>[.,;:!?’”)\]]*)(?P<digits>\d{1,3})(?!\w)")
# "p.12", "vol.3", "no.5": citations, not lost note calls.
_ABBREVIATIONS = {"p", "pp", "vol", "vols", "no", "nos", "ch", "fig", "art", "n", "s", "f", "ff"}
# What a lowercase or an uppercase letter can be (str.islower, str.isupper): ASCII exactly, Latin-1 nearly, and
# anything past it but the punctuation of U+2000–U+206F (’ “ ” – —, in every line of a typeset book). A text with
# no such three in a row has no joined word; tests/check/test_check_rules.py checks that no letter is left out.
_MAYBE_LOWER = "a-z\u00aa\u00b5\u00ba\u00df-\u00f6\u00f8-\u00ff\u0100-\u1fff\u2070-\U0010ffff"
_MAYBE_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u1fff\u2070-\U0010ffff"
# Capitals are rarer than small letters, and digits than letters: each search looks for the rarer character and
# only then behind it (a pattern that begins with a class is scanned for that class in C).
_MAYBE_JOINED = re.compile(f"[{_MAYBE_UPPER}](?<=[{_MAYBE_LOWER}][{_MAYBE_UPPER}])(?=[{_MAYBE_LOWER}])")
# A digit after a letter, with none, one or more of the marks _GLUED_DIGITS allows between them (not "1,000").
_GLUE = r"[.,;:!?’”)\]]"
_MAYBE_GLUED = re.compile(rf"\d(?:(?<=[^\W\d_]\d)|(?<=[^\W\d_]{_GLUE}\d)|(?<={_GLUE}{_GLUE}\d))")
_PAGE_NUMBER = re.compile(r"\d{1,4}")
_WORDS = re.compile(r"\w+")
# A signature is followed, to the end of its section, by at most a place and a date: a few short paragraphs.
_SIGNATURE_LINES, _SIGNATURE_LINE = 3, 60


def _texts(context: Context, *needles: str) -> Iterator[tuple[str, Location]]:
    """The value and place of every Text; with `needles`, only of those that hold one of them."""
    for text, visit in context.texts:
        value = text.value
        if not needles or any(needle in value for needle in needles):
            yield value, visit.location


@rule("double-space")
def double_space(context: Context) -> Iterator[Hit]:
    for value, block in _texts(context, "  "):
        for match in _DOUBLE_SPACE.finditer(value):
            before = re.findall(rf"\w{{0,{_AROUND}}}$", value[max(0, match.start() - _AROUND):match.start()])[0]
            after = re.findall(rf"^\w{{0,{_AROUND}}}", value[match.end():match.end() + _AROUND])[0]
            needle = before + match.group() + after
            yield Hit(f"several spaces in a row in {needle!r}", context.sources.locate(block, needle))


@rule("joined-word")
def joined_word(context: Context) -> Iterator[Hit]:
    for value, block in _texts(context):
        if _MAYBE_JOINED.search(value) is None:  # nearly every text
            continue
        for match in _WORD.finditer(value):
            word = match.group()
            if word[1:].islower() or word.isupper():  # nearly every word: no capital inside it (str methods, in C)
                continue
            join = next(_camel_joins(word), None)  # one finding a word, however many joins it has
            if join is not None:
                shown = word if len(word) <= 40 else f"{word[:37]}…"
                yield Hit(f"{shown!r} looks like two words joined: {word[max(0, join - 15):join]} "
                          f"{word[join:join + 15]}", context.sources.locate(block, word[:80]))


def _camel_joins(word: str) -> Iterator[int]:
    """Where a lowercase letter is followed by a capitalised word ("JusticeRevolution" → 7), names excepted."""
    for index in range(1, len(word) - 1):
        if word[index - 1].islower() and word[index].isupper() and word[index + 1].islower():
            start = max((i for i in range(index) if word[i].isupper()), default=0)
            particle = word[start:index]
            if len(particle) >= 3 and particle not in _NAME_PARTICLES:
                yield index


@rule("stray-page-furniture")
def stray_page_furniture(context: Context) -> Iterator[Hit]:
    heads, authors = _running_heads(context)
    for visit in context.visits("p"):
        paragraph, block = visit.node, visit.location
        assert isinstance(paragraph, Element)
        lines = _lines(paragraph.children)
        marked: list[bool] | None = None  # read only for a line that would be reported
        for offset, line in enumerate(lines):
            text = line.strip()
            number = _PAGE_NUMBER.fullmatch(text) is not None
            if not number:
                if text.endswith((".", "!", "?", ";", ":", ",")):  # running heads end bare
                    continue
                words = _folio_aside(text)
                if not (words & heads or (words & authors and not _signature(visit, lines, offset))):
                    continue
            marked = _marked(paragraph.children) if marked is None else marked
            if marked[offset]:  # the editor set it so: [1903]{.diary-header}, [Alexander Mackenzie]{.smallcaps}
                continue
            place = Location(block.file, block.line + offset) if block.line else block
            yield Hit(f"a line that is only the number {text}" if number
                      else f"{text!r} alone on a line looks like a running head", place)


def _lines(nodes: list[Node]) -> list[str]:
    """A paragraph's text split as its file has it: at soft and hard line breaks."""
    if len(nodes) == 1 and isinstance(nodes[0], Text):  # most paragraphs
        return nodes[0].value.split("\n")
    pieces = []
    for root in nodes:
        for node in walk(root):
            if isinstance(node, (Text, Code)):
                pieces.append(node.value)
            elif isinstance(node, Element) and node.tag == "br":
                pieces.append("\n")
    return "".join(pieces).split("\n")


def _marked(nodes: list[Node]) -> list[bool]:
    """For each line of _lines, whether all its text is inside an element: set so by the editor."""
    lines: list[list[tuple[str, bool]]] = [[]]

    def add(node: Node, marked: bool) -> None:
        if isinstance(node, (Text, Code)):
            for index, piece in enumerate(node.value.split("\n")):
                if index:
                    lines.append([])
                lines[-1].append((piece, marked))
        elif isinstance(node, Element):
            if node.tag == "br":
                lines.append([])
            for child in node.children:
                add(child, True)

    for node in nodes:
        add(node, False)
    return [any(piece.strip() for piece, _ in line) and all(marked for piece, marked in line if piece.strip())
            for line in lines]


def _running_heads(context: Context) -> tuple[set[str], set[str]]:
    """What a source's running heads print: the title, the author with it, and the parts' headings; and apart,
    the author's name alone, which is also how a preface or a letter is signed."""
    meta = context.book.metadata
    titles = [meta.title, meta.full_title]
    heads = titles + [part.heading_text for part in context.book.parts]
    heads += [f"{person.name} {title}" for person in meta.creators for title in titles]
    authors = {_words(person.name) for person in meta.creators}
    return {words for words in map(_words, heads) if words}, authors - {""}


def _words(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def _folio_aside(text: str) -> set[str]:
    """The line's words, and its words without a folio at one end, the end a running head carries it at:
    "127 Notebooks 1942" is also "notebooks 1942", a part's heading; "December 15, 1690" is also "december 15",
    and "28 March, 1672" "march 1672" or "28 march": not "december 1660" nor "march"."""
    words = _WORDS.findall(text.casefold())
    found = {" ".join(words)}
    if len(words) > 1 and _PAGE_NUMBER.fullmatch(words[0]):
        found.add(" ".join(words[1:]))
    if len(words) > 1 and _PAGE_NUMBER.fullmatch(words[-1]):
        found.add(" ".join(words[:-1]))
    return found


def _signature(visit: Visit, lines: list[str], offset: int) -> bool:
    """Whether the author's name alone on a line signs what is above it: after a line that ends with a comma
    ("your servant,"), or in a paragraph followed only by short ones (a place, a date) to the end of its
    section, quotation or note."""
    if offset > 0 and lines[offset - 1].rstrip().endswith(","):
        return True
    siblings: list = (visit.ancestors[-1].children if visit.ancestors
                      else visit.note.blocks if visit.note is not None else visit.section.blocks)
    after = [node for node in siblings[next((i for i, node in enumerate(siblings) if node is visit.node),
                                            len(siblings)) + 1:] if not isinstance(node, Text) or node.value.strip()]
    return len(after) <= _SIGNATURE_LINES and all(
        isinstance(node, Element) and node.tag == "p" and len(plain_text([node]).strip()) <= _SIGNATURE_LINE
        for node in after)


@rule("digit-glued")
def digit_glued(context: Context) -> Iterator[Hit]:
    for value, block in _texts(context):
        if _MAYBE_GLUED.search(value) is None:
            continue
        for match in _GLUED_DIGITS.finditer(value):
            word, punct = match.group("word"), match.group("punct")
            if not word[-1].islower() or (punct == "." and word.casefold() in _ABBREVIATIONS):
                continue  # "B52", "MI6": names; "p.12": a citation
            yield Hit(f"{match.group()!r}: a number glued to a word", context.sources.locate(block, match.group()))
