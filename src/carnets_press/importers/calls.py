"""Note calls: digits glued to the word or punctuation before them ("Vlady.1", "Popo10").

Digits glue to words for other reasons too ("B52", a lost space), so a candidate
is only a call if it fits the rising sequence 1, 2, 3… that the calls of a book
(or of a page) make: the best such sequence is kept, a skipped number costing
less than a call gained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carnets_press.importers.lines import Line

_CANDIDATE = re.compile(r"[0-9]{1,3}(?![0-9\w])")
_GLUE = set(".,;:!?)]’”'\"»…")
_GAP = 0.6  # what skipping a number costs a sequence of calls, against 1 for each call kept


def call_candidates(text: str) -> list[tuple[int, int, int]]:
    """(start, end, number) of every run of digits glued to a letter or to closing punctuation.

    "10,000" and "3.5" are numbers, not calls: punctuation only glues a call when a
    digit does not stand before it.
    """
    found = []
    for match in _CANDIDATE.finditer(text):
        start = match.start()
        before = text[start - 1] if start else ""
        if not before or before.isdigit() or before.isspace():
            continue
        if before in _GLUE:
            if start < 2 or text[start - 2].isdigit() or text[start - 2].isspace():
                continue
        elif not before.isalpha():
            continue
        found.append((start, match.end(), int(match.group())))
    return found


def call_numbers_near(texts: list[str], index: int, span: int = 60) -> set[int]:
    """Numbers glued as calls in the lines just above ``index``."""
    return {number for text in texts[max(0, index - span):index] for _, _, number in call_candidates(text)}


@dataclass
class Call:
    """A call kept: where its digits are, their number, and the page it is on."""


    line: Line
    start: int
    end: int
    number: int
    page: int


def rising(candidates: list[Call], printed: set[int]) -> list[Call]:
    """The candidates, in text order, that make the best-scoring rising sequence from 1.

    Each call kept scores 1 (1.5 if a note with its number is printed), each number
    skipped costs ``_GAP``: a lost call costs the sequence little, a false one cannot
    break it, since a candidate out of order is simply left out.
    """
    best: list[tuple[float, int]] = []  # (score, index of the previous call in the sequence)
    for j, call in enumerate(candidates):
        bonus = 0.5 if call.number in printed else 0.0
        score, previous = 1 + bonus - _GAP * (call.number - 1), -1
        for i in range(j):
            if candidates[i].number < call.number:
                gap = call.number - candidates[i].number - 1
                value = best[i][0] + 1 + bonus - _GAP * gap
                if value > score:
                    score, previous = value, i
        best.append((score, previous))
    if not best:
        return []
    index = max(range(len(best)), key=lambda k: best[k][0])
    if best[index][0] <= 0:
        return []
    chosen = []
    while index >= 0:
        chosen.append(candidates[index])
        index = best[index][1]
    return chosen[::-1]
