"""Typographic quotes, dashes and ellipses on the book's prose, as Pandoc's `smart` extension makes them.

`--` is an en dash, `---` an em dash, `...` an ellipsis (a spaced `. . .` is left as written); a straight quote
becomes an opening or a closing quote, or an apostrophe, from the characters on either side of it; a no-break
space joins an abbreviation of Pandoc's list to the word after it (Mr.\u00a0Lam, p.\u00a012).

Those characters may sit in another node: `*Clochemerle*'s`, `'*Clochemerle*'`, `[NKVD]{.smallcaps}'s`. So each
block's inline run (a paragraph, a heading, a list item, a note's paragraph: transform/runs.py) is read as one
string, code spans and URLs in it as context that is never changed, an image as one letter-like object, a line
break as a space; a note call is transparent (`Vlady[^1]'s` is `Vlady's`). Each quote is decided there, and the
result is written back into the Text nodes by index: no marker character stands for a node, so no character of
the text can be taken for one.

How quotes pair follows Pandoc: a `"` opens unless a letter or digit is right before it or a space right after
it, and closes an open `"`; a `'` between two letters is an apostrophe (don't, l'homme), one that opens becomes
‘ only if a `'` closes it later, else it is an apostrophe (the '90s, 'Twas). Where Pandoc's parser goes wrong
(it reads `'Twas the night,' he said` as a quotation, takes a note call or a span for a space, and lets `'n'` be
quoted) the characters around decide here instead; see tests/transform/test_typography_pandoc.py.

Double quotes are the edition's language's (« » in French, with no-break spaces inside, which replace the spaces
a French manuscript types inside its quotes: `" Bonjour "`; „ “ in German); the typographic quotes a manuscript
already has are left as they are. A character the reader keeps as it was written (an escaped `\\"`, given as a
Code node) is left alone, as code is.

`hold_line_breaks` is for the print edition only (render/print/document.py applies it to its copy of the book):
a word joiner (U+2060) before a closed em dash, which Unicode's line breaking lets a line begin with ("word—word"
may break before the dash as well as after it), and a no-break space before a spaced ellipsis ("word …") and
before an em dash set close to the word after it (an attribution, "Henry VIII —B."), so that no line begins with
any of them. A spaced `. . .` needs none: no line may break before a full stop, even after a space
(UAX #14, LB13). The EPUB keeps the text as Pandoc makes it: a word joiner there would go into what a reader
copies, searches for or looks up, and its reading system sets lines of its own width.

Our own code, not a library's: smartypants, which this replaces, converts one string at a time, and so cannot
see a quote's neighbour in another node, the cause of every wrong quote above; no maintained library converts a
tree of nodes with that context.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

from carnets_press.manuscript.model import Book, Text
from carnets_press.transform.runs import Run, inline_runs

# Double quotes by language (CLDR's delimiters, which Babel does not ship). French sets a space inside
# its guillemets; the book fonts lack the narrow no-break space (U+202F) typographers prefer, so U+00A0.
_DOUBLE_QUOTES = {"fr": ("«\u00a0", "\u00a0»"), "de": ("„", "“"), "es": ("«", "»"), "it": ("«", "»")}
_ENGLISH_QUOTES = ("“", "”")
_OPEN_SINGLE, _CLOSE_SINGLE = "‘", "’"  # the closing single quote is the apostrophe too

# What typography can change (an abbreviation ends in a full stop before a space); a run whose text has none of
# these is left as it is.
_CONVERTIBLE = re.compile(r"[\"']|--|\.[. \t]")
# Dashes and ellipses, left to right (Pandoc's order): `----` is an em dash and a hyphen.
_SEQUENCES = re.compile(r"---|--|\.\.\.")
_SEQUENCE_CHARACTERS = {"---": "—", "--": "–", "...": "…"}

# A `'` before these is an elision, not an opening quote, even when a closing quote follows: 'Twas the night,'
# he said. Two digits are a year ('41, the '90s), unless a quote closes right after them ('13'); four are not.
_ELISION = re.compile(r"'(?:tis|twas|twere|twill|twould|twixt|tween|em|neath|gainst|cause|cos|til|bout|\d\ds?)"
                      r"(?![\w'’])", re.IGNORECASE)
# rock 'n' roll: both quotes are apostrophes.
_AND = re.compile(r"'n'(?!\w)", re.IGNORECASE)

# Pandoc's smart extension also joins these abbreviations to the word after them with a no-break space (Mr. Lam,
# p. 12, e.g. bread): its default list, `pandoc --print-default-data-file abbreviations` (pandoc 3.9), for every
# language as Pandoc does. An abbreviation is one of Pandoc's words (no letter, digit or full stop right before
# it), followed in the same Text node by spaces and then anything but a note call.
_ABBREVIATIONS = (
    "aet. aetat. al. Apr. Aug. bk. Bros. c. Capt. cf. ch. chap. chs. Co. col. Corp. cp. d. Dec. Dr. e.g. ed. eds. "
    "esp. f. fasc. Feb. ff. fig. fl. fol. fols. Fr. Gen. Gov. Hon. i.e. ill. Inc. incl. Jan. Jr. Jul. Jun. Ltd. "
    "M.A. M.D. Mar. Mr. Mrs. Ms. n. n.b. nn. No. Nov. Oct. p. Ph.D. pp. Pres. Prof. pt. q.v. Rep. Rev. s.v. s.vv. "
    "saec. sec. Sen. Sep. Sept. Sgt. Sr. St. univ. viz. vol. vs.").split()
_ABBREVIATION = re.compile(r"(?<![^\W_])(?<!\.)(?:" + "|".join(map(re.escape, sorted(_ABBREVIATIONS, key=len,
                                                                                    reverse=True))) + r")([ \t]+)")

# No line break on either side of it (UAX #14, LB11); a font has no glyph for it, and needs none (default ignorable).
_WORD_JOINER = "\u2060"

_SPACE, _WORD, _OTHER = range(3)
# Before a `"` that opens a quotation inside another, besides a space: an opening bracket or quote, a dash.
_OPENING_CATEGORIES = {"Ps", "Pi", "Pd"}


def apply_typography(book: Book) -> None:
    """Each heading and each block (of the text or of a note) is read as a run: quotes do not pair across blocks.

    An image's alt text is typeset too (as Pandoc does an image's description), and so are an entry's place and
    title, read from its heading: the renderers find them in the heading as it is printed."""
    language = book.metadata.language.split("-")[0].casefold()
    quotes = _DOUBLE_QUOTES.get(language, _ENGLISH_QUOTES)
    runs = inline_runs(book, headings=True)
    for run in runs:
        _typeset_run(run, quotes)
    for image in (image for run in runs for image in run.objects.values() if image.attrs.get("alt")):
        image.attrs["alt"] = _typeset(image.attrs["alt"], quotes)
    for entry in book.entries():
        entry.place = _typeset(entry.place, quotes) if entry.place else entry.place
        entry.title = _typeset(entry.title, quotes) if entry.title else entry.title


def hold_line_breaks(book: Book) -> None:
    """No line of the text or of a note may begin with a closed em dash or a spaced ellipsis (see above). Headings
    are left as they are: their text is also the PDF's bookmarks, which would keep the word joiner. A note called
    in a heading is held: its bookmark has the call's number, not the note."""
    for run in inline_runs(book, headings=False):
        _hold_breaks(run)


