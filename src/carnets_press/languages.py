"""Writing direction: which text runs right to left, for the `dir` attributes of both editions.

An element's direction is that of its first strong character (the Unicode Bidirectional Algorithm's rule
P2, which HTML's dir="auto" follows), read from the Unicode database in `unicodedata`; a book's is its
language's, from CLDR through Babel, asked only when the book holds right-to-left text at all (loading a
locale costs a tenth of a small book's EPUB build).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# The Unicode blocks of the right-to-left scripts (Hebrew to Arabic Extended-A, the presentation forms, and
# the historic RTL planes): a fast first look; the decision is unicodedata's.
_RTL_BLOCKS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")


def has_rtl(text: str) -> bool:
    return _RTL_BLOCKS.search(text) is not None


def text_direction(text: str) -> str | None:
    """"rtl" or "ltr" from the first strong character; None when the text has none (digits, punctuation)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


@functools.cache
def language_direction(tag: str) -> str:
    """The direction CLDR gives the language of a BCP 47 tag; "ltr" for a tag it does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag, sep="-").text_direction
    except (ValueError, UnknownLocaleError):
        return "ltr"
