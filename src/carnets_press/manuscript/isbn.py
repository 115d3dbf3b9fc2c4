"""ISBNs of book.toml: checked with python-stdnum, kept as 13 digits, printed hyphenated by the agency's ranges.

An ISBN is written as the agency gave it, hyphenated or not; an old ISBN-10 is converted to its ISBN-13. The
hyphens of the printed form are not the author's: they are placed by the International ISBN Agency's ranges
(which python-stdnum carries), between the prefix, the registration group, the registrant, the publication and
the check digit.
"""

from __future__ import annotations

import re

from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, ValidationError

_WRITTEN = re.compile(r"[0-9Xx-]+")


def normalise(value: str) -> str:
    """The ISBN-13 of `value` (an ISBN-13, or an ISBN-10, hyphenated or not) as its 13 digits.

    Raises ValueError whose message says what is wrong, as a clause ("the check digit is wrong, …"): a
    character that is not a digit or a hyphen, a wrong number of digits, a wrong check digit, a prefix that is
    not an ISBN's."""
    text = value.strip()
    if not text:
        raise ValueError("there is no number")
    if text[:4].upper() == "ISBN":
        raise ValueError("write the number without “ISBN” before it")
    if not _WRITTEN.fullmatch(text):
        others = ", ".join(repr(char) for char in sorted({char for char in text if not _WRITTEN.fullmatch(char)}))
        raise ValueError(f"an ISBN is written with digits and hyphens only, not {others}")
    digits = text.replace("-", "").upper()
    if len(digits) not in (10, 13):
        raise ValueError(f"it has {len(digits)} digits, not 13 (or 10, for an ISBN-10)")
    if "X" in digits[:-1] or (len(digits) == 13 and "X" in digits):
        raise ValueError("an X can only be the check digit of an ISBN-10")
    try:
        stdnum_isbn.validate(digits)
    except InvalidChecksum:
        raise ValueError("the check digit is wrong, so a digit is mistyped or two are swapped") from None
    except InvalidComponent:
        raise ValueError(f"an ISBN-13 begins with 978 or 979, not {digits[:3]}") from None
    except ValidationError as error:  # the checks above leave none, but python-stdnum may check more one day
        raise ValueError(str(error)) from None
    return stdnum_isbn.to_isbn13(digits)


def display(isbn13: str) -> str:
    """The ISBN-13 (13 digits) hyphenated as printed: "978-0-14-044913-6". An ISBN of a range the ranges known
    to python-stdnum do not divide (allocated after its release) is left unhyphenated rather than cut wrongly."""
    parts = stdnum_isbn.split(isbn13)
    return "-".join(parts) if all(parts) else isbn13
