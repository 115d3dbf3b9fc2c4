"""Read the date, place and title of a diary entry heading ("Marseille, winter 1940–41").

No library handles these forms (dateparser and dateutil read one instant, not "1–3 January 1943",
"winter 1940–41" or a place and a title around the date), so this is a small grammar over ``re``.
A heading is ``[place,] date[sep title]``: the date is tried at the start, then after each comma
(what comes before that comma is the place). No pattern runs past a comma or nests unbounded
repeats, so parsing time stays linear in the heading's length whatever the heading holds.

The grammar is made per language: month names from CLDR (through Babel; English built in), and the words
CLDR does not have (seasons, day suffixes, the "le" of "Morelia, le 16 mai 1946") from `_LANGUAGES`, for
English, French, German, Spanish and Italian. A heading the edition's language does not read is tried in
English, the language of most editorial apparatus.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass


class Precision(enum.Enum):
    """How much the author committed to; a range keeps the precision of its ends."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"


@dataclass(frozen=True)
class EntryDate:
    """The days an entry covers, kept with the precision written so metadata never overstates it."""

    start: datetime.date
    end: datetime.date
    precision: Precision
    season: str | None = None

    def __post_init__(self) -> None:
        # Reject at construction so no impossible value can travel on into the EPUB metadata.
        if self.end < self.start:
            raise ValueError(f"the range ends on {self.end}, before it starts on {self.start}")
        if (self.precision is Precision.SEASON) != (self.season in _SEASON_START):
            raise ValueError(f"season {self.season!r} does not fit precision {self.precision.value}")

    @property
    def iso(self) -> str:
        """ISO 8601 at the written precision; an interval only when the heading names more than one unit."""
        start, end = _iso(self.start, self.precision), _iso(self.end, self.precision)
        return start if start == end else f"{start}/{end}"

    @property
    def datetime_attr(self) -> str:
        """The start alone, because HTML ``<time datetime>`` cannot hold an interval."""
        return _iso(self.start, self.precision)

    @property
    def is_range(self) -> bool:
        """True when ``iso`` is an interval, so templates can print "from … to …"."""
        return "/" in self.iso


@dataclass(frozen=True)
class ParsedHeading:
    """A heading's parts; ``problem`` lets the build warn about one entry instead of failing the book."""

    date: EntryDate | None
    place: str | None
    title: str | None
    problem: str | None


def _iso(day: datetime.date, precision: Precision) -> str:
    if precision is Precision.DAY:
        return day.isoformat()
    if precision is Precision.YEAR:
        return f"{day.year:04d}"
    return f"{day.year:04d}-{day.month:02d}"  # a season is written as its months


# English, the language of most editions, is built in: loading a CLDR locale through Babel costs a third
# of a small book's EPUB build. tests/manuscript/test_dates.py checks that it holds every name CLDR has.
_ENGLISH_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
), start=1) for name in names}
# Meteorological seasons, northern hemisphere: the first month of each ("fall" is read as "autumn").
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}


@dataclass(frozen=True)
class _Words:
    """What a language writes around the numbers of a date. CLDR, the source of month names, has no
    seasons, ordinal day suffixes or the articles of a dateline, so those are listed here by language."""

    seasons: dict[str, str]  # the word → its name in _SEASON_START
    day_suffix: str = ""  # after a day's number: "1st", "1er", "16."
    before_day: str = ""  # before the day: "le 16 mai", "den 16. Mai"
    before_month: str = ""  # between day and month: "16 de mayo"
    before_year: str = ""  # between month and year: "mayo de 1946"
    qualifiers: str = ""  # a vague part of a period: "early 1942", read as the whole of it


_LANGUAGES = {
    "en": _Words({"spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter"},
                 day_suffix="st|nd|rd|th", qualifiers="early|mid|late"),
    "fr": _Words({"printemps": "spring", "été": "summer", "automne": "autumn", "hiver": "winter"},
                 day_suffix="er|re|e", before_day="le", qualifiers="début|mi|fin"),
    "de": _Words({"frühling": "spring", "frühjahr": "spring", "sommer": "summer", "herbst": "autumn",
                  "winter": "winter"}, day_suffix=r"\.", before_day="den|am", qualifiers="anfang|mitte|ende"),
    "es": _Words({"primavera": "spring", "verano": "summer", "otoño": "autumn", "invierno": "winter"},
                 day_suffix="º|°|o", before_day="el", before_month="de", before_year="de|del",
                 # The patterns are verbose: a space is written \s+.
                 qualifiers=r"(?:principios|mediados|finales)\s+de"),
    "it": _Words({"primavera": "spring", "estate": "summer", "autunno": "autumn", "inverno": "winter"},
                 day_suffix="º|°", before_day="il|l'|l’", qualifiers="inizio|metà|fine"),
}


@dataclass(frozen=True)
class _Grammar:
    months: dict[str, int]
    forms: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], EntryDate]], ...]
    seasons: dict[str, str]


