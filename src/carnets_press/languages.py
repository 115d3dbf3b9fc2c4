"""Language tags (BCP 47), and writing direction: which text runs right to left, for the `dir` attributes of both
editions.

An element's direction is that of its first strong character (the Unicode Bidirectional Algorithm's rule
P2, which HTML's dir="auto" follows), read from the Unicode database in `unicodedata`; a book's is its
language's, from CLDR through Babel, asked only when the book holds right-to-left text at all (loading a
locale costs a tenth of a small book's EPUB build).
"""

from __future__ import annotations

import functools
import re
import unicodedata

# A well-formed language tag (RFC 5646, section 2.1, case aside): language with up to three extended subtags,
# script, region, variants, extensions, private use (`en-GB`, `la-Latn`, `fr-CA-x-old`, `de-CH-1901`,
# `ar-EG-u-nu-latn`), a private-use tag alone (`x-pepys`), or one of the irregular grandfathered tags. EPUBCheck
# asks dc:language for the same (a well-formed BCP 47 tag), and xml:lang for less.
_ALPHANUM = "[a-z0-9]"
_LANGTAG = (r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language, extended language subtags
            r"(?:-[a-z]{4})?"  # script
            r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
            rf"(?:-(?:{_ALPHANUM}{{5,8}}|[0-9]{_ALPHANUM}{{3}}))*"  # variants
            rf"(?:-[a-wyz0-9](?:-{_ALPHANUM}{{2,8}})+)*"  # extensions
            rf"(?:-x(?:-{_ALPHANUM}{{1,8}})+)?")  # private use
_PRIVATE_USE = rf"x(?:-{_ALPHANUM}{{1,8}})+"
_IRREGULAR = ("en-GB-oed i-ami i-bnn i-default i-enochian i-hak i-klingon i-lux i-mingo i-navajo i-pwn i-tao i-tay "
              "i-tsu sgn-BE-FR sgn-BE-NL sgn-CH-DE").split()
_LANGUAGE_TAG = re.compile("|".join([_LANGTAG, _PRIVATE_USE, *map(re.escape, _IRREGULAR)]), re.IGNORECASE)
# What Babel (CLDR) can look up: the language, and the script and region if there are.
_LOCALE_PART = re.compile(r"([a-z]{2,8})(?:-([a-z]{4}))?(?:-([a-z]{2}|[0-9]{3}))?(?=-|$)", re.IGNORECASE)


def is_language_tag(tag: str) -> bool:
    """Whether `tag` is a well-formed BCP 47 language tag."""
    return _LANGUAGE_TAG.fullmatch(tag) is not None


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
    """The direction CLDR gives the language of a BCP 47 tag, read from its language, script and region (its
    variants, extensions and private use aside: `ar-x-old` is Arabic); "ltr" for a tag it does not know."""
    from babel import Locale, UnknownLocaleError

    match = _LOCALE_PART.match(tag)
    if match is None or match.group(1).lower() in ("x", "i"):  # a private-use or grandfathered tag: unknown
        return "ltr"
    language, script, region = match.groups()
    for parts in ([language, script, region], [language, script], [language]):
        try:
            return Locale.parse("_".join(part for part in parts if part)).text_direction
        except (ValueError, TypeError, UnknownLocaleError):
            continue
    return "ltr"
