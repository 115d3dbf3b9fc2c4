"""Who wrote and translated the book, and where it comes from: book.toml's people and source.

An edition names its translators and its source at the very end ("Translated by X
and Y", "Extracts drawn from …"); those lines are metadata, not text, so they go to
book.toml. The author is the first page's byline, or the name that opens the
source; the title is what the running heads carry besides the author's name. What
cannot be found is left for the person to fill in, and said so in the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from carnets_press.importers.report import ImportReport

_TAIL = 8  # the end matter is among the last few lines of text
_TRANSLATED = re.compile(r"(?:translated(?: from the \w+)?(?: by)?|translation(?: by)?|"
                         r"traduit(?: de l[’']\w+)? par|traduction(?: de)?)\s*:?\s+(?P<who>.+?)\.?$", re.I)
_SOURCE = re.compile(r"(?:extracts? (?:drawn|taken) from|extracted from|excerpted from|excerpts from|"
                     r"source\s*:|extraits? (?:de|tirés de))\s*(?P<what>.+?)\.?$", re.I)
_NAME = re.compile(r"[^\W\d_][\w’'.-]*(?:\s+[^\W\d_][\w’'.-]*){1,3}")
_SEPARATORS = re.compile(r"\s*(?:,|\band\b|\bet\b|&)\s*")


@dataclass
class Credits:
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    source: str | None = None


def take_end_matter(raw: list[str], report: ImportReport) -> tuple[list[str], Credits]:
    """Blank out the translators' credit and the source at the end; return them as credits."""
    credits = Credits()
    lines = list(raw)
    tail = [k for k, text in enumerate(lines) if text.strip()][-_TAIL:]
    for k in tail:
        text = lines[k].strip()
        if match := _TRANSLATED.fullmatch(text):
            credits.translators = [name for name in _SEPARATORS.split(match.group("who")) if name]
            decided = "to book.toml: translators " + ", ".join(credits.translators)
        elif match := _SOURCE.fullmatch(text):
            credits.source = match.group("what").strip()
            decided = f"to book.toml: source = {credits.source!r}"
        else:
            continue
        report.add("metadata", k + 1, text, decided, 0.9, before=text, after="")
        lines[k] = ""
    return lines, credits


def complete(credits: Credits, heads: list[tuple[int, str]], years: list[int], fallback_title: str,
             minor: Callable[[str], bool], report: ImportReport) -> Credits:
    """Author from the source (or the first head, as a byline), title from the other running heads."""
    author = _source_author(credits.source)
    bylines = [(line, _as_name(text)) for line, text in heads if _NAME.fullmatch(text) and ":" not in text]
    if author:
        line = next((line for line, name in bylines if name.casefold() == author.casefold()), 0)
        also = ", and in the heads" if line else ""
        report.add("metadata", line, author, f"author: named first in the source{also}", 0.9 if line else 0.6)
    elif bylines:
        line, author = bylines[0]
        report.add("metadata", line, author, "author: the name in the first head, taken for a byline", 0.5)
    credits.authors = [author] if author else []
    surname = author.split()[-1].casefold() if author else None
    for line, text in heads:
        before, colon, after = text.partition(":")
        if colon and (surname is None or surname in before.casefold()):
            candidate = after.strip()
        elif surname is None or surname not in text.casefold():
            candidate = text.strip()
        else:
            continue
        credits.title = _as_title(candidate, minor)
        report.add("metadata", line, text, f"title: {credits.title}, from the running head", 0.7)
        break
    if credits.title is None:
        credits.title = fallback_title
        report.add("metadata", 0, fallback_title, "title: the raw file's name; no running head names the book",
                   0.3)
    if years:
        credits.subtitle = f"{min(years)}–{max(years)}" if min(years) != max(years) else str(years[0])
        report.add("metadata", 0, credits.subtitle, f"subtitle: the years of the parts, {credits.subtitle}", 0.5)
    return credits


def file_as(name: str) -> str:
    """"Victor Serge" → "Serge, Victor": the sort form book.toml asks for."""
    words = name.split()
    return f"{words[-1]}, {' '.join(words[:-1])}" if len(words) > 1 else name


def _source_author(source: str | None) -> str | None:
    if not source:
        return None
    first = source.split(",")[0].strip()
    return first if _NAME.fullmatch(first) else None


def _as_name(text: str) -> str:
    """A byline in capitals, or in small capitals (which come out in lower case), gets its capitals back."""
    if not (text.islower() or text.isupper()):
        return text
    return " ".join(word[:1].upper() + word[1:].lower() for word in text.split())


def _as_title(text: str, minor: Callable[[str], bool]) -> str:
    """A head in capitals or small capitals gets title case back; one in mixed case is kept."""
    if not (text.islower() or text.isupper()):
        return text
    words = text.lower().split()
    return " ".join(word if k and minor(word) else word[:1].upper() + word[1:] for k, word in enumerate(words))