@functools.cache
def _grammar(language: str) -> _Grammar:
    """The date forms of a language (its primary subtag); English for a language we have no words for."""
    primary = language.split("-")[0].casefold()
    words = _LANGUAGES.get(primary, _LANGUAGES["en"])
    months = _ENGLISH_MONTHS if primary not in _LANGUAGES or primary == "en" else _cldr_months(primary)
    return _Grammar(months, _forms(months, words), words.seasons)


def _cldr_months(language: str) -> dict[str, int]:
    from babel import Locale

    locale = Locale.parse(language)
    months: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                months[name.casefold().rstrip(".")] = number
    return months


_DASH = r"\s*[-‐‑‒–—−]\s*"  # hyphen-minus, hyphen, non-breaking hyphen, figure/en/em dash, minus
_YEAR = r"[0-9]{4}(?![0-9])"  # four digits only, so "12 Angry Men" is not a day and a year
_SHORT_YEAR = r"(?:[0-9]{4}|[0-9]{2})(?![0-9])"  # the end of "1940–41" or "1940–1941"
_WORD = r"[^\W\d_]+\.?"  # any word where a day-first month goes, so "Febuary" is reported, not skipped
# A date ends at a word boundary ("1947abc" is no year) and not on a dash before a digit or the end
# ("1941–", "1–3x January"): a half-read range must be reported, not shortened to its start.
_END = rf"(?!\w)(?!{_DASH}(?:$|[0-9]))"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\s*" + pattern + _END, re.VERBOSE | re.IGNORECASE)


def _optional(words: str) -> str:
    """Words that may stand between the parts of a date ("de", "le"), and the space after them."""
    return rf"(?:(?:{words})\s*)?" if words else ""


def _forms(months: dict[str, int], words: _Words) -> tuple:
    """The patterns of a language's dates, each with the function that reads its match; their shapes differ,
    so at most one of them can match where a date may start."""
    month = "(?:" + "|".join(sorted(map(re.escape, months), key=len, reverse=True)) + r")\.?(?![^\W\d_])"
    season = "(?:" + "|".join(sorted(map(re.escape, words.seasons), key=len, reverse=True)) + r")(?![^\W\d_])"
    qualifier = rf"(?:(?:{words.qualifiers})[\s-]+)?" if words.qualifiers else ""
    suffix = rf"(?:{words.day_suffix})?" if words.day_suffix else ""
    before_day, before_month, before_year = (_optional(w) for w in (words.before_day, words.before_month,
                                                                        words.before_year))

    def day(name: str) -> str:
        return rf"(?P<{name}>[0-9]{{1,2}}){suffix}(?![0-9])"

    day_first = _compile(rf"""
        {before_day}{day("d1")}
        (?:                                   # a range: "1–3", "30 March–2", "31 December 1942–1"
            (?:\s+{before_month}(?P<m1>{_WORD})(?:\s+{before_year}(?P<y1>{_YEAR}))?)?
            {_DASH} {day("d2")}
        )?
        \s+{before_month}(?P<m2>{_WORD}),?\s+{before_year}(?P<y2>{_YEAR})   # the month and year of the last day
    """)
    month_first = _compile(rf"""
        (?P<m2>{month})\s+{day("d1")}        # US order: "March 31, 1941", "March 30–31, 1941"
        (?:{_DASH}{day("d2")})?
        ,?\s+(?P<y2>{_YEAR})
    """)
    month_range = _compile(rf"""
        {qualifier}(?P<m1>{month})            # "November 1941", "March–April 1942"
        (?:{_DASH}(?P<m2>{month}))?
        ,?\s+{before_year}(?P<y1>{_YEAR})
    """)
    season_range = _compile(rf"""
        {qualifier}(?P<season>{season})
        ,?\s+{before_year}(?P<y1>{_YEAR})
        (?:(?:{_DASH}|\s*/\s*)(?P<y2>{_SHORT_YEAR}))?   # "winter 1940–41", "winter 1940/41"
    """)
    years = _compile(rf"{qualifier}(?P<y1>{_YEAR})(?:{_DASH}(?P<y2>{_SHORT_YEAR}))?")
    forms = ((day_first, _days), (month_first, _days), (month_range, _months), (season_range, _season),
             (years, _years))
    return tuple((pattern, functools.partial(read, months=months, seasons=words.seasons))
                 for pattern, read in forms)


class _UnrecognisedError(ValueError):
    """A date-shaped text whose words are not a date (a misspelt month), as opposed to an impossible one."""


def _month(word: str, months: dict[str, int]) -> int:
    if (number := months.get(word.rstrip(".").casefold())) is None:
        raise _UnrecognisedError(f"unknown month {word!r}")
    return number


def _last_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _end_year(start: int, text: str) -> int:
    """Expand "41" in "1940–41" within the start's century, rolling over as in "1999–00"."""
    year = int(text) if len(text) == 4 else start - start % 100 + int(text)
    return year + 100 if year < start and len(text) == 2 else year


