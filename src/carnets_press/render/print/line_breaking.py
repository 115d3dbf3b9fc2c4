"""The print edition's justified paragraphs broken by the total-fit method, inside WeasyPrint's own layout.

WeasyPrint 70 breaks a paragraph's lines greedily, each as full as it can be, so that the spaces of one line
stretch where the next could have given it a word (its issues #2264 and #1924). This hooks WeasyPrint's line
iterator (`iter_line_boxes`, as `weasyprint.layout.block` calls it): before a justified paragraph's first line is
laid out, it measures the paragraph's words with WeasyPrint's own Pango layouts in each text box's computed style,
at the width WeasyPrint gives the paragraph, finds the breaks of least total demerits (render/print/total_fit.py),
and leaves WeasyPrint no other breaks to take:

- a break opportunity not taken (a space, or after a hyphen or a dash) gets a word joiner after it: a space stays
  a space, which WeasyPrint stretches (`count_expandable_spaces`) and the PDF's text keeps, but no line ends
  there (Unicode's line breaking, LB11); the joiner has no glyph, so the text reads as before (a no-break space
  would read as one, and PDFium adds a space beside it on a loose line);
- the paragraph's spaces are set as narrow as they may shrink (its text boxes' `word-spacing`), since WeasyPrint
  only ever stretches a justified line's spaces (`text_align` leaves a line wider than the measure as it is);
- a hyphenation point taken becomes a soft hyphen, and the paragraph's text `hyphens: manual`, so that WeasyPrint
  hyphenates there and nowhere else.

WeasyPrint then sets the same lines: each ends at the first break it may take, since none comes before it and the
next group of words, a line's worth, never fits beside it. The page make-up stays WeasyPrint's. A paragraph this
cannot read (an inline block or image, generated content, text not `white-space: normal`, a float beside it) is
left to WeasyPrint's greedy breaking.
Installed once per process by `install()`, for the WeasyPrint versions it is tested on
(tests/render/test_line_breaking.py).
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from carnets_press.render.print.total_fit import INFINITE, Box, Glue, Item, Penalty, break_lines

TESTED_ON = ("70.",)  # the WeasyPrint versions whose `iter_line_boxes` and box tree this reads
NO_BREAK_SPACE, WORD_JOINER, SOFT_HYPHEN = "\u00a0", "\u2060", "\u00ad"  # a no-break space stretches, never breaks
# A space stretches by half its width at badness 100 and shrinks by a fifth at most (TeX's text fonts: a half and
# a third, \fontdimen3 and 4): EB Garamond's 0.2 em space to 0.16 em, the least the print QA lets pass.
STRETCH, SHRINK = 0.5, 0.2
# A line ending at a hyphenation point. TeX's \hyphenpenalty is 50; measured on the sample (the first pass then at
# badness 200), 300 sets 151 hyphens instead of 189 with the same word spaces (p90 0.34 em), 1000 sets 97 with
# wider ones (0.36 em).
HYPHEN_PENALTY = 300
EXPLICIT_HYPHEN_PENALTY = 50  # \exhyphenpenalty: a line ending after a hyphen in the text
_HYPHENS = "-\u2010"
_MARK = "carnets_press_total_fit"  # set on a line box once its paragraph is broken
_MEASURE = "carnets_press_measure"  # the layout context's _Measure
_LETTERS = re.compile(r"[^\W\d_]+")
_GENERATED = ("::before", "::after", "::marker")  # content a paragraph's text does not have (a contents' leader)


@contextlib.contextmanager
def breaking(name: str) -> Iterator[None]:
    """Break the justified paragraphs of the layouts made meanwhile, in this thread, by `name` of BREAKERS (book.toml's
    `[print] line-breaking`)."""
    token = _BREAKING.set(name)
    try:
        yield
    finally:
        _BREAKING.reset(token)


def install() -> None:
    """Wrap WeasyPrint's line iterator, once; a version it was not tested on is left to break greedily."""
    import weasyprint
    from weasyprint.layout import block

    if not weasyprint.__version__.startswith(TESTED_ON) or getattr(block.iter_line_boxes, _MARK, False):
        return
    original = block.iter_line_boxes

    @functools.wraps(original)
    def iter_line_boxes(context: Any, line: Any, position_y: float, bottom_space: float, skip_stack: Any,
                        containing_block: Any, absolute_boxes: Any, fixed_boxes: Any, first_letter_style: Any,
                        first_line_style: Any) -> Any:
        # Only before the paragraph's first line is ever laid out: a skip stack counts in the text as it is then.
        breaker = BREAKERS[_BREAKING.get()]
        if breaker is not None and skip_stack is None and not getattr(line, _MARK, False):
            setattr(line, _MARK, True)
            if first_letter_style is None and first_line_style is None:
                breaker(context, containing_block, line)
        return original(context, line, position_y, bottom_space, skip_stack, containing_block, absolute_boxes,
                        fixed_boxes, first_letter_style, first_line_style)

    setattr(iter_line_boxes, _MARK, True)
    block.iter_line_boxes = iter_line_boxes


