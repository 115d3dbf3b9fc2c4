"""Dates across entries: the reader checks each heading alone, these compare them."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from carnets_press.check.context import Context
from carnets_press.check.registry import Hit, rule

_YEAR_HEADING = re.compile(r"\s*(\d{4})\.?\s*")


@rule("date-order")
def date_order(context: Context) -> Iterator[Hit]:
    for part in context.book.parts:
        previous = None
        for entry in part.entries:
            if entry.date is None:
                continue
            if previous is not None and previous.date is not None and entry.date.start < previous.date.start:
                yield Hit(f"{entry.heading_text!r} ({entry.date.iso}) comes after "
                          f"{previous.heading_text!r} ({previous.date.iso})", entry.location)
            previous = entry


@rule("year-mismatch")
def year_mismatch(context: Context) -> Iterator[Hit]:
    for part in context.book.parts:
        match = _YEAR_HEADING.fullmatch(part.heading_text)
        if match is None:
            continue
        year = int(match.group(1))
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        for entry in part.entries:
            if entry.date is not None and (entry.date.end < first or entry.date.start > last):
                yield Hit(f"{entry.heading_text!r} ({entry.date.iso}) is in part {year}", entry.location)
