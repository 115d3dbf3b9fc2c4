"""Raw lines and how wide they were in print.

A PDF-to-text extraction keeps the words of each printed line but not its
geometry. The natural width of a line, summed from the advance widths of a
Times-like face, stands in for it: a paragraph's last line is visibly short,
a paragraph's first line is indented, note lines (set smaller) hold more
characters, and a raw line wider than the widest full line is two printed lines
that the extraction ran together. Widths are only ever compared with other lines of
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
_TOP_QUANTILE = 0.9  # the share of full lines no wider than Measure.top
_BEYOND_TOP = 0.05  # how far beyond Measure.top a single line may seem to reach: the estimate errs (share of full)


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
    page: int = 0  # the printed page: form feeds counted, or (without them) the page starts before it
    width: float = field(default=-1.0)
    inset: float = 0.0  # room a drop cap took beside the line
    # Where the line was set, read from a PDF: its (left, right) as shares of its column's measure; None from text.
    geometry: tuple[float, float] | None = None

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
    """The width of a full printed line in one region of the text (introduction, body, notes).

    ``full`` is a typical full line; ``top`` the width the longer full lines reach (justification and a ragged
    right edge spread them by a few per cent), beyond which a raw line holds more than one printed line.
    """

    full: float
    top: float | None = None  # unknown for a measure given, not measured

    @property
    def longest(self) -> float:
        """The widest a single printed line seems to get: a little beyond ``top``, or 15 % beyond ``full``."""
        return self.top + _BEYOND_TOP * self.full if self.top else 1.15 * self.full

    @property
    def indent(self) -> float:
        return 0.05 * self.full  # a paragraph indent of 1–1.5 em on a 25–30 em measure

    @property
    def drop_cap(self) -> float:
        return 0.18 * self.full  # a three-line initial with its margin, beside each of its lines

    drop_cap_lines = 3

    def printed_lines(self, width: float) -> int:
        """How many printed lines a raw line holds.

        The extraction runs a line into the next one, often a full line into the last syllables of its
        paragraph ("para-" + "graph."): a raw line a little wider than the longest full line already holds two.
        The estimate's error grows with each line the raw line holds.
        """
        count = 1
        while width > count * self.longest:
            count += 1
        return count

    def tail(self, width: float, indent: float = 0.0) -> float:
        """The room the last printed line inside a raw line took; ``indent`` is the first line's. The lines are
        counted on the text alone: the estimate of a line's width errs by more than an indent."""
        return width + indent - (self.printed_lines(width) - 1) * self.full

    @classmethod
    def of(cls, lines: list[Line]) -> Measure | None:
        """The typical width of a full line: the median of the lines near the overall median; and the width
        the longer ones reach, a high quantile of the same lines.

        Most lines of prose are full lines, so the median is one; the window leaves
        out short last lines and run-together double lines before taking it again.
        """
        widths = [line.width for line in lines if line.text]
        if len(widths) < 3:
            return None
        middle = statistics.median(widths)
        near = sorted(width for width in widths if 0.8 * middle <= width <= 1.2 * middle) or sorted(widths)
        full = statistics.median(near)
        top = near[int(_TOP_QUANTILE * (len(near) - 1))]
        return cls(full, max(top, full))
