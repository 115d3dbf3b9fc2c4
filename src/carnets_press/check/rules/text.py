"""Prose that typography and copying from a scan or a PDF leave wrong.

These rules look at the text as it will be printed: after typography, in Text
nodes only (code and URLs are printed as written).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from carnets_press.check.context import Context
from carnets_press.check.registry import Hit, rule
from carnets_press.errors import Location
from carnets_press.manuscript.model import Code, Element, Node, Text, walk

_STRAIGHT = re.compile(r"--|[\"']")
_STRAIGHT_NAMES = {'"': "a straight double quote", "'": "a straight single quote", "--": "two hyphens"}
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
_PAGE_NUMBER = re.compile(r"\d{1,4}")


def _texts(context: Context) -> Iterator[tuple[Text, Location]]:
    for visit in context.nodes():
        if isinstance(visit.node, Text):
            yield visit.node, visit.location


@rule("straight-quote")
def straight_quote(context: Context) -> Iterator[Hit]:
    for text, block in _texts(context):
        for match in _STRAIGHT.finditer(text.value):
            # The quote with the letters around it, which the file has as they are printed.
            before = re.findall(r"[A-Za-z0-9]*$", text.value[:match.start()])[0]
            after = re.findall(r"^[A-Za-z0-9]*", text.value[match.end():])[0]
            needle = before + match.group() + after
            yield Hit(f"{_STRAIGHT_NAMES[match.group()]} left in {needle!r} after typography",
                      context.sources.locate(block, needle))


@rule("double-space")
def double_space(context: Context) -> Iterator[Hit]:
    for text, block in _texts(context):
        value = text.value
        for match in _DOUBLE_SPACE.finditer(value):
            before = re.findall(rf"\w{{0,{_AROUND}}}$", value[max(0, match.start() - _AROUND):match.start()])[0]
            after = re.findall(rf"^\w{{0,{_AROUND}}}", value[match.end():match.end() + _AROUND])[0]
            needle = before + match.group() + after
            yield Hit(f"several spaces in a row in {needle!r}", context.sources.locate(block, needle))


@rule("joined-word")
def joined_word(context: Context) -> Iterator[Hit]:
    for text, block in _texts(context):
        for match in _WORD.finditer(text.value):
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
    heads = _running_heads(context)
    for paragraph, block in context.elements("p"):
        for offset, line in enumerate(_lines(paragraph.children)):
            text = line.strip()
            place = Location(block.file, block.line + offset) if block.line else block
            if _PAGE_NUMBER.fullmatch(text):
                yield Hit(f"a line that is only the number {text}", place)
            elif not text.endswith((".", "!", "?", ";", ":")) and _words(text) in heads:  # heads end bare
                yield Hit(f"{text!r} alone on a line looks like a running head", place)


def _lines(nodes: list[Node]) -> list[str]:
    """A paragraph's text split as its file has it: at soft and hard line breaks."""
    pieces = []
    for root in nodes:
        for node in walk(root):
            if isinstance(node, (Text, Code)):
                pieces.append(node.value)
            elif isinstance(node, Element) and node.tag == "br":
                pieces.append("\n")
    return "".join(pieces).split("\n")


def _running_heads(context: Context) -> set[str]:
    """What a source's running heads print: author, title, both, and the parts' headings; page numbers aside."""
    meta = context.book.metadata
    titles = [meta.title, meta.full_title]
    heads = titles + [part.heading_text for part in context.book.parts]
    for person in meta.creators:
        heads += [person.name] + [f"{person.name} {title}" for title in titles]
    return {words for words in map(_words, heads) if words}


def _words(text: str) -> str:
    """The words of a line without the folio a running head carries at either end: "127 notebooks 1942"
    is "notebooks 1942" and matches a part "Notebooks 1942"; "December 15, 1690" keeps its day and does not
    match "December 1660"."""
    words = re.findall(r"\w+", text.casefold())
    while words and words[-1].isdigit():
        words.pop()
    while words and words[0].isdigit():
        words.pop(0)
    return " ".join(words)


@rule("digit-glued")
def digit_glued(context: Context) -> Iterator[Hit]:
    for text, block in _texts(context):
        for match in _GLUED_DIGITS.finditer(text.value):
            word, punct = match.group("word"), match.group("punct")
            if not word[-1].islower() or (punct == "." and word.casefold() in _ABBREVIATIONS):
                continue  # "B52", "MI6": names; "p.12": a citation
            yield Hit(f"{match.group()!r}: a number glued to a word", context.sources.locate(block, match.group()))
