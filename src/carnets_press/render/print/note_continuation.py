"""A footnote too long for the room left under its call, set in part on the call's page and continued at the head of
the next page's notes, as books do (TeX's split insertions, `\\vsplit`), instead of taking the call's line with it.

WeasyPrint 70 never splits a footnote: with `footnote-policy: line` a note that does not fit sends the line of its
call to the next page, and the page ends as many lines short as the note is long (the Serge sample's p. 32, six
lines, for an eight-line note). This wraps four of WeasyPrint's functions:

- `iter_line_boxes` (as `weasyprint.layout.block` calls it) notes where the flow's last line ends;
- `LayoutContext.layout_footnote`, when the note it adds leaves no room for its call's line, and
  `LayoutContext.report_footnote`, when WeasyPrint would send the page's last note on to make room for a later line
  (the paragraph's orphans keep it: Kozea/WeasyPrint#2432), lay the note out again cut at the room
  left under that line, or under the first line the paragraph's orphans let the page end at: WeasyPrint's own
  block layout then breaks it between lines, keeping its paragraphs' widows and orphans; if nothing of it fits,
  or the line still does not, the note is left to WeasyPrint's policy, except that a note called before the
  paragraph whose line wants its room stays, and that paragraph goes on to the next page (_NoneLeft);
- `block_level_layout` lays out a note so cut only down to its cut, and a continuation from where the cut was;
- `remake_page`, once the page is made, puts the continuation first among the notes sent on to the next page
  (later notes on the page go there after it, so their order holds). A continuation too long for its page is cut
  again, leaving the page two lines of text.

A continuation carries no anchor: the note's destination stays where it begins. Its number, in the note's text,
stays with the first part. Installed once per process by `install()`, for the WeasyPrint versions the line breaking
is tested on (it reads the same private layout).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from carnets_press.render.print import line_breaking, page_depth

_MARK = "carnets_press_note_continuation"
# On the layout context: for each line of the paragraph being laid out, so far, the lowest the page's bottom may be
# for it to fit (its bottom, and the space its blocks' bottom edges take). WeasyPrint lays lines out ahead of the
# one it places, to count widows: the line it places is the last one yielded when it lays out the line's notes,
# the first that overflows when it sends notes on to make room.
_BOTTOMS = "carnets_press_line_bottoms"  # a _Bottoms
_SPLITS = "carnets_press_split_notes"  # on the layout context: the notes cut on the page being made
_SPLIT = "carnets_press_split"  # on a footnote box (and WeasyPrint's copies of it): its _Split
_RESUME = "carnets_press_resume_at"  # on a continuation: the skip stack its note is laid out from
FEWEST_LINES = 2  # of words (not the note's number alone), the part of a note left on its call's page
BODY_LINES = 2  # of text, at least, left on a page a note's continuation would fill (it is cut again)
_LEADING = "carnets_press_body_leading"  # on the layout context: the body's line height, from the last page made
_LETTER = re.compile(r"[^\W\d_]")


class _Bottoms(list[float]):
    """The bottoms of the lines laid out so far of a paragraph's part on the page; its orphans, the last line's
    height, and whether it is the paragraph's last."""

    def __init__(self, orphans: int) -> None:
        super().__init__()
        self.orphans, self.height, self.ends = orphans, 0.0, False
        self.notes: list[Any] = []  # laid out for its lines


class _NoneLeft(list[Any]):
    """The page's notes, which WeasyPrint's loop that sends them on to make room for a line finds empty once, so
    that it breaks the page before the line instead (`_linebox_layout`'s `while report and
    context.current_page_footnotes: … else: _break_line(…)`)."""

    def __init__(self, notes: list[Any]) -> None:
        super().__init__(notes)
        self._asked = False

    def __bool__(self) -> bool:
        if not self._asked:
            self._asked = True
            return False
        return len(self) > 0


@dataclass
class _Split:
    at: float  # how far below the top of the note area the note's part on this page must end
    resume_at: Any = None  # where the next page's part begins (WeasyPrint's skip stack), once laid out
    lines: int = 0  # lines with words in the part on this page, once laid out


