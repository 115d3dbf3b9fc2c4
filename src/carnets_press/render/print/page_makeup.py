"""The page make-up: a page WeasyPrint left short, whose note it sent on to the next page, or whose last line, on a
recto, ends in a hyphen, is made again with some of its paragraphs set a line (or two) longer or shorter.

WeasyPrint makes its pages one at a time and never goes back (its issues #2264, #1924, #2432): a page ends where the
next line, with the note it calls, no longer fits, and the lines left empty stay empty; when widows and orphans
keep a line on the page, its note goes on to the next. A compositor, and TeX through `\\looseness`, set a paragraph
on such a page a line longer (to fill it) or shorter (to make room for the note), at the least cost in spacing.
This does the same inside WeasyPrint's layout: it wraps `weasyprint.layout.page.remake_page`, reads the page just
made, and, if it is faulty, makes it again with the paragraphs that begin on it (line_breaking.Broken), and the
one it begins in from its first line on (line_breaking.Rest), set to one of their other line counts, cheapest
first, a few trials at most; it keeps the best page, whose own lines alone change.

A page still short after that (most often the next entry's heading and first lines, or a line and its notes, do
not fit under its last line, and its own paragraphs cannot be set longer) is made again with the page before it
(LOOK_BACK pages at most) set otherwise: their paragraphs a line longer, to send on the lines that fill
it, or shorter, to make room for what did not fit, as a compositor resets the pages before a short one. WeasyPrint's
`make_all_pages` is wrapped to hold LOOK_BACK pages back until the next is made, so that the pages made again
replace their first makings. The pages before must come out no worse on their own, and the pages together better
(_faults); else they are made again as they were. A full verso facing a recto one or two lines short is last made a
line short itself, its recto then as short (_verso_to_shorten): the spread runs a line short, at one depth.

A page's faults, in order of weight: notes sent on to the next page, lines left empty (except on the last page of
a flow and before a forced break), and a hyphen ending a recto (the reader turns the page mid-word). Pages of
paragraphs that total fit did not break (greedy breaking, contents) are left as WeasyPrint made them. A verso left
a line short has its recto made a line short too (page_depth.py), so that the spread's pages end at one depth.

Reads WeasyPrint's private page maker and layout context: installed for the versions line_breaking is tested on.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from carnets_press.render.print import line_breaking, note_continuation, page_depth, tracking
from carnets_press.render.print.line_breaking import Broken, Rest

_MARK = "carnets_press_page_makeup"
MOST_CHANGED = 3  # paragraphs set a line longer or shorter in a trial
TRIALS = 6  # pages made again at most, per faulty page, before the best is made once more
RECTO_TRIES = 3  # pages made again at most to end a recto without a hyphen
_HYPHENS = ("\u2010", "-", "\u00ad")
LOOK_BACK = 1  # pages before a short page made again at most
BACK_TRIALS = 4  # settings of the first of them tried, at most
LATER_TRIALS = 2  # settings of each page after it tried then, at most (TRIALS when a page is first made)
_OWED = "carnets_press_owed_shortening"  # on the layout context: page index -> the shortening its facing verso asks
_RECENT = "carnets_press_recent_pages"  # on the layout context: the _Made of the LOOK_BACK pages made last, in order
_REMADE = "carnets_press_remade_pages"  # on the layout context: page index -> the page made again that replaces it


def install() -> None:
    """Wrap WeasyPrint's page maker, once; a version it was not tested on keeps WeasyPrint's own pages."""
    import weasyprint
    from weasyprint import layout
    from weasyprint.layout import page as pages

    if not weasyprint.__version__.startswith(line_breaking.TESTED_ON) or getattr(pages.remake_page, _MARK, False):
        return
    original, make_all_pages = pages.remake_page, layout.make_all_pages

    @functools.wraps(original)
    def remake_page(index: int, context: Any, root_box: Any, html: Any) -> Any:
        if not line_breaking.breaks_pages():
            return original(index, context, root_box, html)
        return _make_up(functools.partial(original, index, context, root_box, html), index, context)

    @functools.wraps(make_all_pages)
    def make_all_pages_wrapper(context: Any, *args: Any) -> Iterator[Any]:
        """WeasyPrint's pages, each held back until LOOK_BACK more are made: making a page may make those before
        it again (_looked_back), which then replace them."""
        setattr(context, _RECENT, [])
        remade: dict[int, Any] = {}
        setattr(context, _REMADE, remade)
        held: collections.deque[tuple[int, Any]] = collections.deque()
        for index, page in enumerate(make_all_pages(context, *args)):
            held.append((index, page))
            if len(held) > LOOK_BACK:
                yield remade.pop(*held.popleft())
        for index, page in held:
            yield remade.pop(index, page)

    setattr(remake_page, _MARK, True)
    pages.remake_page, layout.make_all_pages = remake_page, make_all_pages_wrapper


@dataclass
class _Verdict:
    """What is wrong with a page just made; the lesser of two is the better page (`key`)."""

    notes_sent_on: int
    lines_short: int
    recto_hyphen: int
    cost: float = 0.0  # the demerits the paragraphs set otherwise add
    gaping: int = 0  # lines whose spaces stay wider than the letter-spacing can close (tracking.GAPING)
    leading: float = 0.0  # the body's line height
    candidates: list[Broken | Rest] = field(default_factory=list)
    # The paragraph the page begins in (begun on an earlier page) and where on the page it begins: Broken.rest.
    carried: tuple[Broken, int] | None = None

    @property
    def faulty(self) -> bool:
        return bool(self.notes_sent_on or self.lines_short or self.recto_hyphen)

    def key(self) -> tuple[int, bool, int, int, float]:
        """In order of weight: notes sent on; a page short by two lines or more (the print QA's short page); the
        line a page otherwise lacks, or, on a short page, its lines short with a hyphen at a recto's foot counted
        as one more; a hyphen at a recto's foot; the cost. A page short either way does not take a hyphen at the
        page turn for a line more (Pepys p. 31, five lines short with "gentle-/men" at its foot, or six without),
        but does for more than one."""
        short_page = self.lines_short >= 2
        return (self.notes_sent_on, short_page, self.lines_short + (self.recto_hyphen if short_page else 0),
                self.recto_hyphen, self.cost)

    def __lt__(self, other: _Verdict) -> bool:
        return self.key() < other.key()


@dataclass
class _Made:
    """A page as its make-up left it, and what making it again takes: the page after it, left short, may make it
    again with its paragraphs set otherwise (_looked_back)."""

    index: int
    make: Callable[[], Any]  # WeasyPrint's remake_page for the page, from the layout context as it is then
    saved: _Saved  # the layout context before the page
    before: _Breaks  # the breaks of its paragraphs before its make-up
    first: _Verdict  # the page as first made
    page: tuple[Any, Any]  # remake_page's page and resume_at
    verdict: _Verdict
    after: _Breaks  # the breaks of its paragraphs as its make-up left them
    shortening: float = 0.0  # how far above its notes its text ends (page_depth.py)

    def again(self, context: Any) -> tuple[tuple[Any, Any], _Verdict]:
        """The page made again, as short as it was, from the layout context and the breaks as they are."""
        with page_depth.shortened(context, self.shortening):
            made = self.make()
            return made, _read(made, context, self.index)


def _make_up(make: Any, index: int, context: Any) -> Any:
    """The page `make()` makes, or, if it is faulty, the best of it made again with other line counts, and with the
    pages before it made again if it is still short (_looked_back); a recto as short as the verso it faces
    (page_depth.py): a verso left a line short is not made full then."""
    owed = context.__dict__.setdefault(_OWED, {})
    shortening = owed.get(index, 0.0)
    made = _shortened(make, index, context, shortening) if shortening else _made_up(make, index, context)
    recent: list[_Made] | None = getattr(context, _RECENT, None)
    for depth in range(1, LOOK_BACK + 1):
        if recent is None or not _wants_looking_back(made, recent[-1] if recent else None):
            break
        chain = recent[-depth:]
        if len(chain) < depth or chain[0].index != index - depth:
            break
        *recent[-depth:], made = _looked_back(chain, made, context)
    for each in [*(recent or ()), made]:  # a verso made again may end at another depth: what its recto owes
        if each.page[0].page_type.side == "left":
            owed[each.index + 1] = each.verdict.leading if _depth(each) == 1 else 0.0
    if recent is not None:
        recent[:] = [*recent, made][-LOOK_BACK:] if LOOK_BACK else []
    return made.page


def _shortened(make: Any, index: int, context: Any, shortening: float, trials: int = TRIALS) -> _Made:
    """The recto made a line short, as its verso is; made full after all if it then ends yet shorter or sends a
    note on and the full page is no worse (an entry's heading and its first lines, which fitted the full page, go
    to the next page: the sample's p. 19 ended four lines short)."""
    with page_depth.shortened(context, shortening):
        short = _made_up(make, index, context, trials)
    short.shortening = shortening
    if not (short.verdict.notes_sent_on or short.verdict.lines_short):
        return short
    short.saved.restore(context)
    short.before.restore()
    full = _made_up(make, index, context, trials)
    if (full.verdict.notes_sent_on, full.verdict.lines_short) <= (short.verdict.notes_sent_on,
                                                                  short.verdict.lines_short + 1):
        return full
    full.saved.restore(context)
    full.before.restore()
    with page_depth.shortened(context, shortening):
        again = _made_up(make, index, context, trials)
    again.shortening = shortening
    return again


def _made_up(make: Any, index: int, context: Any, trials: int = TRIALS) -> _Made:
    """The page `make()` makes, or, if it is faulty, the best of it made again with other line counts, `trials`
    settings at most."""
    saved = _Saved(context, index)
    made = make()
    first = _read(made, context, index)
    before = _Breaks.of_page(first)
    if not first.faulty:
        return _Made(index, make, saved, before, first, made, first, before)
    candidates = _candidates(first)
    best, best_settings, last_is_best = first, {p: p.looseness for p in candidates if p.looseness}, True
    for settings in itertools.islice(_trials(first, candidates), trials) if candidates else ():
        if any(looseness not in paragraph.options() for paragraph, looseness in settings.items()):
            continue  # a paragraph WeasyPrint could not set so, meanwhile (line_breaking.Broken.set_free)
        saved.restore(context)
        _apply(candidates, settings)
        made = make()
        trial = _read(made, context, index)
        trial.cost = _cost(settings)
        last_is_best = trial < best
        if last_is_best:
            best, best_settings = trial, settings
            if not trial.faulty:
                break
    if not last_is_best:
        saved.restore(context)
        _apply(candidates, best_settings)
        made = make()
    if best.recto_hyphen:
        def make_best() -> Any:
            saved.restore(context)
            _apply(candidates, best_settings)
            return make()

        made, best = _without_recto_hyphen(made, best, make_best, context, index, before)
    return _Made(index, make, saved, before, first, made, best, before.now())


def _looked_back(chain: list[_Made], made: _Made, context: Any) -> list[_Made]:
    """The pages `chain` and `made` after them, `made` short or ending at another depth than the verso it faces
    (_wants_looking_back), made again from the first of `chain` on: that page's paragraphs set longer, to send on
    lines that fill `made`, or shorter, to make room for what did not fit under its last line (most often the next
    entry's heading and first lines, or a line's notes), as a compositor resets the pages before; the first page
    must come out no worse (_worse), the pages after it are made up again as they come. The pages as they were if
    nothing does better (_faults). The pages made again replace their first makings among the pages WeasyPrint
    returns (install's make_all_pages holds LOOK_BACK pages back)."""
    first, pages = chain[0], [*chain, made]
    makings: list[_Made] = []

    def undo() -> None:
        # The breaks as they were before the first page was made: those the trial makings set, then those the
        # pages' makings set, the last first (a paragraph may run over several of them).
        for breaks in [*(making.before for making in reversed(makings)), *(each.before for each in reversed(pages))]:
            breaks.restore()
        first.saved.restore(context)

    for each in reversed(pages):
        each.before.restore()
    candidates = _candidates(first.first)
    trials = [(settings, first.shortening) for settings in _back_trials(candidates, max(made.verdict.lines_short, 1))]
    if _verso_to_shorten(first, made):
        trials.append(({}, first.verdict.leading))
    if not trials:  # nothing to try: the breaks as the pages' makings left them
        for each in pages:
            each.after.restore()
        return pages
    best, best_faults, last_is_best = pages, _faults(pages), False
    for settings, shortening in trials:
        undo()
        last_is_best = False
        _apply(candidates, settings)
        tried = dataclasses.replace(first, shortening=shortening)
        remade, verdict = tried.again(context)
        verdict.cost = _cost(settings)
        if _worse(verdict, first.verdict, remade[0]):
            continue
        trial = [dataclasses.replace(tried, page=remade, verdict=verdict, after=_Breaks(candidates))]
        for later in pages[1:]:
            _reset(context, later.index)
            before = trial[-1]
            if before.page[0].page_type.side == "left" and _depth(before) == 1:  # a spread a line short
                makings.append(_shortened(later.make, later.index, context, before.verdict.leading, LATER_TRIALS))
            else:
                makings.append(_made_up(later.make, later.index, context, LATER_TRIALS))
            trial.append(makings[-1])
        faults = _faults(trial)
        if faults < best_faults:
            best, best_faults, last_is_best = trial, faults, True
            if not any(each.verdict.faulty for each in trial):
                break
    if not last_is_best:  # the best pages made again, or the first
        undo()
        for position, each in enumerate(best):
            if position:
                _reset(context, each.index)
            each.after.restore()
            best[position] = dataclasses.replace(each, page=each.again(context)[0])
    replacing = getattr(context, _REMADE)
    for each in best[:-1]:
        replacing[each.index] = each.page[0]
    return best


def _verso_to_shorten(verso: _Made, recto: _Made) -> bool:
    """Whether a full verso may be made a line short, its recto then as short (page_depth.py), where the recto it
    faces ends one or two lines short (the line the verso sends on fills the second): tried last, after the verso's
    paragraphs set otherwise (which may leave the recto a line short, Pepys's p. 81). A spread may run a line short,
    its pages at one depth (Barbellion's pp. 98–99: the recto ends a line short where its last paragraph runs on to
    the next page; its verso, full with a paragraph set a line longer, now ends a line short with that paragraph
    at its best setting)."""
    return (verso.page[0].page_type.side == "left" and verso.index == recto.index - 1 and _depth(verso) == 0
            and 1 <= _depth(recto) <= 2 and not verso.verdict.notes_sent_on)


def _wants_looking_back(made: _Made, before: _Made | None) -> bool:
    """Whether the page `made` is one the pages before may do better by: sending no note on (which its own make-up
    weighed), short by two lines or more, or a recto shorter than its verso (`before`, made just before it; a verso
    shorter than its recto was looked back from when it was made)."""
    if made.verdict.notes_sent_on:
        return False
    return _depth(made) >= 2 or (before is not None and before.index == made.index - 1 and _uneven(before, made)
                                 and _depth(made) > _depth(before))


def _depth(made: _Made) -> int:
    """The lines a page lacks, its shortening (page_depth.py) among them."""
    leading = made.verdict.leading
    return made.verdict.lines_short + (round(made.shortening / leading) if leading else 0)


def _uneven(verso: _Made, recto: _Made) -> bool:
    """Whether two pages are a spread whose pages end at different depths."""
    return verso.page[0].page_type.side == "left" and _depth(verso) != _depth(recto)


def _faults(pages: list[_Made]) -> tuple:
    """The faults of pages in a row, in _Verdict.key's order, added, with each page's lines short counted from the
    foot of its text block (_depth); after the short pages, the hyphens at a recto's foot and the spreads whose
    pages end at different depths, counted alike (the print QA's faults both: one is not traded for the other),
    then the hyphens alone."""
    depths = [_depth(page) for page in pages]  # a recto's shortening counted: the print QA's lines short
    notes = sum(page.verdict.notes_sent_on for page in pages)
    short_pages = sum(depth >= 2 for depth in depths)
    lines_short = sum(depth + (page.verdict.recto_hyphen if depth >= 2 else 0) for page, depth in zip(pages, depths))
    recto_hyphens = sum(page.verdict.recto_hyphen for page in pages)
    cost = sum(page.verdict.cost for page in pages)
    uneven = sum(_uneven(verso, recto) for verso, recto in itertools.pairwise(pages))
    return notes, short_pages, recto_hyphens + uneven, recto_hyphens, lines_short, cost


def _back_trials(candidates: list[Broken | Rest], lines: int) -> Iterator[dict[Broken | Rest, int]]:
    """Settings of the page before a short page, the likeliest first: its paragraphs `lines` lines longer in all,
    each by a line at most, then one or two of them a line shorter, then one a line longer; BACK_TRIALS at most.
    A paragraph set two lines longer there (a page's own make-up allows it) left the Pepys slice's word spaces at
    0.366 em in the 90th percentile rather than 0.344, for one short page fewer."""
    shorter = sorted((p for p in candidates if -1 in p.options()), key=lambda p: p.options()[-1])
    longer = sorted((p for p in candidates if 1 in p.options()), key=lambda p: p.options()[1])
    wanted = [_filling(candidates, lines, 1), *({paragraph: -1 for paragraph in shorter[:count]} for count in (1, 2)),
              *({paragraph: 1} for paragraph in longer)]
    tried: list[dict[Broken | Rest, int]] = []
    for settings in wanted:
        if settings and settings not in tried and len(tried) < BACK_TRIALS:
            tried.append(settings)
            yield settings


def _worse(verdict: _Verdict, was: _Verdict, page: Any) -> bool:
    """Whether the page before a short page, made again, is worse than it was on any count: more notes sent on, a
    hyphen at a recto's foot, more lines short, except a verso a line short (its recto is made as short, as a
    spread may run a line short)."""
    allowed = 1 if page.page_type.side == "left" else was.lines_short
    return (verdict.notes_sent_on > was.notes_sent_on or verdict.recto_hyphen > was.recto_hyphen
            or verdict.lines_short > max(allowed, was.lines_short))


def _reset(context: Any, index: int) -> None:
    """The page maker's state for page `index` as WeasyPrint's make_all_pages sets it before making the page: the
    page before, made again, leaves what it found of its own or a state of its own there."""
    context.page_maker[index][-1].update(content_changed=False, pages_wanted=False, anchors=[], content_lookups=[])


def _cost(settings: dict[Broken | Rest, int]) -> float:
    return sum(paragraph.options()[looseness] for paragraph, looseness in settings.items())


def _candidates(verdict: _Verdict) -> list[Broken | Rest]:
    """The paragraphs a page's make-up may set otherwise, with the breaks they have as the page was first made: the
    one the page begins in, from its first line on the page, and those that begin on it; those that have another
    line count within the looseness's tolerance."""
    rest = verdict.carried[0].rest(verdict.carried[1]) if verdict.carried else None
    return [paragraph for paragraph in ([rest] if rest else []) + verdict.candidates if paragraph.options()]


def _without_recto_hyphen(made: Any, verdict: _Verdict, make: Any, context: Any, index: int,
                          before_make_up: _Breaks) -> tuple[Any, _Verdict]:
    """The page made again with the paragraph of its last line broken anew from its first line on the page, so
    that no line ends at that hyphen (the same number of lines, most often: the total fit has many ways of
    nearly the same cost), nor at one the page ended at in a try before (a breaking may end the page's last line at
    another hyphen: Barbellion's p. 85, "re-/solved", then "gradu-/ally"), RECTO_TRIES at most; the page as it was,
    if that is no better. The lines before the page stay as they are, as only the text after their breaks changes."""
    from weasyprint.formatting_structure import boxes

    lines = list(_lines(made[0].children[0], boxes))
    state = line_breaking.broken(lines[-1]) if lines else None
    if state is None:
        return made, verdict
    first = line_breaking.span(next(line for line in lines if line_breaking.broken(line) is state))
    if first is None or first[0] is None:
        return made, verdict
    before_make_up.add(state)  # a paragraph a trial brought onto the page is set back with the page's own
    before, ends, tried = set(state.chosen), set[int](), False
    for _ in range(RECTO_TRIES):
        last = line_breaking.span(lines[-1])
        if last is None or last[1] is None or line_breaking.broken(lines[-1]) is not state:
            break
        ends.add(last[1])
        breaks = state.without_break_at(first[0], ends)
        if breaks is None:
            break
        tried = True
        state.set_breaks(breaks)
        again = make()
        again_verdict = _read(again, context, index)
        again_verdict.cost = verdict.cost  # compared by its faults: the page read has no cost of its own
        if again_verdict < verdict and again_verdict.gaping <= verdict.gaping:  # no more gaping lines than before
            return again, again_verdict
        if not again_verdict.recto_hyphen:
            break
        lines = list(_lines(again[0].children[0], boxes))
    if not tried:  # no breaking without the hyphen: the page as it is made
        return made, verdict
    state.set_breaks(before)
    return make(), verdict


def _trials(verdict: _Verdict, candidates: list[Broken | Rest]) -> Iterator[dict[Broken | Rest, int]]:
    """Settings to try, the likeliest first: to fill a short page, as many of its paragraphs a line longer as
    lines are missing; then one, two, three of them a line shorter (to bring a note or the next lines back) or a
    line longer (to send a note's call on with its note); the cheapest paragraphs first."""
    longer = sorted((p for p in candidates if 1 in p.options()), key=lambda p: p.options()[1])
    shorter = sorted((p for p in candidates if -1 in p.options()), key=lambda p: p.options()[-1])
    wanted = []
    if verdict.lines_short and not verdict.notes_sent_on:
        wanted.append(_filling(candidates, verdict.lines_short))
        wanted.append({paragraph: 1 for paragraph in longer[:verdict.lines_short]})
    for count in range(1, MOST_CHANGED + 1):
        wanted += [{paragraph: -1 for paragraph in shorter[:count]}, {paragraph: 1 for paragraph in longer[:count]}]
    tried: list[dict[Broken | Rest, int]] = []
    for settings in wanted:
        if settings and settings not in tried:
            tried.append(settings)
            yield settings
            if len(tried) == TRIALS:
                return


def _filling(candidates: list[Broken | Rest], lines: int, longest: int = 2) -> dict[Broken | Rest, int]:
    """The cheapest setting that makes the paragraphs `lines` lines longer in all, one of them by two (`longest`)
    if need be (a long entry can take two lines where two paragraphs cannot take one each); the most lines it can,
    short of that. Of the paragraphs that can be set longer, the cheapest few (MOST_CHANGED + 2) are combined."""
    def cheapest(paragraph: Broken | Rest) -> float | None:
        return min((cost for looseness, cost in paragraph.options().items() if looseness > 0), default=None)

    growing = sorted((paragraph for paragraph in candidates if cheapest(paragraph) is not None),
                     key=lambda paragraph: cheapest(paragraph) or 0.0)
    choices = [[(paragraph, 0), *((paragraph, looseness) for looseness in paragraph.options()
                                  if 0 < looseness <= longest)] for paragraph in growing[:MOST_CHANGED + 2]]
    best: tuple[int, float, dict[Broken | Rest, int]] = (0, 0.0, {})
    for combination in itertools.product(*choices):
        added = sum(looseness for _, looseness in combination)
        if added > lines:
            continue
        cost = sum(paragraph.options()[looseness] for paragraph, looseness in combination if looseness)
        if (added, -cost) > (best[0], -best[1]):
            best = (added, cost, {paragraph: looseness for paragraph, looseness in combination if looseness})
    return best[2]


def _apply(candidates: list[Broken | Rest], settings: dict[Broken | Rest, int]) -> None:
    for paragraph in candidates:
        paragraph.set_looseness(settings.get(paragraph, 0))


class _Saved:
    """What making a page takes from WeasyPrint's layout context, so that the page can be made again from the
    same state: the notes still to place, those sent on from the page before, broken floats, the page maker's
    state for the page."""

    def __init__(self, context: Any, index: int) -> None:
        self.footnotes = list(context.footnotes)
        self.reported = list(context.reported_footnotes)
        self.broken_out_of_flow = dict(context.broken_out_of_flow)
        self.remake_state = _copied(context.page_maker[index][-1])
        self.index = index

    def restore(self, context: Any) -> None:
        context.footnotes[:] = self.footnotes
        context.reported_footnotes = list(self.reported)
        context.broken_out_of_flow = dict(self.broken_out_of_flow)
        state = context.page_maker[self.index][-1]
        state.clear()
        state.update(_copied(self.remake_state))


def _copied(remake_state: dict) -> dict:
    """The page maker's remake state with its lists copied: `make_page` appends to them (the ids found on the
    page, the lookups it made), and a making tried and set aside must not leave its own there."""
    return {key: list(value) if isinstance(value, list) else value for key, value in remake_state.items()}


class _Breaks:
    """The breaks encoded in some paragraphs, as they are now: _Saved sets back the layout context, these the text
    of a page's paragraphs, so that a page made again (a line short, then full) starts from the same lines."""

    def __init__(self, paragraphs: Iterable[Broken | Rest]) -> None:
        unique = {id(broken): broken for each in paragraphs
                  for broken in [each.broken if isinstance(each, Rest) else each]}
        self.kept = [(paragraph, paragraph.snapshot()) for paragraph in unique.values()]

    @classmethod
    def of_page(cls, verdict: _Verdict) -> _Breaks:
        """Those of the paragraphs a page's making may set otherwise: those that begin on it, and the one it begins
        in."""
        return cls([*verdict.candidates, *([verdict.carried[0]] if verdict.carried else [])])

    def add(self, paragraph: Broken) -> None:
        """Keep `paragraph`'s breaks as they are now too, unless kept already."""
        if all(kept is not paragraph for kept, _ in self.kept):
            self.kept.append((paragraph, paragraph.snapshot()))

    def now(self) -> _Breaks:
        """The same paragraphs' breaks as they are now."""
        return _Breaks([paragraph for paragraph, _ in self.kept])

    def restore(self) -> None:
        for paragraph, snapshot in self.kept:
            paragraph.restore(snapshot)


def _read(made: tuple[Any, Any], context: Any, index: int) -> _Verdict:
    """The faults of the page `made` (remake_page's page and resume_at) and the paragraphs that begin on it."""
    from weasyprint.formatting_structure import boxes

    page, resume_at = made
    root, footnote_area = page.children[0], page.children[1]
    lines = list(_lines(root, boxes))
    body = [line for line in lines if line_breaking.broken(line) is not None]
    if not body:
        return _Verdict(0, 0, 0)
    leading = Counter(round(line.height, 2) for line in body).most_common(1)[0][0]
    bottom = max(line.position_y + line.height for line in lines)
    limit = footnote_area.position_y if footnote_area.children else page.content_box_y() + page.height
    next_page = context.page_maker[index + 1][1] if index + 1 < len(context.page_maker) else None
    ends_flow = resume_at is None or next_page is None or next_page["break"] != "any"
    short = 0 if ends_flow else max(0, int((limit - page_depth.shortening(context) - bottom) / leading + 0.05))
    last_text = _last_text(lines[-1], boxes)
    recto_hyphen = int(page.page_type.side == "right" and resume_at is not None and last_text.endswith(_HYPHENS))
    page_number = index + 1
    candidates: list[Broken | Rest] = list({id(state): state for line in body if (state := line_breaking.broken(line))
                                            is not None and state.first_page == page_number}.values())
    begun_in, start = line_breaking.broken(body[0]), line_breaking.span(body[0])
    carried = (begun_in, start[0]) if begun_in is not None and begun_in.first_page != page_number \
        and start is not None and start[0] is not None else None
    sent_on = [note for note in context.reported_footnotes if not note_continuation.is_continuation(note)]
    gaping = sum(1 for line in body if getattr(line, tracking.GAPING, False))
    return _Verdict(len(sent_on), short, recto_hyphen, leading=leading, candidates=candidates, carried=carried,
                    gaping=gaping)


def _lines(box: Any, boxes: Any) -> Iterator[Any]:
    """The page's line boxes in the flow, in order (not the footnote area's, nor the margin boxes')."""
    if isinstance(box, boxes.LineBox):
        yield box
        return
    for child in getattr(box, "children", ()):
        if not isinstance(child, (boxes.FootnoteAreaBox, boxes.MarginBox)):
            yield from _lines(child, boxes)


def _last_text(line: Any, boxes: Any) -> str:
    texts = [box.text for box in line.descendants() if isinstance(box, boxes.TextBox)]
    return texts[-1].rstrip() if texts else ""
