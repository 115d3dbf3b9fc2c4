"""Page block order: a page's blocks put back in reading order where the extraction read a column out of turn.

pdftotext (default mode) emits a page block by block, with a blank line between blocks. On a page set in two
columns it mostly reads the left column, then the right; but where something spans both columns above the left
one only (a part's opening heading), it may emit the right column first. The page then opens (or, where the
heading came first, goes on) with a fragment that finishes a word broken at the foot of a later block ("sions"
after "provi-"). Only that evidence is acted on: a hyphen at the end of a later block of the same page whose
halves make a word, where the text before (the page before's block ends, or the block before) offers none.
Weaker evidence (a first word that is a word by itself, a next block that carries on from it, a broken word more
than one block could finish) leaves the extraction's order as it is, and says so.

The same evidence joins two blocks in order where the second finishes the first's broken last word: one column
going on in the next. The blank line between them is the extraction's, not the text's; left in, it would set the
next column apart, opening in lower case, as a note going on from the page before is set at a page's foot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby

from carnets_press.importers.lexicon import UNKNOWN, Lexicon
from carnets_press.importers.lines import Line, ends_sentence
from carnets_press.importers.report import ImportReport

_BROKEN = re.compile(r"([^\W\d_]+)[-‐]$")  # a line ending in a word broken by a hyphen
_HEAD = re.compile(r"[^\W\d_]+")
_MOVED = 0.9  # a block opens on a fragment that is no word, and another block ends in its first half
_MOVED_WORD = 0.7  # the fragment is a word by itself, but the block after it opens anew: to be checked
_DOUBT = 0.4


@dataclass
class _Block:
    """A run of text lines, and the blank lines that followed it in the extraction."""

    lines: list[Line]
    gap: list[Line]

    @property
    def span(self) -> str:
        return f"{self.lines[0].number}–{self.lines[-1].number}"


def restore_column_order(lines: list[Line], lexicon: Lexicon, report: ImportReport) -> list[Line]:
    """The lines with each page's blocks in reading order; every move, every join and every doubt is reported."""
    result: list[Line] = []
    before: list[_Block] = []  # the blocks of the page before
    for _, group in groupby(lines, key=lambda line: line.page):
        page = list(group)
        lead = list(_leading_blanks(page))
        blocks = _blocks(page[len(lead):])
        ordered = _order(blocks, before, lexicon, report)
        if ordered and ordered[0] is not blocks[0]:
            blocks[0].lines[0].page_start, ordered[0].lines[0].page_start = False, blocks[0].lines[0].page_start
        result += lead
        for k, block in enumerate(ordered):
            result += block.lines
            if k + 1 == len(ordered) or not _runs_on(block, ordered[k + 1], lexicon, report):
                result += blocks[k].gap  # blank lines stay where they were
        before = blocks or before
    return result


def _leading_blanks(page: list[Line]) -> Iterator[Line]:
    for line in page:
        if line.text:
            return
        yield line


def _blocks(lines: list[Line]) -> list[_Block]:
    blocks: list[_Block] = []
    for line in lines:
        if line.text and (not blocks or blocks[-1].gap):
            blocks.append(_Block([], []))
        (blocks[-1].lines if line.text else blocks[-1].gap).append(line)
    return blocks


def _order(blocks: list[_Block], before: list[_Block], lexicon: Lexicon, report: ImportReport) -> list[_Block]:
    """The page's blocks in reading order: ``blocks`` itself unless a block must follow a later one.

    The first block of a page may go on from the page before; a later one from the block before it.
    """
    for i in range(len(blocks) - 1):
        moved = _moved(blocks, i, before if i == 0 else blocks[i - 1:i], lexicon, report)
        if moved is not None:
            return moved
    return blocks


def _moved(blocks: list[_Block], i: int, before: list[_Block], lexicon: Lexicon,
           report: ImportReport) -> list[_Block] | None:
    """The blocks with block ``i`` moved after the later block that ends in the first half of its first word;
    None where it stays (and where that is in doubt, the doubt reported)."""
    first = blocks[i].lines[0]
    head = _HEAD.match(first.text) if first.text[0].islower() else None
    if head is None:
        return None
    fragment = head.group()
    fragmentary = lexicon.zipf(fragment) < UNKNOWN
    finishing = [(k, word) for k in range(i + 1, len(blocks)) if (word := _completed(blocks[k], fragment, lexicon))]
    earlier = [block for block in before if _completed(block, fragment, lexicon)]
    if not finishing:
        if fragmentary and not earlier and any(not ends_sentence(block.lines[-1].text) for block in blocks[i + 1:]):
            report.add("columns", first.number, first.text,
                       f"lines {blocks[i].span} open mid-word ('{fragment}'), and no block ends in a word it "
                       "finishes: the extraction's order kept", _DOUBT)
        return None
    k, word = finishing[-1]
    if len(finishing) > 1 or earlier:
        other = blocks[finishing[0][0]] if len(finishing) > 1 else earlier[-1]
        report.add("columns", first.number, first.text,
                   f"lines {blocks[i].span} open with '{fragment}', which the broken word at the end of lines "
                   f"{blocks[k].span} and of lines {other.span} could both finish: the extraction's order kept",
                   _DOUBT)
        return None
    if not fragmentary and blocks[i + 1].lines[0].text[:1].islower():
        report.add("columns", first.number, first.text,
                   f"lines {blocks[i].span} may follow lines {blocks[k].span} ('{word}'), but lines "
                   f"{blocks[i + 1].span} carry on from them: the extraction's order kept", _DOUBT)
        return None
    report.add("columns", first.number, first.text,
               f"lines {blocks[i].span} read after lines {blocks[k].span}: they open with '{fragment}', which "
               f"finishes the word broken at that block's end ('{word}'); the extraction had read a column out of turn",
               _MOVED if fragmentary else _MOVED_WORD)
    return blocks[:i] + blocks[i + 1:k + 1] + blocks[i:i + 1] + blocks[k + 1:]


def _runs_on(block: _Block, following: _Block, lexicon: Lexicon, report: ImportReport) -> bool:
    """Whether the following block finishes the word broken at the block's end (reported where it does)."""
    first = following.lines[0]
    head = _HEAD.match(first.text) if first.text[0].islower() else None
    word = _completed(block, head.group(), lexicon) if head is not None else None
    if word is None:
        return False
    report.add("columns", first.number, first.text,
               f"lines {following.span} run on from lines {block.span} ('{word}'): one column going on in the next, "
               "the blank line between them dropped", _MOVED)
    return True


def _completed(block: _Block, fragment: str, lexicon: Lexicon) -> str | None:
    """The word the fragment completes, broken by a hyphen at the block's end; None if it completes none.

    The halves make a word of the language or one the text prints, joined or (a compound) with its hyphen.
    """
    broken = _BROKEN.search(block.lines[-1].text)
    if broken is None:
        return None
    whole, compound = broken.group(1) + fragment, f"{broken.group(1)}-{fragment}"
    if lexicon.known(whole) or lexicon.used(whole):
        return whole
    return compound if lexicon.used(compound) else None
