"""Tests for reading entry headings: the sample edition's forms, then hostile and impossible input."""

from __future__ import annotations

import dataclasses
import datetime
import random

import pytest

from carnets_press.manuscript.dates import (
    _ENGLISH_MONTHS,
    EntryDate,
    ParsedHeading,
    Precision,
    parse_heading,
    parse_iso_date,
)

D, M, S, Y = Precision.DAY, Precision.MONTH, Precision.SEASON, Precision.YEAR

# heading, iso, datetime_attr, precision, season, place, title
HEADINGS = [
    ("31 March 1941. People on the Ship.", "1941-03-31", "1941-03-31", D, None, None, "People on the Ship"),
    ("6 April 1941.", "1941-04-06", "1941-04-06", D, None, None, None),
    ("Morelia, 16 May 1946.", "1946-05-16", "1946-05-16", D, None, "Morelia", None),
    ("1–3 January 1943. Taxco, by automobile", "1943-01-01/1943-01-03", "1943-01-01", D, None, None,
     "Taxco, by automobile"),
    ("1–3 January 1943.", "1943-01-01/1943-01-03", "1943-01-01", D, None, None, None),
    ("1-3 January 1943. Taxco.", "1943-01-01/1943-01-03", "1943-01-01", D, None, None, "Taxco"),
    ("1 – 3 January 1943", "1943-01-01/1943-01-03", "1943-01-01", D, None, None, None),
    ("30 March–2 April 1942", "1942-03-30/1942-04-02", "1942-03-30", D, None, None, None),
    ("31 December 1942–1 January 1943", "1942-12-31/1943-01-01", "1942-12-31", D, None, None, None),
    ("November 1941: Mexico.", "1941-11", "1941-11", M, None, None, "Mexico"),
    ("25 May 1941: Martinique.", "1941-05-25", "1941-05-25", D, None, None, "Martinique"),
    ("19 December 1941: War in the Pacific.", "1941-12-19", "1941-12-19", D, None, None, "War in the Pacific"),
    ("1947: Citizen Vyshinsky.", "1947", "1947", Y, None, None, "Citizen Vyshinsky"),
    ("Marseille, winter 1940–41", "1940-12/1941-02", "1940-12", S, "winter", "Marseille", None),
    ("Marseille, winter 1940-1941", "1940-12/1941-02", "1940-12", S, "winter", "Marseille", None),
    ("winter 1941", "1941-12/1942-02", "1941-12", S, "winter", None, None),
    ("Spring 1943.", "1943-03/1943-05", "1943-03", S, "spring", None, None),
    ("summer 1944: Heat.", "1944-06/1944-08", "1944-06", S, "summer", None, "Heat"),
    ("Autumn 1945", "1945-09/1945-11", "1945-09", S, "autumn", None, None),
    ("fall 1945", "1945-09/1945-11", "1945-09", S, "autumn", None, None),
    ("Early 1942", "1942", "1942", Y, None, None, None),
    ("Mexico City, 1 May 1945.", "1945-05-01", "1945-05-01", D, None, "Mexico City", None),
    ("1 May 1945, Mexico City.", "1945-05-01", "1945-05-01", D, None, "Mexico City", None),
    ("Morelia, 16 May 1946, Sunday.", "1946-05-16", "1946-05-16", D, None, "Morelia", "Sunday"),
    ("March 31, 1941", "1941-03-31", "1941-03-31", D, None, None, None),
    ("March 30–31, 1941. Arrival.", "1941-03-30/1941-03-31", "1941-03-30", D, None, None, "Arrival"),
    ("3 Jan. 1942", "1942-01-03", "1942-01-03", D, None, None, None),
    ("3 Sept. 1942. Rain.", "1942-09-03", "1942-09-03", D, None, None, "Rain"),
    ("1st Sept 1942", "1942-09-01", "1942-09-01", D, None, None, None),
    ("3rd OCTOBER 1942", "1942-10-03", "1942-10-03", D, None, None, None),
    ("22nd june 1941", "1941-06-22", "1941-06-22", D, None, None, None),
    ("march–april 1942", "1942-03/1942-04", "1942-03", M, None, None, None),
    ("1941–1943", "1941/1943", "1941", Y, None, None, None),
    ("1 May 1945 — Parade", "1945-05-01", "1945-05-01", D, None, None, "Parade"),
]


