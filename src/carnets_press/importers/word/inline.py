"""A paragraph's runs as inline Markdown: emphasis, spans, notes' calls, images and links.

Word formats run by run, Markdown by nesting. A run's text keeps its run's formats,
while a space at its ends, a call or an image takes only the formats of the words on
both its sides, so that "*a corner* and" never becomes "*a corner *and". Formats are
opened longest first, so that a bold word inside a run of italics leaves one emphasis
open around it. Emphasis that CommonMark would not read where it stands
(`word*(aside)*`: a delimiter between a letter and a bracket, or `**a***b*`) is
written as the HTML the format allows (<em>, <strong>, <s>) instead. Text is escaped
by the writer's `escape`, one stretch of equally formatted text at a time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from carnets_press.importers.writer import escape

Format = tuple[str, str]  # (kind, value): ("em", ""), ("lang", "fr"), ("link", "https://…")

EM: Format = ("em", "")
STRONG: Format = ("strong", "")
SMALLCAPS: Format = ("smallcaps", "")
SUPERSCRIPT: Format = ("sup", "")
SUBSCRIPT: Format = ("sub", "")
STRIKE: Format = ("strike", "")

_ORDER = ("link", "lang", "smallcaps", "strong", "em", "strike", "sup", "sub")  # outermost first, on a tie
_DELIMITED = {"em": ("*", "*", "<em>", "</em>"), "strong": ("**", "**", "<strong>", "</strong>"),
              "strike": ("~~", "~~", "<s>", "</s>")}
_LOOKS = {"em", "strong", "smallcaps"}  # what a heading's own style does to all of it
_HARD_SPACE = re.compile(r"([^\S \t\n\r\f\v]+)")  # no-break and thin spaces are the text's own: kept as they are


@dataclass(frozen=True)
class Piece:
    text: str  # what it reads as: a word or a space, a call's marker, "" for an image
    formats: frozenset[Format] = frozenset()
    markdown: str | None = None  # a call or an image, written as it is

    @property
    def neutral(self) -> bool:
        """A space, a call or an image: it takes the formats of the words around it."""
        return self.markdown is not None or not self.text.strip()


@dataclass
class Inline:
    pieces: list[Piece] = field(default_factory=list)

    def add(self, text: str, formats: frozenset[Format]) -> None:
        """A run's text: the spaces at its ends apart, since they take their formats from the words around them
        (those between its own words have the run's)."""
        words = text.strip()
        start = len(text) - len(text.lstrip())
        parts = [text[:start], words, text[start + len(words):]] if words else [text]
        self.pieces += [Piece(part, formats) for part in parts if part]

    def add_markdown(self, plain: str, markdown: str) -> None:
        self.pieces.append(Piece(plain, markdown=markdown))

    @property
    def plain(self) -> str:
        return "".join(piece.text for piece in self.pieces)

    def cut(self, offset: int) -> tuple[Inline, Inline]:
        """The pieces before and after ``offset`` of ``plain``; a word across it is cut in two."""
        head = Inline()
        for k, piece in enumerate(self.pieces):
            if offset <= 0:
                return head, Inline(self.pieces[k:])
            if len(piece.text) > offset and piece.markdown is None:
                rest = Inline()
                head.add(piece.text[:offset], piece.formats)
                rest.add(piece.text[offset:], piece.formats)
                return head, Inline(rest.pieces + self.pieces[k + 1:])
            head.pieces.append(piece)
            offset -= len(piece.text)
        return head, Inline()

    def markdown(self, block: bool = True, heading: bool = False) -> str:
        """The Markdown of these pieces; ``block`` guards a paragraph's start ("1." is no list); a ``heading``
        leaves out the bold, italics or small capitals that cover all of it, which are its style's look."""
        pieces = _settle(self.pieces)
        if heading:
            words = [piece.formats for piece in pieces if not piece.neutral]
            common = frozenset.intersection(*words) if words else frozenset()
            look = {f for f in common if f[0] in _LOOKS}
            pieces = [replace(piece, formats=piece.formats - look) for piece in pieces]
        text = _write(_nest(_merge(pieces)), block)
        return re.sub(" {2,}", " ", text).strip(" ")


def _settle(pieces: list[Piece]) -> list[Piece]:
    """A neutral piece keeps only the formats both of its neighbouring words have."""
    before: list[frozenset[Format]] = []
    last: frozenset[Format] = frozenset()
    for piece in pieces:
        before.append(last)
        if not piece.neutral:
            last = piece.formats
    settled = list(pieces)
    last = frozenset()
    for k in range(len(pieces) - 1, -1, -1):
        if pieces[k].neutral:
            if pieces[k].formats != (formats := before[k] & last):
                settled[k] = replace(pieces[k], formats=formats)
        else:
            last = pieces[k].formats
    return settled


def _merge(pieces: list[Piece]) -> list[Piece]:
    """Text pieces in a row with the same formats, as one."""
    merged: list[Piece] = []
    run: list[Piece] = []
    for piece in pieces + [Piece("", markdown="")]:  # a last piece that joins nothing, to flush the run
        if run and (piece.markdown is not None or piece.formats != run[0].formats):
            merged.append(run[0] if len(run) == 1 else Piece("".join(p.text for p in run), run[0].formats))
            run = []
        if piece.markdown is None:
            run.append(piece)
        else:
            merged.append(piece)
    return merged[:-1]


Token = tuple[str, Format | Piece]  # ("open", format), ("close", format), ("piece", piece)


def _nest(pieces: list[Piece]) -> list[Token]:
    """Open and close formats around the pieces, properly nested; the format that lasts longest opens first."""
    reach: list[dict[Format, int]] = [{} for _ in pieces]
    for k in range(len(pieces) - 1, -1, -1):
        ahead = reach[k + 1] if k + 1 < len(pieces) else {}
        reach[k] = {f: ahead.get(f, 0) + 1 for f in pieces[k].formats}
    tokens: list[Token] = []
    stack: list[Format] = []
    for k, piece in enumerate(pieces):
        keep = 0
        while keep < len(stack) and stack[keep] in piece.formats:
            keep += 1
        tokens += [("close", f) for f in reversed(stack[keep:])]
        del stack[keep:]
        opened = sorted(piece.formats - set(stack), key=lambda f: (-reach[k][f], _ORDER.index(f[0]), f[1]))
        tokens += [("open", f) for f in opened]
        stack += opened
        tokens.append(("piece", piece))
    tokens += [("close", f) for f in reversed(stack)]
    return tokens


def _write(tokens: list[Token], block: bool) -> str:
    parts: list[str] = []
    pairs: list[tuple[int, int, str]] = []  # emphasis delimiters: (opener's index, closer's index, kind)
    opened: dict[Format, int] = {}
    raised = 0  # inside a superscript or a subscript, a space is written "\ "
    for kind, value in tokens:
        if kind == "piece":
            assert isinstance(value, Piece)
            if value.markdown is not None:
                parts.append(value.markdown)
            else:
                text = _escaped(value.text, block and not any(parts))
                parts.append(text.replace(" ", "\\ ") if raised else text)
            continue
        assert isinstance(value, tuple)
        name, argument = value
        raised += (1 if kind == "open" else -1) if name in ("sup", "sub") else 0
        if kind == "open":
            opened[value] = len(parts)
            if name in ("smallcaps", "lang", "link") and parts and parts[-1].endswith("!"):
                parts[-1] = parts[-1][:-1] + "\\!"  # "![" would open an image
            parts.append(_DELIMITED[name][0] if name in _DELIMITED else _OPEN[name])
        else:
            if name in _DELIMITED:
                pairs.append((opened[value], len(parts), name))
            parts.append(_DELIMITED[name][1] if name in _DELIMITED else _close(name, argument))
    closers = {end for _, end, _ in pairs}
    for start, end, name in pairs:
        if start - 1 in closers or not (_opens(parts, start) and _closes(parts, end)):
            parts[start], parts[end] = _DELIMITED[name][2], _DELIMITED[name][3]
    return "".join(parts)


_OPEN = {"smallcaps": "[", "lang": "[", "link": "[", "sup": "^", "sub": "~"}


def _close(name: str, argument: str) -> str:
    if name == "smallcaps":
        return "]{.smallcaps}"
    if name == "lang":
        return f"]{{lang={argument}}}"
    if name == "link":
        return "](" + re.sub(r"[\s()<>]", lambda m: f"%{ord(m.group()):02X}", argument) + ")"
    return "^" if name == "sup" else "~"


def _escaped(text: str, block: bool) -> str:
    """``escape`` joins words with single spaces and trims the ends; a text that meets markup keeps its edge
    spaces, and its no-break spaces."""
    out = []
    for k, chunk in enumerate(_HARD_SPACE.split(text)):
        if k % 2:
            out.append(chunk)
            continue
        lead = " " if chunk[:1].isspace() else ""
        trail = " " if chunk[-1:].isspace() and chunk.strip() else ""
        out.append(lead + escape(chunk, block=block and k == 0) + trail)
    return "".join(out)


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _neighbour(parts: list[str], index: int, step: int) -> str | None:
    k = index + step
    while 0 <= k < len(parts):
        if parts[k]:
            return parts[k][-1] if step < 0 else parts[k][0]
        k += step
    return None


def _opens(parts: list[str], index: int) -> bool:
    """CommonMark's left-flanking rule (an opener right after a closer, `**a***b*`, is refused before)."""
    before, after = _neighbour(parts, index, -1), _neighbour(parts, index, 1)
    return (after is not None and not after.isspace()
            and (not _punctuation(after) or before is None or before.isspace() or _punctuation(before)))


def _closes(parts: list[str], index: int) -> bool:
    before, after = _neighbour(parts, index, -1), _neighbour(parts, index, 1)
    return (before is not None and not before.isspace()
            and (not _punctuation(before) or after is None or after.isspace() or _punctuation(after)))
