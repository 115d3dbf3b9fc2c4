"""Read the date, place and title of a diary entry heading ("Marseille, winter 1940–41").

No library handles these forms (dateparser and dateutil read one instant, not "1–3 January 1943",
"winter 1940–41" or a place and a title around the date), so this is a small grammar over ``re``.
A heading is ``[place,] [weekday] date[sep title]``: the date is tried at the start, then after each
comma (what comes before that comma is the place), then after the first words if they are capitalised
("Paris 1er novembre"). No pattern runs past a comma or nests unbounded repeats, so parsing time stays
linear in the heading's length whatever the heading holds.

Diarists write the year once: "2nd." under "January 1659–60", "January 3" after an entry of 1903,
"Wednesday, June 3." in a journal of 1789. Such a partial date is completed from a context, the date of
the entry before it or of its part's heading (`parse_label`): a day takes the context's month and year (a
day before the context's rolls on to the next month), a month or a day and month the context's year (a
month before the context's rolls on to the next year). An Old Style double year ("January 1659–60", the
year counted from 25 March) is the later year, as the editors of English diaries read it. With
``calendar="julian"`` the days written are Julian (England before September 1752, Russia before 1918) and
are turned into the proleptic Gregorian days that ISO 8601 and HTML's ``<time>`` mean.

The grammar is made per language: month and weekday names from CLDR (through Babel; English built in),
and the words CLDR does not have (seasons, day suffixes, the "le" of "Morelia, le 16 mai 1946") from
`_LANGUAGES`, for English, French, German, Spanish and Italian. A heading the edition's language does not
read is tried in English, the language of most editorial apparatus.
"""

from __future__ import annotations

import calendar
import datetime
import enum
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
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
_ENGLISH_WEEKDAYS = {name: number for number, names in enumerate((  # Monday is 0, as in datetime
    ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"),
)) for name in names}
# Meteorological seasons, northern hemisphere: the first month of each ("fall" is read as "autumn").
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
CALENDARS = ("gregorian", "julian")


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
    ordinal: str = ""  # the suffixes that make a number a day whatever follows it: "31st Office day."
    some_day: str = ""  # a day of a month not said, around a weekday's name (`{weekday}`): "un mardi de juin"


_LANGUAGES = {
    "en": _Words({"spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter"},
                 day_suffix="st|nd|rd|th", qualifiers="early|mid|late", ordinal="st|nd|rd|th",
                 some_day=r"an?\s+{weekday}\s+in\s+"),
    "fr": _Words({"printemps": "spring", "été": "summer", "automne": "autumn", "hiver": "winter"},
                 day_suffix="er|re|e", before_day="le", qualifiers="début|mi|fin", ordinal="er",
                 some_day=r"un\s+{weekday}\s+(?:de\s+|d[’']\s*)"),
    "de": _Words({"frühling": "spring", "frühjahr": "spring", "sommer": "summer", "herbst": "autumn",
                  "winter": "winter"}, day_suffix=r"\.", before_day="den|am", qualifiers="anfang|mitte|ende"),
    "es": _Words({"primavera": "spring", "verano": "summer", "otoño": "autumn", "invierno": "winter"},
                 day_suffix="º|°|o", before_day="el", before_month="de", before_year="de|del",
                 # The patterns are verbose: a space is written \s+.
                 qualifiers=r"(?:principios|mediados|finales)\s+de"),
    "it": _Words({"primavera": "spring", "estate": "summer", "autunno": "autumn", "inverno": "winter"},
                 day_suffix="º|°", before_day="il|l'|l’", qualifiers="inizio|metà|fine"),
}

_Form = tuple[re.Pattern[str], Callable[..., EntryDate]]