def break_paragraph(context: Any, box: Any, line: Any) -> bool:
    """Choose the lines of `box`'s paragraph (its one line box before layout, `line`) and encode them in its text
    boxes; whether it did (False: left to WeasyPrint)."""
    if box.style["text_align_all"] != "justify" or context.excluded_shapes:
        return False
    measure = getattr(context, _MEASURE, None)
    if measure is None:
        measure = _Measure()
        setattr(context, _MEASURE, measure)
    paragraph = _Paragraph.read(line, measure)
    if paragraph is None:
        return False
    indent = box.style["text_indent"]
    indent = indent.value * box.width / 100 if indent.unit == "%" else indent.value
    items, breakpoints = paragraph.items(context, box.style["lang"])
    if not breakpoints:
        return False
    chosen = break_lines(items, box.width - indent, box.width)
    if chosen is None:
        return False
    paragraph.encode(breakpoints, set(chosen))
    return True


# How a justified paragraph is broken: a function of WeasyPrint's layout context, the paragraph's block box and its
# line box that encodes the breaks, or None for WeasyPrint's own greedy breaking.
BREAKERS: dict[str, Callable[[Any, Any, Any], bool] | None] = {"total-fit": break_paragraph, "greedy": None}
_BREAKING = contextvars.ContextVar("carnets_press_line_breaking", default="greedy")


