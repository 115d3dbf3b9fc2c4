"""Raw lines and how wide they were in print.

A PDF-to-text extraction keeps the words of each printed line but not its
geometry. The natural width of a line, summed from the advance widths of a
Times-like face, stands in for it: a paragraph's last line is visibly short,
a paragraph's first line is indented, note lines (set smaller) hold more
characters, and a raw line twice as wide as the rest is two printed lines that
the extraction ran together. Widths are only ever compared with other lines of
the same text, so the face need not be the one the book was set in.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

# Advance widths of Times-Roman, in thousandths of an em (the standard PDF core font metrics).
_ASCII_WIDTHS = dict(zip(  # both are 95 long
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    [250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278]
    + [500] * 10
    + [278, 278, 564, 564, 564, 444, 921]
    + [722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611,
       722, 722, 944, 722, 722, 611]
    + [333, 278, 333, 469, 500, 333]
    + [444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278,
       500, 500, 722, 500, 500, 444]
    + [480, 200, 480, 541],
))
_OTHER_WIDTHS = {"–": 500, "—": 1000, "‘": 333, "’": 333, "“": 444, "”": 444, "…": 1000, "«": 500, "»": 500,
                 "œ": 722, "Œ": 889, "æ": 667, "Æ": 889, "ß": 500}

TERMINAL = ".!?:…)]’”»\"'"  # a paragraph or a note can end on one of these
MARK = "\ue000{}\ue001"  # a note call inside running text, until the writer makes it [^label]
MARKS = re.compile("\ue000([^\ue001]*)\ue001")


def char_width(char: str) -> float:
    """Width of one character in ems; an accented letter is as wide as its base letter."""
    if char in _ASCII_WIDTHS:
        return _ASCII_WIDTHS[char] / 1000
    if char in _OTHER_WIDTHS:
        return _OTHER_WIDTHS[char] / 1000
    base = unicodedata.normalize("NFD", char)[:1]
    return _ASCII_WIDTHS.get(base, 500) / 1000


def text_width(text: str) -> float:
    return sum(char_width(char) for char in text)


@dataclass
class Line:
    """One raw line: its 1-based number in the raw file, its text without the edge spaces.

    The width is taken once from the printed text, before note calls in it are
    replaced by markers.
    """

    number: int
    text: str
    page_start: bool = False  # a printed page begins here (leading space, or after page furniture)
    width: float = field(default=-1.0)
    inset: float = 0.0  # room a drop cap took beside the line

    def __post_init__(self) -> None:
        if self.width < 0:
            self.width = text_width(self.text)

    @property
    def span(self) -> float:
        """The room the line took on the page: its text and any drop cap beside it."""
        return self.width + self.inset


def ends_sentence(text: str) -> bool:
    """Whether the text closes a sentence (a note call after the closing punctuation aside)."""
    text = MARKS.sub("", text).rstrip()
    return bool(text) and text[-1] in TERMINAL


@dataclass(frozen=True)
class Measure:
    """The width of a full printed line in one region of the text (introduction, body, notes)."""

    full: float

    @property
    def indent(self) -> float:
        return 0.05 * self.full  # a paragraph indent of 1–1.5 em on a 25–30 em measure

    @property
    def drop_cap(self) -> float:
        return 0.18 * self.full  # a three-line initial with its margin, beside each of its lines

    drop_cap_lines = 3

    def printed_lines(self, width: float) -> int:
        """How many printed lines a raw line holds; justification stretches a line by a few per cent."""
        count = 1
        while width > count * self.full * 1.15:
            count += 1
        return count

    def tail(self, width: float) -> float:
        """The width of the last printed line inside a raw line."""
        return width - (self.printed_lines(width) - 1) * self.full

    @classmethod
    def of(cls, lines: list[Line]) -> Measure | None:
        """The typical width of a full line: the median of the lines near the overall median.

        Most lines of prose are full lines, so the median is one; the window leaves
        out short last lines and run-together double lines before taking it again.
        """
        widths = [line.width for line in lines if line.text]
        if len(widths) < 3:
            return None
        middle = statistics.median(widths)
        near = [width for width in widths if 0.8 * middle <= width <= 1.2 * middle]
        return cls(statistics.median(near or widths))
