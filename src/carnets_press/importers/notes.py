"""Note calls in the text, note texts at the foot of the page or at the end of a part, and which goes with which.

The calls are found by ``calls``: through the book (restarting at 1 where a part numbers
its notes afresh) or on each page. The note texts sit at the end of the page that holds
their calls, set smaller than the text (so their lines hold more characters), or are
gathered under a heading at the end of a part (endnotes: a page that opens, below at most a
short heading, on note 1).

Where the page prints each note's number (or reference mark) before its text — on a line of
its own, or opening the note's line — the notes are given to the calls **by number**: a
note deferred to the next page finds its call there, and a page whose calls and notes do not
agree in count shifts no note onto a wrong call (a number no call uses keeps its text as a
note without a call, reported). Where the numbers stand apart from their texts (after them,
out of order) or are missing, the order is reliable where the numbers are not: footnotes
are printed in the order of their calls. So the foot of each page is found (after its last
call, where the lines turn note-wide and a note-like opening begins), cut into as many
notes as the page has calls, and paired with the calls in order. Unnumbered text at the
start of the next page's foot continues the page's last note: where that note broke off, or
where the text is set as wide as notes and opens in lower case where no sentence of the text
runs on; a note that merely ends without a full stop (a page reference) is not continued by
a foot that opens on a number.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import pairwise

from carnets_press.importers.calls import (
    Call,
    call_candidates,
    rising,
    symbol_candidates,
    symbol_number,
    weak_candidates,
)
from carnets_press.importers.headings import date_prefix, year_of_line
from carnets_press.importers.lines import MARK, TERMINAL, Line, Measure, ends_sentence
from carnets_press.importers.report import ImportReport, NotePairing

_NUMBER_LINE = re.compile(r"([0-9]{1,3})\.?")
_INLINE_NUMBER = re.compile(r"([0-9]{1,3})[.)]?\s+(?=\S)")
_SYMBOL_OPENING = re.compile(r"(([*†‡§‖¶])\2*)\s*(?=[^\s*†‡§‖¶])")
# "Name (1901–1987): …", "Name (b. 1935): …", "Name: …": how most notes of an edition open.
_NOTE_OPENING = re.compile(r"\S.{0,60}?(?:\((?:[bcd]\.\s?)?[0-9]{3,4}|\S:\s)")
_CARRY_PAGES = 1  # a call's text may be printed at most this many pages later
_HEADING_MAX = 40  # characters: the heading over gathered notes ("Notes", "Notes to Part I") is short


def _number_line(text: str) -> int | None:
    """The number of a line that holds only a note's number ("48", "2."), else None."""
    match = _NUMBER_LINE.fullmatch(text)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class _Marker:
    """A note's printed number or reference mark at the start of its text.

    ``alone``: the number stands on a line of its own; otherwise the note's text follows
    it on the line, from ``strip`` characters in.
    """

    number: int
    symbol: bool
    alone: bool
    strip: int


def _marker(text: str, wanted: set[int] | None = None) -> _Marker | None:
    """The note number or mark that opens a line, if it opens one.

    A figure opening a line of text ("1 The Duke…", "3. See…") is a note's only when
    ``wanted`` (the numbers of the calls waiting for a text) holds it, or when ``wanted``
    is None: text lines open on figures for other reasons ("10 miles further").
    """
    alone = _number_line(text)
    if alone is not None:
        return _Marker(alone, False, True, len(text))
    match = _SYMBOL_OPENING.match(text)
    if match and (number := symbol_number(match.group(1))) is not None:
        return _Marker(number, True, False, match.end())
    match = _INLINE_NUMBER.match(text)
    if match and (wanted is None or int(match.group(1)) in wanted):
        return _Marker(int(match.group(1)), False, False, match.end())
    return None


@dataclass
class Note:
    """One note's text lines, and the call it was paired with (None if no call claims it)."""

    lines: list[Line]
    page: int
    printed: int | None = None
    number_line: int | None = None
    call: Call | None = None
    label: str = ""
    confidence: float = 0.9
    continued: bool = False  # the text breaks off at the page's end and goes on in the next foot


@dataclass
class _Page:
    index: int
    lines: list[Line]
    calls: list[Call] = field(default_factory=list)