def _days(m: re.Match[str], months: dict[str, int], seasons: dict[str, str]) -> EntryDate:
    g = m.groupdict()  # the US form has no m1/y1: its range stays inside one month
    end = datetime.date(int(g["y2"]), _month(g["m2"], months), int(g["d2"] or g["d1"]))
    start_month = _month(g["m1"], months) if g.get("m1") else end.month
    start = datetime.date(int(g.get("y1") or end.year), start_month, int(g["d1"]))
    return EntryDate(start, end, Precision.DAY)


def _months(m: re.Match[str], months: dict[str, int], seasons: dict[str, str]) -> EntryDate:
    year, first = int(m["y1"]), _month(m["m1"], months)
    last = _month(m["m2"], months) if m["m2"] else first
    return EntryDate(datetime.date(year, first, 1), _last_of_month(year, last), Precision.MONTH)


def _season(m: re.Match[str], months: dict[str, int], seasons: dict[str, str]) -> EntryDate:
    season = seasons[m["season"].casefold()]
    year, first = int(m["y1"]), _SEASON_START[season]
    end_year = year + 1 if season == "winter" else year
    if m["y2"] and _end_year(year, m["y2"]) != end_year:
        raise ValueError("only a winter spans two years, and they must be consecutive")
    end = _last_of_month(end_year, (first + 1) % 12 + 1)
    return EntryDate(datetime.date(year, first, 1), end, Precision.SEASON, season)


def _years(m: re.Match[str], months: dict[str, int], seasons: dict[str, str]) -> EntryDate:
    start = int(m["y1"])
    end = _end_year(start, m["y2"]) if m["y2"] else start
    return EntryDate(datetime.date(start, 1, 1), datetime.date(end, 12, 31), Precision.YEAR)


def _excerpt(text: str, limit: int = 60) -> str:
    """One line, short: a problem message must stay readable whatever the heading holds."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clean(text: str, stops: str = ".:") -> str | None:
    """Drop the heading's closing punctuation, but keep an ellipsis ("Waiting...")."""
    text = text.strip()
    if text.endswith(tuple(stops)) and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text or None


def _read_date(text: str, pos: int, grammar: _Grammar) -> tuple[int, EntryDate | None, str | None] | None:
    """The first form matching at ``pos``: (end of the date, date, problem), or None if none does."""
    for pattern, build in grammar.forms:
        m = pattern.match(text, pos)
        if m is None:
            continue
        span = _excerpt(m.group())
        try:
            return m.end(), build(m), None
        except _UnrecognisedError as exc:
            return m.end(), None, f"unrecognised date in heading: {span} ({exc})"
        except ValueError as exc:
            return m.end(), None, f"impossible date: {span} ({exc})"
    return None


def parse_heading(text: str, language: str = "en") -> ParsedHeading:
    """Split an entry heading written in `language` (a BCP 47 tag); never raises, because one odd heading
    must not stop a whole edition. Where the language's forms read no date, English ones are tried, at each
    place a date may start before the next: "September 28, 1940" in a French edition is that day, not 1940."""
    grammars = [_grammar(language)]
    if grammars[0] is not _grammar("en"):
        grammars.append(_grammar("en"))
    for pos in itertools.chain([0], (comma.end() for comma in re.finditer(",", text))):
        tries = [read for grammar in grammars if (read := _read_date(text, pos, grammar)) is not None]
        # A date read wins over a date-shaped text one language cannot read ("31 March 1941" in French).
        found = next((read for read in tries if read[1] is not None), tries[0] if tries else None)
        if found is None:
            continue
        end, date, problem = found
        place = _clean(text[: pos - 1], ",") if pos else None
        rest = text[end:].strip()
        separator = rest[:1] if rest[:1] and rest[:1] in ".:;,-–—" else ""
        words = _clean(rest[len(separator):])
        if separator == "," and place is None:  # "1 May 1945, Mexico City."
            return ParsedHeading(date, words, None, problem)
        return ParsedHeading(date, place, words, problem)
    problem = "unrecognised date in heading" if re.search("[0-9]", text) else "no date found in heading"
    return ParsedHeading(None, None, _clean(text), problem)


_ISO_PART = re.compile(r"(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?")


def _iso_part(text: str) -> EntryDate:
    m = _ISO_PART.fullmatch(text)
    if m is None:
        raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m["y"])
    if m["m"] is None:
        return EntryDate(datetime.date(year, 1, 1), datetime.date(year, 12, 31), Precision.YEAR)
    month = int(m["m"])
    if m["d"] is None:
        return EntryDate(datetime.date(year, month, 1), _last_of_month(year, month), Precision.MONTH)
    day = datetime.date(year, month, int(m["d"]))
    return EntryDate(day, day, Precision.DAY)


def parse_iso_date(value: str) -> EntryDate:
    """Read a ``{date=…}`` override: strict, because it is the author's own correction of a heading."""
    try:
        parts = [_iso_part(part) for part in value.strip().split("/", 1)]
        if len(parts) == 2 and parts[0].precision is not parts[1].precision:
            raise ValueError("both ends of an interval must have the same precision")
        return EntryDate(parts[0].start, parts[-1].end, parts[0].precision)
    except ValueError as exc:
        raise ValueError(f"invalid date {value!r}: {exc}") from None
