"""The loosest justified lines set a little letter-spaced, so that their word spaces stay under half an em.

Some lines no breaking can fill: a two-line note whose last words, tied by a no-break space ("afterwards /
Mrs. Jackson."), or a name kept whole, cannot come up; a word the hyphenation patterns have no point in
("threatened" in pyphen's en_GB). The total fit leaves them as the least bad (render/print/total_fit.py), and
WeasyPrint puts all their slack into the word spaces: 0.5 to 0.7 em, where the text's own space is 0.2 em. A
compositor gives some of it to the letters: microtype's font expansion, InDesign's letter-spacing range in its
justification settings. WeasyPrint has neither; CSS's `letter-spacing` on the line's text boxes does it.

This wraps WeasyPrint's `justify_line` (`weasyprint.layout.inline`, which `text_align` calls for every justified
line but a paragraph's last): where the slack would set the line's spaces wider than WIDEST, its text boxes are
given the letter-spacing that brings them to TARGET, MOST_TRACKING at most, measured with WeasyPrint's own Pango
layouts, and the boxes after each moved on by what it grew; the rest of the slack goes into the spaces as before.
Only the lines so loose change; the breaking and the pages do not (a line's breaks are chosen before it is
justified). Installed once per process, for the WeasyPrint versions the line breaking is tested on.
"""

from __future__ import annotations

import functools
from typing import Any

from carnets_press.render.print import line_breaking

WIDEST = 0.5  # em: a line whose spaces would be wider is letter-spaced (the print QA's limit for a full line)
TARGET = 0.46  # em: the spaces it is letter-spaced to, at most MOST_TRACKING
MOST_TRACKING = 0.02  # em between letters, at most: about twice microtype's default expansion of a glyph (2%)
_MARK = "carnets_press_tracking"
GAPING = "carnets_press_gaping"  # on a line box whose spaces stay wider than WIDEST, letter-spaced as far as it may be
_SPACES = "carnets_press_space_widths"  # on the layout context: id(style) -> (style, its space's width)


def install() -> None:
    import weasyprint
    from weasyprint.layout import inline

    if not weasyprint.__version__.startswith(line_breaking.TESTED_ON) or getattr(inline.justify_line, _MARK, False):
        return
    original = inline.justify_line

    @functools.wraps(original)
    def justify_line(context: Any, line: Any, extra_width: float) -> None:
        original(context, line, extra_width - _tracked(context, line, extra_width, inline))

    setattr(justify_line, _MARK, True)
    inline.justify_line = justify_line


def _tracked(context: Any, line: Any, extra_width: float, inline: Any) -> float:
    """Letter-space the line if its spaces would be wider than WIDEST; what it grew by."""
    spaces = inline.count_expandable_spaces(line)
    texts = list(_texts(line, inline.boxes))
    if not spaces or not texts:
        return 0.0
    size = line.style["font_size"]
    space = _space(context, max(texts, key=lambda box: box.text.count(" ")).style)  # the text's, not a call's
    if space + extra_width / spaces <= WIDEST * size:
        return 0.0
    # Pango spaces every character, a space too, so that a word space widens by the spacing after the letter
    # before it and its own: of each character's spacing, the spaces' share still reads as word space.
    letters = sum(len(box.text) for box in texts) - 2 * spaces - 2
    wanted = extra_width - spaces * (TARGET * size - space)
    if wanted <= 0 or letters <= 0:
        return 0.0
    tracking = min(wanted / letters, MOST_TRACKING * size)
    if tracking <= 0:
        return 0.0
    if space + (extra_width - letters * tracking) / spaces > WIDEST * size:
        setattr(line, GAPING, True)  # wider than WIDEST still: the page make-up counts such lines
    # The line's last glyph is followed by its letter-spacing twice over (Pango's, after every character, and the
    # one WeasyPrint adds to a text box's width): the spaces take that too, so that the glyph ends at the measure.
    return _track(context, line, tracking, 0.0, inline) - 2 * tracking


def _texts(box: Any, boxes: Any) -> Any:
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _texts(child, boxes)


def _space(context: Any, style: Any) -> float:
    """The width of a space in `style`, as WeasyPrint sets it before justification (its word-spacing with it);
    measured once a style and layout, as every justified line asks (measured each time, it cost 3 % of the ten-times
    edition's layout). The memo keeps the styles alive, so that their ids stay theirs."""
    spaces = context.__dict__.setdefault(_SPACES, {})
    found = spaces.get(id(style))
    if found is None:
        found = spaces[id(style)] = (style, _width(context, "a a", style) - _width(context, "aa", style))
    return found[1]


def _width(context: Any, text: str, style: Any) -> float:
    from weasyprint.text.line_break import create_layout, line_size

    layout = create_layout(text, style, context, None, 0)
    width = line_size(layout.get_first_line()[0], style)[0]
    layout.deactivate()
    return width


def _track(context: Any, box: Any, tracking: float, x_advance: float, inline: Any) -> float:
    """Give the text boxes in `box` `tracking` more letter-spacing, moving each box on by what those before it
    grew (as WeasyPrint's add_word_spacing moves them by the spaces' stretch); what `box` grew by."""
    boxes = inline.boxes
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        before, style = box.style, box.style.copy()
        letter_spacing = style["letter_spacing"]
        style["letter_spacing"] = (0 if letter_spacing == "normal" else letter_spacing) + tracking
        # Both measured alike: WeasyPrint's own width of the box may leave out a space it collapsed at the line's end.
        grown = _width(context, box.text, style) - _width(context, box.text, before)
        box.style, box.width = style, box.width + grown
        return grown
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        grown = 0.0
        for child in box.children[::-1] if box.style["direction"] == "rtl" else box.children:  # as add_word_spacing
            if child.is_in_normal_flow():
                grown += _track(context, child, tracking, x_advance + grown, inline)
        box.width += grown
        return grown
    box.translate(x_advance, 0)  # an atomic inline box
    return 0.0