@pytest.mark.parametrize(
    ("heading", "iso", "attr", "precision", "season", "place", "title"),
    HEADINGS,
)
def test_heading_forms(heading, iso, attr, precision, season, place, title):
    parsed = parse_heading(heading)
    assert parsed.problem is None
    assert parsed.date is not None
    assert (parsed.date.iso, parsed.date.datetime_attr) == (iso, attr)
    assert (parsed.date.precision, parsed.date.season) == (precision, season)
    assert (parsed.place, parsed.title) == (place, title)
    assert parsed.date.is_range == ("/" in iso)


def test_whole_value_of_a_day_range():
    assert parse_heading("1–3 January 1943. Taxco, by automobile") == ParsedHeading(
        date=EntryDate(datetime.date(1943, 1, 1), datetime.date(1943, 1, 3), Precision.DAY),
        place=None,
        title="Taxco, by automobile",
        problem=None,
    )


@pytest.mark.parametrize(
    ("heading", "start", "end"),
    [
        ("November 1941", datetime.date(1941, 11, 1), datetime.date(1941, 11, 30)),
        ("February 1944", datetime.date(1944, 2, 1), datetime.date(1944, 2, 29)),
        ("winter 1940–41", datetime.date(1940, 12, 1), datetime.date(1941, 2, 28)),
        ("winter 1943", datetime.date(1943, 12, 1), datetime.date(1944, 2, 29)),
        ("1947", datetime.date(1947, 1, 1), datetime.date(1947, 12, 31)),
        ("6 April 1941", datetime.date(1941, 4, 6), datetime.date(1941, 4, 6)),
    ],
)
def test_days_covered(heading, start, end):
    date = parse_heading(heading).date
    assert (date.start, date.end) == (start, end)


def test_unicode_kept_in_place_and_title():
    parsed = parse_heading("Ciudad de México, 1 May 1945. Día del Trabajo…")
    assert (parsed.place, parsed.title) == ("Ciudad de México", "Día del Trabajo…")
    assert parsed.date.iso == "1945-05-01"


def test_title_keeps_an_ellipsis_and_other_final_marks():
    assert parse_heading("6 April 1941. Waiting...").title == "Waiting..."
    assert parse_heading("6 April 1941. Why?").title == "Why?"


def test_place_is_kept_when_the_date_is_not_understood():
    assert parse_heading("Ciudad de México, 1 mayo 1945. Fiesta.") == ParsedHeading(
        None, "Ciudad de México", "Fiesta", "unrecognised date in heading: 1 mayo 1945 (unknown month 'mayo')"
    )


def test_heading_without_a_date_is_all_title():
    assert parse_heading("People on the Ship") == ParsedHeading(
        None, None, "People on the Ship", "no date found in heading"
    )


@pytest.mark.parametrize(
    ("heading", "problem", "title"),
    [
        ("31 February 1942", "impossible date: 31 February 1942 (day is out of range for month)", None),
        ("31 February 1942. Storm.", "impossible date: 31 February 1942 (day is out of range for month)", "Storm"),
        ("32 March 1941", "impossible date: 32 March 1941 (day is out of range for month)", None),
        ("0 March 1941", "impossible date: 0 March 1941 (day is out of range for month)", None),
        ("1 March 0000", "impossible date: 1 March 0000 (year 0 is out of range)", None),
        ("30 Febuary 1942", "unrecognised date in heading: 30 Febuary 1942 (unknown month 'Febuary')", None),
        ("3–1 January 1943", "impossible date: 3–1 January 1943 (the range ends on 1943-01-01, "
         "before it starts on 1943-01-03)", None),
        ("2 April–30 March 1942", "impossible date: 2 April–30 March 1942 (the range ends on 1942-03-30, "
         "before it starts on 1942-04-02)", None),
        ("summer 1941–42", "impossible date: summer 1941–42 (only a winter spans two years, "
         "and they must be consecutive)", None),
        ("winter 1940–42", "impossible date: winter 1940–42 (only a winter spans two years, "
         "and they must be consecutive)", None),
        ("winter 9999", "impossible date: winter 9999 (year 10000 is out of range)", None),
        ("30 Febuary", "unrecognised date in heading", "30 Febuary"),
        ("1941–", "unrecognised date in heading", "1941–"),
        ("1–3x January 1943", "unrecognised date in heading", "1–3x January 1943"),
        ("1 March 99999", "unrecognised date in heading", "1 March 99999"),
        ("1947abc", "unrecognised date in heading", "1947abc"),
        ("", "no date found in heading", None),
        ("   ", "no date found in heading", None),
        ("...", "no date found in heading", "..."),
        (",,,", "no date found in heading", ",,,"),
        ("«»—–‐", "no date found in heading", "«»—–‐"),
    ],
)
def test_problems_are_reported_not_raised(heading, problem, title):
    parsed = parse_heading(heading)
    assert (parsed.date, parsed.place, parsed.title, parsed.problem) == (None, None, title, problem)