def _typeset(value: str, quotes: tuple[str, str]) -> str:
    text = Text(value)
    run = Run()
    run.add_text(text, [text])
    _typeset_run(run, quotes)
    return text.value


def _typeset_run(run: Run, quotes: tuple[str, str]) -> None:
    if not any(_CONVERTIBLE.search(node.value) for node in run.texts):
        return
    text = run.text
    # edits[node index][offset in the node] = (length replaced, replacement)
    edits: list[dict[int, tuple[int, str]]] = [{} for _ in run.texts]
    positions = [start + match.start() for start, node in zip(run.starts, run.texts, strict=True)
                 for match in re.finditer(r"[\"']", node.value)]
    for position, character in _quotes(text, positions, run.objects, quotes).items():
        _edit(run, edits, position, character)
        if character == quotes[0] and quotes[0][-1].isspace():
            _swallow_spaces(run, edits, text, position + 1, 1)
        elif character == quotes[1] and quotes[1][0].isspace():
            _swallow_spaces(run, edits, text, position - 1, -1)
    for index, node in enumerate(run.texts):
        for match in _SEQUENCES.finditer(node.value):
            edits[index][match.start()] = (len(match.group()), _SEQUENCE_CHARACTERS[match.group()])
        for match in _ABBREVIATION.finditer(node.value):
            end = run.starts[index] + match.end()  # where the word after the spaces begins, in the run
            if end < len(text) and end not in run.calls and not any(
                    offset in edits[index] for offset in range(*match.span(1))):
                edits[index][match.start(1)] = (len(match.group(1)), "\u00a0")
        if edits[index]:
            node.value = _apply(node.value, edits[index])


