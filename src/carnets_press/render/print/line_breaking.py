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
  hyphenates there and nowhere else. A name's (one its block lists, hyphenation.NAMES_ATTRIBUTE) is a last
  resort (NAME_HYPHEN_PENALTY).

WeasyPrint then sets the same lines: each ends at the first break it may take, since none comes before it and the
next group of words, a line's worth, never fits beside it. Each paragraph so broken keeps its `Broken` state on its
line box (and WeasyPrint's copies of it, the laid-out lines): the page make-up (render/print/page_makeup.py) sets a
paragraph a line longer or shorter through it. A paragraph this cannot read (an inline block or image, generated
content, text not `white-space: normal`, a float beside it) is left to WeasyPrint's greedy breaking.
Installed once per process by `install()`, for the WeasyPrint versions it is tested on
(tests/render/test_line_breaking.py).
"""

from __future__ import annotations

import bisect
import contextlib
import contextvars
import functools
import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from carnets_press.render.print import hyphenation
from carnets_press.render.print.total_fit import (
    INFINITE,
    Box,
    Glue,
    Item,
    Penalty,
    alternatives,
    break_lines,
)

# The line counts, more or fewer than the optimum's, the page make-up may ask of a paragraph: two for a long entry,
# which can take two lines more where a page holds no other paragraph to take one (TeX's \looseness takes any).
LOOSENESSES = (-2, -1, 1, 2)
TESTED_ON = ("70.",)  # the WeasyPrint versions whose `iter_line_boxes` and box tree this reads
NO_BREAK_SPACE, WORD_JOINER, SOFT_HYPHEN = "\u00a0", "\u2060", "\u00ad"  # a no-break space stretches, never breaks
# A space stretches by half its width at badness 100 and shrinks by a fifth at most (TeX's text fonts: a half and
# a third, \fontdimen3 and 4): EB Garamond's 0.2 em space to 0.16 em, the least the print QA lets pass.
STRETCH, SHRINK = 0.5, 0.2
# A line ending at a hyphenation point. TeX's \hyphenpenalty is 50; measured on the sample (the first pass then at
# badness 200), 300 sets 151 hyphens instead of 189 with the same word spaces (p90 0.34 em), 1000 sets 97 with
# wider ones (0.36 em).
HYPHEN_PENALTY = 300
# A name's hyphenation point (hyphenation.NAMES_ATTRIBUTE) is a last resort: the first pass does not take it, and
# the second only where keeping the name whole would set a line's spaces wider than a line of badness 2000, 0.47 em
# (it costs that line's demerits). In the first pass, a penalty alone would not do: a paragraph it can set only
# with a hyphenated name (Singa-/pore) would be set so, not with one line a little over its tolerance (0.43 em).
# At 5000 (0.57 em), Pepys had twice the lines over 0.5 em; at 1000, the sample twice the names.
NAME_HYPHEN_PENALTY = 2000
EXPLICIT_HYPHEN_PENALTY = 50  # \exhyphenpenalty: a line ending after a hyphen in the text
# What a paragraph set a line longer or shorter costs more for a last line of one word (a runt), as TeX's
# \finalhyphendemerits weigh a hyphen before the last line: more than most options' own cost (hundreds of
# demerits to some thousands at this measure), so that the make-up takes another paragraph first.
RUNT_DEMERITS = 10000
_HYPHENS = "-\u2010"
_MARK = "carnets_press_total_fit"  # set on a line box once its paragraph is broken
_BROKEN = "carnets_press_broken"  # a line box's Broken, which WeasyPrint's copies of it (the laid-out lines) carry
_SPAN = "carnets_press_span"  # a laid-out line's (start, end) in its paragraph's text before encoding (span())
_MEASURE = "carnets_press_measure"  # the layout context's _Measure
_ENCODED = "carnets_press_encoded"  # on a text box's style: every break in its text but the chosen ones joined
_LETTERS = re.compile(r"[^\W\d_]+")
# Where an encoded text may break (a space, a hyphen or a dash with no word joiner after it: encode()), and
# WeasyPrint's bound on the characters a line holds, per em of the measure (split_first_line's `ratio`).
_BREAK = re.compile(f"[ \u00ad\\-\u2010\u2013\u2014](?!{WORD_JOINER})")
_CHARACTERS_AN_EM = 4
_CONTEXT = 16  # characters after a break that Unicode's line breaking rules may look at to place it, and more
# The advance of a text font's narrowest letter, figure or punctuation mark, in em, with room to spare: EB
# Garamond's are its period and comma (0.23 em), its i (0.245 em) and apostrophe (0.2 em).
_NARROWEST = 0.1
_GENERATED = ("::before", "::after", "::marker")  # content a paragraph's text does not have (a contents' leader)
_CALL = "::footnote-call"
# The computed values, besides WeasyPrint's font key, that a text's width and line depend on (_Measure.key).
_SETTING = ("letter_spacing", "word_spacing", "font_kerning", "direction", "hyphenate_character", "overflow_wrap",
            "text_decoration_line")


@contextlib.contextmanager
def breaking(name: str) -> Iterator[None]:
    """Break the justified paragraphs of the layouts made meanwhile, in this thread, by `name` of BREAKERS (book.toml's
    `[print] line-breaking`)."""
    token = _BREAKING.set(name)
    try:
        yield
    finally:
        _BREAKING.reset(token)


# A paragraph broken anew so that no line ends at a hyphen (without_break_at: a recto's last line, the page turn):
# lines of a badness of 8000 at most (r ≈ 4.3, EB Garamond's 0.2 em space to 0.63 em before the letter-spacing of
# render/print/tracking.py). The page made so is kept only if no more of its lines than before stay wider than
# 0.5 em after that letter-spacing (page_makeup._without_recto_hyphen): a hyphen at the turn is not worth a gaping
# line. At the looseness's 4000, the sample's p. 49 kept its "study-/ing"; at 8000 its line is set at 0.486 em.
REBREAK_TOLERANCE = 8000


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
        # A paragraph first laid out from a skip stack is a copy of one laid out before (a footnote continued
        # from the page before, render/print/note_continuation.py), whose skip stack counts in the text as this
        # breaks it (the same text in the same style at the same width).
        breaker = BREAKERS[_BREAKING.get()]
        if breaker is not None:
            if not getattr(line, _MARK, False):
                setattr(line, _MARK, True)
                if first_letter_style is None and first_line_style is None:
                    breaker(context, containing_block, line)
        state = broken(line) if breaker is not None else None
        if state is None:
            return original(context, line, position_y, bottom_space, skip_stack, containing_block, absolute_boxes,
                            fixed_boxes, first_letter_style, first_line_style)
        if skip_stack is None:
            state.first_page = context.current_page

        def lines(position_y: float, skip_stack: Any) -> Any:
            return original(context, line, position_y, bottom_space, skip_stack, containing_block, absolute_boxes,
                            fixed_boxes, first_letter_style, first_line_style)

        return _set_within(lines, position_y, skip_stack, state, line, containing_block.width)

    setattr(iter_line_boxes, _MARK, True)
    block.iter_line_boxes = iter_line_boxes
    _wrap_split_first_line()


def _wrap_split_first_line() -> None:
    """Set a line of a text encoded here (every break but the chosen ones joined) at its one break, and give
    WeasyPrint's `split_first_line` a paragraph's text up to a little past its next two breaks, not all the rest of
    it, where some of its breaks are left to WeasyPrint (Broken.set_free).

    split_first_line lays out the text left in a box to find its first line, then that line with the next word to
    see that it does not fit, then the line alone: three Pango layouts of two lines' text, whose spaces each carry a
    letter-spacing attribute (the shrunk `word-spacing` encode() sets), which has Pango shape every word on its own
    (three times as slow as a text without: 150 against 50 µs for a line). A text encoded here has one break its
    first line may end at, the first Pango finds in it (Pango's own breaks, cheaply, without shaping): the line is
    laid out once, as split_first_line's last step lays it out (_encoded_first_line), and remembered for when it
    is set again (_remembered_first_line).

    Its shortcut, a line's worth of text (4 characters an em, its `ratio`), holds only if a break comes in the text
    after the first line; in an encoded text the next break is a whole line away, so it lays out all the rest of the
    paragraph, and then again for every soft hyphen in that rest (its manual hyphenation), for each line: the cost
    grew with the square of a paragraph's length (the total-fit breaking took a build of the ten-times edition from
    23 s to 40 s). Cut past the second break at least a line's worth of text in, the text holds the first line's
    break and the next, which is all split_first_line looks at: a break further on would make a line longer than
    the cut text, which does not fit. Should the cut text fit (no break taken in it), the whole is laid out."""
    from math import inf

    from weasyprint.layout import inline

    original = inline.split_first_line
    if getattr(original, _MARK, False):
        return

    @functools.wraps(original)
    def split_first_line(text: str, style: Any, context: Any, max_width: float | None, justification_spacing: float,
                         is_line_start: bool = True, minimum: bool = False) -> Any:
        if max_width is None or max_width == inf or not style["font_size"]:
            return original(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        if getattr(style, _ENCODED, False) and not minimum:
            found = _remembered_first_line(text, style, context, max_width, justification_spacing)
            if found is not None:
                return found
        if WORD_JOINER in text:
            start = int(max_width / style["font_size"] * _CHARACTERS_AN_EM)
            ends = itertools.islice(_BREAK.finditer(text, start), 1, 2)
            cut = next((end.end() + 1 for end in ends), None)
            if cut is not None and cut < len(text):
                found = original(text[:cut], style, context, max_width, justification_spacing, is_line_start,
                                 minimum)
                if found[2] is not None:  # resume_index: the first line ends inside the cut text
                    return found
        return original(text, style, context, max_width, justification_spacing, is_line_start, minimum)

    setattr(split_first_line, _MARK, True)
    inline.split_first_line = split_first_line


def _remembered_first_line(text: str, style: Any, context: Any, max_width: float,
                           justification_spacing: float) -> Any:
    """_encoded_first_line's line, remembered for the layout by its text, style and width: most lines are set
    again, in paragraphs encoded again (new style copies of the same values) as the page make-up tries and sets
    back their line counts, and in the notes WeasyPrint lays out anew as each is added to a page. Of the lines so
    set, 78 % were set before in Pepys's 15 months, 35 % in Barbellion. Each gets a Layout of its own, as
    split_first_line's are, with what one keeps once laid out (its text, width, direction: `deactivate`)."""
    from weasyprint.text.line_break import Layout

    measure: _Measure | None = getattr(context, _MEASURE, None)
    if measure is None:
        return _encoded_first_line(text, style, context, max_width, justification_spacing)
    key = (text, measure.key(style), max_width, justification_spacing)
    if key not in measure.lines:
        found = _encoded_first_line(text, style, context, max_width, justification_spacing)
        measure.lines[key] = None if found is None else (dict(vars(found[0])), *found[1:])
        return found
    remembered = measure.lines[key]
    if remembered is None:
        return None
    layout = Layout.__new__(Layout)
    vars(layout).update(remembered[0])
    return (layout, *remembered[1:])


def _encoded_first_line(text: str, style: Any, context: Any, max_width: float, justification_spacing: float) -> Any:
    """What WeasyPrint 70's split_first_line returns for the first line of `text`, encoded with no break but the
    chosen ones (encode(), no free range), laid out once: the text to its first break (Pango's, as its layout has
    them), its trailing spaces dropped, or with the hyphenate character after a soft hyphen; the text whole if it
    has no break. None where split_first_line might decide otherwise: the line does not fit `max_width`, or the
    text to the next break might fit beside it (the end of a text box before a note call, "…new mar-|ket,¹²",
    which WeasyPrint then breaks between the boxes; a paragraph's short last line, which split_first_line's step 3
    puts on the line). Mirrors split_first_line's last steps (its manual hyphenation, first_line_metrics), so that
    a line comes out as it did, to the Pango unit: the same PDFs on the sample, the ten-times edition, Pepys and
    Barbellion, and tests/render/test_line_breaking.py compares the two line by line."""
    from weasyprint.text.ffi import FROM_UNITS, pango
    from weasyprint.text.line_break import create_layout, first_line_metrics, get_log_attrs, line_size

    # Pango's breaks in two lines' worth of text at most (WeasyPrint's bound on a line's characters), not all the
    # rest of a paragraph, for each of its lines; those near the cut, which the text after it might change, untrusted.
    cut = 2 * int(max_width / style["font_size"] * _CHARACTERS_AN_EM) + _CONTEXT
    known = len(text) if cut >= len(text) else cut - _CONTEXT
    attrs = get_log_attrs(text[:cut], style["lang"])
    end = next((index for index in range(1, known) if attrs[index].is_line_break), None)
    if end is None and known < len(text):
        return None
    hyphenated = end is not None and text[end - 1] == SOFT_HYPHEN
    if end is None or hyphenated:
        shown = text[:end] + style["hyphenate_character"] if hyphenated else text
        layout = create_layout(shown, style, context, max_width, justification_spacing)
        first_line, index = layout.get_first_line()
        if index is not None:
            return None
    else:
        layout = create_layout(text[:end].rstrip(" "), style, context, max_width, justification_spacing)
        pango.pango_layout_set_width(layout.layout, -1)
        first_line, _ = layout.get_first_line()
    width, height = line_size(first_line, style)
    if width > max_width:
        return None
    if end is not None:
        after = next((index for index in range(end + 1, known) if attrs[index].is_line_break), known)
        if _might_fit(text[end:after], (max_width - width) / style["font_size"]):
            return None
    if end is None or hyphenated:
        return first_line_metrics(first_line, text, layout, len(text[:end].encode()) if hyphenated else None,
                                  True, style, hyphenated, style["hyphenate_character"])
    length = first_line.length
    baseline = pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS
    layout.deactivate()  # frees the Pango layout, and its line
    return layout, length, len(text[:end].encode()), width, height, baseline


def _might_fit(text: str, room: float) -> bool:
    """Whether `text` might be at most `room` ems wide: it has no more than room / _NARROWEST letters, figures,
    punctuation marks and symbols (a space, a combining mark or a format character may be narrower: EB Garamond's
    hair space is 0.01 em). A text of hair spaces or fraction slashes could fool it: its line then ends at the break
    the total fit chose, where split_first_line would have put the text beside it."""
    most = room / _NARROWEST
    seen = 0
    for character in text:
        if unicodedata.category(character)[0] in "LNPS":
            seen += 1
            if seen > most:
                return False
    return True


def _set_within(lines: Callable[[float, Any], Any], position_y: float, skip_stack: Any, state: Broken, line: Any,
                width: float) -> Iterator[tuple[Any, Any]]:
    """The lines WeasyPrint sets; should one run past the measure, the paragraph from that line on is left to its
    greedy breaking, and the line set again.

    A line runs on when WeasyPrint will not end it at the break chosen, every other break being joined: the line
    is then as long as the paragraph (in Pepys's Diary, 4 March 1660, "…Salutation Tavern,|²⁴⁵ whither…" came out
    four measures long, most of it off the page). The one cause found, a break before a note call, is no longer
    chosen (items()); this stays as the net under any other disagreement between Pango's breaks and WeasyPrint's,
    and no longer catches a line in the sample, the ten-times edition or Pepys's first 15 months. The line is set
    again as WeasyPrint breaks it, its spaces at their natural width, and the rest of the paragraph broken anew
    after it. Only the text after the line's start changes, so that the skip stacks of the lines before still
    count in it."""
    laid_out = lines(position_y, skip_stack)
    start = state.paragraph.position(line, skip_stack)  # each line's, in the text before encoding: the last one's end
    while (found := next(laid_out, None)) is not None:
        laid, resume_at = found
        end = None if resume_at is None else state.paragraph.position(line, resume_at)
        if laid.width > width + 1 and start is not None:
            state.set_free(start, None)
            laid_out = lines(laid.position_y, skip_stack)
            laid, resume_at = next(laid_out)
            end = None if resume_at is None else state.paragraph.position(line, resume_at)
            if end is not None:
                state.set_free(start, end)
        setattr(laid, _SPAN, (start, end))
        yield laid, resume_at
        skip_stack, start = resume_at, end


def breaks_pages() -> bool:
    """Whether the layouts made meanwhile, in this thread, break paragraphs by total fit, which the page make-up
    needs (a greedy breaking has no other line counts to offer)."""
    return BREAKERS[_BREAKING.get()] is not None


def broken(line: Any) -> Broken | None:
    """The paragraph a line box (laid out or not) belongs to, if it was broken by total fit."""
    return getattr(line, _BROKEN, None)


def span(line: Any) -> tuple[int | None, int | None] | None:
    """Where a laid-out line of a paragraph broken by total fit begins and ends in the paragraph's text before
    encoding (None: not known, or the paragraph's end)."""
    return getattr(line, _SPAN, None)


def break_paragraph(context: Any, box: Any, line: Any) -> bool:
    """Choose the lines of `box`'s paragraph (its one line box before layout, `line`) and encode them in its text
    boxes, keeping its Broken state on `line`; whether it did (False: left to WeasyPrint)."""
    if box.style["text_align_all"] != "justify" or context.excluded_shapes:
        return False
    measure = getattr(context, _MEASURE, None)
    if measure is None:
        measure = _Measure()
        setattr(context, _MEASURE, measure)
    paragraph = _Paragraph.read(line, measure)
    if paragraph is None:
        return False
    # The block's names; a note's first paragraph is an inline span in its footnote (render/print/document.py).
    listed = " ".join(value for each in (box, *line.descendants()) if each.element is not None
                      and (value := each.element.get(hyphenation.NAMES_ATTRIBUTE)))
    if listed:
        paragraph.names = hyphenation.name_ranges(paragraph.text, listed)
    indent = box.style["text_indent"]
    indent = indent.value * box.width / 100 if indent.unit == "%" else indent.value
    key, styles = _content(box, line)
    found = measure.breaks.get(key)
    if found is None:
        items, breakpoints = paragraph.items(context, box.style["lang"])
        chosen = break_lines(items, box.width - indent, box.width) if breakpoints else None
        found = measure.breaks[key] = (styles, items, breakpoints, paragraph.item_starts, chosen)
    _, items, breakpoints, paragraph.item_starts, chosen = found
    if chosen is None:
        return False
    paragraph.encode(breakpoints, set(chosen))
    setattr(line, _BROKEN, Broken(paragraph, items, breakpoints, (box.width - indent, box.width), chosen))
    return True


def _content(box: Any, line: Any) -> tuple[tuple, list[Any]]:
    """What a paragraph's breaking depends on, before it is encoded: its block's width and style, and each box of
    its line's kind, style and text; with the styles, which the layout's memo of breaks keeps alive (their ids
    are in the key).

    WeasyPrint lays out a page's footnotes anew, from a deep copy of them all, whenever one is added to the page or
    taken off it (LayoutContext._update_footnote_area), so that a note's paragraph comes back many times in new
    boxes, unencoded; the copies share the original boxes' styles. Broken anew each time, Pepys's notes took a
    third of its build."""
    boxes = [box, *line.descendants()]
    return (box.width, *((type(each).__name__, id(each.style), getattr(each, "text", None)) for each in boxes)), \
        [each.style for each in boxes]


class Broken:
    """A paragraph broken by total fit: its breaks, and, for the page make-up, those of a line more or less."""

    def __init__(self, paragraph: _Paragraph, items: list[Item], breakpoints: list[_Breakpoint],
                 widths: tuple[float, float], optimum: list[int]) -> None:
        self.paragraph, self.items, self.breakpoints, self.widths = paragraph, items, breakpoints, widths
        self.optimum = optimum
        self.chosen = set(optimum)  # the breaks encoded now
        self.looseness = 0  # lines more (or fewer) than the optimum's, as it is encoded now
        self.first_page: int | None = None  # the page its first line was last laid out on
        self._options: dict[int, tuple[float, list[int]]] | None = None

    def options(self) -> dict[int, float]:
        """For each looseness of LOOSENESSES, if the paragraph can be set so within the looseness's tolerance, the
        demerits it adds to the optimum's, and RUNT_DEMERITS more if it leaves the last word alone on the last line
        where the optimum does not ("orchestration." alone): a page made again then takes another paragraph if it
        can, this one if nothing else fills the page (a short page is the worse)."""
        return {looseness: cost for looseness, (cost, _) in self._alternatives().items()}

    def _alternatives(self) -> dict[int, tuple[float, list[int]]]:
        """options(), with the breaks of each; found once (a restore() may set them back to not found yet)."""
        if self._options is None:
            self._options = self._looseness(self.optimum, alternatives(self.items, *self.widths), 0)
        return self._options

    def _looseness(self, breaks: list[int], found: dict[int, tuple[float, list[int]]],
                   first: int) -> dict[int, tuple[float, list[int]]]:
        """The options (as options() has them) of the lines from item `first` on, now ending at `breaks`, from
        `found`, the alternatives of the items from `first` on."""
        lines = len(breaks) + 1
        best = found.get(lines)
        runt = self._last_line_is_one_word(breaks)
        return {} if best is None else {
            looseness: (found[lines + looseness][0] - best[0]
                        + (0 if runt or not self._last_line_is_one_word([first + at for at in alternative])
                           else RUNT_DEMERITS), [first + at for at in alternative])
            for looseness in LOOSENESSES if lines + looseness in found
            for alternative in [found[lines + looseness][1]]}

    def _last_line_is_one_word(self, breaks: list[int]) -> bool:
        """Whether no space a line may end at follows the last break: the last line is one word."""
        after = self.items[breaks[-1] + 1:] if breaks else self.items
        return not any(isinstance(item, Glue) and item.breakable for item in after)

    def set_looseness(self, looseness: int) -> None:
        """Encode the breaks of `looseness` lines more than the optimum (one of options(), or 0); a paragraph given
        up to WeasyPrint's breaking stays as it is."""
        if looseness != self.looseness and not self.paragraph.free:
            breaks = self.optimum if looseness == 0 else self._alternatives()[looseness][1]
            self.chosen = set(breaks)
            self.paragraph.encode(self.breakpoints, self.chosen)
            self.looseness = looseness

    def without_break_at(self, start: int, ends: set[int]) -> set[int] | None:
        """The breaks that set the paragraph from `start` on (where a line of it begins, in its text before
        encoding) so that no line ends at a hyphen at one of `ends`, those before `start` kept; None if there is
        no such way, or no line now ends at a hyphen at one of them."""
        forbidden = {index for index, breakpoint in enumerate(self.breakpoints) if breakpoint.position in ends
                     and isinstance(self.items[index], Penalty)}
        if not forbidden & self.chosen or self.paragraph.free:
            return None
        first, kept = self._from(start)
        items = [item._replace(cost=INFINITE) if index in forbidden and isinstance(item, Penalty) else item
                 for index, item in enumerate(self.items[first:], start=first)]
        rest = break_lines(items, self.widths[1] if kept else self.widths[0], self.widths[1], (REBREAK_TOLERANCE,))
        return None if rest is None else kept | {first + index for index in rest}

    def rest(self, start: int) -> Rest | None:
        """The paragraph's lines from `start` on (where a line of it begins, in its text before encoding), to be set
        a line longer or shorter with those before kept: the page make-up's looseness for a paragraph that began on
        an earlier page. None if they have no other line count within the looseness's tolerance."""
        if self.paragraph.free:
            return None
        first, kept = self._from(start)
        found = alternatives(self.items[first:], self.widths[1] if kept else self.widths[0], self.widths[1])
        options = self._looseness([index - first for index in sorted(self.chosen) if index >= first], found, first)
        return Rest(self, kept, options) if options else None

    def _from(self, start: int) -> tuple[int, set[int]]:
        """The item a line beginning at `start` begins with, and the breaks before it."""
        first = next((index for index, at in enumerate(self.paragraph.item_starts) if at >= start), len(self.items))
        while first < len(self.items) and not isinstance(self.items[first], Box):
            first += 1  # a line begins with a box, not with the hyphen's penalty before it
        return first, {index for index in self.chosen if index < first}

    def set_breaks(self, chosen: set[int]) -> None:
        """Encode these breaks (without_break_at's, or those before it); the page make-up no longer sets the
        paragraph a line longer or shorter."""
        self.chosen = set(chosen)
        self.paragraph.encode(self.breakpoints, self.chosen)
        self._options = {}

    def snapshot(self) -> tuple[set[int], int, dict[int, tuple[float, list[int]]] | None]:
        """Its breaks as encoded now, for restore()."""
        return set(self.chosen), self.looseness, self._options

    def restore(self, snapshot: tuple[set[int], int, dict[int, tuple[float, list[int]]] | None]) -> None:
        """Encode the breaks of a snapshot() again; a paragraph given up to WeasyPrint's breaking meanwhile stays
        as it is."""
        chosen, looseness, options = snapshot
        if self.paragraph.free:
            return
        if chosen != self.chosen:
            self.paragraph.encode(self.breakpoints, chosen)
        self.chosen, self.looseness, self._options = set(chosen), looseness, options

    def set_free(self, start: int, end: int | None) -> None:
        """Leave the paragraph's text from `start` to `end` (in its text before encoding; None: its end) to
        WeasyPrint's breaking, and break what follows anew, as a paragraph of its own; the page make-up no longer
        changes it."""
        free = self.paragraph.free
        if free and free[-1][0] == start:
            free.pop()
        free.append((start, end))
        kept = {index for index in self.chosen if self.breakpoints[index].position <= start}
        if end is not None:
            first = next((index for index, at in enumerate(self.paragraph.item_starts) if at >= end), len(self.items))
            rest = break_lines(self.items[first:], self.widths[1], self.widths[1])
            if rest is None:
                free[-1] = (start, None)
            else:
                kept |= {first + index for index in rest}
        self.chosen = kept
        self.paragraph.encode(self.breakpoints, self.chosen)
        self._options = {}


# How a justified paragraph is broken: a function of WeasyPrint's layout context, the paragraph's block box and its
# line box that encodes the breaks, or None for WeasyPrint's own greedy breaking.
BREAKERS: dict[str, Callable[[Any, Any, Any], bool] | None] = {"total-fit": break_paragraph, "greedy": None}
_BREAKING = contextvars.ContextVar("carnets_press_line_breaking", default="greedy")


class Rest:
    """A paragraph's lines from a page's first on, for the page make-up, as a Broken's options and looseness: a
    compositor resets a page by its own lines, not only by the paragraphs that begin on it (Pepys's entries run
    over pages, so that many pages begin no paragraph but the last). The lines before the page stay as they are."""

    def __init__(self, broken: Broken, kept: set[int], options: dict[int, tuple[float, list[int]]]) -> None:
        self.broken, self._kept, self._options = broken, kept, options
        self._now = set(broken.chosen)
        self.looseness = 0

    def options(self) -> dict[int, float]:
        """As Broken.options(); none once WeasyPrint was left some of the paragraph (Broken.set_free)."""
        return {} if self.broken.paragraph.free else {looseness: cost for looseness, (cost, _) in self._options.items()}

    def set_looseness(self, looseness: int) -> None:
        """Encode the lines of `looseness` more (one of options(), or 0), compared with the breaks encoded now, not
        with the looseness last set: the page make-up may have set the paragraph's breaks back (Broken.restore)."""
        if self.broken.paragraph.free:
            return
        wanted = self._now if looseness == 0 else self._kept | set(self._options[looseness][1])
        if wanted != self.broken.chosen:
            self.broken.set_breaks(wanted)
        self.looseness = looseness


class _Paragraph:
    """A paragraph's text boxes, their text joined, and the width its inline boxes' edges add at each position."""

    def __init__(self, texts: list[Any], opening: dict[int, float], closing: dict[int, float],
                 measure: _Measure) -> None:
        self.texts = texts
        self.originals = [(text.text, text.style) for text in texts]  # what encode() starts from, every time
        self.inserted: list[list[int]] = [[] for _ in texts]  # per text box, where encode() put characters
        self.free: list[tuple[int, int | None]] = []  # no breaks encoded between (Broken.set_free)
        self.item_starts: list[int] = []  # where in the text each item of items() begins
        self.text = "".join(text.text for text in texts)
        self.starts = [0]
        for text in texts:
            self.starts.append(self.starts[-1] + len(text.text))
        self.opening, self.closing = opening, closing  # edge widths before the character at, and after the one before
        self.calls: set[int] = set()  # where a note call's text begins: no line begins there (read())
        self.names: list[tuple[int, int]] = []  # where names are (hyphenation.name_ranges): NAME_HYPHEN_PENALTY
        self._hyphens: dict[int, float] = {}  # the hyphen's width in each text box (_hyphen)
        self.measure = measure

    @classmethod
    def read(cls, line: Any, measure: _Measure) -> _Paragraph | None:
        from weasyprint.formatting_structure import boxes

        texts: list[Any] = []
        opening: dict[int, float] = defaultdict(float)
        closing: dict[int, float] = defaultdict(float)
        calls: set[int] = set()
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
                    if child.element_tag.endswith(_CALL):
                        calls.add(position)
                    if left:
                        opening[position] += left
                    if not walk(child):
                        return False
                    if right:
                        closing[position] += right
                else:
                    return False  # an inline block, an image, a float: left to WeasyPrint
            return True

        if not walk(line) or not texts:
            return None
        paragraph = cls(texts, opening, closing, measure)
        paragraph.calls = calls
        return paragraph

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
            # No line begins with a note call: its break is joined, never chosen. Pango allows one after a comma
            # before the call's figures ("Wards,|159", UAX #14 has no rule against IS ÷ NU there), but WeasyPrint
            # 70, deciding a break between two boxes on its own, does not take it: the line ran on past the measure.
            before_call = position + 1 in self.calls
            if character in (" ", NO_BREAK_SPACE):
                breakable = character == " " and breaks_after
                events.append((position, position + 1, self._space(position, breakable and not before_call),
                               _Breakpoint(position + 1, "join") if breakable else None))
            elif breaks_after:
                hyphen = character in _HYPHENS or character == SOFT_HYPHEN
                width = self._hyphen(position) if character == SOFT_HYPHEN else 0.0
                cost = INFINITE if before_call else EXPLICIT_HYPHEN_PENALTY if hyphen else 0
                events.append((position + 1, position + 1, Penalty(width, cost, hyphen),
                               _Breakpoint(position + 1, "join")))
        for position in self._hyphenation_points(context, low, high, attrs):
            name = any(start < position < end for start, end in self.names)
            penalty = Penalty(self._hyphen(position - 1), NAME_HYPHEN_PENALTY if name else HYPHEN_PENALTY, True, name)
            events.append((position, position, penalty, _Breakpoint(position, "hyphen")))
        events.sort(key=lambda event: (event[0], event[1]))
        items: list[Item] = []
        breakpoints: list[_Breakpoint] = []
        done = low
        self.item_starts = []
        for start, end, item, breakpoint in events:
            if start > done:
                items.append(Box(self._width(done, start)))
                breakpoints.append(_NONE)
                self.item_starts.append(done)
            items.append(item)
            breakpoints.append(breakpoint or _NONE)
            self.item_starts.append(start)
            done = max(done, end)
        if high > done:
            items.append(Box(self._width(done, high)))
            breakpoints.append(_NONE)
            self.item_starts.append(done)
        return _whole_last_word(items), breakpoints

    def encode(self, breakpoints: list[_Breakpoint], chosen: set[int]) -> None:
        """Leave WeasyPrint only the chosen breaks: see the module's docstring."""
        edits: dict[int, str] = {}  # position → the character put before it
        for index, breakpoint in enumerate(breakpoints):
            if any(start < breakpoint.position and (end is None or breakpoint.position <= end)
                   for start, end in self.free):
                continue
            if breakpoint.kind == "join" and index not in chosen:
                edits[breakpoint.position] = WORD_JOINER
            elif breakpoint.kind == "hyphen" and index in chosen:
                edits[breakpoint.position] = SOFT_HYPHEN
        for number, (text, (value, original)) in enumerate(zip(self.texts, self.originals, strict=True)):
            start = self.starts[number]
            pieces, done, length = [], 0, 0
            self.inserted[number] = []
            for position in sorted(p for p in edits if start < p <= start + len(value)):
                offset = position - start
                pieces += [value[done:offset], edits[position]]
                length += offset - done
                self.inserted[number].append(length)
                length += 1
                done = offset
            text.text = "".join(pieces) + value[done:]
            style = text.style = original.copy()
            box_end = self.starts[number + 1]
            setattr(style, _ENCODED, not any(start < box_end and (end is None or end > self.starts[number])
                                             for start, end in self.free))
            style["hyphens"] = "manual" if style["hyphens"] == "auto" else style["hyphens"]
            if not any(end is None and start < box_end for start, end in self.free):
                style["word_spacing"] -= SHRINK * self.measure(" ", style)

    def position(self, line: Any, skip_stack: Any) -> int | None:
        """Where in the text before encoding a line laid out from `skip_stack` (in `line`, the paragraph's line box,
        as encoded now) begins; None if it is not in one of the paragraph's text boxes."""
        from weasyprint.formatting_structure import boxes

        box, offset = line, 0
        while skip_stack and not isinstance(box, boxes.TextBox):
            (index, skip_stack), = skip_stack.items()
            box = box.children[index]
        if isinstance(box, boxes.TextBox):
            if skip_stack:  # in UTF-8 bytes of the text as encoded (weasyprint.layout.inline.split_text_box)
                (offset, _), = skip_stack.items()
                offset = len(box.text.encode()[:offset].decode(errors="ignore"))
        else:  # the line begins at an inline box: at the first text in or after it
            after = list(line.descendants())
            box = next((text for text in after[after.index(box):] if isinstance(text, boxes.TextBox)), None)
        number = next((number for number, text in enumerate(self.texts) if text is box), None)
        if number is None:
            return None
        return self.starts[number] + offset - sum(1 for inserted in self.inserted[number] if inserted < offset)

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
        width = 0.0
        if self.opening or self.closing:  # a few at most
            width += sum(edge for position, edge in self.opening.items() if start <= position < end)
            width += sum(edge for position, edge in self.closing.items() if start < position <= end)
        first = self._text_at(start)
        if first == self._text_at(end - 1):  # most often: within one text box
            text, offset = self.texts[first], self.starts[first]
            return width + self.measure(text.text[start - offset:end - offset], text.style)
        for number in range(first, self._text_at(end - 1) + 1):
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
        number = self._text_at(position)
        width = self._hyphens.get(number)
        if width is None:
            style = self.texts[number].style
            character = style["hyphenate_character"]
            width = self._hyphens[number] = self.measure("\u2010" if character == "auto" else character, style)
        return width


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
    """Text widths as WeasyPrint's layout has them: a Pango layout per font, its first line's width; and the breaks
    found with them. One per layout (its fonts are its FontConfiguration's)."""

    def __init__(self) -> None:
        self._layouts: dict[str, Any] = {}
        self._widths: dict[tuple[str, str], float] = {}
        self._fonts: dict[int, tuple[Any, str]] = {}  # id(style) → the style (kept alive), its key()
        # _remembered_first_line's lines by text, key(), width and justification: what split_first_line returns,
        # the Layout as what it keeps once laid out; None, a line left to split_first_line.
        self.lines: dict[tuple[str, str, float, float], tuple | None] = {}
        # The breaks of each paragraph broken in the layout, by its _content(): the styles (kept alive), the items,
        # their breakpoints and starts, the breaks chosen (None: left to WeasyPrint).
        self.breaks: dict[tuple, tuple[list[Any], list[Item], list[_Breakpoint], list[int], list[int] | None]] = {}

    def key(self, style: Any) -> str:
        """What of a text's computed style its widths and line depend on (WeasyPrint's font key, its size and line
        height, the spacing, the hyphenate character…), as a string, remembered for the style."""
        from weasyprint.text.line_break import _font_style_cache_key

        known = self._fonts.get(id(style))
        if known is None or known[0] is not style:
            known = self._fonts[id(style)] = (style, _font_style_cache_key(style, include_size=True) + repr(
                tuple(style[name] for name in _SETTING)))
        return known[1]

    def __call__(self, text: str, style: Any) -> float:
        from weasyprint.text.line_break import Layout, line_size

        font = self.key(style)
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