@pytest.mark.parametrize(
    "heading",
    [
        "1" * 100_000,
        "a" * 100_000,
        " " * 100_000,
        "\u00a0" * 100_000,
        "–" * 100_000,
        ", " * 50_000,
        ",1" * 50_000,
        ", March" * 15_000,
        "1 " + "a" * 100_000,
        "1" + " " * 100_000 + "x",
        "1 March" + " " * 100_000 + "x",
        "winter 1940" + " " * 50_000 + "–" + " " * 50_000,
        "1–" * 50_000,
        "1 May " * 20_000,
    ],
    ids=lambda h: repr(h[:12]),
)
def test_long_hostile_headings_parse(heading):
    """Quadratic backtracking would make this take minutes; the suite's runtime is the bound."""
    parsed = parse_heading(heading)
    assert parsed.date is None and parsed.problem is not None and "\n" not in parsed.problem
    assert len(parsed.problem) < 120


def test_long_title_after_a_date():
    parsed = parse_heading("31 March 1941. " + "x" * 100_000)
    assert parsed.date.iso == "1941-03-31" and parsed.title == "x" * 100_000


def test_long_place_before_a_date():
    parsed = parse_heading("y" * 100_000 + ", 16 May 1946.")
    assert parsed.date.iso == "1946-05-16" and parsed.place == "y" * 100_000


TOKENS = [
    "1", "3", "31", "0", "32", "1st", "March", "Feb.", "Sept", "Febuary", "winter", "fall", "early", "1941",
    "1940–41", "1999–00", "0000", "9999", "99999", "–", "-", "/", ",", ".", ":", " ", "\u00a0", "ſ", "é", "\n",
]


def _fuzz_headings(seed: int, count: int = 300) -> list[str]:
    """Mostly date-shaped junk, some arbitrary code points (lone surrogates too); seeded to be repeatable."""
    rng = random.Random(seed)
    piece = lambda: rng.choice(TOKENS) if rng.random() < 0.7 else chr(rng.randrange(0x110000))  # noqa: E731
    return ["".join(piece() for _ in range(rng.randrange(16))) for _ in range(count)]


@pytest.mark.parametrize("seed", range(20))
def test_fuzzed_headings_never_raise(seed):
    for text in _fuzz_headings(seed):
        parsed = parse_heading(text)
        assert isinstance(parsed, ParsedHeading), text
        if parsed.date is None:
            assert parsed.problem and "\n" not in parsed.problem, text
        else:
            assert parsed.problem is None and parsed.date.start <= parsed.date.end, text
            again = parse_iso_date(parsed.date.iso)  # whatever a heading yields, an override can restate
            assert (again.start, again.end) == (parsed.date.start, parsed.date.end), text


