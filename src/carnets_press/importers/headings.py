"""Introduction, parts and dated entries; where an entry's heading ends and its text begins.

An entry starts where a paragraph opens on a date that
``carnets_press.manuscript.dates.parse_heading`` reads, closed by a full stop or a
colon ("31 March 1941.", "Morelia, 16 May 1946.", "November 1941:"), with the dash
of a run-in dateline ("JANUARY 3.—"), or standing with no stop over its text
("January 21"). Diarists leave the year out ("JANUARY 3.", "2nd."): such a date is
completed as the manuscript reader completes it, from the entry before or the
part's heading, so that the reader reads the same date back; where neither comes
before it, a running head that names the date heads a part with its words. A line
that is a year, a month and its year, or a short title naming a year ("To the
Frozen Ocean in 1789") is a part; so is a section's number run into the dateline
below it. Text before the first of them is the introduction. In a book that sets
its datelines run in and in capitals, a paragraph opening the same way without a
date ("XMAS DAY.—") is an entry without a date.

The printed heading runs on into the entry's text, so its end is a guess. The
phrase after the date is a title when a dash closes it ("MAY 3. A Walk.—"), when
it follows a colon, or when it is title-cased (every word capitalised save the
small ones like "on", "the") and carries a proper name or a capitalised common
word; a sentence-case phrase is the first sentence of the text. After a title that
followed a colon, a second title-cased phrase joins the heading only on positive
evidence (a capitalised common word, as in "Mexico. The Old Man's Solitude.").
Short sentence-case phrases ("Dark times.") are reported as doubtful, since they
read as titles too. A short phrase that the print set on its own line under a
dateline standing alone is its title ("October 28." / "Hut Point.").
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from carnets_press.importers.credits import unspace
from carnets_press.importers.lexicon import COMMON, Lexicon
from carnets_press.importers.lines import MARKS, ends_sentence
from carnets_press.importers.report import ImportReport
from carnets_press.manuscript.dates import EntryDate, Precision, is_time_of_day, parse_heading, parse_label

_DATE_REACH = 60  # characters: a heading's date (and place) comes first and is short
_YEAR_LINE = re.compile(r"[12][0-9]{3}")
_YEAR_IN = re.compile(r"[0-9]{4}")
_LABEL_LENGTH = 60  # characters: a part's heading on a line of its own
_HEADLINE_WORDS = 12  # a part's title is short: a longer line is text
_SPACED_YEAR = re.compile(r"(?<![0-9] )\b[12](?: [0-9]){3}\b(?! [0-9])")
_LONG_WORD = 4  # letters: a word this long is capitalised in a title ("in", "the", "of" need not be)
_POINT = re.compile(r"\s*[0-9]{1,2}[.:]")  # "12." opens a numbered point, not an entry
_RUN_IN = "\u2060\u200b–—"  # the dash of a run-in dateline (and the joiners around it) belongs to the heading
_DATE_END = re.compile(r"([.:])|(?=\s+[\"'‘“]?([^\s\d,;/()\[\]–—-]))|(?=\s*$)")
_WORDED = re.compile(r"[^\W\d_]{3}|[0-9][^\W\d_]")  # a month or weekday, or an ordinal day: "3rd"
_NEXT_WORD = re.compile(r"\s+\w+")
_DASHES = "–—"
_RUN_IN_HEAD = re.compile(r"([^\W\d_][^.!?:;—–]{0,40}?)\.[\u2060\u200b]*[—–]+")
_RUN_IN_WORDS = 4
# A section's number ("II", "12.") that the paragraph stage ran into the dateline below it.
_SECTION = re.compile(r"(?:(?:[IVXLC]+|[0-9]{1,3})\.?\s+){1,3}(?=\S)")
_TITLE_WORDS = 8  # a title under its dateline is short: a longer phrase is the entry's first paragraph
# A title run in after the date and closed by a dash: "MAY 3. A Walk.—We went" (no stop inside but its last).
_RUN_IN_TITLE = re.compile(r"([^.!?:;—–]{1,80}?[.!?])[\u2060\u200b]*[—–]+")
_FOLIO = re.compile(r"^[0-9]{1,4}\s+|\s+[0-9]{1,4}$")  # a page number beside a running head
_REMARK = re.compile(r"\([^()]*\)")
# A context that any partial date fits (a leap year's first day), to tell a dateline's shape without its year.
_ANY_CONTEXT = EntryDate(datetime.date(2000, 1, 1), datetime.date(2000, 1, 1), Precision.DAY)
_PLACE_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
_SENTENCE_END = re.compile(r"[.!?](?:\ue000[^\ue001]*\ue001)?(?=\s+[\"'‘“(\[]?[^\W\d_]|\s*$)")
_ABBREVIATION = re.compile(r"(?:\b[^\W\d_]|\bSt|\bMr|\bMrs|\bDr|\bMt)$")
_TITLE_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_INTRODUCTION = {"de": "Einleitung", "es": "Introducción", "it": "Introduzione", "pt": "Introdução"}


def year_of_line(text: str) -> int | None:
    """The year of a line that heads a part: nothing but a year, a month and its year ("April 1660", "January
    1659–60"), or a short title-cased line that names a year ("To the Frozen Ocean in 1789"), a note's call
    aside. The reader takes the date such a heading names as the context of the entries under it."""
    text = _spaced_year(MARKS.sub("", text)).strip()
    if _YEAR_LINE.fullmatch(text):
        return int(text)
    if len(text) > _LABEL_LENGTH or not _YEAR_IN.search(text):
        return None
    parsed = parse_heading(text)
    if parsed.date is not None and not (parsed.problem or parsed.place or parsed.title):
        return parsed.date.end.year if parsed.date.precision is Precision.MONTH else None
    label = parse_label(text)
    return label.end.year if label is not None and label.precision is Precision.YEAR and _headline(text) else None


def _spaced_year(text: str) -> str:
    """A heading letter-spaced, its year too ("IN 1 7 9 3"), with the year's figures together again."""
    return _SPACED_YEAR.sub(lambda match: match.group().replace(" ", ""), text)


def _headline(text: str) -> bool:
    """A heading's words, not a sentence's: a few, every long one capitalised, no closing punctuation."""
    words = _TITLE_WORD.findall(text)
    return (0 < len(words) <= _HEADLINE_WORDS and text[-1:].isalnum() and words[0][:1].isupper()
            and all(word[:1].isupper() for word in words if len(word) >= _LONG_WORD))


def date_prefix(text: str, context: EntryDate | None = None) -> tuple[int, EntryDate | None] | None:
    """The length of the date (with place, closing stop or colon, and a run-in dash) opening ``text``, and the
    date read with ``context``, as the manuscript reader will read it.

    Each full stop or colon near the start is tried as the date's end, and so is the end of a date that
    stands with no stop before a capital or the end of its line ("January 21" over its text); the shortest
    prefix that ``parse_heading`` reads as nothing but a place and a date wins, save that a month alone
    ("Jan.") gives way to the day after it ("Jan. 1st."). A date without its year ("JANUARY 3.", "2nd.") is a
    dateline as much as a whole one: without a context its date is None, for the caller who knows the context
    to read. A bare number ("12.") is a numbered point, not a day.
    """
    found: tuple[int, EntryDate | None] | None = None
    for at, stop in _ends(text):
        prefix = text[:at]
        if _POINT.fullmatch(prefix):
            continue
        parsed = parse_heading(prefix, context=context or _ANY_CONTEXT)
        if parsed.date is None or parsed.problem or not _no_title(parsed.title):
            continue
        if parsed.place is not None and not _is_place(parsed.place):
            continue
        if not stop and (parsed.date.precision is not Precision.DAY or _goes_on(text, at, context)):
            continue
        if found is not None and parsed.date.precision is not Precision.DAY:
            continue
        end = len(text) - len(text[at:].lstrip(_RUN_IN)) if stop else at
        date = parsed.date if context is not None or not parse_heading(prefix).problem else None
        if found is not None or parsed.date.precision is not Precision.MONTH or _YEAR_IN.search(prefix):
            return end, date
        found = end, date
    return found


def _ends(text: str) -> Iterator[tuple[int, bool]]:
    """Where a date opening ``text`` may end: after a stop or a colon (True), or, when the date has a word or an
    ordinal in it, at the end of the text or before what cannot go on a date or a sentence: a capital, an
    ellipsis (False)."""
    for match in _DATE_END.finditer(text[:_DATE_REACH]):
        if match.group(1):
            yield match.end(), True
        elif (_WORDED.search(text[:match.start()]) and text[match.start() - 1].isalnum()
              and not (match.group(2) or "").islower()):
            yield match.start(), False


def _goes_on(text: str, at: int, context: EntryDate | None) -> bool:
    """Whether the date read up to ``at`` goes on in the next word ("3rd" in "3rd January 1912")."""
    word = _NEXT_WORD.match(text, at)
    if word is None:
        return False
    parsed = parse_heading(text[:word.end()], context=context or _ANY_CONTEXT)
    return parsed.date is not None and parsed.problem is None and parsed.title is None


def _no_title(title: str | None) -> bool:
    """No title, or only what is part of the date: a remark in brackets ("25th (Lord’s day).") or an hour
    ("November 2, 5 a.m.")."""
    return title is None or bool(_REMARK.fullmatch(title)) or is_time_of_day(title)


def _is_place(place: str) -> bool:
    words = place.split()
    return 0 < len(words) <= 4 and all(_PLACE_WORD.fullmatch(word.strip(",")) for word in words) \
        and words[0][:1].isupper()


@dataclass
class Entry:
    heading: str
    line: int
    date: EntryDate | None
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Part:
    title: str
    line: int
    role: str | None = None
    year: int | None = None
    paragraphs: list[str] = field(default_factory=list)  # text under the part's heading, before any entry
    entries: list[Entry] = field(default_factory=list)


def introduction_title(language: str) -> str:
    return _INTRODUCTION.get(language.split("-")[0].lower(), "Introduction")


def split_heading(text: str, line: int, lexicon: Lexicon, report: ImportReport,
                  context: EntryDate | None = None) -> tuple[str, str, EntryDate | None]:
    """(heading, the rest of the paragraph, date) of a paragraph that opens on a date; the date is read with
    ``context`` (the entry before, or the part's heading), as the reader will read it, and is None for a date
    without its year that no context completes."""
    found = date_prefix(text, context)
    assert found is not None, "split_heading is only called on paragraphs that open on a date"
    end, date = found
    heading, rest = text[:end], text[end:].lstrip()
    first = _first_sentence(rest)
    run_in = _RUN_IN_TITLE.match(rest) if heading[-1] not in _DASHES else None
    if run_in and _titled(run_in.group(1), lexicon):
        heading, rest = f"{heading} {run_in.group()}", rest[run_in.end():].lstrip()
        decided, confidence = "title: the phrase after the date is closed by a dash, as a run-in title is", 0.85
    elif heading[-1] in _DASHES:
        decided, confidence = "no title: the dash of a run-in dateline ends the heading", 0.95
    elif heading.endswith(":"):
        heading, rest = f"{heading} {first}", rest[len(first):].lstrip()
        second = _first_sentence(rest)
        if second and _title_case(second, lexicon) == "evidence":
            heading, rest = f"{heading} {second}", rest[len(second):].lstrip()
            decided, confidence = "title after the colon, and the title-cased phrase after it", 0.8
        else:
            decided, confidence = "title after the colon", 0.9
    elif first and (kind := _title_case(first, lexicon)):
        heading, rest = f"{heading} {first}", rest[len(first):].lstrip()
        decided = "title: the phrase after the date is title-cased"
        confidence = 0.85 if kind == "evidence" else 0.6
    else:
        words = len(_TITLE_WORD.findall(first))
        decided = "no title: the phrase after the date is sentence-cased, so it begins the text"
        confidence = 0.6 if words <= 6 else 0.9
    report.add("heading", line, text, f"{decided}: '{heading}'", confidence)
    if date is None:
        report.add("heading", line, heading, "a date without its year, and no year heading or entry before it "
                   "to give it: add {date=YYYY-MM-DD} to the heading", 0.3)
    return heading, rest, date


def _titled(phrase: str, lexicon: Lexicon) -> bool:
    """A run-in title: one capitalised word, or a phrase with capitals after its first word, whose words are
    capitalised save a few ("A Walk by the river")."""
    words = _TITLE_WORD.findall(MARKS.sub("", phrase))
    if not words or not words[0][:1].isupper():
        return False
    lower = [word for word in words if word[:1].islower() and not lexicon.minor(word)]
    later = [word for word in words[1:] if word[:1].isupper()]
    return len(words) == 1 or (bool(later) and len(lower) <= len(words) // 3)


def _first_sentence(text: str) -> str:
    for match in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text[: match.start()]) and not MARKS.search(match.group()):
            continue
        return text[: match.end()]
    return text


def _title_case(sentence: str, lexicon: Lexicon) -> str | None:
    """"evidence" for a title-cased phrase with a capitalised common word after its first,
    "name" for one whose later capitals are names only, None for anything sentence-cased."""
    words = _TITLE_WORD.findall(MARKS.sub("", sentence))
    if len(words) < 2 or len(words) > 12:
        return None
    if any(word[:1].islower() and not lexicon.minor(word) for word in words):
        return None
    later = [word for word in words[1:] if word[:1].isupper()]
    if not later:
        return None
    return "evidence" if any(lexicon.zipf(word) >= COMMON and not word.isupper() for word in later) else "name"


def main_year(entries: list[Entry]) -> int | None:
    """The year most of these entries belong to, for a part the print did not head."""
    years = Counter(entry.date.end.year for entry in entries if entry.date)
    return years.most_common(1)[0][0] if years else None


def build_parts(blocks: list[tuple[str, int, str]], language: str, lexicon: Lexicon,
                report: ImportReport, heads: Sequence[tuple[int, str]] = ()) -> list[Part]:
    """Parts from (kind, raw line, text) blocks: the introduction, then one part per year (or month and year).

    A date without its year is completed as the reader will complete it: from the entry before, else from
    the part's heading. Where neither comes before it, a running head or heading taken out as furniture
    (``heads``: raw line, text) that names a date gives it, as a part headed with that text, so that the
    reader reads the same date. Entries before the first year heading, or in a text with none, get a part
    named after their year, which the report records as added.
    """
    parts: list[Part] = []
    loose: list[Part] = []  # parts added for entries that no year heading covers
    context: EntryDate | None = None
    titled = _titles_on_their_line(blocks, lexicon, report)
    capitals = any(kind == "entry" and _capital_run_in(text) for kind, _, text in blocks)
    for k, (kind, line, text) in enumerate(blocks):
        if k in titled:
            continue
        opens = k == 0 or blocks[k - 1][0] in ("year", "table") or ends_sentence(blocks[k - 1][2])
        section = _SECTION.match(text) if kind == "paragraph" else None
        if section and opens and date_prefix(text[section.end():], context):
            title = section.group().strip()
            parts.append(Part(title, line))
            report.add("part", line, text, f"a section's number on its own line above a dateline: part '# {title}'",
                       0.7, before=title, after=f"# {title}")
            kind, text = "entry", text[section.end():]
        if kind == "paragraph" and capitals and opens and (undated := _capital_run_in(text)):
            report.add("heading", line, text, f"an entry without a date: '{undated}' is run in and set in capitals, "
                       "as the datelines are", 0.7)
            entry = Entry(undated, line, None, [text[len(undated):].lstrip()])
            if parts and parts[-1].role != "introduction":
                parts[-1].entries.append(entry)
                continue
        if kind == "heading":  # a heading the page sets apart, with no date in it
            if parts and parts[-1].role != "introduction" and k + 1 < len(blocks) and blocks[k + 1][0] == "paragraph":
                parts[-1].entries.append(Entry(text, line, None, []))
                continue
            kind = "paragraph"
        if kind == "entry" and date_prefix(text, context) is None:  # a line's dateline the paragraph's words hide
            report.add("heading", line, text, "opened on a date on its line, not in its paragraph: kept as text", 0.5)
            kind = "paragraph"
        if kind == "entry" and context is None and _partial(text) and (label := _head_label(heads, line, language)):
            head_line, title, context = label
            parts.append(Part(title, head_line, year=context.end.year))
            report.add("part", head_line, title, f"a date without its year, and the running head names it: "
                       f"part '# {title}'", 0.7, before="", after=title)
        if kind == "year":
            year = year_of_line(text)
            if (joined := unspace(_spaced_year(text), lexicon)) != text:  # "T O THE PA CIFIC OCEA N IN 1 7 9 3"
                report.add("part", line, text, f"the letters of a letter-spaced heading joined: '{joined}'", 0.8,
                           before=text, after=joined)
                text = joined
            parts.append(Part(text, line, year=year))
            context = parse_label(text, language) or context
            report.add("part", line, text, f"year heading: part '# {text}'", 0.9)
        elif kind == "entry":
            heading, rest, date = split_heading(text, line, lexicon, report, context)
            if k + 1 in titled:  # the dateline stood alone: its rest is empty
                heading = f"{heading} {blocks[k + 1][2]}"
            context = date or context
            entry = Entry(heading, line, date, [rest] if rest else [])
            if not parts or ((parts[-1].role == "introduction" or parts[-1] in loose) and _new_year(parts[-1], date)):
                parts.append(Part("", line))
                loose.append(parts[-1])
            elif date and parts[-1].year is not None and parts[-1].year not in (date.start.year, date.end.year):
                report.add("heading", line, heading, f"entry dated {date.iso} under the part '{parts[-1].title}'",
                           0.6)
            parts[-1].entries.append(entry)
        elif parts and parts[-1].entries:
            parts[-1].entries[-1].paragraphs.append(text)
        elif parts:
            parts[-1].paragraphs.append(text)
        else:
            parts.append(Part(introduction_title(language), line, role="introduction", paragraphs=[text]))
            report.add("part", line, text, "text before the first dated entry: the introduction", 0.9,
                       before="", after=parts[-1].title)
    for part in loose:
        part.year = main_year(part.entries)
        part.title = str(part.year or "Entries")
        report.add("part", part.line, part.title,
                   f"added the part '# {part.title}' for {len(part.entries)} entries no year heading covers",
                   0.7 if part.year else 0.3, before="", after=part.title)
    return parts


def _titles_on_their_line(blocks: list[tuple[str, int, str]], lexicon: Lexicon, report: ImportReport) -> set[int]:
    """The blocks that are an entry's title set on a line of its own under a dateline that stands alone
    ("October 28." / "Hut Point." / text): a phrase of a few words, one sentence at most, with text after it;
    a sentence-cased one ("Early morning.") only with the print's space (a blank line) between it and the text,
    else it is a short first paragraph."""
    titled: set[int] = set()
    for k in range(len(blocks) - 2):
        (kind, _, dateline), (_, line, phrase), (after, text_line, _) = blocks[k:k + 3]
        found = date_prefix(dateline) if kind == "entry" else None
        words = _TITLE_WORD.findall(MARKS.sub("", phrase))
        if (found is None or dateline[found[0]:].strip() or blocks[k + 1][0] != "paragraph" or after != "paragraph"
                or not 0 < len(words) <= _TITLE_WORDS or _first_sentence(phrase) != phrase or not phrase[:1].isupper()):
            continue
        cased = len(words) == 1 or _title_case(phrase, lexicon) is not None
        if not cased and text_line - line < 2:
            continue
        report.add("heading", line, phrase, f"title: a short phrase on its own line under the dateline "
                   f"'{dateline}'{'' if cased else ', though sentence-cased'}", 0.8 if cased else 0.6)
        titled.add(k + 1)
    return titled


def _capital_run_in(text: str) -> str | None:
    """The heading of a paragraph that opens on a few words in capitals closed by a stop and a dash
    ("XMAS DAY.—", "JANUARY 3.—"), the print's run-in heading."""
    match = _RUN_IN_HEAD.match(text)
    if match is None or not match.group(1).isupper() or len(match.group(1).split()) > _RUN_IN_WORDS:
        return None
    return match.group()


def _partial(text: str) -> bool:
    """Whether the dateline opening ``text`` leaves its year out."""
    found = date_prefix(text)
    return found is not None and found[1] is None


def _head_label(heads: Sequence[tuple[int, str]], line: int, language: str) -> tuple[int, str, EntryDate] | None:
    """The nearest head before ``line`` (else after it) that names a date the reader can read as a part's:
    (its line, its text without a folio, the date); None if no head names one."""
    for number, text in sorted(heads, key=lambda head: (head[0] > line, abs(head[0] - line))):
        label = parse_label(text, language)
        if label is None:
            continue
        bare = _FOLIO.sub("", text).strip()
        return number, bare if parse_label(bare, language) == label else text, label
    return None


def _new_year(part: Part, date: EntryDate | None) -> bool:
    """An added part takes the next entries until one is dated in a later year than all of it."""
    if part.role == "introduction" or not part.entries:
        return True
    years = [entry.date.end.year for entry in part.entries if entry.date]
    return date is not None and bool(years) and date.start.year > max(years)
