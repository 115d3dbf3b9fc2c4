"""Who wrote and translated the book, and where it comes from: book.toml's people and source.

An edition names its translators and its source at the very end ("Translated by X
and Y", "Extracts drawn from …"); those lines are metadata, not text, so they go to
book.toml. The author is the name that opens the source, else a running head or
byline that is a name; the title is the running head on most pages besides the
author's name and the heads that change with the pages (a year, a month): heads in
letter-spaced capitals are read back into words first. What cannot be found is
left empty for the person to fill in (book.toml says so in a comment, and `check`
refuses the empty title until it is written), and said so in the report.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from carnets_press.importers.lexicon import Lexicon
from carnets_press.importers.report import ImportReport

_TAIL = 8  # the end matter is among the last few lines of text
_TRANSLATED = re.compile(r"(?:translated(?: from the \w+)?(?: by)?|translation(?: by)?|"
                         r"traduit(?: de l[’']\w+)? par|traduction(?: de)?)\s*:?\s+(?P<who>.+?)\.?$", re.I)
_SOURCE = re.compile(r"(?:extracts? (?:drawn|taken) from|extracted from|excerpted from|excerpts from|"
                     r"source\s*:|extraits? (?:de|tirés de))\s*(?P<what>.+?)\.?$", re.I)
_NAME = re.compile(r"[^\W\d_][\w’'.-]*(?:\s+[^\W\d_][\w’'.-]*){1,3}")
_YEAR = re.compile(r"\b[12][0-9]{3}\b")
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
        lines[k] = "\f" * lines[k].count("\f")  # a page break stays where it was
    return lines, credits


def complete(credits: Credits, heads: list[tuple[int, str]], years: list[int],
             minor: Callable[[str], bool], report: ImportReport) -> Credits:
    """Author from the source, else from a head that is a name; title from the running head (or the part of it
    after the author's name and a colon) that is neither the author's name nor dated, the one on most pages first.

    ``heads`` are the running heads and bylines that do not change with the pages, one for each page they
    stand on; a head that names a year is the section's ("April 1660"), not the book's.
    """
    counts = Counter(text.casefold() for _, text in heads)
    firsts = {text.casefold(): (line, text) for line, text in reversed(heads)}
    ranked = sorted(firsts.values(), key=lambda head: (-counts[head[1].casefold()], head[0]))
    author = _source_author(credits.source)
    names = [(line, _as_name(text)) for line, text in ranked if _is_name(text, minor)]
    if author:
        line = next((line for line, name in names if name.casefold() == author.casefold()), 0)
        also = ", and in the heads" if line else ""
        report.add("metadata", line, author, f"author: named first in the source{also}", 0.9 if line else 0.6)
    elif names:
        line, author = names[0]
        pages = counts[author.casefold()]
        report.add("metadata", line, author, f"author: the name in the running heads ({pages} pages)",
                   0.6 if pages > 1 else 0.5)
    credits.authors = [author] if author else []
    surname = author.split()[-1].casefold() if author else None
    for line, text in ranked:
        before, colon, after = text.partition(":")
        if colon and (surname is None or surname in before.casefold()):
            candidate = after.strip()
        elif surname is None or surname not in text.casefold():
            candidate = text.strip()
        else:
            continue
        if not candidate or _YEAR.search(candidate):
            continue
        credits.title = _as_title(candidate, minor)
        report.add("metadata", line, text, f"title: {credits.title}, from the running head "
                                           f"({counts[text.casefold()]} pages)", 0.7)
        break
    if credits.title is None:
        report.add("metadata", 0, "", "title: left empty in book.toml; no running head names the book", 0.3)
    if years:
        credits.subtitle = f"{min(years)}–{max(years)}" if min(years) != max(years) else str(years[0])
        report.add("metadata", 0, credits.subtitle, f"subtitle: the years of the parts, {credits.subtitle}", 0.5)
    return credits


def unspace(text: str, lexicon: Lexicon) -> str:
    """A head in letter-spaced capitals as words again: "T H E D IA RY" → "THE DIARY".

    Only capitals are letter-spaced. The extraction breaks such words at some of the wider gaps
    but keeps a space between the words, so the words are the runs of pieces that read as the
    most frequent words of the language; pieces that are no word join their neighbours into a
    name ("BA RBELLIO N"). A head whose pieces are all words already is left as it is.
    """
    pieces = re.sub(r"\s+(?=[.,:;](?:\s|$))", "", text).split()
    spaced = any(a.isalpha() and b.isalpha() and len(a) == len(b) == 1 for a, b in pairwise(pieces))
    fragments = not all(lexicon.known(piece) for piece in pieces if piece.isalpha() and len(piece) > 1)
    if not text.isupper() or not (spaced or fragments):
        return text
    best: list[tuple[float, list[str]]] = [(0.0, [])]
    for end in range(1, len(pieces) + 1):
        options = []
        for start in range(end - 1, -1, -1):
            if start < end - 1 and not pieces[start].isalpha():
                break  # punctuation ends a word: "W." is an initial
            word = "".join(pieces[start:end])
            cost = _ZIPF_TOP - lexicon.zipf(word) if lexicon.known(word) else _UNKNOWN + _JOIN * (end - start - 1)
            options.append((best[start][0] + cost, [*best[start][1], word]))
        best.append(min(options, key=lambda option: option[0]))
    return " ".join(best[-1][1])


_ZIPF_TOP = 8.0  # above the most frequent word's Zipf value: every word costs something
_UNKNOWN = 9.0  # what a run of pieces that is no word costs: more than any word, so fragments join into one name
_JOIN = 2.0  # and each piece it swallows, so that words are not run together into a longer unknown one


def _is_name(text: str, minor: Callable[[str], bool]) -> bool:
    """Two to four capitalised words or initials, none of them an article or a preposition: "Samuel Pepys",
    "W. N. P. Barbellion", not "The Diary"; all in capitals or small capitals (lower case) will do."""
    words = text.split()
    return (bool(_NAME.fullmatch(text)) and ":" not in text and not any(minor(word) for word in words)
            and (text.islower() or text.isupper() or all(word[:1].isupper() for word in words)))


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
