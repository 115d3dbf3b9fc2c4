"""Words broken by the page: split at line ends, run together at lost breaks, a lost drop cap.

Four kinds of damage, each repaired only where the word list (``Lexicon``) or the
text's own usage is clear:

- a line ending in a hyphen: it stays before a capital ("pro-/German"), where the
  text prints the hyphenated form elsewhere, and where the joined form is no word
  ("well-/known") or a slip far rarer than its halves; otherwise it goes ("ex-/pected");
- a word split at a line end with no hyphen ("photo / graphy"): joined when the
  halves are no word but the whole is, or when the text prints the whole elsewhere;
- a raw line that holds two printed lines lost the hyphen where they met
  ("selfconfidence"): near that point, a word the list does not know that splits
  into two common words, or that the text prints with a hyphen elsewhere, gets its
  hyphen back; a known word there ("guardhouse") is kept and reported.

- a word split after the f of an fi or fl ligature ("f ixed"): joined when the first
  half is no word and the whole is one.

A drop cap, lost with its line's indent, leaves a lower-case fragment at a
paragraph's start (" arseille, winter…"): it is restored when exactly one capital
letter makes a known word of it. A drop cap that the extraction kept on a line of
its own, a few lines before or after its paragraph's opening ("W" … "ednesday,
June 3.—", "3" … "rd January 1912.—"), is put back where it belongs.
"""

from __future__ import annotations

import re
import string

from carnets_press.importers.headings import date_prefix
from carnets_press.importers.lexicon import COMMON, KNOWN, UNKNOWN, Lexicon
from carnets_press.importers.lines import Line, Measure, char_width
from carnets_press.importers.report import ImportReport

_DASHES = "–—"
_HYPHENS = "-‐"
_LETTERS = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
_RARER = 3.0  # zipf: a joined form a thousand times rarer than both its halves is a slip ("peutêtre")
_HALF = 4  # letters: the shortest half of a compound the word list alone may split off
_INITIAL = re.compile(r"[^\W\d_]|[0-9]{1,2}")
_INITIAL_REACH = 6  # raw lines: how far from its paragraph's opening an extraction sets a lone initial
_LIGATURE_GAP = re.compile(r"(?<![^\W\d_])([^\W\d_]*f) ([il][^\W\d_]*)")  # "f ixed": fi, fl
_BREAK_REACH = 0.12  # of the measure: how far from the estimated line end a lost break may lie


def restore_kept_initials(raw: list[str], lexicon: Lexicon, report: ImportReport) -> None:
    """Put an initial that the extraction set on a line of its own ("W", or "3" of "3rd January") back at the
    start of its paragraph, in place; the initial's line is left blank.

    Its paragraph opens a few lines after it (past a year heading set beside it) or, more rarely, before
    it; that opening is a fragment that the initial makes a word or a dateline of ("ednesday, June 3.—",
    "rd January 1912.—"), even where the fragment is a word by itself ("he" of "The"). Done before page
    furniture is taken out, since a lone letter or number reads as a running head or a folio.
    """
    for index, text in enumerate(raw):
        initial = text.strip()
        if not _INITIAL.fullmatch(initial) or initial.islower():
            continue
        target = next((k for k in _openings(raw, index) if _completes(initial, raw[k].strip(), lexicon)), None)
        if target is None:
            continue
        fragment = raw[target].strip()
        raw[target] = raw[target][: len(raw[target]) - len(raw[target].lstrip())] + initial + fragment
        raw[index] = text[: len(text) - len(text.lstrip("\f"))]  # a page break before the initial stays
        report.add("drop-cap", target + 1, fragment, f"the initial '{initial}' set on its own line (line "
                   f"{index + 1}) put back at the start of its paragraph", 0.85,
                   before=f"{initial} / {fragment[:30]}", after=(initial + fragment)[:31])


def _openings(raw: list[str], index: int) -> list[int]:
    """The lines near a lone initial where its paragraph may open, nearest first: the text lines after it that
    open a block (past a year heading, a folio or another initial set beside it), then the first line of
    the block before it."""
    def opens(k: int) -> bool:
        return k == 0 or not _LETTERS.search(raw[k - 1]) or _INITIAL.fullmatch(raw[k - 1].strip()) is not None

    near = range(max(0, index - _INITIAL_REACH), min(len(raw), index + _INITIAL_REACH + 1))
    texts = [k for k in near if k != index and _LETTERS.search(raw[k]) and not _INITIAL.fullmatch(raw[k].strip())]
    forward = [k for k in texts if k > index and opens(k)]
    before = [k for k in texts if k < index and opens(k)]
    return forward + before[-1:]


