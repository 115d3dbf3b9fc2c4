#!/usr/bin/env python3
"""Does carnets-press read from the headings alone the dates the source gives its entries?

    python benchmarks/corpora/compare_dates.py --undated /tmp/corpora/pepys-undated [--dated /tmp/corpora/pepys]

`--undated` is a manuscript converted with `--no-dates` (its headings as the source prints them, no
`{date=…}`), `--dated` the same converted with them (SE's `<time datetime>`). Both are read with
carnets-press's own reader (run this with the venv's python), entry by entry in reading order; a date is
compared by its `datetime` attribute (the start, at the precision written), as the EPUB's `<time>` has it.
Without `--dated`, only how many entries the tool dates. Exit status 0 when every entry the source dates is
dated the same (or, without `--dated`, when every entry is dated).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path


def entries(path: Path) -> list:
    from carnets_press.manuscript.reader import read_book

    book, _ = read_book(path)
    language = book.metadata.language
    return [(part.attrs.get("lang") or language, part, entry) for part in book.parts for entry in part.entries]


def weekday_check(ours: list, first: int) -> None:
    """A second witness where the source gives no dates: the headings that name a weekday, and whether the
    day the tool read falls on it (in the proleptic Gregorian calendar the dates are in)."""
    from babel import Locale

    names: dict[str, dict[str, int]] = {}
    named = fits = 0
    wrong = []
    for language, _, entry in ours:
        if entry.date is None or entry.date.precision.value != "day":
            continue
        language = (entry.attrs.get("lang") or language).split("-")[0]
        for code in dict.fromkeys((language, "en")):
            if code not in names:
                days = Locale.parse(code).days["format"]["wide"]
                names[code] = {name.casefold(): number for number, name in days.items()}
        words = [word.casefold() for word in re.findall(r"[^\W\d_]+", entry.heading_text)]
        weekday = next((names[code][word] for word in words for code in names if word in names[code]), None)
        if weekday is None:
            continue
        named += 1
        if entry.date.start.weekday() == weekday:
            fits += 1
        else:
            wrong.append(entry)
    print(f"headings that name a weekday: {named:,}; the date read falls on it: {fits:,}")
    for entry in wrong[:first]:
        print(f"  {entry.location.file.name}:{entry.location.line}: {entry.heading_text!r} read as "
              f"{entry.date.start} ({entry.date.start:%A})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--undated", required=True, type=Path, help="converted with --no-dates")
    parser.add_argument("--dated", type=Path, help="the same source converted with {date=…}")
    parser.add_argument("--first", type=int, default=8, help="how many differences to show")
    args = parser.parse_args(argv)
    ours = entries(args.undated)
    read = [entry for _, _, entry in ours if entry.date is not None]
    print(f"entries: {len(ours):,}; dated by the tool from their headings: {len(read):,}")
    undated = [entry for _, _, entry in ours if entry.date is None]
    for entry in undated[: args.first]:
        print(f"  undated: {entry.location.file.name}:{entry.location.line}: {entry.heading_text!r}")
    weekday_check(ours, args.first)
    if args.dated is None:
        return 0 if not undated else 1
    source = entries(args.dated)
    if [entry.heading_text for _, _, entry in source] != [entry.heading_text for _, _, entry in ours]:
        raise SystemExit("the two manuscripts do not have the same entries in the same order")
    pairs = [(theirs, mine) for (_, _, theirs), (_, _, mine) in zip(source, ours, strict=True)
             if theirs.date is not None]
    same = [mine for theirs, mine in pairs if mine.date and mine.date.datetime_attr == theirs.date.datetime_attr]
    print(f"the source dates {len(pairs):,}; the tool gives {len(same):,} of them the same date "
          f"({len(pairs) - len(same):,} differ or are unread)")
    shifts: Counter[int] = Counter()
    shown = 0
    for theirs, mine in pairs:
        if mine.date and mine.date.datetime_attr == theirs.date.datetime_attr:
            continue
        if mine.date and len(mine.date.datetime_attr) == len(theirs.date.datetime_attr) == 10:
            shifts[(theirs.date.start - mine.date.start).days] += 1
        if shown < args.first:
            print(f"  {mine.location.file.name}:{mine.location.line}: {mine.heading_text!r}: "
                  f"source {theirs.date.datetime_attr}, ours {mine.date.datetime_attr if mine.date else None}")
            shown += 1
    if shifts:
        print("  days from ours to the source's, where both are days:",
              ", ".join(f"{days:+d} days × {n}" for days, n in shifts.most_common(8)))
    return 0 if len(same) == len(pairs) else 1


if __name__ == "__main__":
    sys.exit(main())