def separate_notes(lines: list[Line], report: ImportReport) -> tuple[list[Line], list[Note]]:
    """Take the notes out of the running text: the body lines (calls marked) and the paired notes."""
    pages = _pages(lines)
    _find_calls(pages)
    calls = [call for page in pages for call in page.calls]
    widths = _Widths.of(lines, pages)
    notes: list[Note] = []
    gathered = _endnotes(pages, notes, report)
    body: list[Line] = []
    pending: list[Call] = []
    for page in pages:
        if page.index in gathered:
            body.extend(page.lines[:gathered[page.index]])
            pending = []
            continue
        previous = notes[-1] if notes and notes[-1].page == page.index - 1 else None
        pending = [call for call in pending if page.index - call.page <= _CARRY_PAGES]
        if not page.calls and not pending:  # at most the previous page's note going on
            end = len(page.lines)
            start = end if previous is None else _continuation_start(page.lines, -1, end, widths, previous.continued)
            body.extend(page.lines[:start])
            if start < end and previous is not None:
                _continue(previous, [line for line in page.lines[start:] if line.text], report)
            continue
        numbered = _numbered_foot(page, pending, previous, widths)
        if numbered is not None:
            start, segments = numbered
            body.extend(page.lines[:start])
            pending = _pair_by_number(segments, pending, page, previous, notes, report)
            continue
        foot = _Foot.find(page, pending, previous, widths)
        if foot is None:
            body.extend(page.lines)
            pending.extend(page.calls)
            continue
        body.extend(page.lines[:foot.start])
        first = len(notes)
        pending = _pair(foot, pending, page, previous, notes, report)
        if len(notes) > first:
            _number_beside(page.lines[:foot.start], notes[first], report)
    _label(notes)
    _report(notes, calls, report)
    _mark_calls(notes)
    return body, notes


def _pages(lines: list[Line]) -> list[_Page]:
    """The printed pages: by the page numbers the lines carry (form feeds), else where a page is seen to start."""
    counted = any(line.page for line in lines)
    pages: list[_Page] = []
    for k, line in enumerate(lines):
        if not pages or (line.page != lines[k - 1].page if counted else line.page_start):
            pages.append(_Page(len(pages), []))
        pages[-1].lines.append(line)
    return pages


def _find_calls(pages: list[_Page]) -> None:
    """Keep the candidates that make the best rising sequence (1, 2, 3…, a skipped number costs).

    The numbering runs through the book (starting again at 1 where a part numbers its
    notes afresh) or starts again on each page: the reading that keeps more calls wins.
    """
    printed: dict[int, set[tuple[bool, int]]] = {}
    for page in pages:
        printed[page.index] = {(found.symbol, found.number) for line in page.lines
                               if line.text and (found := _marker(line.text)) is not None}

    def candidates(group: list[_Page]) -> list[Call]:
        found = []
        for page in group:
            near = printed[page.index] | printed.get(page.index + 1, set())
            for line in page.lines:
                if _number_line(line.text) is not None:
                    continue
                readings = [(*c, False, False) for c in call_candidates(line.text)]
                readings += [(*c, True, False) for c in weak_candidates(line.text)]
                readings += [(*c, False, True) for c in symbol_candidates(line.text)]
                for start, end, number, weak, symbol in sorted(readings):
                    found.append(Call(line, start, end, number, page.index, weak=weak, symbol=symbol,
                                      confirmed=(symbol, number) in near))
        return found

    through = rising(candidates(pages), restarts=True, printed=frozenset().union(*printed.values()))
    per_page = [call for page in pages for call in rising(candidates([page]), free_start=False)]
    for call in per_page if len(per_page) > len(through) else through:
        pages[call.page].calls.append(call)


