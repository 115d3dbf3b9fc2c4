"""The total-fit paragraph breaker (render/print/total_fit.py), on items alone.

Its answer is checked against an exhaustive search: every way of breaking a short paragraph, each scored by TeX's
demerits as The TeXbook (chapter 14) and Knuth and Plass's paper define them, written here from that text rather
than from the breaker's code. The breaker must find the least.
"""

from __future__ import annotations

import itertools
import random

import pytest

from carnets_press.render.print.total_fit import Box, Glue, Item, Penalty, alternatives, break_lines


def _paragraph(seed: int, words: int = 10) -> list[Item]:
    rng = random.Random(seed)
    items: list[Item] = []
    for index in range(words):
        if rng.random() < 0.3:  # a word with a hyphenation point
            items += [Box(rng.uniform(10, 30)), Penalty(4.0, 50, True), Box(rng.uniform(10, 30))]
        else:
            items.append(Box(rng.uniform(15, 60)))
        if index < words - 1:
            items.append(Glue(8.0, 4.0, 1.6))
    return items


def _short_words(seed: int, words: int = 15) -> list[Item]:
    """A paragraph of short words, a few lines of five or so: one that can be set in more than one line count."""
    rng = random.Random(seed)
    items: list[Item] = []
    for index in range(words):
        if rng.random() < 0.15:
            items += [Box(rng.uniform(6, 12)), Penalty(4.0, 50, True), Box(rng.uniform(6, 12))]
        else:
            items.append(Box(rng.uniform(8, 22)))
        if index < words - 1:
            items.append(Glue(6.0, 3.0, 1.2))
    return items


def _demerits(items: list[Item], breaks: tuple[int, ...], first: float, width: float) -> float | None:
    """TeX's total demerits of a paragraph broken at `breaks` (its last line ragged), None if a line overfills or
    three hyphens come in a row; the badness of a line is 100 r³ for its adjustment ratio r (not capped at 10000,
    as TeX caps it), lines over 1000 allowed only when no other way of breaking keeps under it (the breaker's
    second pass)."""
    total, previous_class, hyphens_in_row, start = 0.0, 1, 0, 0
    ends = [*breaks, len(items)]
    for number, end in enumerate(ends):
        line = [item for item in items[start:end] if not isinstance(item, Penalty)]
        natural = sum(item.width for item in line)
        stretch = sum(item.stretch for item in line if isinstance(item, Glue))
        shrink = sum(item.shrink for item in line if isinstance(item, Glue))
        breaker = items[end] if end < len(items) else None
        if isinstance(breaker, Penalty):
            natural += breaker.width
        goal = first if number == 0 else width
        if natural - (0.0 if end == len(items) else shrink) > goal:
            return None  # the last line is set ragged: it cannot shrink
        last = end == len(items)
        ratio = _ratio(goal - natural, stretch, shrink, last)
        badness = 100 * abs(ratio) ** 3
        cost = breaker.cost if isinstance(breaker, Penalty) else 0.0
        flagged = isinstance(breaker, Penalty) and breaker.flagged
        demerits = (10 + badness) ** 2 + cost ** 2
        if flagged and hyphens_in_row:
            demerits += 10000
        if last and hyphens_in_row:
            demerits += 5000
        fitness = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1 else 3
        if abs(fitness - previous_class) > 1:
            demerits += 10000
        hyphens_in_row = hyphens_in_row + 1 if flagged else 0
        if hyphens_in_row > 2:
            return None
        total += demerits
        previous_class, start = fitness, end + 1
    return total


def _ratio(room: float, stretch: float, shrink: float, last: bool) -> float:
    """The adjustment ratio: how much of its stretch (or shrink) a line takes; a line that cannot stretch is
    infinitely bad (10000); the last line is set ragged."""
    if room < 0:
        return room / shrink
    if last:
        return 0.0
    return room / stretch if stretch else 10000.0


def _feasible_breaks(items: list[Item]) -> list[int]:
    return [index for index, item in enumerate(items)
            if (isinstance(item, Glue) and isinstance(items[index - 1], Box)) or isinstance(item, Penalty)]


def _best_by_search(items: list[Item], first: float, width: float) -> float:
    candidates = _feasible_breaks(items)
    scores = []
    for count in range(len(candidates) + 1):
        for breaks in itertools.combinations(candidates, count):
            score = _demerits(items, breaks, first, width)
            if score is not None:
                scores.append((max(_badnesses(items, breaks, first, width)) > 1000, score))
    return min(scores)[1]