class _Paragraph:
    """A paragraph's text boxes, their text joined, and the width its inline boxes' edges add at each position."""

    def __init__(self, texts: list[Any], opening: dict[int, float], closing: dict[int, float],
                 measure: _Measure) -> None:
        self.texts = texts
        self.text = "".join(text.text for text in texts)
        self.starts = [0]
        for text in texts:
            self.starts.append(self.starts[-1] + len(text.text))
        self.opening, self.closing = opening, closing  # edge widths before the character at, and after the one before
        self.measure = measure

    @classmethod
    def read(cls, line: Any, measure: _Measure) -> _Paragraph | None:
        from weasyprint.formatting_structure import boxes

        texts: list[Any] = []
        opening: dict[int, float] = defaultdict(float)
        closing: dict[int, float] = defaultdict(float)
        position = 0

        def walk(parent: Any) -> bool:
            nonlocal position
            for child in parent.children:
                if isinstance(child, boxes.TextBox):
                    if child.style["white_space"] != "normal" or "\n" in child.text or "\t" in child.text:
                        return False
                    texts.append(child)
                    position += len(child.text)
                elif isinstance(child, boxes.InlineBox) and not child.element_tag.endswith(_GENERATED):
                    left, right = _edge(child.style, "left"), _edge(child.style, "right")
                    if left is None or right is None:
                        return False
                    if left:
                        opening[position] += left
                    if not walk(child):
                        return False
                    if right:
                        closing[position] += right
                else:
                    return False  # an inline block, an image, a float: left to WeasyPrint
            return True

        return cls(texts, opening, closing, measure) if walk(line) and texts else None

    def items(self, context: Any, lang: str | None) -> tuple[list[Item], list[_Breakpoint]]:
        """The paragraph as boxes, glue and penalties, and the breakpoint each breakable item is."""
        from weasyprint.text.line_break import get_log_attrs

        text = self.text
        low, high = len(text) - len(text.lstrip(" ")), len(text.rstrip(" "))
        if high - low < 2:
            return [], []
        attrs = get_log_attrs(text, lang)
        events: list[tuple[int, int, Item, _Breakpoint | None]] = []  # start, end, item, breakpoint
        for position in range(low, high):
            character = text[position]
            breaks_after = position + 1 < high and attrs[position + 1].is_line_break
            if character in (" ", NO_BREAK_SPACE):
                breakable = character == " " and breaks_after
                events.append((position, position + 1, self._space(position, breakable),
                               _Breakpoint(position + 1, "join") if breakable else None))
            elif breaks_after:
                hyphen = character in _HYPHENS or character == SOFT_HYPHEN
                width = self._hyphen(position) if character == SOFT_HYPHEN else 0.0
                events.append((position + 1, position + 1,
                               Penalty(width, EXPLICIT_HYPHEN_PENALTY if hyphen else 0, hyphen),
                               _Breakpoint(position + 1, "join")))
        for position in self._hyphenation_points(context, low, high, attrs):
            events.append((position, position, Penalty(self._hyphen(position - 1), HYPHEN_PENALTY, True),
                           _Breakpoint(position, "hyphen")))
        events.sort(key=lambda event: (event[0], event[1]))
        items: list[Item] = []
        breakpoints: list[_Breakpoint] = []
        done = low
        for start, end, item, breakpoint in events:
            if start > done:
                items.append(Box(self._width(done, start)))
                breakpoints.append(_NONE)
            items.append(item)
            breakpoints.append(breakpoint or _NONE)
            done = max(done, end)
        if high > done:
            items.append(Box(self._width(done, high)))
            breakpoints.append(_NONE)
        return _whole_last_word(items), breakpoints

    def encode(self, breakpoints: list[_Breakpoint], chosen: set[int]) -> None:
        """Leave WeasyPrint only the chosen breaks: see the module's docstring."""
        edits: dict[int, str] = {}  # position → the character put before it
        for index, breakpoint in enumerate(breakpoints):
            if breakpoint.kind == "join" and index not in chosen:
                edits[breakpoint.position] = WORD_JOINER
            elif breakpoint.kind == "hyphen" and index in chosen:
                edits[breakpoint.position] = SOFT_HYPHEN
        for number, text in enumerate(self.texts):
            start, value = self.starts[number], text.text
            pieces, done = [], 0
            for position in sorted(p for p in edits if start < p <= start + len(value)):
                offset = position - start
                pieces += [value[done:offset], edits[position]]
                done = offset
            text.text = "".join(pieces) + value[done:]
            style = text.style = text.style.copy()
            style["hyphens"] = "manual" if style["hyphens"] == "auto" else style["hyphens"]
            style["word_spacing"] -= SHRINK * self.measure(" ", style)

    def _hyphenation_points(self, context: Any, low: int, high: int, attrs: Any) -> list[int]:
        """Where pyphen, as WeasyPrint calls it, would hyphenate a word whose text is `hyphens: auto`."""
        import pyphen

        points = []
        for match in _LETTERS.finditer(self.text, low, high):
            style = self._style(match.start())
            if style["hyphens"] != "auto" or self._style(match.end() - 1) is not style or not style["lang"]:
                continue
            total, left, right = style["hyphenate_limit_chars"]
            word = match.group()
            lang = pyphen.language_fallback(style["lang"])
            if len(word) < total or not lang:
                continue
            key = (lang, left, right, total)
            dictionary = context.dictionaries.get(key)
            if dictionary is None:
                dictionary = context.dictionaries[key] = pyphen.Pyphen(lang=lang, left=left, right=right)
            points += [match.start() + offset for offset in dictionary.positions(word)
                       if not attrs[match.start() + offset].is_line_break]
        return points

    def _style(self, position: int) -> Any:
        return self.texts[self._text_at(position)].style

    def _text_at(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def _width(self, start: int, end: int) -> float:
        """The width of the text from `start` to `end`, box by box, with the inline edges inside it."""
        width = sum(edge for position, edge in self.opening.items() if start <= position < end)  # a few at most
        width += sum(edge for position, edge in self.closing.items() if start < position <= end)
        for number in range(self._text_at(start), self._text_at(end - 1) + 1):
            text = self.texts[number]
            low, high = max(start, self.starts[number]), min(end, self.starts[number + 1])
            if low < high:
                width += self.measure(text.text[low - self.starts[number]:high - self.starts[number]], text.style)
        return width

    def _space(self, position: int, breakable: bool) -> Glue:
        width = self._width(position, position + 1)
        return Glue(width, width * STRETCH, width * SHRINK, breakable)

    def _hyphen(self, position: int) -> float:
        """The width of the hyphen a line ending after the character at `position` shows."""
        style = self._style(position)
        character = style["hyphenate_character"]
        return self.measure("\u2010" if character == "auto" else character, style)


def _whole_last_word(items: list[Item]) -> list[Item]:
    """No break inside the paragraph's last word (after a hyphen in it, "sack-/posset."): it would leave a fragment
    alone on the last line. Its penalties forbid the break (and are joined: never chosen)."""
    spaces = [index for index, item in enumerate(items) if isinstance(item, Glue) and item.breakable]
    last = spaces[-1] if spaces else -1
    return [item._replace(cost=INFINITE) if index > last and isinstance(item, Penalty) else item
            for index, item in enumerate(items)]


class _Breakpoint:
    __slots__ = ("kind", "position")

    def __init__(self, position: int, kind: str) -> None:
        self.position = position  # a line breaking here begins with the character at it
        self.kind = kind  # "join" (a break WeasyPrint would take: joined unless chosen), "hyphen" (pyphen's), ""


_NONE = _Breakpoint(-1, "")


class _Measure:
    """Text widths as WeasyPrint's layout has them: a Pango layout per font, its first line's width. One per
    layout (its fonts are its FontConfiguration's)."""

    def __init__(self) -> None:
        self._layouts: dict[str, Any] = {}
        self._widths: dict[tuple[str, str], float] = {}
        self._fonts: dict[int, tuple[Any, str]] = {}  # id(style) → the style (kept alive), its font's key

    def __call__(self, text: str, style: Any) -> float:
        from weasyprint.text.line_break import Layout, _font_style_cache_key, line_size

        known = self._fonts.get(id(style))
        if known is None or known[0] is not style:
            known = self._fonts[id(style)] = (style, _font_style_cache_key(style, include_size=True) + repr(
                (style["letter_spacing"], style["word_spacing"], style["font_kerning"])))
        font = known[1]
        width = self._widths.get((font, text))
        if width is None:
            # A layout keeps the letter-spacing attributes set_text gives a text's spaces: a text with spaces has a
            # layout of its own (only a lone space is measured so, once a font).
            layout = self._layouts.get(font) if " " not in text and NO_BREAK_SPACE not in text else None
            if layout is None:
                layout = Layout(style)
                if " " not in text and NO_BREAK_SPACE not in text:
                    self._layouts[font] = layout
            layout.set_text(text)
            width = self._widths[(font, text)] = line_size(layout.get_first_line()[0], style)[0]
        return width


def _edge(style: Any, side: str) -> float | None:
    """What an inline box's margin, border and padding add on one side, in px; None for a percentage."""
    total = style[f"border_{side}_width"]
    for name in (f"margin_{side}", f"padding_{side}"):
        value = style[name]
        if value == "auto":
            continue
        if value.unit != "px":
            return None
        total += value.value
    return float(total)
