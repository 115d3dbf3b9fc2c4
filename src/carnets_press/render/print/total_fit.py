"""Paragraph breaking by the total-fit method (Knuth and Plass, "Breaking Paragraphs into Lines", 1981; TeX's
`\\linebreak` as in tex.web §813–890): the breaks that minimise the paragraph's total demerits, so that its word
spaces are shared evenly over all its lines rather than a line at a time, as WeasyPrint's greedy breaker does.

Pure: it knows items and widths, not WeasyPrint (render/print/line_breaking.py measures and encodes). No library
fits: the Python implementations on PyPI (texlib, the `knuth-plass` packages) are unmaintained sketches without
what a justified line in CSS needs: spaces that stretch without being break points (the no-break space). Written
from TeX's rules, with TeX's parameters: `\\linepenalty` 10, `\\adjdemerits` 10000, `\\doublehyphendemerits`
10000, `\\finalhyphendemerits` 5000, TeX's four fitness classes, and a limit TeX has not: no more than two
hyphens in a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

INFINITE = 10000  # a penalty this high forbids the break, this low forces it (TeX's convention)
LINE_PENALTY = 10
ADJ_DEMERITS = 10000  # two adjacent lines whose spacing differs by more than a fitness class
DOUBLE_HYPHEN_DEMERITS = 10000
FINAL_HYPHEN_DEMERITS = 5000  # the last full line ends with a hyphen
MOST_HYPHENS_IN_A_ROW = 2
# The passes: lines of a badness of 1000 at most (r ≈ 2.15: a space stretched to twice its width and more; TeX's
# \tolerance is 200, for wider measures), then, if there is no such way, any line that fits. The first pass finds
# the optimum for most paragraphs of a narrow book measure; the second costs several times more. A badness is
# 100 r³, not capped at 10000 as TeX caps it: capped, the second pass cannot tell a line stretched to 0.45 em from
# one at 0.6 em, and may set all of a paragraph's looseness in one gaping line to keep the others perfect
# (tests/render/test_total_fit.py has such paragraphs). TeX's own remedy, \emergencystretch, ranks such lines by a
# stretch they do not have; this ranks them by the spaces they will show.
TOLERANCES = (1000, None)
# A paragraph set a line longer or shorter than its optimum, for the page make-up (alternatives): lines of a badness
# of 4000 at most (r ≈ 3.4, EB Garamond's 0.2 em space to 0.54 em, which the letter-spacing of the loosest lines,
# render/print/tracking.py, brings under the 0.5 em the print QA counts). TeX's \looseness keeps to \tolerance,
# which authors raise for it; at 1000, 1 in 8 of the sample's paragraphs could be set a line longer and the make-up
# filled none of its short pages; at 2000 it filled them all, and Pepys's pages two or more lines short went from
# 19 to 13 at 4000 (Barbellion's 16 to 9); at 6000 (0.59 em), more lines than the letter-spacing can close
# (Pepys's lines over 0.5 em 5 → 20). docs/print.md.
LOOSENESS_TOLERANCE = 4000


class Box(NamedTuple):
    width: float


class Glue(NamedTuple):
    width: float  # the space's ideal width
    stretch: float
    shrink: float = 0.0
    breakable: bool = True  # False for a no-break space: it stretches but no line ends there


class Penalty(NamedTuple):
    width: float  # what the line takes if it ends here: a hyphen's width
    cost: float
    flagged: bool = False  # a hyphen: two in a row cost DOUBLE_HYPHEN_DEMERITS
    last_resort: bool = False  # a name's hyphen: taken at its cost by the last pass and the looseness only


Item = Box | Glue | Penalty


@dataclass(slots=True)
class _Node:
    position: int  # the item the line before ends at (-1: the paragraph's start)
    line: int  # lines before it
    fitness: int
    hyphens: int  # hyphenated lines in a row ending here
    demerits: float
    previous: _Node | None


def break_lines(items: list[Item], first_width: float, width: float,
                tolerances: tuple[float | None, ...] = TOLERANCES) -> list[int] | None:
    """The item indices the lines but the last end at (a glue or a penalty), or None if some box is wider than the
    line (or no way of breaking keeps within `tolerances`' last). The paragraph ends with a forced break after its
    last item, as CSS's last line does: set ragged, at no badness."""
    if not items:
        return []
    for tolerance in tolerances:
        finals = _pass(items, _sums(items), first_width, width, tolerance, by_lines=False,
                       last_resorts=tolerance is None)
        if finals:
            return _breaks(min(finals, key=lambda node: node.demerits))
    return None


def alternatives(items: list[Item], first_width: float, width: float) -> dict[int, tuple[float, list[int]]]:
    """For each number of lines the paragraph can be set in, within LOOSENESS_TOLERANCE, the least total demerits
    of that many lines and their breaks (as break_lines gives them): what TeX's `\\looseness` chooses from, so
    that the page make-up can set a paragraph a line longer or shorter where a page needs it; names' hyphens at
    their cost (a note on its call's page, a full page, are worth one). Empty if no breaking keeps every line within
    that tolerance."""
    if not items:
        return {}
    best: dict[int, _Node] = {}
    for node in _pass(items, _sums(items), first_width, width, LOOSENESS_TOLERANCE, by_lines=True,
                      last_resorts=True):
        if node.line not in best or node.demerits < best[node.line].demerits:
            best[node.line] = node
    return {lines: (node.demerits, _breaks(node)) for lines, node in sorted(best.items())}


def _sums(items: list[Item]) -> tuple[list[float], list[float], list[float]]:
    """The width, stretch and shrink of the items before each index."""
    sums: tuple[list[float], list[float], list[float]] = ([0.0], [0.0], [0.0])
    for item in items:
        glue = item if isinstance(item, Glue) else Glue(0.0, 0.0)
        for total, value in zip(sums, (0.0 if isinstance(item, Penalty) else item.width, glue.stretch, glue.shrink),
                                strict=True):
            total.append(total[-1] + value)
    return sums


def _breaks(final: _Node) -> list[int]:
    breaks = []
    node: _Node | None = final
    while node is not None and node.position >= 0:
        breaks.append(node.position)
        node = node.previous
    return breaks[:0:-1]  # without the paragraph's end


def _fits_whole(sums: tuple[list[float], list[float], list[float]], previous: _Node, end: int, first_width: float,
                width: float) -> bool:
    """Whether the paragraph's text from the line after `previous` to its end fits on one line, its spaces at their
    narrowest (as WeasyPrint lays the text out, render/print/line_breaking.py): WeasyPrint then sets it so, whatever
    break was chosen before the last line. TeX would take that break, and a paragraph set a line longer by breaking
    its last line early ("…intend to do. So / home and to bed.") came out of WeasyPrint with its old line count:
    on Pepys, 24 of the page make-up's 51 trials of a paragraph begun on an earlier page changed nothing."""
    sums_width, _, sums_shrink = sums
    begin = previous.position + 1
    natural = sums_width[end] - sums_width[begin] - (sums_shrink[end] - sums_shrink[begin])
    return natural <= (first_width if previous.line == 0 else width)


def _pass(items: list[Item], sums: tuple[list[float], list[float], list[float]], first_width: float,
          width: float, tolerance: float | None, by_lines: bool, last_resorts: bool) -> list[_Node]:
    """The ways of ending the paragraph that are best each of their kind: of fitness class and hyphens in a row,
    and, `by_lines`, of line count; with `last_resorts`, breaks at the penalties so marked too."""
    sums_width, sums_stretch, sums_shrink = sums
    end = len(items)
    active: dict[tuple[int, ...], _Node] = {(-1, 1, 0, 0): _Node(-1, 0, 1, 0, 0.0, None)}  # decent before
    for index, cost, extra, flagged in _breakpoints(items, last_resorts):
        found: dict[tuple[int, ...], _Node] = {}
        for key, node in list(active.items()):
            start = node.position + 1  # a line ending at a glue leaves it out, as CSS the space a line ends at
            if index == end and node.previous is not None and _fits_whole(sums, node.previous, end, first_width, width):
                continue  # WeasyPrint would set the last two lines as one
            natural = sums_width[index] - sums_width[start] + extra
            line_width = first_width if node.line == 0 else width
            shrink = sums_shrink[index] - sums_shrink[start]
            # A last line may shrink too, unlike TeX's: WeasyPrint lays every line out with its spaces at their
            # narrowest and stretches only the justified ones, so that a last line that fits so is set so.
            if natural - shrink > line_width:
                del active[key]  # this line and every longer one from here overflow
                continue
            if natural > line_width:
                ratio = (line_width - natural) / shrink
            elif index == end:
                ratio = 0.0
            else:
                stretch = sums_stretch[index] - sums_stretch[start]
                ratio = (line_width - natural) / stretch if stretch > 0 else float(INFINITE)
            badness = 100 * abs(ratio) ** 3
            if tolerance is not None and badness > tolerance:
                continue
            hyphens = node.hyphens + 1 if flagged else 0
            if hyphens > MOST_HYPHENS_IN_A_ROW:
                continue
            demerits = (LINE_PENALTY + badness) ** 2
            if cost >= 0:
                demerits += cost ** 2
            elif cost > -INFINITE:
                demerits -= cost ** 2
            previous_flagged = node.hyphens > 0
            if flagged and previous_flagged:
                demerits += DOUBLE_HYPHEN_DEMERITS
            elif index == end and previous_flagged:
                demerits += FINAL_HYPHEN_DEMERITS
            fitness = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1 else 3
            if abs(fitness - node.fitness) > 1:
                demerits += ADJ_DEMERITS
            total = node.demerits + demerits
            candidate = (index, fitness, hyphens, node.line + 1 if by_lines else 0)
            best = found.get(candidate)
            if best is None or total < best.demerits:
                found[candidate] = _Node(index, node.line + 1, fitness, hyphens, total, node)
        active.update(found)
        if not active:
            return []
    return [node for node in active.values() if node.position == end]


def _breakpoints(items: list[Item], last_resorts: bool) -> list[tuple[int, float, float, bool]]:
    """Where a line may end, in order: each legal break's index, penalty cost, the width it adds to the line (a
    hyphen's) and whether it is a hyphen; then the paragraph's end, a forced break. A glue breaks after a box
    (TeX's rule), a penalty unless it forbids the break or is a last resort the pass does not take."""
    found: list[tuple[int, float, float, bool]] = []
    for index, item in enumerate(items):
        if isinstance(item, Glue):
            if item.breakable and index and isinstance(items[index - 1], Box):
                found.append((index, 0.0, 0.0, False))
        elif isinstance(item, Penalty):
            if item.cost < INFINITE and (last_resorts or not item.last_resort):
                found.append((index, item.cost, item.width, item.flagged))
    found.append((len(items), -INFINITE, 0.0, False))
    return found
