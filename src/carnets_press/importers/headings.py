"""Introduction, year parts and dated entries; where an entry's heading ends and its text begins.

An entry starts where a paragraph opens on a date that
``carnets_press.manuscript.dates.parse_heading`` reads in full, closed by a full
stop or a colon ("31 March 1941.", "Morelia, 16 May 1946.", "November 1941:"), so
that the manuscript reader will read the same date back. A year standing alone on
a line is a part. Text before the first of them is the introduction.

The printed heading runs on into the entry's text, so its end is a guess. The
phrase after the date is a title when it follows a colon, or when it is title-cased
(every word capitalised save the small ones like "on", "the") and carries a proper
name or a capitalised common word; a sentence-case phrase is the first sentence of
the text. After a title that followed a colon, a second title-cased phrase joins
the heading only on positive evidence (a capitalised common word, as in
"Mexico. The Old Man's Solitude."). Short sentence-case phrases ("Dark times.") are
reported as doubtful, since they read as titles too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from carnets_press.importers.lexicon import COMMON, Lexicon
from carnets_press.importers.lines import MARKS
from carnets_press.importers.report import ImportReport
from carnets_press.manuscript.dates import EntryDate, parse_heading

_DATE_REACH = 60  # characters: a heading's date (and place) comes first and is short
_YEAR_LINE = re.compile(r"[12][0-9]{3}")
_PLACE_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
_SENTENCE_END = re.compile(r"[.!?](?:\ue000[^\ue001]*\ue001)?(?=\s+[\"'‘“(\[]?[^\W\d_]|\s*$)")
_ABBREVIATION = re.compile(r"(?:\b[^\W\d_]|\bSt|\bMr|\bMrs|\bDr|\bMt)$")
_TITLE_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_INTRODUCTION = {"de": "Einleitung", "es": "Introducción", "it": "Introduzione", "pt": "Introdução"}


def year_of_line(text: str) -> int | None:
    """The year of a line that is nothing but a year."""
    return int(text) if _YEAR_LINE.fullmatch(text.strip()) else None


def date_prefix(text: str) -> tuple[int, EntryDate] | None:
    """The length of the date (with place and closing stop or colon) opening ``text``, and the date.

    Each full stop or colon near the start is tried as the date's end; the shortest
    prefix that ``parse_heading`` reads as nothing but a place and a date wins.
    """
    for match in re.finditer(r"[.:]", text[:_DATE_REACH]):
        prefix = text[: match.end()]
        parsed = parse_heading(prefix)
        if parsed.date is None or parsed.problem or parsed.title is not None:
            continue
        if parsed.place is not None and not _is_place(parsed.place):
            continue
        return match.end(), parsed.date
    return None


def _is_place(place: str) -> bool:
    words = place.split()
    return 0 < len(words) <= 4 and all(_PLACE_WORD.fullmatch(word.strip(",")) for word in words) \
        and words[0][:1].isupper()


@dataclass
class Entry:
    heading: str
    line: int
    date: EntryDate
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


def split_heading(text: str, line: int, lexicon: Lexicon, report: ImportReport) -> tuple[str, str, EntryDate]:
    """(heading, the rest of the paragraph, date) of a paragraph that opens on a date."""
    found = date_prefix(text)
    assert found is not None, "split_heading is only called on paragraphs that open on a date"
    end, date = found
    heading, rest = text[:end], text[end:].lstrip()
    first = _first_sentence(rest)
    if text[end - 1] == ":":
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
    return heading, rest, date


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


def main_year(entries: list[Entry]) -> int:
    """The year most of these entries belong to, for a part the print did not head."""
    return Counter(entry.date.end.year for entry in entries).most_common(1)[0][0]


def build_parts(blocks: list[tuple[str, int, str]], language: str, lexicon: Lexicon,
                report: ImportReport) -> list[Part]:
    """Parts from (kind, raw line, text) blocks: the introduction, then one part per year.

    Entries before the first year heading, or in a text with none, get a part named
    after their year, which the report records as added.
    """
    parts: list[Part] = []
    loose: list[Part] = []  # parts added for entries that no year heading covers
    for kind, line, text in blocks:
        if kind == "year":
            year = int(text)
            parts.append(Part(text, line, year=year))
            report.add("part", line, text, f"year heading: part '# {text}'", 0.9)
        elif kind == "entry":
            heading, rest, date = split_heading(text, line, lexicon, report)
            entry = Entry(heading, line, date, [rest] if rest else [])
            if not parts or ((parts[-1].role == "introduction" or parts[-1] in loose) and _new_year(parts[-1], date)):
                parts.append(Part("", line))
                loose.append(parts[-1])
            elif parts[-1].year is not None and parts[-1].year not in (date.start.year, date.end.year):
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
        part.title = str(part.year)
        report.add("part", part.line, part.title,
                   f"added the part '# {part.title}' for {len(part.entries)} entries no year heading covers", 0.7,
                   before="", after=part.title)
    return parts


def _new_year(part: Part, date: EntryDate) -> bool:
    """An added part takes the next entries until one is dated in a later year than all of it."""
    if part.role == "introduction" or not part.entries:
        return True
    return date.start.year > max(entry.date.end.year for entry in part.entries)
