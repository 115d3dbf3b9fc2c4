"""Note calls: digits or reference marks glued to the word before them ("Vlady.1", "Popo10", "soul.*").

Digits glue to words for other reasons too ("B52", a lost space), so a candidate
is only a call if it fits the rising sequence 1, 2, 3… that the calls of a book
(or of a page, or of a part) make: the best such sequence is kept, a skipped number costing
less than a call gained. Reference marks (* † ‡ § ‖ ¶, then doubled) count 1, 2, 3… in
Hart's order. Two readings are weaker and kept only where a note printed with that number
confirms them: a superior figure run into a year before it ("for 18425", read 1842 and 5),
and a number set apart at the end of a short line in capitals (a heading's call, "JANUARY 1659–60 47").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carnets_press.importers.lines import Line

_CANDIDATE = re.compile(r"[0-9]{1,3}(?![0-9\w])")
_GLUE = set(".,;:!?)]’”'\"»…")
_GAP = 0.6  # what skipping a number costs a sequence of calls, against 1 for each call kept
_RESTART = 0.5  # what numbering afresh from 1 (a new part or chapter) costs
SYMBOLS = "*†‡§‖¶"
_SYMBOL_CALL = re.compile(r"([*†‡§‖¶])\1*(?![\w*†‡§‖¶])")
_YEAR_CALL = re.compile(r"(?<![0-9])(1[0-9]{3}|20[0-9]{2})([1-9][0-9]{0,2})(?![0-9\w])")
_SPACED_CALL = re.compile(r"(?<=[\w.,;:)’”] )([1-9][0-9]{0,2})$")
_SPACED_MAX = 40  # characters: a call set apart is a heading's, and such headings are short


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
        if before in _GLUE:  # an ellipsis may stand apart from its word ("wife …50"), a full stop may not (" .5")
            if start < 2 or text[start - 2].isdigit() or (text[start - 2].isspace() and before != "…"):
                continue
        elif not before.isalpha():
            continue
        found.append((start, match.end(), int(match.group())))
    return found


def symbol_number(mark: str) -> int | None:
    """The place of a reference mark in Hart's order: * 1, † 2 … ¶ 6, ** 7, †† 8…; None if it is none."""
    if not mark or mark[0] not in SYMBOLS or mark != mark[0] * len(mark):
        return None
    return SYMBOLS.index(mark[0]) + 1 + len(SYMBOLS) * (len(mark) - 1)


def symbol_candidates(text: str) -> list[tuple[int, int, int]]:
    """(start, end, number) of the reference marks glued to a word, a figure or closing punctuation."""
    found = []
    for match in _SYMBOL_CALL.finditer(text):
        before = text[match.start() - 1] if match.start() else ""
        if before.isalnum() or before in _GLUE:
            number = symbol_number(match.group())
            if number is not None:
                found.append((match.start(), match.end(), number))
    return found


def weak_candidates(text: str) -> list[tuple[int, int, int]]:
    """(start, end, number) of the readings that only a printed note can confirm (see the module's doc)."""
    found = [(match.start(2), match.end(2), int(match.group(2))) for match in _YEAR_CALL.finditer(text)]
    spaced = _SPACED_CALL.search(text)
    if spaced and len(text) <= _SPACED_MAX and not any(char.islower() for char in text):
        found.append((spaced.start(1), spaced.end(1), int(spaced.group(1))))
    return found


def call_numbers_near(texts: list[str], index: int, span: int = 60) -> set[int]:
    """Numbers glued as calls in the lines just above ``index``."""
    return {number for text in texts[max(0, index - span):index] for _, _, number in call_candidates(text)}


@dataclass
class Call:
    """A call: where its mark is, its number, and the page it is on.

    ``weak`` readings are kept only when ``confirmed``: a note with the same number is
    printed on the call's page or the next.
    """

    line: Line
    start: int
    end: int
    number: int
    page: int
    weak: bool = False
    confirmed: bool = False
    symbol: bool = False  # a reference mark, numbered by its place in Hart's order


def rising(candidates: list[Call], restarts: bool = False, free_start: bool = True,
           printed: frozenset[tuple[bool, int]] = frozenset()) -> list[Call]:
    """The candidates, in text order, that make the best-scoring rising sequence.

    Each call kept scores 1 (1.5 if a note with its number is printed), each number
    skipped costs ``_GAP``: a lost call costs the sequence little, a false one cannot
    break it, since a candidate out of order is simply left out. A sequence starts at 1,
    or, with ``free_start``, at a printed number (an extract of a book numbered throughout);
    with ``restarts`` it may start again at 1 on a later page (notes numbered afresh in each part).
    Between two confirmed calls, only the skipped numbers that are ``printed`` somewhere
    (as (symbol, number)) cost: the others are no lost calls but notes the edition left out.
    """
    best: list[tuple[float, int] | None] = []  # (score, index of the previous call in the sequence)
    for j, call in enumerate(candidates):
        if call.weak and not call.confirmed:
            best.append(None)
            continue
        gain = 1.5 if call.confirmed else 1.0
        score, previous = gain - (0.0 if call.confirmed and free_start else _GAP * (call.number - 1)), -1
        for i in range(j):
            entry, other = best[i], candidates[i]
            if entry is None:
                continue
            if other.number < call.number:
                skipped = [number for number in range(other.number + 1, call.number)
                           if not (call.confirmed and other.confirmed) or (call.symbol, number) in printed]
                value = entry[0] + gain - _GAP * len(skipped)
            elif restarts and call.number == 1 and other.page < call.page:
                value = entry[0] + gain - _RESTART
            else:
                continue
            if value > score:
                score, previous = value, i
        best.append((score, previous))
    scored = [(entry[0], k) for k, entry in enumerate(best) if entry is not None]
    if not scored:
        return []
    top, index = max(scored, key=lambda entry: entry[0])  # the first of the best
    if top <= 0:
        return []
    chosen = []
    while index >= 0:
        chosen.append(candidates[index])
        entry = best[index]
        index = entry[1] if entry is not None else -1
    return chosen[::-1]