def _hold_breaks(run: Run) -> None:
    """A word joiner between a closed em dash and what is before it; a no-break space before an ellipsis, and
    before an em dash set close to the word after it (an attribution's "Henry VIII —B.")."""
    text = run.text
    edits: list[dict[int, tuple[int, str]]] = [{} for _ in run.texts]
    for index, node in enumerate(run.texts):
        for match in re.finditer("—", node.value):
            position = run.starts[index] + match.start()
            if position and not text[position - 1].isspace() and text[position - 1] != _WORD_JOINER:
                edits[index][match.start()] = (0, _WORD_JOINER)
    for match in re.finditer(r"\s+(?=…|—\u2060?[^\W_])", text):
        spaces = range(match.start(), match.end())
        for position in spaces:
            if (owner := run.owner(position)) is not None:
                kept = position == spaces[-1]  # the one before the ellipsis; HTML would collapse the others
                edits[owner][position - run.starts[owner]] = (1, "\u00a0" if kept else "")
    for index, node in enumerate(run.texts):
        if edits[index]:
            node.value = _apply(node.value, edits[index])


def _edit(run: Run, edits: list[dict[int, tuple[int, str]]], position: int, replacement: str) -> None:
    index = run.owner(position)
    assert index is not None  # quotes are only looked for in Text nodes
    edits[index][position - run.starts[index]] = (1, replacement)


def _swallow_spaces(run: Run, edits: list[dict[int, tuple[int, str]]], text: str, position: int, step: int) -> None:
    """The spaces typed inside French quotes (`" Bonjour "`) give way to the quotes' own no-break spaces."""
    while 0 <= position < len(text) and text[position].isspace() and (index := run.owner(position)) is not None:
        edits[index][position - run.starts[index]] = (1, "")
        position += step


def _apply(value: str, edits: dict[int, tuple[int, str]]) -> str:
    pieces = []
    done = 0
    for offset in sorted(edits):
        length, replacement = edits[offset]
        pieces.append(value[done:offset])
        pieces.append(replacement)
        done = offset + length
    pieces.append(value[done:])
    return "".join(pieces)


def _quotes(text: str, positions: list[int], objects: Container[int], quotes: tuple[str, str]) -> dict[int, str]:
    """The character each straight quote at `positions` in `text` becomes."""
    result: dict[int, str] = {}
    stack: list[int] = []  # open quotes, innermost last
    apostrophes: set[int] = set()  # the second quote of 'n'
    spaced = quotes[0][-1].isspace()  # French: `" Bonjour "` opens with a space after it

    def kind(position: int) -> int:
        if position < 0 or position >= len(text):
            return _SPACE
        if position in objects:
            return _WORD
        character = text[position]
        if character.isspace():
            return _SPACE
        return _WORD if unicodedata.category(character)[0] in "LNM" else _OTHER

    def open_quote(position: int) -> int | None:
        """The innermost open quote of this character, by its place in the stack."""
        return next((i for i in range(len(stack) - 1, -1, -1) if text[stack[i]] == text[position]), None)

    def close(opened: int, position: int) -> None:
        # Quotes opened inside this one and never closed stay as they were made (an apostrophe, an opening “).
        opening = stack[opened]
        del stack[opened:]
        if text[position] == "'":
            result[opening] = _OPEN_SINGLE
            result[position] = _CLOSE_SINGLE
        else:
            result[position] = quotes[1]

    for position in positions:
        before, after = kind(position - 1), kind(position + 1)
        if text[position] == "'":
            result[position] = _CLOSE_SINGLE  # an apostrophe unless it opens a quotation that is closed
            if position in apostrophes or (before == _WORD and after == _WORD):
                continue
            if before != _WORD and _AND.match(text, position):
                apostrophes.add(position + 2)
                continue
            if before != _WORD and _ELISION.match(text, position):
                continue
            opened = open_quote(position)
            if before != _SPACE and after != _WORD and opened is not None:
                close(opened, position)
            elif before != _WORD and after != _SPACE:
                stack.append(position)
            continue
        opened = open_quote(position)
        if spaced and before == _SPACE and position + 1 < len(text) and after == _SPACE:
            closes = opened is not None  # " Bonjour " : the first opens, the second closes
        else:
            # A `"` closes the open one, unless it can only be opening a quotation inside it ("a "b" c").
            nested = (_opens_after(text, position - 1) and after != _SPACE
                      and (after == _WORD or _opens_after(text, position + 1)))
            closes = opened is not None and not nested
            if not closes and not (before != _WORD and after != _SPACE):
                result[position] = quotes[1]  # a closing quote with nothing to close, as Pandoc makes it
                continue
        if closes:
            assert opened is not None
            close(opened, position)
        else:
            result[position] = quotes[0]
            stack.append(position)
    return result


def _opens_after(text: str, position: int) -> bool:
    """Whether the character at `position` may stand before an opening quote: a space, an opening bracket or quote,
    a dash (the start and the end of the run count as spaces)."""
    return not 0 <= position < len(text) or text[position].isspace() or (
        unicodedata.category(text[position]) in _OPENING_CATEGORIES)