def _endnotes(pages: list[_Page], notes: list[Note], report: ImportReport) -> dict[int, int]:
    """Notes gathered at the end of a part, paired by number with the calls since the last such gathering.

    A gathering opens a page on note 1, below at most a short heading (which is removed and
    reported), and runs on over the pages that open on its next number, or on note 1 again
    under the heading of the next part's notes; the pages it answers print no numbered notes
    at their feet. The calls it answers are taken off their pages, so
    that no foot is looked for them. Returns, for each page of a gathering, how many of its
    lines are running text before it.
    """
    gathered: dict[int, int] = {}
    since = 0  # the first page whose calls no gathering has answered yet
    k = 0
    while k < len(pages):
        opening = _gathering_opens(pages[k])
        pool = [call for page in pages[since:k + 1] for call in page.calls if not call.symbol]
        if opening is None or not any(call.number == 1 for call in pool) or any(map(_has_foot, pages[since:k])):
            k += 1
            continue
        start, headings = opening
        gathered[k] = pages[k].lines.index(headings[0]) if headings else start
        segments = _segments(pages[k].lines[start:], None, headings=headings)
        last = k
        while last + 1 < len(pages) and segments and segments[-1].marker is not None:
            following = pages[last + 1]
            texts = [line for line in following.lines if line.text]
            found = _marker(texts[0].text) if texts else None
            run = _gathering_opens(following)
            if found is not None and found.number == segments[-1].marker.number + 1:
                segments += _segments(following.lines, None, segments[-1].marker.number, headings)
            elif run is not None:  # the next part's notes, numbered afresh under their own heading
                headings += run[1]
                segments += _segments(following.lines[run[0]:], None, headings=headings)
            else:
                break
            last += 1
            gathered[last] = 0
        for line in headings:
            report.add("note", line.number, line.text, "the heading of the notes gathered here: removed", 0.8,
                       before=line.text, after="")
        claimed = _claim([segment for segment in segments if segment.marker is not None], pool, k, notes)
        for page in pages[since:k + 1]:
            page.calls = [call for call in page.calls if id(call) not in claimed]
        since = k = last + 1
    return gathered


def _has_foot(page: _Page) -> bool:
    """Whether a number or mark that one of the page's calls uses opens a line after the first call."""
    if not page.calls:
        return False
    numbers = {(call.symbol, call.number) for call in page.calls}
    first = page.lines.index(page.calls[0].line)
    return any(line.text and (found := _marker(line.text)) is not None and (found.symbol, found.number) in numbers
               for line in page.lines[first + 1:])


def _gathering_opens(page: _Page) -> tuple[int, list[Line]] | None:
    """Where a page opens on note 1 below at most two short heading lines: (its index, the heading lines)."""
    heading: list[Line] = []
    for index, line in enumerate(page.lines):
        if not line.text:
            continue
        found = _marker(line.text, {1})
        if found is not None and found.number == 1 and not found.symbol:
            return index, heading
        if len(heading) == 2 or not _heading_shaped(line):
            return None
        heading.append(line)
    return None


def _heading_shaped(line: Line) -> bool:
    """A short line that closes no sentence and calls no note: "Notes", "Notes to Part II"."""
    return len(line.text) <= _HEADING_MAX and line.text[-1] not in TERMINAL + ",;" and not call_candidates(line.text)


@dataclass
class _Segment:
    """One note's lines in a foot or a gathering, with the number printed before them (None: unnumbered)."""

    marker: _Marker | None
    lines: list[Line]
    number_line: Line | None = None


def _segments(lines: list[Line], wanted: set[int] | None, last: int = 0,
              headings: list[Line] | None = None, repeats: dict[int, int] | None = None) -> list[_Segment]:
    """Cut note lines where a printed number opens a note; lines before the first number make an unnumbered segment.

    A figure opens a note only where it could: in a foot, one of the ``wanted`` call
    numbers, and a figure opening a line of text only higher than the last note's (or again,
    as often as ``repeats`` says calls with that number wait); in notes
    gathered in order (``wanted`` None), the next number after ``last``, or 1 again under a
    short heading (the next part's notes: the heading goes to ``headings``). A figure alone on
    the foot's last line, or after a line that breaks off, that no call wants is the end of
    a note's text ("Register, p." / "163"). A line without a number goes on the note above it.
    """
    texts = [line for line in lines if line.text]
    segments: list[_Segment] = []
    previous: int | None = None if wanted is not None else last
    repeats = repeats or {}
    for k, line in enumerate(texts):
        found = _marker(line.text, wanted)
        if found is not None and not found.symbol:
            if wanted is None:
                expected = found.number == (previous or 0) + 1
                if not expected and found.number == 1 and headings is not None and segments \
                        and len(segments[-1].lines) > 1 and _heading_shaped(segments[-1].lines[-1]):
                    headings.append(segments[-1].lines.pop())
                    expected = True
            elif found.alone:
                expected = found.number in wanted or (
                    k + 1 < len(texts) and (not segments or ends_sentence(segments[-1].lines[-1].text)))
            else:  # a second call with the same number: per-page numbers, the previous page's note deferred
                expected = previous is None or found.number > previous or sum(
                    segment.marker is not None and segment.marker.number == found.number for segment in segments
                ) < repeats.get(found.number, 1)
            found = found if expected or not segments else None
        if found is not None:
            previous = found.number
            segments.append(_Segment(found, [] if found.alone else [line], line if found.alone else None))
        elif segments:
            segments[-1].lines.append(line)
        else:
            segments.append(_Segment(None, [line]))
    return segments


