"""Page furniture out, page breaks in.

The extraction prints each page's running head and folio as lines of their own,
and marks the first line of a new page with a leading space. Furniture is
recognised by its shape, never by its words: a short line without closing
punctuation that recurs from page to page (digits aside), or that stands alone
between blank lines; a number beside such a line is its folio. The first line of
the file, short and unpunctuated above a full line of text, is the first page's
head (often the author's name, as a byline). Every removed line is reported, so
that nothing disappears unseen.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from carnets_press.importers.calls import call_numbers_near
from carnets_press.importers.lines import Line
from carnets_press.importers.report import ImportReport

_MAX_HEAD = 60  # characters: a running head is a title or a name, not a line of prose
_YEAR = re.compile(r"[12][0-9]{3}")
_NUMBER = re.compile(r"[0-9]{1,4}")
_FOLIO_IN_HEAD = re.compile(r"^([0-9]{1,4})\s|\s([0-9]{1,4})$")


@dataclass(frozen=True)
class Furniture:
    """A removed line: ``kind`` is "head" (running head or byline) or "folio"."""

    line: int
    text: str
    kind: str


def head_text(text: str) -> str:
    """A running head without its folio: "Orchard Journal 102" → "Orchard Journal"."""
    return " ".join(re.sub(r"[0-9]+", " ", text).split()).strip(" .:–—-")


def _key(text: str) -> str:
    """A running head with its folio and case taken away, so that every page's head compares equal."""
    return head_text(text).casefold()


def _is_head_shaped(text: str) -> bool:
    return (0 < len(text) <= _MAX_HEAD and not _NUMBER.fullmatch(text) and not _YEAR.fullmatch(text)
            and text[-1] not in ".!?;,")


def strip_furniture(raw: list[str], report: ImportReport) -> tuple[list[Line], list[Furniture]]:
    """The raw lines less furniture, with page starts marked; blank lines are kept (they separate blocks)."""
    texts = [text.strip() for text in raw]
    blank = [not text for text in texts]
    keys = Counter(_key(text) for text in texts if _is_head_shaped(text))

    def isolated(index: int) -> bool:
        return (index == 0 or blank[index - 1]) and (index + 1 == len(texts) or blank[index + 1])

    heads: dict[int, tuple[str, float]] = {}
    for index, text in enumerate(texts):
        if not _is_head_shaped(text):
            continue
        if keys[_key(text)] >= 2 and _key(text):
            heads[index] = ("running head, repeated on other pages", 0.95)
        elif isolated(index):
            heads[index] = ("running head, alone between blank lines", 0.7)
        elif index == _first_text(texts) and index + 1 < len(texts) and len(texts[index + 1]) > 2 * len(text):
            heads[index] = ("first page's head or byline", 0.7)
    for index in _numbered_heads(texts, heads):
        heads[index] = ("running head, its folio following on from the other heads'", 0.85)
    folios = {index: ("folio, counting up page by page beside a head", 0.9) for index in _folio_chain(texts, blank)}
    side = _head_side(list(folios), texts, blank, heads)
    for index in folios:
        neighbour = _neighbour(index, side, blank)
        if neighbour is not None and _is_head_shaped(texts[neighbour]) and neighbour not in heads:
            heads[neighbour] = ("running head, beside a folio", 0.85)
    folios |= {index: ("folio, beside a running head", 0.9) for index in _folios(texts, blank, heads)
               if index not in folios}

    furniture: list[Furniture] = []
    lines: list[Line] = []
    after_furniture = False
    for index, text in enumerate(raw):
        if index in heads or index in folios:
            decided, confidence = heads.get(index) or folios[index]
            kind = "head" if index in heads else "folio"
            furniture.append(Furniture(index + 1, texts[index], kind))
            report.add("furniture", index + 1, texts[index], f"removed: {decided}", confidence,
                       before=texts[index], after="")
            after_furniture = True
            continue
        stripped = texts[index]
        page_start = bool(stripped) and (text[:1].isspace() or after_furniture)
        lines.append(Line(index + 1, stripped, page_start=page_start))
        if stripped:
            after_furniture = False
    return lines, furniture


def _first_text(texts: list[str]) -> int:
    return next((index for index, text in enumerate(texts) if text), -1)


def _folios(texts: list[str], blank: list[bool], heads: dict[int, tuple[str, float]]) -> list[int]:
    """Numbers standing next to a running head (blank lines between are allowed)."""
    folios = []
    for index in range(len(texts)):
        neighbours = [_neighbour(index, step, blank) for step in (-1, 1)]
        if _is_folio_shaped(texts, index) and any(neighbour in heads for neighbour in neighbours):
            folios.append(index)
    return folios


def _is_folio_shaped(texts: list[str], index: int) -> bool:
    """A number alone on its line that is neither a year nor the number of a note called just above."""
    text = texts[index]
    return bool(_NUMBER.fullmatch(text)) and not _YEAR.fullmatch(text) \
        and int(text) not in call_numbers_near(texts, index)


def _numbered_heads(texts: list[str], heads: dict[int, tuple[str, float]]) -> list[int]:
    """Head-shaped lines whose folio (printed in the line) follows on, page by page, from a known head's."""
    def folio(text: str) -> int | None:
        match = _FOLIO_IN_HEAD.search(text)
        return int(match.group(1) or match.group(2)) if match else None

    known = [(index, number) for index in heads if (number := folio(texts[index])) is not None]
    found = []
    for index, text in enumerate(texts):
        number = folio(text) if index not in heads and _is_head_shaped(text) else None
        if number is not None and any(
                (number - other) * (index - position) > 0 and abs(index - position) >= 10 * abs(number - other)
                for position, other in known):
            found.append(index)
    return found


def _folio_chain(texts: list[str], blank: list[bool]) -> list[int]:
    """Numbers beside head-shaped lines that count up by about one a page: folios.

    A page holds more than ten lines, so two folios stand at least ten lines apart for
    each page between them; a note number beside a head does not keep that pace.
    """
    beside = [index for index, text in enumerate(texts) if _is_folio_shaped(texts, index) and any(
        neighbour is not None and _is_head_shaped(texts[neighbour])
        for neighbour in (_neighbour(index, -1, blank), _neighbour(index, 1, blank)))]
    chain: set[int] = set()
    for a, b in pairwise(beside):
        step = int(texts[b]) - int(texts[a])
        if step >= 1 and b - a >= 10 * step:
            chain |= {a, b}
    return sorted(chain)


def _head_side(folios: list[int], texts: list[str], blank: list[bool], heads: dict[int, tuple[str, float]]) -> int:
    """Whether the heads stand after their folios (1) or before them (−1), as most of them do.

    A page's head is on the same side of its folio on every page, while the line on the
    other side is the previous page's last line, which may be just as short.
    """
    def votes(step: int) -> float:
        neighbours = [_neighbour(index, step, blank) for index in folios]
        return sum(2.0 if n in heads else 1.0 for n in neighbours if n is not None and _is_head_shaped(texts[n]))
    return 1 if votes(1) >= votes(-1) else -1


def _neighbour(index: int, step: int, blank: list[bool]) -> int | None:
    position = index + step
    while 0 <= position < len(blank) and blank[position]:
        position += step
    return position if 0 <= position < len(blank) else None