@dataclass(frozen=True)
class _Grammar:
    months: dict[str, int]
    weekday: re.Pattern[str]  # a weekday's name before a date ("Wednesday, June 3", "Jeudi 1er janvier")
    weekdays: dict[str, int]  # its names, casefolded, and their number (Monday is 0)
    forms: tuple[_Form, ...]  # whole dates: read(match)
    partial: tuple[_Form, ...]  # dates a context completes ("2nd.", "June 3", "Septembre"): read(match, context)
    seasons: dict[str, str]


@functools.cache
def _grammar(language: str) -> _Grammar:
    """The date forms of a language (its primary subtag); English for a language we have no words for."""
    primary = language.split("-")[0].casefold()
    words = _LANGUAGES.get(primary, _LANGUAGES["en"])
    english = primary not in _LANGUAGES or primary == "en"
    months = _ENGLISH_MONTHS if english else _cldr_months(primary)
    weekdays = _ENGLISH_WEEKDAYS if english else _cldr_weekdays(primary)
    weekday = re.compile(r"\s*(?P<weekday>" + "|".join(sorted(map(re.escape, weekdays), key=len, reverse=True))
                         + r")\.?(?![^\W\d_]),?\s+", re.IGNORECASE)
    forms, partial = _forms(months, words, weekdays)
    return _Grammar(months, weekday, weekdays, forms, partial, words.seasons)


def _cldr_months(language: str) -> dict[str, int]:
    from babel import Locale

    locale = Locale.parse(language)
    months: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in locale.months[context][width].items():
                months[name.casefold().rstrip(".")] = number
    return months


def _cldr_weekdays(language: str) -> dict[str, int]:
    from babel import Locale

    days = Locale.parse(language).days  # CLDR numbers them from Monday, 0, as datetime does
    return {name.casefold().rstrip("."): number for context in ("format", "stand-alone")
            for width in ("wide", "abbreviated") for number, name in days[context][width].items()}


# Hyphen-minus, hyphen, non-breaking hyphen, figure/en/em dash, minus; with spaces, or the word joiners and
# zero-width spaces that careful typesetting puts around a dash ("1659⁠–⁠60").
_GAP = r"[\s\u2060\u200b]*"
_DASH = _GAP + r"[-‐‑‒–—−]" + _GAP
_YEAR = r"[0-9]{4}(?![0-9])"  # four digits only, so "12 Angry Men" is not a day and a year
_SHORT_YEAR = r"(?:[0-9]{4}|[0-9]{2})(?![0-9])"  # the end of "1940–41" or "1940–1941"
_WORD = r"[^\W\d_]+\.?"  # any word where a day-first month goes, so "Febuary" is reported, not skipped
# A date ends at a word boundary ("1947abc" is no year) and not on a dash before a digit or the end
# ("1941–", "1–3x January"): a half-read range must be reported, not shortened to its start. An em dash at the
# end is the dash of a run-in dateline ("16 décembre—", "1er janvier 1864—"), not a range.
_END = rf"(?!\w)(?!{_DASH}[0-9])(?!{_GAP}[-‐‑‒–−]{_GAP}$)"
# A time of day after a date ("November 2, 5 a.m.", "June 3, 8:30 p.m.", "4 o'clock"): the entry's hour, not a year.
_TIME = r"[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:[ap]\.\s?m\.?|[ap]m(?![^\W\d_])|o[’']clock)"
_TIME_OF_DAY = re.compile(_TIME, re.IGNORECASE)
_MERIDIEM = re.compile(r"(?<![^\W\d_])[ap]\.\s?m\.$", re.IGNORECASE)
# A partial date is not followed by a number either, which would be a year it cannot read ("1 March 99999"),
# unless the number is a time of day.
_PARTIAL_END = _END + rf"(?![\s,]*(?!{_TIME})[0-9])"
# A day or a month alone ends the heading or comes before a stop, a bracket or a dash ("2nd.", "8th (Sunday)",
# "Septembre.—"): "12 Angry Men" and "March on Rome" are not dates.
_ALONE = _PARTIAL_END + r"(?=[\s\u2060]*(?:$|[.:;,!?()\[\]‐‑‒–—−-]))"
# An Old Style double year after a month: "January 1659–60".
_OLD_STYLE = rf"(?:{_DASH}(?P<os>{_SHORT_YEAR}))?"