def _claim(segments: list[_Segment], pool: list[Call], page: int, notes: list[Note]) -> set[int]:
    """Give each numbered segment to the call with its number, in order; return the ids of the calls claimed.

    Notes are printed in the order of their calls, so each looks for its call after the
    previous note's; one found only before it is paired with less confidence, and one
    whose number no call has is kept as a note without a call.
    """
    claimed: set[int] = set()
    cursor = -1
    for segment in segments:
        found = segment.marker
        assert found is not None
        matching = [i for i, call in enumerate(pool) if id(call) not in claimed
                    and call.number == found.number and call.symbol == found.symbol]
        after = [i for i in matching if i > cursor]
        index = after[0] if after else (matching[0] if matching else None)
        call = None
        if index is not None:
            call = pool[index]
            claimed.add(id(call))
            cursor = max(cursor, index)
        lines = list(segment.lines)
        if not found.alone:
            first = lines[0]
            lines[0] = replace(first, text=first.text[found.strip:])
        note = Note(lines, page, printed=found.number,
                    number_line=segment.number_line.number if segment.number_line else None, call=call,
                    confidence=(0.9 if after else 0.6) if call else 0.3)
        note.continued = not ends_sentence(lines[-1].text)
        notes.append(note)
    return claimed


def _numbered_foot(page: _Page, pending: list[Call], previous: Note | None,
                   widths: _Widths) -> tuple[int, list[_Segment]] | None:
    """The page's foot where it prints each note's number before its text: (where it starts, its notes).

    None where it does not: no number after the page's last call answers a call, or a
    number stands with no text after it (the numbers then stand apart from their texts).
    Text before the first number, set as wide as notes are, is the previous page's note going on.
    """
    lines = page.lines
    pool = pending + page.calls
    if not pool:
        return None
    wanted = {call.number for call in pool if not call.symbol}
    last_call = max((lines.index(call.line) for call in page.calls), default=-1)
    first = next((k for k in range(last_call + 1, len(lines))
                  if lines[k].text and _marker(lines[k].text, wanted) is not None), None)
    if first is None:
        return None
    segments = _segments(lines[first:], wanted, repeats=Counter(call.number for call in pool if not call.symbol))
    if any(not segment.lines for segment in segments):
        return None
    opening = segments[0].marker
    if opening is not None and not opening.alone and not opening.symbol and not _wider(segments, lines[:first], widths):
        return None  # a line of the text that opens on a call's number ("2 miles on"), not a foot
    if not any((segment.marker.symbol, segment.marker.number) in {(c.symbol, c.number) for c in pool}
               for segment in segments if segment.marker is not None):
        return None
    start = first
    if previous is not None:
        start = _continuation_start(lines, last_call, first, widths, broke_off=previous.continued)
        if start < first:
            segments.insert(0, _Segment(None, [line for line in lines[start:first] if line.text]))
    return start, segments


def _wider(segments: list[_Segment], above: list[Line], widths: _Widths) -> bool:
    """Whether the notes' lines are set wider than most text lines above them (or the widths cannot tell)."""
    texts = [line for line in above if line.text]
    if widths.threshold is None or len(texts) < 2:
        return True
    foot = [widths.score(line, final=k == len(segment.lines) - 1)
            for segment in segments for k, line in enumerate(segment.lines)]
    return statistics.fmean(foot) >= statistics.median(widths.score(line, final=False) for line in texts) + 0.25


