"""Note calls in the text, note texts at the foot of the page, and which goes with which.

The calls are found by ``calls``, restarting on each page where the edition
numbers its notes per page. The note texts sit at the end of the page that holds their calls, set smaller
than the text (so their lines hold more characters), with their numbers inline
or on lines of their own, and those numbers are not always next to their text.
The order is reliable where the numbers are not: footnotes are printed in the
order of their calls. So the foot of each page is found (after its last call,
where the lines turn note-wide and a note-like opening begins), cut into as many
notes as the page has calls, and paired with the calls in order. A note whose
last line breaks off is continued by the first text in the next page's foot.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from itertools import pairwise

from carnets_press.importers.calls import Call, call_candidates, rising
from carnets_press.importers.headings import date_prefix, year_of_line
from carnets_press.importers.lines import MARK, Line, Measure, ends_sentence
from carnets_press.importers.report import ImportReport, NotePairing

_NUMBER_LINE = re.compile(r"[0-9]{1,3}")
_INLINE_NUMBER = re.compile(r"([0-9]{1,3})[.)]?\s+(?=\S)")
# "Name (1901–1987): …", "Name (b. 1935): …", "Name: …": how most notes of an edition open.
_NOTE_OPENING = re.compile(r"\S.{0,60}?(?:\((?:[bcd]\.\s?)?[0-9]{3,4}|\S:\s)")
_CARRY_PAGES = 1  # a call's text may be printed at most this many pages later


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
    per_page = _find_calls(pages, [int(line.text) for line in lines if _NUMBER_LINE.fullmatch(line.text)])
    widths = _Widths.of(lines, pages)
    notes: list[Note] = []
    body: list[Line] = []
    pending: list[Call] = []
    for page in pages:
        previous = notes[-1] if notes and notes[-1].page == page.index - 1 else None
        pending = [call for call in pending if page.index - call.page <= _CARRY_PAGES]
        foot = _Foot.find(page, pending, previous, widths)
        if foot is None:
            body.extend(page.lines)
            pending.extend(page.calls)
            continue
        body.extend(page.lines[:foot.start])
        pending = _pair(foot, pending, page, previous, notes, report)
    _label(notes, per_page)
    _report(notes, [call for page in pages for call in page.calls], report)
    _mark_calls(notes)
    return body, notes


def _pages(lines: list[Line]) -> list[_Page]:
    pages: list[_Page] = []
    for line in lines:
        if not pages or line.page_start:
            pages.append(_Page(len(pages), []))
        pages[-1].lines.append(line)
    return pages


def _find_calls(pages: list[_Page], printed: list[int]) -> bool:
    """Keep the candidates that make the best rising sequence (1, 2, 3…, a skipped number costs).

    The numbering runs through the book or starts again on each page: a number printed
    twice in the feet says per page, otherwise the reading that keeps more calls wins.
    Returns True for numbering per page.
    """
    def chosen(groups: list[list[_Page]]) -> list[Call]:
        return [call for group in groups for call in rising(
            [Call(line, start, end, number, page.index)
             for page in group for line in page.lines if not _NUMBER_LINE.fullmatch(line.text)
             for start, end, number in call_candidates(line.text)], set(printed))]

    through = chosen([pages])
    per_page = chosen([[page] for page in pages])
    restarts = len(printed) != len(set(printed)) or len(per_page) > len(through)
    for call in per_page if restarts else through:
        pages[call.page].calls.append(call)
    return restarts


@dataclass(frozen=True)
class _Widths:
    """The text's measure and the notes' measure; ``threshold`` is None when they cannot be told apart."""

    body: Measure
    note: Measure
    threshold: float | None

    @classmethod
    def of(cls, lines: list[Line], pages: list[_Page]) -> _Widths:
        text_lines = [line for line in lines if line.text and not _NUMBER_LINE.fullmatch(line.text)]
        body = Measure.of(text_lines) or Measure(30.0)
        sure = []  # lines next to a number standing alone, or opening on a call's number: certainly note lines
        for page in pages:
            texts = [line for line in page.lines if line.text]
            for k, line in enumerate(texts):
                if _NUMBER_LINE.fullmatch(line.text):
                    sure += [texts[j] for j in (k - 1, k + 1)
                             if 0 <= j < len(texts) and not _NUMBER_LINE.fullmatch(texts[j].text)]
                elif (match := _INLINE_NUMBER.match(line.text)) and any(
                        call.number == int(match.group(1)) and call.line.number < line.number for call in page.calls):
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
        number_at = [k for k, line in enumerate(lines) if _NUMBER_LINE.fullmatch(line.text) and k > last_call]
        if not page.calls and not pending and not number_at and not continues:
            return None
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
        numbers = [line for line in lines[start:] if _NUMBER_LINE.fullmatch(line.text)]
        wanted = {call.number for call in calls}
        segments: list[list[Line]] = []
        inline: dict[int, int] = {}
        fresh = True
        for line in lines[start:]:
            if not line.text or _NUMBER_LINE.fullmatch(line.text):
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
        continuation = segments.pop(0)
        previous.lines += continuation
        previous.continued = not ends_sentence(continuation[-1].text)
        report.add("note", continuation[0].number, continuation[0].text,
                   f"continues the note begun on line {previous.lines[0].number}", 0.8)
    by_number = {int(line.text): line for line in foot.numbers}
    printed = sorted(by_number)
    confidence = 0.9 if not printed or printed == sorted(call.number for call in foot.calls) else 0.5
    for doubtful in foot.doubtful_splits:
        report.add("note", doubtful, "", "where one note ends and the next begins is a guess", 0.5)
    claimed = {call.number for call in foot.calls[:len(segments)]}
    for line in foot.numbers:
        if int(line.text) not in claimed:
            report.add("note", line.number, line.text, "a note number no call on the page uses: removed", 0.4,
                       before=line.text, after="")
    for k, segment in enumerate(segments):
        call = foot.calls[k] if k < len(foot.calls) else None
        number = call.number if call else None
        inline = foot.inline.get(segment[0].number)
        if inline is not None:
            segment[0] = Line(segment[0].number, _INLINE_NUMBER.sub("", segment[0].text, count=1),
                              segment[0].page_start, segment[0].width)
        note = Note(segment, page.index, printed=inline if inline is not None else (
            number if number in by_number else None), call=call,
            number_line=by_number[number].number if number in by_number else None,
            confidence=confidence if call else 0.3)
        note.continued = not ends_sentence(segment[-1].text)
        notes.append(note)
    return [call for call in page.calls if call not in foot.calls]


def _label(notes: list[Note], per_page: bool) -> None:
    """The printed numbers when they are unique in the book, otherwise 1, 2, 3… in order."""
    counter = 0
    for note in notes:
        if note.call is None:
            note.label = f"unpaired-{note.lines[0].number}"
        else:
            counter += 1
            note.label = str(counter if per_page else note.call.number)


def _report(notes: list[Note], calls: list[Call], report: ImportReport) -> None:
    paired = {id(note.call) for note in notes if note.call is not None}
    for call in calls:
        if id(call) not in paired:
            report.add("call", call.line.number, call.line.text,
                       f"call {call.number} found no note text; its digits are kept as printed", 0.4)
    for note in notes:
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