@pytest.mark.parametrize(
    ("value", "iso", "precision", "start", "end"),
    [
        ("1941-03-31", "1941-03-31", D, datetime.date(1941, 3, 31), datetime.date(1941, 3, 31)),
        ("1941-11", "1941-11", M, datetime.date(1941, 11, 1), datetime.date(1941, 11, 30)),
        ("1947", "1947", Y, datetime.date(1947, 1, 1), datetime.date(1947, 12, 31)),
        ("1943-01-01/1943-01-03", "1943-01-01/1943-01-03", D,
         datetime.date(1943, 1, 1), datetime.date(1943, 1, 3)),
        ("1940-12/1941-02", "1940-12/1941-02", M, datetime.date(1940, 12, 1), datetime.date(1941, 2, 28)),
        ("1941/1943", "1941/1943", Y, datetime.date(1941, 1, 1), datetime.date(1943, 12, 31)),
        (" 1941-03-31 ", "1941-03-31", D, datetime.date(1941, 3, 31), datetime.date(1941, 3, 31)),
    ],
)
def test_parse_iso_date(value, iso, precision, start, end):
    date = parse_iso_date(value)
    assert (date.iso, date.precision, date.start, date.end, date.season) == (iso, precision, start, end, None)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "invalid date '': '' is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("31 March 1941", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("41-03-31", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("1941-3-31", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("1942-02-31", "invalid date '1942-02-31': day is out of range for month"),
        ("1941-13", "invalid date '1941-13'"),
        ("1941-00", "invalid date '1941-00'"),
        ("0000", "invalid date '0000': year 0 is out of range"),
        ("1943-01-03/1943-01-01", "the range ends on 1943-01-01, before it starts on 1943-01-03"),
        ("1941-03/1941-04-02", "both ends of an interval must have the same precision"),
        ("1941/1942/1943", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("1941/", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
        ("١٩٤١", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_parse_iso_date_rejects(value, message):
    with pytest.raises(ValueError) as info:
        parse_iso_date(value)
    assert message in str(info.value)


def test_entry_date_is_frozen_and_checked():
    date = parse_iso_date("1947")
    with pytest.raises(dataclasses.FrozenInstanceError):
        date.start = datetime.date(1948, 1, 1)  # type: ignore[misc]
    with pytest.raises(ValueError, match="before it starts"):
        EntryDate(datetime.date(1942, 1, 2), datetime.date(1942, 1, 1), Precision.DAY)
    with pytest.raises(ValueError, match="does not fit precision"):
        EntryDate(datetime.date(1942, 3, 1), datetime.date(1942, 5, 31), Precision.SEASON)


@pytest.mark.parametrize("language, heading, iso, place, title", [
    ("fr", "16 mai 1946", "1946-05-16", None, None),
    ("fr", "Morelia, le 16 mai 1946", "1946-05-16", "Morelia", None),
    ("fr", "hiver 1940–41", "1940-12/1941-02", None, None),
    ("fr", "1er janvier 1943. Le froid.", "1943-01-01", None, "Le froid"),
    ("fr-CA", "fin août 1944", "1944-08", None, None),
    ("de", "Berlin, den 16. Mai 1946", "1946-05-16", "Berlin", None),
    ("de", "Winter 1940–41", "1940-12/1941-02", None, None),
    ("es", "México, 3 de octubre de 1944. Llueve.", "1944-10-03", "México", "Llueve"),
    ("es", "1º de enero de 1943", "1943-01-01", None, None),
    ("it", "16 maggio 1946", "1946-05-16", None, None),
    ("it", "inverno 1940–41", "1940-12/1941-02", None, None),
    ("fr", "31 March 1941. People on the Ship.", "1941-03-31", None, "People on the Ship"),  # English still read
])
def test_dates_in_the_editions_language(language, heading, iso, place, title):
    parsed = parse_heading(heading, language)
    assert (parsed.date.iso, parsed.place, parsed.title, parsed.problem) == (iso, place, title, None)


def test_the_built_in_english_months_hold_every_name_cldr_has():
    from babel import Locale

    months = Locale.parse("en").months
    names = {name.casefold().rstrip(".") for context in ("format", "stand-alone")
             for width in ("wide", "abbreviated") for name in months[context][width].values()}
    assert names <= set(_ENGLISH_MONTHS)


def test_a_part_in_another_language_reads_its_dates_so(make_manuscript):
    from carnets_press.pipeline import load

    root = make_manuscript({"a.md": "# Carnet {lang=fr}\n\n## Marseille, le 3 février 1941.\n\nTexte.\n"})
    book, findings = load(root)
    assert findings == [] and book.parts[0].entries[0].date.iso == "1941-02-03"


@pytest.mark.parametrize("language, heading, iso", [
    ("fr", "September 28, 1940. Citizen", "1940-09-28"),  # English with a comma, read as English at its place
    ("es", "principios de 1942", "1942"),
    ("es", "mediados de mayo de 1942", "1942-05"),
    ("it", "l’8 maggio 1944", "1944-05-08"),
])
def test_english_dates_and_qualifiers_in_other_editions(language, heading, iso):
    assert parse_heading(heading, language).date.iso == iso