def _continuation_start(lines: list[Line], last_call: int, first: int, widths: _Widths, broke_off: bool) -> int:
    """Where the previous page's note goes on above the first numbered note; ``first`` if it does not.

    The continuation is set as wide as notes, or opens where no sentence of the text can (in
    lower case, after a closed sentence or a blank line); the shortest such run of lines above
    the first number wins a tie. A note that seemed to end (on a closing bracket, a page
    reference) goes on only where both are true.
    """
    best, best_score = first, 0.0
    score = 0.0
    texts = [k for k in range(first - 1, last_call, -1) if lines[k].text]
    for k in texts:
        score += widths.score(lines[k], final=k == texts[0])  # the note's last line may be short
        lower = lines[k].text[:1].islower()
        above = next((line.text for line in reversed(lines[:k]) if line.text), "")
        apart = k > 0 and (not lines[k - 1].text or ends_sentence(above))  # no sentence of the text runs on here
        opening = (0.5 if lower else 0.0) + (0.5 if apart else 0.0)
        wide, opens = score > 0, lower and apart
        if score + opening > best_score and ((wide or opens) if broke_off else (wide and opens)):
            best, best_score = k, score + opening
    return best


def _continue(previous: Note, continuation: list[Line], report: ImportReport) -> None:
    """The previous page's note goes on in these lines; it is still unfinished if they break off too."""
    previous.lines += continuation
    previous.continued = not ends_sentence(continuation[-1].text)
    report.add("note", continuation[0].number, continuation[0].text,
               f"continues the note begun on line {previous.lines[0].number}", 0.8)


def _pair_by_number(segments: list[_Segment], pending: list[Call], page: _Page, previous: Note | None,
                    notes: list[Note], report: ImportReport) -> list[Call]:
    """Pair a numbered foot's notes with the calls by number; return the calls still waiting for a text."""
    if segments and segments[0].marker is None and previous is not None:
        _continue(previous, segments.pop(0).lines, report)
    pool = pending + page.calls
    claimed = _claim(segments, pool, page.index, notes)
    return [call for call in pool if id(call) not in claimed]