def _compile(pattern: str, end: str = _END) -> re.Pattern[str]:
    return re.compile(r"\s*" + pattern + end, re.VERBOSE | re.IGNORECASE)


def _optional(words: str) -> str:
    """Words that may stand between the parts of a date ("de", "le"), and the space after them."""
    return rf"(?:(?:{words})\s*)?" if words else ""


def _forms(months: dict[str, int], words: _Words,
           weekdays: dict[str, int]) -> tuple[tuple[_Form, ...], tuple[_Form, ...]]:
    """The patterns of a language's dates, each with the function that reads its match: the whole dates, then
    the partial ones. Their shapes differ, so at most one whole date can match where a date may start; a
    partial one is tried only where no whole one matches."""
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
        \s+{before_month}(?P<m2>{_WORD}),?\s+{before_year}(?P<y2>{_YEAR}){_OLD_STYLE}   # the last day's month, year
    """)
    month_first = _compile(rf"""
        (?P<m2>{month})\s+{day("d1")}        # US order: "March 31, 1941", "March 30–31, 1941"
        (?:{_DASH}{day("d2")})?
        ,?\s+(?P<y2>{_YEAR}){_OLD_STYLE}
    """)
    month_range = _compile(rf"""
        {qualifier}(?P<m1>{month})            # "November 1941", "March–April 1942", "January 1659–60"
        (?:{_DASH}(?P<m2>{month}))?
        ,?\s+{before_year}(?P<y1>{_YEAR}){_OLD_STYLE}
    """)
    season_range = _compile(rf"""
        {qualifier}(?P<season>{season})
        ,?\s+{before_year}(?P<y1>{_YEAR})
        (?:(?:{_DASH}|\s*/\s*)(?P<y2>{_SHORT_YEAR}))?   # "winter 1940–41", "winter 1940/41"
    """)
    years = _compile(rf"{qualifier}(?P<y1>{_YEAR})(?:{_DASH}(?P<y2>{_SHORT_YEAR}))?")
    # Partial dates: no year, or neither year nor month.
    day_month = _compile(rf"""
        {before_day}{day("d1")}               # "3 June", "1er janvier", "le 16 mai", "30 March–2 April"
        (?:(?:\s+{before_month}(?P<m1>{month}))?{_DASH}{day("d2")})?
        \s+{before_month}(?P<m2>{month})
    """, _PARTIAL_END)
    month_day = _compile(rf"""
        (?P<m1>{month})\s+{day("d1")}         # "June 3", "Jan. 1st", "October 5–October 8", "March 30–31"
        (?:{_DASH}(?:(?P<m2>{month})\s+)?{day("d2")})?
    """, _PARTIAL_END)
    month_alone = _compile(rf"{qualifier}(?P<m1>{month})", _ALONE)  # "Septembre.", "Fin novembre—"
    day_alone = _compile(rf"{before_day}{day('d1')}(?:{_DASH}{day('d2')})?", _ALONE)  # "2nd.", "8th (Sunday)"
    forms = ((day_first, _days), (month_first, _days), (month_range, _months), (season_range, _season),
             (years, _years))
    partial: tuple[tuple[re.Pattern[str], Callable[..., EntryDate]], ...] = (
        (day_month, _partial_days), (month_day, _partial_days), (month_alone, _partial_month),
        (day_alone, _partial_day))
    if words.some_day:  # "un mardi de juin": a day of June, which one not said
        weekday = "(?:" + "|".join(sorted(map(re.escape, weekdays), key=len, reverse=True)) + r")\.?"
        partial += ((_compile(words.some_day.format(weekday=weekday) + rf"(?P<m1>{month})", _PARTIAL_END),
                     _partial_month),)
    if words.ordinal:  # a day written as an ordinal is one whatever follows it ("31st Office day.")
        ordinal = rf"{before_day}(?P<d1>[0-9]{{1,2}})(?:{words.ordinal})(?![0-9])"
        partial += ((_compile(ordinal, _PARTIAL_END + r"(?=\s)"), _partial_day),)
    return (tuple((pattern, functools.partial(read, months=months, seasons=words.seasons))
                  for pattern, read in forms),
            tuple((pattern, functools.partial(read, months=months)) for pattern, read in partial))


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


def _old_style(year: int, double: str | None, month: int) -> int:
    """The year of a month written with an Old Style double year ("January 1659–60"): the later one, for the
    months of January to 24 March that were counted in the earlier year and are now in the later."""
    if double is None:
        return year
    if _end_year(year, double) != year + 1:
        raise ValueError("an Old Style double year names two consecutive years")
    if month > 3:
        raise ValueError("an Old Style double year is written for January to March only")
    return year + 1


def _days(m: re.Match[str], months: dict[str, int], seasons: dict[str, str]) -> EntryDate:
    g = m.groupdict()  # the US form has no m1/y1: its range stays inside one month
    end_month = _month(g["m2"], months)
    end = datetime.date(_old_style(int(g["y2"]), g["os"], end_month), end_month, int(g["d2"] or g["d1"]))
    start_month = _month(g["m1"], months) if g.get("m1") else end.month
    start = datetime.date(int(g.get("y1") or end.year), start_month, int(g["d1"]))
    return EntryDate(start, end, Precision.DAY)


def _months(m: re.Match[str], months: dict[str, int], seasons: dict[str, str]) -> EntryDate:
    first = _month(m["m1"], months)
    last = _month(m["m2"], months) if m["m2"] else first
    year = _old_style(int(m["y1"]), m["os"], last)
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


class _NoContextError(_UnrecognisedError):
    """A partial date with nothing before it to complete it."""


def _nearest(candidates: Iterable[Callable[[], EntryDate]], context: EntryDate) -> EntryDate:
    """Of the dates a partial one may be (in the context's year or the next, its month or the next), the nearest
    to its context, a step back counting for three steps forward since a diary goes forward: "January 3" after
    "December 24, 1903" is in 1904, "December 24" after "January 3, 1903" and "December 7" after "May 28, 1906"
    stay in their year, and so does "26 juillet" after "7 août"; "1st." after "31st." of January is in February,
    "31st." after "2nd." and "18th." after "20th." in the same month. One a calendar lacks (30 February) is not
    a candidate; if none is a date, the context's own month or year tells the problem."""
    anchor = context.end if context.precision is Precision.DAY else context.start
    made: list[EntryDate] = []
    error: ValueError | None = None
    for make in candidates:
        try:
            made.append(make())
        except ValueError as exc:
            error = error or exc
    if not made:
        raise error or ValueError("no date")

    def distance(date: EntryDate) -> tuple[int, int]:
        if date.start <= anchor <= date.end:
            return 0, 0
        days = (date.start - anchor).days if date.start > anchor else _BACK * (anchor - date.end).days
        return days, -date.start.toordinal()

    return min(made, key=distance)


_BACK = 3  # how much farther a date before its context is than one after it


def _years_around(context: EntryDate | None) -> tuple[EntryDate, tuple[int, ...]]:
    """The context, and the years a date with no year may be in: the context's, and the next unless the context
    is a year and nothing more."""
    if context is None:
        raise _NoContextError("no year, and no entry or part heading before it gives one")
    anchor = context.end if context.precision is Precision.DAY else context.start
    if context.precision is Precision.YEAR:
        return context, (anchor.year,)
    return context, (anchor.year, anchor.year + 1)  # the context's first: its problem is the one told


def _partial_days(m: re.Match[str], months: dict[str, int], context: EntryDate | None) -> EntryDate:
    first, last = _month(m["m1"] or m["m2"], months), _month(m["m2"] or m["m1"], months)
    d1, d2 = int(m["d1"]), int(m["d2"] or m["d1"])

    def make(year: int) -> Callable[[], EntryDate]:
        return lambda: EntryDate(datetime.date(year, first, d1), datetime.date(year + (last < first), last, d2),
                                 Precision.DAY)

    known, years = _years_around(context)
    return _nearest(map(make, years), known)


def _partial_month(m: re.Match[str], months: dict[str, int], context: EntryDate | None) -> EntryDate:
    number = _month(m["m1"], months)

    def make(year: int) -> Callable[[], EntryDate]:
        return lambda: EntryDate(datetime.date(year, number, 1), _last_of_month(year, number), Precision.MONTH)

    known, years = _years_around(context)
    return _nearest(map(make, years), known)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _partial_day(m: re.Match[str], months: dict[str, int], context: EntryDate | None) -> EntryDate:
    """A day alone, in the context's month or the next, whichever is nearest (a context that is a month gives that
    month)."""
    if context is None or context.precision not in (Precision.DAY, Precision.MONTH):
        raise _NoContextError("no month or year, and no entry or part heading before it gives them")
    first = int(m["d1"])
    last = int(m.groupdict().get("d2") or first)
    anchor = context.end if context.precision is Precision.DAY else context.start

    def make(shift: int) -> Callable[[], EntryDate]:
        year, month = _add_months(anchor.year, anchor.month, shift)
        end = _add_months(year, month, 1 if last < first else 0)
        return lambda: EntryDate(datetime.date(year, month, first), datetime.date(*end, last), Precision.DAY)

    shifts = (0, 1) if context.precision is Precision.DAY else (0,)
    return _nearest(map(make, shifts), context)


# Julian and Gregorian days through the Julian day number (Richards' algorithm, as in the Explanatory
# Supplement to the Astronomical Almanac); datetime's ordinals are proleptic Gregorian days.
_ORDINAL_TO_JDN = 1721425


def _julian_to_gregorian(year: int, month: int, day: int) -> datetime.date:
    a = (14 - month) // 12
    y, m = year + 4800 - a, month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return datetime.date.fromordinal(jdn - _ORDINAL_TO_JDN)


def _gregorian_to_julian(day: datetime.date) -> tuple[int, int, int]:
    c = day.toordinal() + _ORDINAL_TO_JDN + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    return d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1


def _as_gregorian(date: EntryDate) -> EntryDate:
    """A date read as written in the Julian calendar, as the Gregorian days it is. Only days move: a month, a
    season or a year written is kept as written, since it names the same stretch give or take ten days."""
    if date.precision is not Precision.DAY:
        return date
    return EntryDate(_julian_to_gregorian(date.start.year, date.start.month, date.start.day),
                     _julian_to_gregorian(date.end.year, date.end.month, date.end.day), Precision.DAY)


def _as_julian(date: EntryDate | None) -> EntryDate | None:
    """A context, as the days written in the Julian calendar (a Julian 29 February of 1700, 1800 or 1900,
    which Python cannot hold, gives no context)."""
    if date is None or date.precision is not Precision.DAY:
        return date
    try:
        return EntryDate(datetime.date(*_gregorian_to_julian(date.start)),
                         datetime.date(*_gregorian_to_julian(date.end)), Precision.DAY)
    except ValueError:
        return None


def _excerpt(text: str, limit: int = 60) -> str:
    """One line, short: a problem message must stay readable whatever the heading holds."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_time_of_day(text: str) -> bool:
    """Whether a heading's title is an hour and nothing else ("5 a.m.", "8:30 p.m.", "4 o'clock")."""
    return bool(_TIME_OF_DAY.fullmatch(text.strip()))


def _clean(text: str, stops: str = ".:") -> str | None:
    """Drop the heading's closing punctuation, but keep an ellipsis ("Waiting...") and the stop of an hour's
    "a.m." or "p.m.", which is the closing stop too."""
    text = text.strip()
    if text.endswith(tuple(stops)) and not text.endswith("..") and not _MERIDIEM.search(text):
        text = text[:-1].rstrip()
    return text or None


def _read_date(text: str, pos: int, grammar: _Grammar, context: EntryDate | None,
               julian: bool) -> tuple[int, EntryDate | None, str | None] | None:
    """The first form matching at ``pos`` (after a weekday's name, if one is there): (end of the date, the date
    as Gregorian days, problem), or None if none does. `context` is written as the heading's days are."""
    weekday = grammar.weekday.match(text, pos)
    for start in ((weekday.end(), pos) if weekday else (pos,)):
        for partial, forms in ((False, grammar.forms), (True, grammar.partial)):
            for pattern, build in forms:
                m = pattern.match(text, start)
                if m is None:
                    continue
                span = _excerpt(text[pos:m.end()])
                try:
                    date = build(m, context=context) if partial else build(m)
                    to_gregorian = _as_gregorian if julian else _same
                    if partial and weekday and start != pos:
                        date = _fit_weekday(date, grammar.weekdays[weekday["weekday"].casefold()], to_gregorian)
                    return m.end(), to_gregorian(date), None
                except _UnrecognisedError as exc:
                    return m.end(), None, f"unrecognised date in heading: {span} ({exc})"
                except ValueError as exc:
                    return m.end(), None, f"impossible date: {span} ({exc})"
    return None


def _same(date: EntryDate) -> EntryDate:
    return date


def _fit_weekday(date: EntryDate, weekday: int, to_gregorian: Callable[[EntryDate], EntryDate]) -> EntryDate:
    """A partial date completed from its context, moved to the year (or month) before or after it when that
    is where the weekday the heading names falls: "Wednesday, October 10" at the head of a part "To the Pacific
    Ocean in 1793" is 10 October 1792. Left as it is when the weekday fits, or fits none of them."""
    if date.precision is not Precision.DAY or to_gregorian(date).start.weekday() == weekday:
        return date
    length = (date.end - date.start).days
    for year, month in ((0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)):
        month_index = date.start.month - 1 + month
        try:
            start = date.start.replace(year=date.start.year + year + month_index // 12, month=month_index % 12 + 1)
        except ValueError:  # no 31 June, no 29 February that year
            continue
        moved = EntryDate(start, start + datetime.timedelta(days=length), Precision.DAY)
        if to_gregorian(moved).start.weekday() == weekday:
            return moved
    return date


# Where else a date may start: after the first words of a heading, when they are capitalised like the name of
# a place ("Paris 1er novembre", "Bar-sur-Seine 4 septembre").
_PLACE_WORDS = re.compile(r"(?:[^\W\d_][\w’'.-]*\s+){1,3}")


def parse_heading(text: str, language: str = "en", context: EntryDate | None = None,
                  calendar: str = "gregorian") -> ParsedHeading:
    """Split an entry heading written in `language` (a BCP 47 tag); never raises, because one odd heading
    must not stop a whole edition. Where the language's forms read no date, English ones are tried, at each
    place a date may start before the next: "September 28, 1940" in a French edition is that day, not 1940.

    `context` completes a partial date ("2nd.", "June 3"): the date of the entry before, else of the part's
    heading (`parse_label`); without one, a partial date is a problem. `calendar`: "julian" when the days are
    written in the Julian calendar; the date returned is always Gregorian (and so must the context be)."""
    if calendar not in CALENDARS:
        raise ValueError(f"unknown calendar {calendar!r}: {' or '.join(CALENDARS)}")
    return _parse(text, language, context, calendar, labels=True)


def _parse(text: str, language: str, context: EntryDate | None, calendar: str, labels: bool) -> ParsedHeading:
    """parse_heading; `labels`: whether a month's name may be the label of the day after it (once only)."""
    julian = calendar == "julian"
    written_context = _as_julian(context) if julian else context
    grammars = _grammars(language)
    for pos in itertools.chain([0], (comma.end() for comma in re.finditer(",", text)), _place_ends(text)):
        tries = [read for grammar in grammars
                 if (read := _read_date(text, pos, grammar, written_context, julian)) is not None]
        # A date read wins over a date-shaped text one language cannot read ("31 March 1941" in French).
        found = next((read for read in tries if read[1] is not None), tries[0] if tries else None)
        if found is None:
            continue
        end, date, problem = found
        place = _clean(text[: pos - 1], ",") if pos and text[pos - 1] == "," else _clean(text[:pos], ",")
        rest = text[end:].strip()
        separator = rest[:1] if rest[:1] and rest[:1] in ".:;,-–—" else ""
        words = _clean(rest[len(separator):])
        if words is not None and not any(character.isalnum() for character in words):
            words = None  # the dash of a run-in dateline ("June 3.—"), not a title
        if labels and date is not None and date.precision is Precision.MONTH and separator == "." and words:
            # A month's name as a label before the day: "July. Monday, July 1.—" (a month is not moved from the
            # Julian calendar, its day is: a fortnight either way is the same month)
            day = _parse(words, language, date, calendar, labels=False)
            if (day.date is not None and day.place is None and day.date.precision is Precision.DAY
                    and -14 <= (day.date.start - date.start).days <= 45):
                return ParsedHeading(day.date, place, day.title, day.problem)
        # "1 May 1945, Mexico City.": after a comma, a place; but "November 2, 5 a.m." is an hour
        if separator == "," and place is None and not (words and _TIME_OF_DAY.match(words)):
            return ParsedHeading(date, words, None, problem)
        return ParsedHeading(date, place, words, problem)
    problem = "unrecognised date in heading" if re.search("[0-9]", text) else "no date found in heading"
    return ParsedHeading(None, None, _clean(text), problem)


def _grammars(language: str) -> list[_Grammar]:
    """The edition's language, then English."""
    grammars = [_grammar(language)]
    if grammars[0] is not _grammar("en"):
        grammars.append(_grammar("en"))
    return grammars


def _place_ends(text: str) -> Iterator[int]:
    """After the capitalised words that open a heading with no comma before its date, the places a date may
    start, shortest place first; none if the heading has a comma, where the place would end."""
    if "," in text or not text[:1].isupper():
        return
    words = _PLACE_WORDS.match(text)
    if words is None:
        return
    for word in re.finditer(r"\S+\s+", words.group()):
        if not word.group()[:1].isupper():
            return
        yield word.end()


_LABEL_WORDS = 40  # a part heading is a few words: no need to look further for its date
_LABEL_LENGTH = 40  # a date on a line of its own is short


def parse_label(text: str, language: str = "en", calendar: str = "gregorian", alone: bool = False) -> EntryDate | None:
    """The date a part heading or a label between entries names, as the context of the entries after it:
    "January 1659–60", "1942", "ANNÉE 1862", "Part I: 1903", "To the Frozen Ocean in 1789". A whole date is
    looked for at the start of each word; None if there is none. `alone`: the date must be all the text (a
    year written on a line of its own between entries, "1904"), closing punctuation aside."""
    if alone:
        if len(text) > _LABEL_LENGTH or not re.search("[0-9]", text):  # the reader asks of every paragraph
            return None
        parsed = parse_heading(text, language, calendar=calendar)
        whole = parsed.problem is None and parsed.place is None and parsed.title is None
        return parsed.date if whole else None
    grammars = _grammars(language)
    for word in itertools.islice(re.finditer(r"(?<!\w)\w", text), _LABEL_WORDS):
        for grammar in grammars:
            for pattern, build in grammar.forms:
                m = pattern.match(text, word.start())
                if m is None:
                    continue
                try:
                    date = build(m)
                except ValueError:
                    break
                return _as_gregorian(date) if calendar == "julian" else date
    return None


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
