"""The words of a text, as the truth counts them and the scorer compares them.

Only what a printed page cannot carry is normalised: the shape of quotes and apostrophes, soft hyphens, invisible
joiners, ligature characters and the kinds of space. Case is folded and words are runs of letters and digits, so
"Lord’s" is two words on both sides. Nothing else is forgiven: a hyphen lost or a word run together is a
difference.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

_TABLE = str.maketrans({
    "\u00ad": None, "\u2060": None, "\u200b": None, "\ufeff": None,  # soft hyphen, word joiner, zero widths
    "\u00a0": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text).translate(_TABLE)).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text).casefold())


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0–1, once normalised (difflib's ratio on characters)."""
    a, b = normalise(a), normalise(b)
    return 1.0 if a == b else difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def truth_streams(truth: dict, leave_out: tuple[str, ...] = ()) -> tuple[list[str], list[tuple[int, dict]]]:
    """A truth file's body words in reading order (headings, datelines, blocks but those of the kinds left out),
    and where each entry with a dateline starts in them."""
    body: list[str] = []
    starts: list[tuple[int, dict]] = []
    heading_at: dict[int, list[dict]] = {}
    for heading in truth["headings"]:
        heading_at.setdefault(heading["entry"], []).append(heading)
    for k, entry in enumerate(truth["entries"] + [None]):
        for heading in heading_at.get(k, []):
            body += [w for line in heading["lines"] for w in words(line)]
        if entry is None:
            break
        if entry["dateline"] is not None:
            starts.append((len(body), entry))
            body += words(entry["dateline"])
        body += [w for block in entry["blocks"] if block["kind"] not in leave_out for w in words(block["text"])]
    return body, starts