def _completes(initial: str, fragment: str, lexicon: Lexicon) -> bool:
    """Whether the initial makes the fragment the opening of a paragraph: a number a dateline ("3" of "rd
    January 1912.—"), a letter a known word."""
    if not fragment or fragment[0].isupper() or fragment[0].isspace():
        return False
    if initial.isdigit():
        return date_prefix(initial + fragment) is not None
    word = _LETTERS.match(fragment)
    return word is not None and lexicon.known(initial + word.group())


def restore_drop_cap(line: Line, lexicon: Lexicon, report: ImportReport) -> bool:
    """Put back a lost initial where exactly one capital letter makes a known word; True if it did."""
    match = _LETTERS.match(line.text)
    if not match or not match.group()[0].islower() or lexicon.zipf(match.group()) >= UNKNOWN:
        return False
    fragment = match.group()
    fits = [letter + fragment for letter in string.ascii_uppercase if lexicon.known(letter + fragment)]
    if len(fits) != 1:
        if fits:
            report.add("drop-cap", line.number, line.text,
                       f"kept as printed: {len(fits)} capitals would make a word ({', '.join(fits)})", 0.4)
        return False
    word = fits[0]
    line.text = word + line.text[len(fragment):]
    report.add("drop-cap", line.number, fragment, f"restored the lost initial: {word}", 0.85,
               before=fragment, after=word)
    return True


def join_lines(lines: list[Line], measure: Measure, lexicon: Lexicon, report: ImportReport) -> str:
    """One paragraph's lines as one string, with words repaired at the breaks."""
    text = ""
    for k, line in enumerate(lines):
        current = _repair_lost_breaks(line, measure, first=k == 0, lexicon=lexicon, report=report)
        current = _LIGATURE_GAP.sub(lambda m: _ligature(m, line.number, lexicon, report), current)
        text = current if not text else _join(text, current, line.number, lexicon, report)
    return text


def _join(text: str, following: str, number: int, lexicon: Lexicon, report: ImportReport) -> str:
    if text[-1] in _DASHES:
        return text + following
    last = re.search(r"([^\W\d_]+)([-‐]?)$", text)
    first = re.match(r"[^\W\d_]+", following)
    if not last or not first:
        return f"{text} {following}"
    a, hyphen, b = last.group(1), last.group(2), first.group()
    if hyphen:
        keep, decided, confidence = _hyphen_at_line_end(a, b, lexicon)
        joined = f"{a}-{b}" if keep else a + b
        report.add("hyphen", number, f"{a}- / {b}", decided, confidence, before=f"{a}- {b}", after=joined)
        return text[: last.start()] + joined + following[len(b):]
    whole = a + b
    if not lexicon.known(whole) or b[0].isupper():
        return f"{text} {following}"
    if lexicon.zipf(b) < UNKNOWN and lexicon.zipf(whole) > lexicon.zipf(b):
        decided, confidence = f"joined the halves of a word split at the line end: {whole}", 0.9
    elif lexicon.used(whole) and lexicon.used(f"{a} {b}") <= 1:
        decided, confidence = f"joined, as the text prints '{whole}' elsewhere (could be two words)", 0.6
    else:
        return f"{text} {following}"
    report.add("join", number, f"{a} / {b}", decided, confidence, before=f"{a} {b}", after=whole)
    return text[: last.start()] + whole + following[len(b):]


def _ligature(match: re.Match[str], number: int, lexicon: Lexicon, report: ImportReport) -> str:
    """A word that the extraction split after the f of an fi or fl ligature ("f ixed", "f irst"), joined when
    its first half is no word (a lone f never is) and the whole is one."""
    a, b = match.group(1), match.group(2)
    whole = a + b
    if not lexicon.known(whole) or (len(a) > 1 and lexicon.zipf(a) >= UNKNOWN):
        return match.group()
    report.add("join", number, match.group(), f"joined a word split at a ligature: {whole}", 0.85,
               before=match.group(), after=whole)
    return whole