def install() -> None:
    """Wrap WeasyPrint's line iterator, note layout, block layout and page maker, once."""
    import weasyprint
    from weasyprint import layout
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block
    from weasyprint.layout import page as pages

    if not weasyprint.__version__.startswith(line_breaking.TESTED_ON) or getattr(pages.remake_page, _MARK, False):
        return
    lines, layout_footnote = block.iter_line_boxes, layout.LayoutContext.layout_footnote
    report_footnote = layout.LayoutContext.report_footnote
    block_level_layout, remake_page = block.block_level_layout, pages.remake_page

    @functools.wraps(lines)
    def iter_line_boxes(context: Any, box: Any, position_y: float, bottom_space: float, *args: Any) -> Any:
        bottoms = _Bottoms(box.style["orphans"])
        setattr(context, _BOTTOMS, bottoms)
        for line, resume_at in lines(context, box, position_y, bottom_space, *args):
            bottoms.append(line.position_y + line.height + bottom_space)
            bottoms.height, bottoms.ends = line.height, resume_at is None
            yield line, resume_at

    @functools.wraps(layout_footnote)
    def layout_footnote_wrapper(context: Any, footnote: Any) -> bool:
        bottoms: _Bottoms | None = getattr(context, _BOTTOMS, None)
        after_a_cut = any(hasattr(note, _SPLIT) for note in context.current_page_footnotes)
        try:
            overflow = layout_footnote(context, footnote)
            if bottoms is not None:
                bottoms.notes.append(footnote)
            if after_a_cut:
                return True  # the cut note fills the page: a later one goes on, after its continuation
            bottom = bottoms[-1] if bottoms else None
            leading = getattr(context, _LEADING, None)
            if bottom is None and is_continuation(footnote) and leading:  # at the page's head: leave it some text
                bottom = context.current_footnote_area.page.content_box_y() + BODY_LINES * leading
            elif bottoms and not bottoms.ends and len(bottoms) < bottoms.orphans:
                # The call in a paragraph's first line, which its orphans keep from ending the page: cut the note
                # under the line that may (Pepys, 29 October 1660, "I up early, it being my Lord Mayor's day,716"
                # sent its fifteen-line note on and left the page eight lines short).
                bottom = bottoms[-1] + (bottoms.orphans - len(bottoms)) * bottoms.height
            if bottom is not None and context.overflows_page(0, bottom):
                _cut(context, footnote, bottom)
            return overflow
        finally:
            setattr(context, _BOTTOMS, bottoms)  # the note's own lines are not the flow's

    @functools.wraps(report_footnote)
    def report_footnote_wrapper(context: Any, footnote: Any) -> None:
        bottoms = getattr(context, _BOTTOMS, None)
        try:
            overflowing = [bottom for bottom in bottoms or () if context.overflows_page(0, bottom)]
            if hasattr(footnote, _SPLIT) or not overflowing or not _cut(context, footnote, overflowing[0]):
                if (overflowing and bottoms is not None and footnote not in bottoms.notes and not context.in_column
                        and context.current_page_footnotes and context.current_page_footnotes[-1] is footnote):
                    # A note called before the paragraph being laid out, sent on to make room for the line its
                    # orphans need (block.py's branch of Kozea/WeasyPrint#2432): that paragraph goes on to the
                    # next page instead, as a compositor would carry it, and the note stays on its call's page.
                    # Not in columns, whose loop (column.py's `_report_footnotes`) reports until the notes fit.
                    context.current_page_footnotes = _NoneLeft(context.current_page_footnotes)
                    return
                report_footnote(context, footnote)
        finally:
            setattr(context, _BOTTOMS, bottoms)

    @functools.wraps(block_level_layout)
    def block_level_layout_wrapper(context: Any, box: Any, bottom_space: float, skip_stack: Any,
                                   containing_block: Any, *args: Any, **kwargs: Any) -> Any:
        split, resume_at = getattr(box, _SPLIT, None), getattr(box, _RESUME, None)
        if resume_at is not None and skip_stack is None:
            skip_stack = resume_at
        if split is None:
            return block_level_layout(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs)
        bottom_space = context.page_bottom - (containing_block.position_y + split.at)
        # As in a column: the note's lines are cut by its own orphans and widows, and do not send the page's
        # notes on to make room for themselves, as a line of the flow does (`_linebox_layout`).
        in_column, context.in_column = context.in_column, True
        try:
            result = block_level_layout(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs)
        finally:
            context.in_column = in_column
        split.resume_at = result[1] if result[0] is not None else None
        split.lines = _lines_with_words(result[0], boxes) if result[0] is not None else 0
        return result

    @functools.wraps(remake_page)
    def remake_page_wrapper(index: int, context: Any, root_box: Any, html: Any) -> Any:
        _forget(context)  # the cuts of an earlier making of this page
        made = remake_page(index, context, root_box, html)
        _continue(context)
        heights = Counter(round(line.height, 2) for line in made[0].children[0].descendants()
                          if isinstance(line, boxes.LineBox))
        if heights:
            setattr(context, _LEADING, heights.most_common(1)[0][0])
        return made

    setattr(remake_page_wrapper, _MARK, True)
    block.iter_line_boxes, layout.LayoutContext.layout_footnote = iter_line_boxes, layout_footnote_wrapper
    layout.LayoutContext.report_footnote = report_footnote_wrapper
    block.block_level_layout, pages.remake_page = block_level_layout_wrapper, remake_page_wrapper


