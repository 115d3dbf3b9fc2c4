"""The total-fit paragraph breaker (render/print/total_fit.py), on items alone.

Its answer is checked against an exhaustive search: every way of breaking a short paragraph, each scored by TeX's
demerits as The TeXbook (chapter 14) and Knuth and Plass's paper define them, written here from that text rather
than from the breaker's code. The breaker must find the least.
"""

from __future__ import annotations

import functools
import itertools
import random

import pytest

from carnets_press.render.print.total_fit import (
    LOOSENESS_TOLERANCE,
    TOLERANCES,
    Box,
    Glue,
    Item,
    Penalty,
    alternatives,
    break_lines,
)


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
    """TeX's total demerits of a paragraph broken at `breaks` (its last line ragged, and shrinking if it must, as
    WeasyPrint sets it), None if a line overfills or
    three hyphens come in a row; the badness of a line is 100 r³ for its adjustment ratio r (not capped at 10000,
    as TeX caps it), lines over 1000 allowed only when no other way of breaking keeps under it (the breaker's
    second pass). None too if the last two lines' words fit on one line at their spaces' narrowest: WeasyPrint,
    which ends a line only where the rest of the text does not fit, would set them as one."""
    if breaks:
        begin = breaks[-2] + 1 if len(breaks) > 1 else 0
        merged = [item for item in items[begin:] if not isinstance(item, Penalty)]
        if sum(item.width - (item.shrink if isinstance(item, Glue) else 0.0) for item in merged) \
                <= (first if len(breaks) == 1 else width):
            return None
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
        if natural - shrink > goal:
            return None  # the last line too may shrink: WeasyPrint sets its spaces at their narrowest
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
    assert break_lines(items, 80.0, 80.0, TOLERANCES[:1]) is None  # not within the first pass's tolerance
    breaks = break_lines(items, 80.0, 80.0)
    assert breaks is not None
    assert _demerits(items, tuple(breaks), 80.0, 80.0) == pytest.approx(_best_by_search(items, 80.0, 80.0))


@pytest.mark.parametrize(("seed", "width"), [(2, 80.0), (3, 90.0)])
def test_each_line_count_has_its_least_demerits(seed, width):
    """TeX's looseness: for every number of lines a paragraph can be set in with no line over the looseness's
    tolerance, the alternatives are the breaks of least demerits among those of that many lines, as an exhaustive
    search finds."""
    items, first = _short_words(seed), width - 10
    by_search: dict[int, float] = {}
    candidates = _feasible_breaks(items)
    for count in range(len(candidates) + 1):
        for breaks in itertools.combinations(candidates, count):
            score = _demerits(items, breaks, first, width)
            if score is not None and max(_badnesses(items, breaks, first, width)) <= LOOSENESS_TOLERANCE:
                by_search[count + 1] = min(score, by_search.get(count + 1, score))
    found = alternatives(items, first, width)
    assert len(by_search) >= 2  # the case is one of choosing between line counts
    assert set(found) == set(by_search)
    for lines, (demerits, breaks) in found.items():
        assert len(breaks) + 1 == lines
        assert demerits == pytest.approx(by_search[lines])
        assert _demerits(items, tuple(breaks), first, width) == pytest.approx(demerits)
    assert min(found.values())[1] == break_lines(items, first, width)


def test_a_paragraph_no_line_of_which_keeps_within_the_tolerance_has_no_alternatives():
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


def _with_names(items: list[Item]) -> list[Item]:
    """Every other hyphenation point made a name's: a last resort (at the other hyphens' cost, so that being one is
    all that keeps it from being taken)."""
    points = [index for index, item in enumerate(items) if isinstance(item, Penalty)]
    return [item._replace(last_resort=True) if index in points[::2] else item
            for index, item in enumerate(items)]


def _best_keeping_names_whole(items: list[Item], first: float, width: float) -> tuple[float, bool]:
    """The least demerits of a breaking that ends no line at a name's hyphen with every line within badness 1000,
    if there is one (True); else the least of any breaking at all, names' hyphens included (False)."""
    candidates = [index for index in _feasible_breaks(items)
                  if not (isinstance(items[index], Penalty) and items[index].last_resort)]
    within = [score for count in range(len(candidates) + 1) for breaks in itertools.combinations(candidates, count)
              if (score := _demerits(items, breaks, first, width)) is not None
              and max(_badnesses(items, breaks, first, width)) <= 1000]
    return (min(within), True) if within else (_best_by_search(items, first, width), False)


# Ten long words at 80 (the second pass) and 125 units, eleven short ones at 90 and 125: cases of all kinds (the
# next test).
_ELEVEN_SHORT_WORDS = functools.partial(_short_words, words=11)
NAMES_CASES = [(words, seed, width)
               for words, widths in ((_paragraph, (80.0, 125.0)), (_ELEVEN_SHORT_WORDS, (90.0, 125.0)))
               for seed in range(12) for width in widths]


@pytest.mark.parametrize(("words", "seed", "width"), NAMES_CASES)
def test_a_names_hyphen_is_taken_only_if_the_paragraph_cannot_be_set_otherwise(words, seed, width):
    """A last-resort break (a name's hyphen, render/print/line_breaking.py) is not taken while some breaking without
    it keeps every line within the first pass's tolerance, however much cheaper it would be; a paragraph that has
    none is set by the least demerits of all, the name's hyphen at its cost."""
    items = _with_names(words(seed))
    first = width - 15
    breaks = break_lines(items, first, width)
    assert breaks is not None
    expected, whole = _best_keeping_names_whole(items, first, width)
    assert _demerits(items, tuple(breaks), first, width) == pytest.approx(expected)
    taken = [index for index in breaks if isinstance(items[index], Penalty) and items[index].last_resort]
    if whole:
        assert taken == []


def test_the_cases_above_have_names_hyphenated_and_kept_whole_at_a_cost():
    """The cases of the test above include paragraphs set with a name's hyphen and paragraphs that keep their
    names whole where, as any other hyphen, the name's would have been taken."""
    hyphenated = kept_at_a_cost = 0
    for words, seed, width in NAMES_CASES:
        items = _with_names(words(seed))
        breaks = break_lines(items, width - 15, width)
        assert breaks is not None
        hyphenated += any(isinstance(items[index], Penalty) and items[index].last_resort for index in breaks)
        as_penalty = [item._replace(last_resort=False) if isinstance(item, Penalty) else item for item in items]
        cheaper = break_lines(as_penalty, width - 15, width)
        assert cheaper is not None
        kept_at_a_cost += cheaper != breaks
    assert hyphenated and kept_at_a_cost


def test_no_line_count_ends_a_line_where_the_rest_would_fit_on_it():
    """WeasyPrint ends a line only where the rest of the text does not fit on it: a breaking that ends the last line
    but one before words that would fit there (a paragraph set a line longer by a short last line) is one it would
    not set, and the page make-up's looseness would change nothing. No line count offered is such a breaking."""
    choosing = 0
    for seed, width in itertools.product(range(12), (80.0, 90.0)):
        items, first = _short_words(seed), width - 10
        found = alternatives(items, first, width)
        choosing += len(found) > 1
        for _, breaks in found.values():
            assert _demerits(items, tuple(breaks), first, width) is not None, (seed, width, breaks)
    assert choosing >= 3  # cases with a line count to choose