def _badnesses(items: list[Item], breaks: tuple[int, ...], first: float, width: float) -> list[float]:
    values, start = [], 0
    for number, end in enumerate([*breaks, len(items)]):
        line = [item for item in items[start:end] if not isinstance(item, Penalty)]
        natural = sum(item.width for item in line)
        if end < len(items) and isinstance(items[end], Penalty):
            natural += items[end].width
        goal = first if number == 0 else width
        stretch = sum(item.stretch for item in line if isinstance(item, Glue))
        shrink = sum(item.shrink for item in line if isinstance(item, Glue))
        ratio = _ratio(goal - natural, stretch, shrink, end == len(items))
        values.append(min(100 * abs(ratio) ** 3, 10000))
        start = end + 1
    return values


@pytest.mark.parametrize("seed", range(12))
def test_the_breaks_have_the_least_demerits_of_all(seed):
    items = _paragraph(seed)
    first, width = 110.0, 125.0
    breaks = break_lines(items, first, width)
    assert breaks is not None
    assert _demerits(items, tuple(breaks), first, width) == pytest.approx(_best_by_search(items, first, width))


@pytest.mark.parametrize("seed", [0, 2, 3, 4, 6])
def test_a_paragraph_only_the_second_pass_can_set_shares_its_looseness(seed):
    """At 80 units no breaking keeps every line under badness 1000. Badness capped at 10000, as TeX has it, every
    such line would cost the same, and the breaks would set a paragraph's looseness in one gaping line; uncapped,
    the breaks still have the least demerits of all."""
    items = _paragraph(seed)
    assert alternatives(items, 80.0, 80.0) == {}  # not within the first pass's tolerance
    breaks = break_lines(items, 80.0, 80.0)
    assert breaks is not None
    assert _demerits(items, tuple(breaks), 80.0, 80.0) == pytest.approx(_best_by_search(items, 80.0, 80.0))


@pytest.mark.parametrize(("seed", "width"), [(2, 80.0), (3, 90.0)])
def test_each_line_count_has_its_least_demerits(seed, width):
    """TeX's looseness: for every number of lines a paragraph can be set in with no line over badness 1000, the
    alternatives are the breaks of least demerits among those of that many lines, as an exhaustive search finds."""
    items, first = _short_words(seed), width - 10
    by_search: dict[int, float] = {}
    candidates = _feasible_breaks(items)
    for count in range(len(candidates) + 1):
        for breaks in itertools.combinations(candidates, count):
            score = _demerits(items, breaks, first, width)
            if score is not None and max(_badnesses(items, breaks, first, width)) <= 1000:
                by_search[count + 1] = min(score, by_search.get(count + 1, score))
    found = alternatives(items, first, width)
    assert len(by_search) >= 2  # the case is one of choosing between line counts
    assert set(found) == set(by_search)
    for lines, (demerits, breaks) in found.items():
        assert len(breaks) + 1 == lines
        assert demerits == pytest.approx(by_search[lines])
        assert _demerits(items, tuple(breaks), first, width) == pytest.approx(demerits)
    assert min(found.values())[1] == break_lines(items, first, width)


def test_a_paragraph_only_the_second_pass_can_set_has_no_alternatives():
    assert alternatives([Box(30.0), Glue(6.0, 3.0), Box(60.0), Glue(6.0, 3.0), Box(30.0)], 70.0, 70.0) == {}


def test_every_line_fits_and_no_three_hyphens_come_in_a_row():
    items = [Box(20.0), Penalty(3.0, 50, True), Box(20.0), Glue(6.0, 3.0, 1.0)] * 30 + [Box(20.0)]
    breaks = break_lines(items, 60.0, 60.0)
    assert breaks is not None
    run = longest = 0
    for end in breaks:
        run = run + 1 if isinstance(items[end], Penalty) else 0
        longest = max(longest, run)
    assert longest <= 2
    for start, end in itertools.pairwise([-1, *breaks]):
        line = items[start + 1:end]
        natural = sum(item.width for item in line if not isinstance(item, Penalty)) + \
            (items[end].width if isinstance(items[end], Penalty) else 0)
        assert natural - sum(item.shrink for item in line if isinstance(item, Glue)) <= 60.0


def test_a_no_break_space_stretches_but_no_line_ends_there():
    items = [Box(30.0), Glue(6.0, 3.0, 0.0, breakable=False), Box(30.0), Glue(6.0, 3.0), Box(30.0)]
    assert break_lines(items, 70.0, 70.0) == [3]


def test_a_word_wider_than_the_line_is_left_to_the_caller():
    assert break_lines([Box(30.0), Glue(6.0, 3.0), Box(90.0)], 80.0, 80.0) is None


def test_a_paragraph_that_fits_on_one_line_is_not_broken():
    assert break_lines([Box(30.0), Glue(6.0, 3.0), Box(30.0)], 80.0, 80.0) == []