def _cut(context: Any, footnote: Any, bottom: float) -> bool:
    """Cut `footnote`, just laid out and overflowing, at the room left under the line ending at `bottom`; whether
    the line then fits with a part of the note under it (else the note is as it was)."""
    area = context.current_footnote_area
    if (context.in_column or context.reported_footnotes or not context.current_page_footnotes
            or context.current_page_footnotes[-1] is not footnote):
        return False  # a note sent on before it keeps its place
    below = sum(value for value in (area.padding_bottom, area.border_bottom_width, area.margin_bottom)
                if isinstance(value, (int, float)))
    split = _Split(area.position_y - page_depth.shortening(context) - bottom - below)
    setattr(footnote, _SPLIT, split)
    overflow = context._update_footnote_area()
    if overflow or split.resume_at is None or split.lines < FEWEST_LINES or context.overflows_page(0, bottom):
        delattr(footnote, _SPLIT)
        context._update_footnote_area()
        return False
    context.__dict__.setdefault(_SPLITS, []).append(footnote)
    return True


def is_continuation(footnote: Any) -> bool:
    """Whether a footnote box WeasyPrint has sent on to the next page is the rest of a note cut on this one."""
    return hasattr(footnote, _RESUME)


def _lines_with_words(box: Any, boxes: Any) -> int:
    return sum(1 for line in box.descendants() if isinstance(line, boxes.LineBox)
               and any(_LETTER.search(text.text) for text in line.descendants() if isinstance(text, boxes.TextBox)))


def _forget(context: Any) -> None:
    for footnote in getattr(context, _SPLITS, ()):
        footnote.__dict__.pop(_SPLIT, None)
    setattr(context, _SPLITS, [])
    setattr(context, _BOTTOMS, None)


def _continue(context: Any) -> None:
    """The page is made: each note cut on it and kept there goes on, first, on the next page."""
    continuations = []
    for footnote in getattr(context, _SPLITS, ()):
        split = footnote.__dict__.pop(_SPLIT, None)
        if split is None or split.resume_at is None or footnote not in context.current_page_footnotes:
            continue  # its call went on to the next page after all, or WeasyPrint sent the whole note on
        continuation = footnote.copy()
        continuation.__dict__.pop(_SPLIT, None)
        setattr(continuation, _RESUME, split.resume_at)
        continuation.style = continuation.style.copy()
        continuation.style["anchor"] = None
        continuations.append(continuation)
    context.reported_footnotes[:0] = continuations
    setattr(context, _SPLITS, [])