@dataclass(frozen=True)
class _Widths:
    """The text's measure and the notes' measure; ``threshold`` is None when they cannot be told apart."""

    body: Measure
    note: Measure
    threshold: float | None

    @classmethod
    def of(cls, lines: list[Line], pages: list[_Page]) -> _Widths:
        text_lines = [line for line in lines if line.text and _number_line(line.text) is None]
        body = Measure.of(text_lines) or Measure(30.0)
        sure = []  # lines next to a number standing alone, or opening on a call's number or mark: certainly note lines
        for page in pages:
            texts = [line for line in page.lines if line.text]
            numbers = {(call.symbol, call.number) for call in page.calls}
            for k, line in enumerate(texts):
                found = _marker(line.text)
                if found is not None and found.alone:
                    sure += [texts[j] for j in (k - 1, k + 1)
                             if 0 <= j < len(texts) and _number_line(texts[j].text) is None]
                elif found is not None and (found.symbol, found.number) in numbers and any(
                        call.line.number < line.number for call in page.calls):
                    sure.append(line)
        widths = [line.width for line in sure if line.width < 1.5 * body.full]
        if len(widths) < 3:
            return cls(body, body, None)
        top = statistics.median(sorted(widths)[len(widths) // 2:])
        note = Measure(statistics.median([width for width in widths if width >= 0.85 * top]))
        threshold = (body.full + note.full) / 2 if note.full >= 1.05 * body.full else None
        return cls(body, note, threshold)

    def score(self, line: Line, final: bool) -> float:
        """+1 for a line as wide as a note line, −1 for one as wide as a text line; a note's last line may be short."""
        if self.threshold is None:
            return 0.0
        width = line.width / self.note.printed_lines(line.width)
        half = (self.note.full - self.body.full) / 2
        value = max(-1.0, min(1.0, (width - self.threshold) / half))
        return 0.0 if final and value < 0 else value


@dataclass
class _Foot:
    """The notes at the end of one page: where they start and how they divide."""

    start: int  # index in the page's lines
    segments: list[list[Line]]
    numbers: list[Line]
    inline: dict[int, int]  # raw line number → the note number printed at its start
    calls: list[Call]  # the calls these notes answer, in order
    continues: bool  # the first segment continues the previous page's last note
    score: float
    doubtful_splits: list[int]

    @classmethod
    def find(cls, page: _Page, pending: list[Call], previous: Note | None, widths: _Widths) -> _Foot | None:
        lines = page.lines
        continues = previous is not None and previous.continued
        last_call = max((lines.index(call.line) for call in page.calls), default=-1)
        number_at = [k for k, line in enumerate(lines) if _number_line(line.text) is not None and k > last_call]
        texts = [k for k, line in enumerate(lines) if line.text and k > last_call]
        high = number_at[0] if number_at else (texts[-1] if texts else -1)
        options = [pending + page.calls] + ([page.calls] if pending else [])
        best: _Foot | None = None
        for start in reversed([k for k in texts if k <= high]):  # on a tie, the shorter foot
            for calls in options:
                foot = cls._build(lines, start, calls, continues, widths)
                if best is None or foot.score > best.score:
                    best = foot
        if best is None or (not number_at and best.score < 0):
            return None  # no foot here: the calls wait for the next page
        return best

    @classmethod
    def _build(cls, lines: list[Line], start: int, calls: list[Call], continues: bool, widths: _Widths) -> _Foot:
        numbers = [line for line in lines[start:] if _number_line(line.text) is not None]
        wanted = {call.number for call in calls}
        segments: list[list[Line]] = []
        inline: dict[int, int] = {}
        fresh = True
        for line in lines[start:]:
            if not line.text or _number_line(line.text) is not None:
                fresh = True
                continue
            match = _INLINE_NUMBER.match(line.text)
            if match and int(match.group(1)) in wanted:
                inline[line.number] = int(match.group(1))
                fresh = True
            if fresh:
                segments.append([])
                fresh = False
            segments[-1].append(line)
        needed = len(calls) + int(continues)
        score = -3.0 * abs(len(segments) - needed) if len(segments) > needed else 0.0
        doubtful: list[int] = []
        if len(segments) < needed:
            segments, missing, doubtful = _split(segments, needed - len(segments), widths)
            score -= 3.0 * missing
        for segment in segments:
            score -= 2.0 if date_prefix(segment[0].text) else 0.0  # an entry's opening is no note
            for k, line in enumerate(segment):
                score += widths.score(line, final=k == len(segment) - 1)
                score -= 3.0 if year_of_line(line.text) else 0.0
        first = segments[0][0] if segments else lines[start]
        score += _opening(first, continues, first.number in inline)
        return cls(start, segments, numbers, inline, calls, continues, score, doubtful)


def _opening(line: Line, continues: bool, numbered: bool) -> float:
    """How much the foot's first line looks like the start of a note (or of a continued one)."""
    head = line.text[:1]
    if head.islower():
        return 0.5 if continues else -2.0
    score = 0.5 if head.isupper() or head in "‘“\"'([" else 0.0
    if numbered or _NOTE_OPENING.match(line.text):
        score += 1.5
    return score


def _split(segments: list[list[Line]], count: int, widths: _Widths) -> tuple[list[list[Line]], int, list[int]]:
    """Cut ``count`` more notes out of the segments, where a sentence ends and a note-like line begins."""
    places = []
    for s, segment in enumerate(segments):
        for k in range(1, len(segment)):
            before, line = segment[k - 1], segment[k]
            if not ends_sentence(before.text) or line.text[:1].islower():
                continue
            value = 1.0 + (1.5 if _NOTE_OPENING.match(line.text) else 0.0)
            value += 1.0 if before.width < 0.85 * widths.note.full else 0.0
            places.append((value, s, k))
    places.sort(key=lambda place: -place[0])
    chosen = places[:count]
    doubtful = []
    if len(places) > count and count and places[count][0] == chosen[-1][0]:
        doubtful = [segments[s][k].number for value, s, k in places if value == chosen[-1][0]]
    cuts: dict[int, list[int]] = {}
    for _, s, k in chosen:
        cuts.setdefault(s, []).append(k)
    result = []
    for s, segment in enumerate(segments):
        edges = [0, *sorted(cuts.get(s, [])), len(segment)]
        result += [segment[a:b] for a, b in pairwise(edges)]
    return result, count - len(chosen), doubtful


def _pair(foot: _Foot, pending: list[Call], page: _Page, previous: Note | None,
          notes: list[Note], report: ImportReport) -> list[Call]:
    """Give the foot's notes to the calls in order; return the calls still waiting for a text."""
    segments = list(foot.segments)
    if foot.continues and previous is not None and segments:
        _continue(previous, segments.pop(0), report)
    by_number = {number: line for line in foot.numbers if (number := _number_line(line.text)) is not None}
    printed = sorted(by_number)
    confidence = 0.9 if not printed or printed == sorted(call.number for call in foot.calls) else 0.5
    for doubtful in foot.doubtful_splits:
        report.add("note", doubtful, "", "where one note ends and the next begins is a guess", 0.5)
    claimed = {call.number for call in foot.calls[:len(segments)]}
    for line in foot.numbers:
        if _number_line(line.text) not in claimed:
            report.add("note", line.number, line.text, "a note number no call on the page uses: removed", 0.4,
                       before=line.text, after="")
    for k, segment in enumerate(segments):
        call = foot.calls[k] if k < len(foot.calls) else None
        number = call.number if call else None
        inline = foot.inline.get(segment[0].number)
        if inline is not None:
            segment[0] = replace(segment[0], text=_INLINE_NUMBER.sub("", segment[0].text, count=1))
        note = Note(segment, page.index, printed=inline if inline is not None else (
            number if number in by_number else None), call=call,
            number_line=by_number[number].number if number in by_number else None,
            confidence=confidence if call else 0.3)
        note.continued = not ends_sentence(segment[-1].text)
        notes.append(note)
    return [call for call in page.calls if call not in foot.calls]


def _number_beside(above: list[Line], note: Note, report: ImportReport) -> None:
    """A note printed without its number, under a text line that ends on that number run into it ("the ut1"):
    the number stood beside the line, at the head of the note, and is taken off the text line (reported)."""
    line = next((line for line in reversed(above) if line.text), None)
    if line is None or note.call is None or note.printed is not None or note.number_line is not None:
        return
    found = [c for c in call_candidates(line.text) if c[1] == len(line.text) and c[2] == note.call.number]
    if not found or (line is note.call.line and found[0][0] == note.call.start):
        return
    before = line.text
    line.text = before[:found[0][0]]
    note.printed = note.call.number
    report.add("note", line.number, before, f"the number {note.call.number} run into the line above its note: "
               "taken off the text", 0.6, before=before.split()[-1], after=line.text.split()[-1])


def _label(notes: list[Note]) -> None:
    """The printed numbers when they are unique in the book, otherwise 1, 2, 3… in the order of the calls."""
    paired = sorted((note for note in notes if note.call is not None),
                    key=lambda note: (note.call.line.number, note.call.start) if note.call else (0, 0))
    numbers = [note.call.number for note in paired if note.call is not None and not note.call.symbol]
    unique = len(numbers) == len(paired) and len(set(numbers)) == len(numbers)
    for counter, note in enumerate(paired, 1):
        note.label = str(note.call.number if unique and note.call else counter)
    for note in notes:
        if note.call is None:
            note.label = f"unpaired-{note.lines[0].number}"


def _report(notes: list[Note], calls: list[Call], report: ImportReport) -> None:
    paired = {id(note.call) for note in notes if note.call is not None}
    for call in calls:
        if id(call) not in paired:
            report.add("call", call.line.number, call.line.text,
                       f"call {call.number} found no note text; its digits are kept as printed", 0.4)
    for note in notes:
        if note.call is not None and note.call.weak:
            text = note.call.line.text
            report.add("call", note.call.line.number, text, f"call {note.call.number} read from figures run into a "
                       "year or set apart after a heading, since a note with its number is printed there", 0.7,
                       before=text, after=text[:note.call.start].rstrip() + text[note.call.end:])
        first = note.lines[0]
        if note.call is None:
            decided = "a note text that no call claims: kept as a note without a call"
        elif note.number_line is None and note.printed is None:
            decided = f"note {note.label}: no number printed with it, paired with the call on line " \
                      f"{note.call.line.number} by position"
        else:
            decided = f"note {note.label}: paired with the call on line {note.call.line.number}"
        confidence = note.confidence if note.number_line or note.printed else min(note.confidence, 0.8)
        report.add("note", first.number, first.text, decided, confidence)
        report.notes.append(NotePairing(
            label=note.label, printed=note.printed, call_line=note.call.line.number if note.call else None,
            call_number=note.call.number if note.call else None,
            text_lines=tuple(line.number for line in note.lines), number_line=note.number_line,
            file="", confidence=confidence))


def _mark_calls(notes: list[Note]) -> None:
    """Replace each paired call's digits by a marker; unpaired digits stay as printed."""
    by_line: dict[int, list[tuple[Note, Call]]] = {}
    for note in notes:
        if note.call is not None:
            by_line.setdefault(id(note.call.line), []).append((note, note.call))
    for group in by_line.values():
        line = group[0][1].line
        text = line.text
        for note, call in sorted(group, key=lambda pair: -pair[1].start):
            text = text[:call.start] + MARK.format(note.label) + text[call.end:]
        line.text = text