def _hyphen_at_line_end(a: str, b: str, lexicon: Lexicon) -> tuple[bool, str, float]:
    """Whether the hyphen at a line end belongs to the word (True) or only to the break."""
    whole, compound = a + b, f"{a}-{b}"
    if b[0].isupper():
        return True, f"kept the hyphen before a capital: {compound}", 0.9
    if lexicon.used(compound) != lexicon.used(whole):
        keep = lexicon.used(compound) > lexicon.used(whole)
        form = compound if keep else whole
        return keep, f"{form}, as the text prints it elsewhere", 0.85
    halves = lexicon.known(a) and lexicon.known(b)
    if halves and lexicon.zipf(whole) < KNOWN and min(lexicon.zipf(a), lexicon.zipf(b)) - lexicon.zipf(whole) >= _RARER:
        return True, f"kept the hyphen: '{whole}' is a slip beside words as common as its halves", 0.7
    if lexicon.zipf(whole) >= UNKNOWN:
        return False, f"removed the break's hyphen: {whole}", 0.6 if halves else 0.9
    if halves:
        return True, f"kept the hyphen of a compound: {compound}", 0.8
    return False, f"removed the break's hyphen: {whole} (not in the word list either way)", 0.5


def _repair_lost_breaks(line: Line, measure: Measure, first: bool, lexicon: Lexicon, report: ImportReport) -> str:
    """In a raw line holding several printed lines, restore hyphens lost where they met."""
    count = measure.printed_lines(line.span)
    if count == 1:
        return line.text
    ends = [measure.full * k - (measure.indent if first else 0.0) - line.inset for k in range(1, count)]
    reach = _BREAK_REACH * measure.full
    text = line.text
    offsets = [0.0]
    for char in text:
        offsets.append(offsets[-1] + char_width(char))
    repairs = []
    for at in ends:
        for match in _TOKEN.finditer(text):
            if offsets[match.start()] - reach <= at <= offsets[match.end()] + reach:
                replacement = _lost_hyphen(match.group(), line.number, lexicon, report)
                if replacement:
                    repairs.append((match.start(), match.end(), replacement))
                    break
    for start, end, replacement in sorted(set(repairs), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _lost_hyphen(word: str, number: int, lexicon: Lexicon, report: ImportReport) -> str | None:
    """The word with its lost hyphen back, or None to keep it (reporting a doubtful keep)."""
    if any(hyphen in word for hyphen in _HYPHENS) or len(word) < 5:
        return None
    splits = [(word[:k], word[k:]) for k in range(2, len(word) - 1)]
    printed = [(a, b) for a, b in splits if lexicon.used(f"{a}-{b}")]
    if printed and lexicon.used(word) <= 1:
        a, b = printed[0]
        return _split(word, f"{a}-{b}", number, "the text prints it with a hyphen elsewhere", 0.9, report)
    if lexicon.used(word) > 1:
        return None
    camel = [(a, b) for a, b in splits if a[-1].islower() and b[0].isupper()]
    if camel and all(lexicon.zipf(part) >= KNOWN for part in camel[0]):
        a, b = camel[0]
        return _split(word, f"{a}-{b}", number, "two capitalised words run together", 0.85, report)
    if word[0].isupper() or _inflected(word, lexicon):
        return None  # a name, or a known word with an ending ("commonplaces")
    halves = [(min(lexicon.zipf(a), lexicon.zipf(b)), a, b) for a, b in splits
              if len(a) >= _HALF and len(b) >= _HALF and lexicon.zipf(a) >= COMMON and lexicon.zipf(b) >= COMMON]
    if not halves:
        return None
    _, a, b = max(halves)
    if lexicon.zipf(word) < UNKNOWN:
        return _split(word, f"{a}-{b}", number, "not in the word list, its halves are", 0.7, report)
    if lexicon.zipf(word) < KNOWN:
        report.add("split", number, word, f"kept as printed: a rare word where a line break was lost; "
                   f"could be '{a}-{b}'", 0.6)
    return None


def _inflected(word: str, lexicon: Lexicon) -> bool:
    """A known word plus an ending of up to three letters: a form the word list may lack."""
    return any(lexicon.known(word[:-k]) for k in range(1, 4) if len(word) - k >= _HALF)


def _split(word: str, result: str, number: int, reason: str, confidence: float, report: ImportReport) -> str:
    report.add("split", number, word, f"restored the hyphen lost at a line break: {result} ({reason})",
               confidence, before=word, after=result)
    return result
