"""The Markdown dialect of a manuscript: CommonMark with the Pandoc extensions a diary uses.

markdown-it-py reads CommonMark; its built-in `table` (pipe tables) and `strikethrough` rules and the plugins of
mdit-py-plugins give Pandoc's footnotes and inline notes, definition lists, superscripts and subscripts, and
skip a YAML metadata block (reported: the metadata is book.toml's). Where no plugin reads Pandoc's syntax the
rules are here, each saying why:

- attributes on spans, images, links and code (`[x]{lang='it'}`, `![a](x.png){#fig1 width=50%}`): the attrs
  plugin reads djot's grammar, which refuses single quotes, `%` or `/` in a bare value and `{-}`, and would
  leave such braces printed in the text; Pandoc's grammar is attributes.py's, shared with headings;
- fenced divs (`::: {#id .letter lang=fr}` … `:::`): the container plugin closes a div at the first fence at
  least as long as its own, so nested divs need longer outer fences, while Pandoc counts the fences (a fence
  with attributes opens, one without closes);
- line blocks (`| ` lines), Pandoc's simple tables, and ordered lists in Pandoc's styles (`a.`, `A)`, `(iv)`,
  `#.`: markdown-it's list rule knows only `1.` and `1)`, and its marker reading is not a hook, so the rule is
  markdown-it's own with Pandoc's markers), for which no plugin exists;
- table captions (`Table: …` or `: …` before or after a table), and what the format does not read (citations,
  TeX math, task lists, grid tables…), found on the token stream and reported by the reader, never printed
  silently;
- a note's call in a link's text (markdown-it takes it for a link in the link) and escaped quotes, dashes and
  full stops, kept as written (markdown-it merges them into the text, where typography would change them).

Raw HTML is parsed, then reduced to a safe list by raw_html.py. Typography is not done here but on the model
(transform/), so that both renderers get it and code spans are left alone.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.subscript import sub_plugin
from mdit_py_plugins.superscript import superscript_plugin

from carnets_press.manuscript.attributes import read_attributes

# Attributes a manuscript may set on spans, images, links and code; anything else (style, event handlers,
# width) is kept out of the model and reported by the reader (token.meta["dropped_attrs"]).
INLINE_ATTRIBUTES = ("id", "class", "lang", "dir", "title")
# And on fenced divs.
DIV_ATTRIBUTES = ("id", "class", "lang", "dir", "title")


@cache
def parser() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(footnote_plugin)
        .use(deflist_plugin)
        .use(sub_plugin)
        .use(superscript_plugin)
    )
    # A note called in a link's text, `[the ship[^1]](#ship)`, as Pandoc reads it: markdown-it refuses a label
    # that holds a token beginning with `[` (a link in a link), which a call is. Our own helpers, not the module's.
    md.helpers = SimpleNamespace(parseLinkLabel=_parse_link_label,  # type: ignore[assignment]
                                 parseLinkDestination=md.helpers.parseLinkDestination,
                                 parseLinkTitle=md.helpers.parseLinkTitle)
    # `^[` begins an inline note, never a superscript (Pandoc: `x^[note]y^` is a note).
    superscript = next(rule.fn for rule in md.inline.ruler.__rules__ if rule.name == "sup")
    md.inline.ruler.at("sup", lambda state, silent: not state.src.startswith("^[", state.pos)
                       and superscript(state, silent))
    md.inline.ruler.before("link", "pandoc_span", _span)
    md.inline.ruler.push("pandoc_attributes", _trailing_attributes)
    md.block.ruler.before("fence", "fenced_div", _fenced_div)
    md.block.ruler.before("hr", "yaml_block", _yaml_block, {"alt": ["paragraph", "reference", "blockquote"]})
    md.block.ruler.after("table", "line_block", _line_block)
    md.block.ruler.after("line_block", "simple_table", _simple_table)
    md.block.ruler.at("list", _list, {"alt": ["paragraph", "reference", "blockquote"]})
    md.core.ruler.after("block", "table_captions", _table_captions)
    # The footnote plugin keeps only the last of two definitions with the same
    # label and forgets unused ones; record every definition before it does.
    md.core.ruler.before("footnote_tail", "record_footnote_definitions", _record_definitions)
    # Before text_join, while escaped characters are still tokens of their own (`\$5` is no math).
    md.core.ruler.before("text_join", "find_unsupported", _find_unsupported)
    md.core.ruler.before("text_join", "keep_escaped_literals", _keep_escaped_literals)
    return md


# What typography would change (quotes, dashes, ellipses), escaped, is kept as written, as Pandoc's smart
# extension keeps `\"` a straight quote: text_join would merge it into the text around, so it stays a token of its
# own, which the reader makes a Code node (left alone by typography, as code is). `\ ` is Pandoc's no-break space.
_LITERAL_ESCAPES = frozenset("\"'-.")


def _keep_escaped_literals(state: StateCore) -> None:
    for token in state.tokens:
        for child in token.children or []:
            for inner in [child, *(child.children or [])]:
                if inner.type != "text_special" or inner.info != "escape":
                    continue
                if inner.content in _LITERAL_ESCAPES:
                    inner.type = "escaped_literal"
                elif inner.markup == "\\ ":  # Pandoc: a backslash before a space is a no-break space
                    inner.content = "\u00a0"


_DEFINITION_MARKER = re.compile(r"^\s*(?:>\s*)*\[\^([^\]]+)\]:")


def _record_definitions(state: StateCore) -> None:
    """Each definition's label and line, in order; the plugin's tokens carry no line, so find its marker."""
    definitions: list[tuple[str, int | None]] = []
    markers: dict[str, list[int]] = {}  # every line that looks like a definition, by label, in order
    for number, text in enumerate(state.src.splitlines()):
        match = _DEFINITION_MARKER.match(text)
        if match:
            markers.setdefault(match.group(1), []).append(number)
    searched_to = 0
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            label = token.meta["label"]
            line = next((n for n in markers.get(label, ()) if n >= searched_to), None)
            if line is not None:
                searched_to = line + 1
            definitions.append((label, line + 1 if line is not None else None))
    state.env["footnote_definitions"] = definitions


def _parse_link_label(state: StateInline, start: int, disable_nested: bool = False) -> int:
    """markdown-it's parseLinkLabel (helpers/parse_link_label.py, MIT), but a note's call or a bracketed span
    (`[17th [inst.]{lang=la}](#x)`, which ends with its `}`) is no nested link."""
    old_position, level = state.pos, 1
    state.pos = start + 1
    while state.pos < state.posMax:
        marker = state.src[state.pos]
        if marker == "]":
            level -= 1
            if level == 0:
                end = state.pos
                state.pos = old_position
                return end
        previous = state.pos
        state.md.inline.skipToken(state)
        if marker == "[":
            if previous == state.pos - 1:
                level += 1  # a `[` that is text, not the start of a token
            elif disable_nested and not state.src.startswith("[^", previous) and state.src[state.pos - 1] != "}":
                state.pos = old_position
                return -1
    state.pos = old_position
    return -1


def unsupported(env: MutableMapping[str, Any], line: int | None, what: str) -> None:
    """Record something the format does not read as Pandoc would: (line, what), reported by the reader."""
    env.setdefault("unsupported", []).append((line, what))


# Attributes: spans, images, links, code -----------------------------------------------------------------


def _set_attributes(token: Token, attrs: dict[str, str], allowed: tuple[str, ...] = INLINE_ATTRIBUTES) -> None:
    """Put the allowed attributes on the token (classes added to its own); keep the others for the reader."""
    dropped = {key: value for key, value in attrs.items() if key not in allowed}
    if dropped:
        token.meta = {**(token.meta or {}), "dropped_attrs": {**(token.meta or {}).get("dropped_attrs", {}),
                                                             **dropped}}
    for key, value in attrs.items():
        if key not in allowed:
            continue
        if key == "class" and token.attrs.get("class"):
            value = f"{token.attrs['class']} {value}"
        token.attrs[key] = value


def _span(state: StateInline, silent: bool) -> bool:
    """`[text]{attributes}`: Pandoc's bracketed span."""
    start = state.pos
    if state.src[start] != "[" or state.src.startswith("[^", start):
        return False
    label_end = state.md.helpers.parseLinkLabel(state, start, False)
    if label_end < 0 or label_end + 1 >= state.posMax or state.src[label_end + 1] != "{":
        return False
    try:
        attrs, end = read_attributes(state.src, label_end + 1)
    except ValueError:
        return False
    if end > state.posMax:
        return False
    if not silent:
        maximum = state.posMax
        state.pos, state.posMax = start + 1, label_end
        _set_attributes(state.push("span_open", "span", 1), attrs)
        state.md.inline.tokenize(state)
        state.push("span_close", "span", -1)
        state.posMax = maximum
    state.pos = end
    return True


_RAW_ATTRIBUTE = re.compile(r"\{=([A-Za-z0-9_+-]+)\}")
_TAKES_ATTRIBUTES = ("image", "code_inline", "link_close", "span_close")


def _trailing_attributes(state: StateInline, silent: bool) -> bool:
    """`{…}` right after an image, a link, a span or inline code; `{=html}` after code is a raw attribute."""
    if state.src[state.pos] != "{" or state.pending or not state.tokens:
        return False
    last = state.tokens[-1]
    if last.type not in _TAKES_ATTRIBUTES:
        return False
    raw = _RAW_ATTRIBUTE.match(state.src, state.pos)
    if raw and last.type == "code_inline":
        if not silent:
            last.meta = {**(last.meta or {}), "raw_format": raw.group(1)}
        state.pos = raw.end()
        return True
    try:
        attrs, end = read_attributes(state.src, state.pos)
    except ValueError:
        return False
    if end > state.posMax:
        return False
    if not silent:
        target = last
        if last.nesting == -1:  # the attributes belong to the opening token
            level = 0
            for token in reversed(state.tokens):
                level += token.nesting
                if level == 0:
                    target = token
                    break
        _set_attributes(target, attrs)
    state.pos = end
    return True


# YAML metadata blocks inside the text ---------------------------------------------------------------------

_YAML_KEY = re.compile(r"[A-Za-z_][\w -]*:(?:\s|$)")


def _yaml_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Pandoc's YAML metadata block where it may stand after the start of a file (front_matter_plugin reads the
    one at the start): `---` after a blank line, not followed by one, a `key:` first, up to `---` or `...`.
    Read only to be left out and reported (`markdown-unsupported`): markdown-it would make a rule and a heading
    of it."""
    if (_line_text(state, start_line).rstrip() != "---" or state.sCount[start_line] - state.blkIndent >= 4
            or (start_line > 0 and not state.isEmpty(start_line - 1)) or start_line + 1 >= end_line
            or not _YAML_KEY.match(_line_text(state, start_line + 1))):
        return False
    closing = next((line for line in range(start_line + 2, end_line)
                    if _line_text(state, line).rstrip() in ("---", "...")), None)
    if closing is None:
        return False
    if not silent:
        token = state.push("front_matter", "", 0)
        token.hidden = True
        token.map = [start_line, closing + 1]
        token.content = state.getLines(start_line + 1, closing, 0, True)
    state.line = closing + 1
    return True


# Fenced divs --------------------------------------------------------------------------------------------

_DIV_OPENING = re.compile(r":{3,}[ \t]*(?P<attrs>\{.*\}|[^\s{}:][^\s{}]*)[ \t]*:*[ \t]*$")
_DIV_CLOSING = re.compile(r":{3,}[ \t]*$")
_CODE_FENCE = re.compile(r"(`{3,}|~{3,})")
_PART_OR_ENTRY = re.compile(r"#{1,2}(?:[ \t]|$)")


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]


def _div_attributes(text: str) -> dict[str, str] | None:
    """The attributes of an opening fence (`::: {#id .class}` or `::: word`), None if it is not one."""
    match = _DIV_OPENING.match(text)
    if match is None:
        return None
    written = match["attrs"]
    if not written.startswith("{"):
        return {"class": written}
    try:
        attrs, end = read_attributes(written, 0)
    except ValueError:
        return None
    return attrs if end == len(written) else None


def _fenced_div(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    text = _line_text(state, start_line)
    if not text.startswith(":::"):
        return False
    attrs = _div_attributes(text)
    if attrs is None:
        if not silent and not _DIV_CLOSING.match(text):
            unsupported(state.env, start_line + 1, f"a fenced div whose attributes cannot be read ({text!r}) is "
                                                    "printed as text")
        return False
    if silent:
        return True
    # The closing fence: fences with attributes open nested divs, fences without close them; fences inside
    # a code block inside the div are its text.
    depth, line, code_fence, closed = 1, start_line + 1, None, False
    while line < end_line:
        if state.sCount[line] < state.blkIndent and not state.isEmpty(line):
            break  # the end of the list item or block quote that holds the div
        inner = _line_text(state, line)
        if code_fence is None and _PART_OR_ENTRY.match(inner):
            break  # a div holds no part or entry: it ends before the heading
        if code_fence is not None:
            if inner.startswith(code_fence) and not inner.strip().strip(code_fence[0]):
                code_fence = None
        elif fence := _CODE_FENCE.match(inner):
            code_fence = fence.group(1)
        elif _DIV_CLOSING.match(inner):
            depth -= 1
            if depth == 0:
                closed = True
                break
        elif inner.startswith(":::") and _div_attributes(inner) is not None:
            depth += 1
        line += 1
    if not closed:
        unsupported(state.env, start_line + 1, "a fenced div (':::') is never closed: it ends with the block "
                                               "that holds it, or before the next part or entry heading")
    old_parent, old_line_max = state.parentType, state.lineMax
    state.parentType = "div"
    state.lineMax = line  # no lazy continuation runs past the closing fence
    token = state.push("div_open", "div", 1)
    _set_attributes(token, attrs, DIV_ATTRIBUTES)
    token.block = True
    token.map = [start_line, line]
    state.md.block.tokenize(state, start_line + 1, line)
    token = state.push("div_close", "div", -1)
    token.block = True
    state.parentType, state.lineMax = old_parent, old_line_max
    state.line = line + 1 if closed else line
    return True


# Line blocks --------------------------------------------------------------------------------------------


def _is_line_block_line(text: str) -> bool:
    return text == "|" or text.startswith("| ")


def _line_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Pandoc's line block: `| ` lines, each kept as a line with its leading spaces; a line that begins with a
    space continues the one before."""
    if state.is_code_block(start_line) or not _is_line_block_line(_line_text(state, start_line)):
        return False
    if silent:
        return True
    lines: list[list] = []  # [line number, text]
    line = start_line
    while line < end_line and not state.isEmpty(line):
        text = _line_text(state, line)
        if _is_line_block_line(text):
            written = text[2:].rstrip()
            stripped = written.lstrip(" ")
            lines.append([line, "\u00a0" * (len(written) - len(stripped)) + stripped])
        elif state.sCount[line] > state.blkIndent:
            lines[-1][1] += " " + text.strip()
        else:
            break
        line += 1
    token = state.push("line_block_open", "div", 1)
    token.attrs = {"class": "line-block"}
    token.map = [start_line, line]
    for number, text in lines:
        token = state.push("inline", "", 0)
        token.content = text
        token.map = [number, number + 1]
        token.children = []
    state.push("line_block_close", "div", -1)
    state.line = line
    return True


# Simple tables ------------------------------------------------------------------------------------------

_DASH_GROUPS = re.compile(r"-+(?: +-+)+ *$")  # two columns at least: one run of dashes is a setext heading or a rule
_DASH_LINE = re.compile(r"-+(?: +-+)* *$")


def _columns(dashes: str, offset: int) -> list[tuple[int, int]]:
    return [(match.start() + offset, match.end() + offset) for match in re.finditer(r"-+", dashes)]


def _alignment(text: str, start: int, end: int, next_start: int | None) -> str | None:
    """Pandoc's rule: the text flush with its dashes on one side only is aligned to that side; inside them on
    both sides, centred; flush on both, the default."""
    cell = text[start:next_start] if next_start is not None else text[start:]
    if not cell.strip():
        return None
    left = start + len(cell) - len(cell.lstrip())
    right = start + len(cell.rstrip())
    flush_left, flush_right = left <= start, right >= end
    if flush_left and flush_right:
        return None
    if flush_left:
        return "left"
    return "right" if flush_right else "center"


def _cells(text: str, columns: list[tuple[int, int]]) -> list[str]:
    starts = [start for start, _ in columns]
    return [text[start:(starts[index + 1] if index + 1 < len(starts) else None)].strip()
            for index, start in enumerate(starts)]


def _simple_table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Pandoc's simple table: a header line over runs of dashes, one per column, then one line per row up to a
    blank line; or, without a header, rows between two lines of dashes."""
    if state.is_code_block(start_line) or start_line + 1 >= end_line:
        return False
    first = _line_text(state, start_line)
    headed = not _DASH_GROUPS.match(first)
    if headed:
        if not _DASH_GROUPS.match(_line_text(state, start_line + 1)):
            return False
        if start_line > 0 and not state.isEmpty(start_line - 1) and re.fullmatch(r"-{3,} *",
                                                                                _line_text(state, start_line - 1)):
            return False  # under a line of dashes: a multiline table's header, reported (_find_unsupported)
        dashes_line, header_text = start_line + 1, state.src[state.bMarks[start_line]:state.eMarks[start_line]]
    else:
        if start_line > 0 and not state.isEmpty(start_line - 1):
            return False  # right under text: a multiline table's rule, or a thematic break
        dashes_line, header_text = start_line, None
    dashes = state.src[state.bMarks[dashes_line]:state.eMarks[dashes_line]]
    columns = _columns(dashes, 0)
    rows: list[tuple[int, str]] = []
    line, closed = dashes_line + 1, False
    while line < end_line and not state.isEmpty(line):
        whole = state.src[state.bMarks[line]:state.eMarks[line]]
        if _DASH_LINE.match(whole.strip()) and (line + 1 >= end_line or state.isEmpty(line + 1)):
            closed = True
            line += 1
            break
        rows.append((line, whole))
        line += 1
    if not rows or (not headed and not closed):
        return False
    if silent:
        return True
    align_from = header_text if header_text is not None else rows[0][1]
    starts = [start for start, _ in columns]
    aligns = [_alignment(align_from, start, end, starts[index + 1] if index + 1 < len(starts) else None)
              for index, (start, end) in enumerate(columns)]
    token = state.push("table_open", "table", 1)
    token.map = [start_line, line]

    def row(kind: str, number: int, text: str) -> None:
        state.push("tr_open", "tr", 1).map = [number, number + 1]
        for cell, align in zip(_cells(text, columns), aligns, strict=True):
            opening = state.push(f"{kind}_open", kind, 1)
            if align:
                opening.attrs = {"style": f"text-align:{align}"}  # as markdown-it's pipe tables say it
            inline = state.push("inline", "", 0)
            inline.content, inline.map, inline.children = cell, [number, number + 1], []
            state.push(f"{kind}_close", kind, -1)
        state.push("tr_close", "tr", -1)

    if header_text is not None:
        state.push("thead_open", "thead", 1)
        row("th", start_line, header_text)
        state.push("thead_close", "thead", -1)
    state.push("tbody_open", "tbody", 1)
    for number, text in rows:
        row("td", number, text)
    state.push("tbody_close", "tbody", -1)
    state.push("table_close", "table", -1)
    state.line = line
    return True


# Captions -----------------------------------------------------------------------------------------------

_CAPTION = re.compile(r"(?:[Tt]able)?:[ \t]+")


def _table_captions(state: StateCore) -> None:
    """Pandoc's `Table: A caption.` (or `: A caption.`), a paragraph just before or after a table, becomes its
    <caption>."""
    tokens = state.tokens
    index = 0
    while index < len(tokens):
        if tokens[index].type != "table_open":
            index += 1
            continue
        close = next(i for i in range(index, len(tokens))
                     if tokens[i].type == "table_close" and tokens[i].level == tokens[index].level)
        caption = None
        if _is_caption(tokens, close + 1, tokens[index].level):
            caption = tokens[close + 2]
            del tokens[close + 1:close + 4]
        elif index >= 3 and _is_caption(tokens, index - 3, tokens[index].level):
            caption = tokens[index - 2]
            del tokens[index - 3:index]
            index -= 3
        if caption is not None:
            caption.content = _CAPTION.sub("", caption.content, count=1)
            level = tokens[index].level + 1
            opening, closing = Token("caption_open", "caption", 1), Token("caption_close", "caption", -1)
            opening.level = closing.level = level
            caption.level = level + 1
            tokens[index + 1:index + 1] = [opening, caption, closing]
        index += 1


def _is_caption(tokens: list[Token], index: int, level: int) -> bool:
    return (index + 2 < len(tokens) and tokens[index].type == "paragraph_open" and tokens[index].level == level
            and _CAPTION.match(tokens[index + 1].content) is not None)


# Ordered lists in Pandoc's styles -----------------------------------------------------------------------

_ROMAN = re.compile(r"m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_MARKER = re.compile(r"(?P<open>\()?(?P<number>[0-9]{1,9}|#|[A-Za-z]+)(?P<close>[.)])")


@dataclass(frozen=True)
class _Marker:
    end: int  # the position after the marker
    style: str  # HTML's type: "1", "a", "A", "i", "I"; "" for `#` (Pandoc's default style)
    delimiter: str  # ".", ")" or "()"
    value: int


def _roman(text: str) -> int | None:
    lower = text.lower()
    if not lower or not _ROMAN.match(lower) or text not in (lower, text.upper()):
        return None
    values = [_ROMAN_VALUES[char] for char in lower]
    return sum(-value if index + 1 < len(values) and value < values[index + 1] else value
               for index, value in enumerate(values))


def _read_marker(state: StateBlock, line: int, style: str | None = None) -> _Marker | None:
    """Pandoc's ordered list marker at the start of the line: a number, `#`, a letter or a roman numeral,
    followed by `.` or `)` or between parentheses, then a space (two after a capital letter and a period, so
    that "B. Russell" is not a list). `style`: the style of the list's first item, which the others keep
    (`#` continues any list)."""
    start = state.bMarks[line] + state.tShift[line]
    maximum = state.eMarks[line]
    match = _MARKER.match(state.src, start, maximum)
    if match is None or (match["open"] is not None and match["close"] != ")"):
        return None
    number = match["number"]
    delimiter = "()" if match["open"] else match["close"]
    end = match.end()
    if end < maximum and state.src[end] not in " \t":
        return None
    letter = len(number) == 1 and number.isalpha()
    candidates: list[tuple[str, int]] = []  # (style, value), the first one preferred
    if number.isdigit():
        candidates = [("1", int(number))]
    elif number == "#":
        candidates = [(style if style is not None else "", 1)]
    else:
        roman = _roman(number)
        as_roman = ("i" if number.islower() else "I", roman) if roman is not None else None
        as_letter = ("a" if number.islower() else "A", ord(number.lower()) - 96) if letter else None
        # Pandoc reads a lone i as roman, any other letter as a letter (`v.` is the 22nd item, not the 5th),
        # unless the list's style says otherwise.
        preferred = (as_roman, as_letter) if number in ("i", "I") else (as_letter, as_roman)
        candidates = [candidate for candidate in preferred if candidate is not None]
    if style is not None:
        candidates = [candidate for candidate in candidates if candidate[0] == style
                      or (style == "" and candidate[0] == "1")]
    if not candidates:
        return None
    found, value = candidates[0]
    if delimiter == "." and (found == "A" or (found == "I" and letter)):
        if not (state.src.startswith("  ", end) or state.src.startswith("\t", end)):
            return None
    return _Marker(end, found, delimiter, value)


def _bullet_marker(state: StateBlock, line: int) -> int:
    position = state.bMarks[line] + state.tShift[line]
    if position >= state.eMarks[line] or state.src[position] not in "*-+":
        return -1
    position += 1
    if position < state.eMarks[line] and state.src[position] not in " \t":
        return -1
    return position


def _mark_tight_paragraphs(state: StateBlock, index: int) -> None:
    level = state.level + 2
    for position in range(index + 2, len(state.tokens) - 2):
        if state.tokens[position].level == level and state.tokens[position].type == "paragraph_open":
            state.tokens[position + 2].hidden = True
            state.tokens[position].hidden = True


def _list(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """markdown-it's list rule (rules_block/list.py, MIT), its ordered markers Pandoc's (`_read_marker`): the
    list's <ol> gets `type` and `start` as Pandoc writes them; a change of style or delimiter ends the list."""
    terminating_paragraph = False
    tight = True
    if state.is_code_block(start_line):
        return False
    if (state.listIndent >= 0 and state.sCount[start_line] - state.listIndent >= 4
            and state.sCount[start_line] < state.blkIndent):
        return False
    if silent and state.parentType == "paragraph" and state.sCount[start_line] >= state.blkIndent:
        terminating_paragraph = True
    marker = _read_marker(state, start_line)
    if marker is not None:
        ordered = True
        after_marker = marker.end
        # Only `1.` or `1)` ends a paragraph (CommonMark); Pandoc's other markers never do, so that a line of
        # prose may begin with "c. 1920".
        if terminating_paragraph and (marker.value != 1 or marker.style != "1" or marker.delimiter == "()"):
            return False
    else:
        after_marker = _bullet_marker(state, start_line)
        if after_marker < 0:
            return False
        ordered = False
    if terminating_paragraph and state.skipSpaces(after_marker) >= state.eMarks[start_line]:
        return False
    bullet_char = state.src[after_marker - 1]
    if silent:
        return True

    list_index = len(state.tokens)
    if ordered:
        assert marker is not None
        token = state.push("ordered_list_open", "ol", 1)
        token.attrs = {}
        if marker.style:
            token.attrs["type"] = marker.style
        if marker.value != 1:
            token.attrs["start"] = marker.value
        token.markup = marker.delimiter
    else:
        token = state.push("bullet_list_open", "ul", 1)
        token.markup = bullet_char
    token.map = list_lines = [start_line, 0]

    next_line = start_line
    previous_empty_end = False
    terminators = state.md.block.ruler.getRules("list")
    old_parent = state.parentType
    state.parentType = "list"
    while next_line < end_line:
        position = after_marker
        maximum = state.eMarks[next_line]
        marker_start = state.bMarks[start_line] + state.tShift[start_line]
        initial = offset = state.sCount[next_line] + after_marker - marker_start
        while position < maximum:
            char = state.src[position]
            if char == "\t":
                offset += 4 - (offset + state.bsCount[next_line]) % 4
            elif char == " ":
                offset += 1
            else:
                break
            position += 1
        content_start = position
        indent_after_marker = 1 if content_start >= maximum else offset - initial
        if indent_after_marker > 4:
            indent_after_marker = 1
        indent = initial + indent_after_marker

        token = state.push("list_item_open", "li", 1)
        token.markup = marker.delimiter if ordered and marker else bullet_char
        token.map = item_lines = [start_line, 0]
        old_tight = state.tight
        old_t_shift = state.tShift[start_line]
        old_s_count = state.sCount[start_line]
        old_list_indent = state.listIndent
        state.listIndent = state.blkIndent
        state.blkIndent = indent
        state.tight = True
        state.tShift[start_line] = content_start - state.bMarks[start_line]
        state.sCount[start_line] = offset
        if content_start >= maximum and state.isEmpty(start_line + 1):
            state.line = min(state.line + 2, end_line)
        else:
            state.md.block.tokenize(state, start_line, end_line)
        if not state.tight or previous_empty_end:
            tight = False
        previous_empty_end = (state.line - start_line) > 1 and state.isEmpty(state.line - 1)
        state.blkIndent = state.listIndent
        state.listIndent = old_list_indent
        state.tShift[start_line] = old_t_shift
        state.sCount[start_line] = old_s_count
        state.tight = old_tight
        state.push("list_item_close", "li", -1)

        next_line = start_line = state.line
        item_lines[1] = next_line
        if next_line >= end_line or state.sCount[next_line] < state.blkIndent or state.is_code_block(start_line):
            break
        if any(rule(state, next_line, end_line, True) for rule in terminators):
            break
        if ordered:
            assert marker is not None
            following = _read_marker(state, next_line, marker.style)
            if following is None or following.delimiter != marker.delimiter:
                break
            after_marker = following.end
        else:
            after_marker = _bullet_marker(state, next_line)
            if after_marker < 0 or state.src[after_marker - 1] != bullet_char:
                break

    state.push("ordered_list_close" if ordered else "bullet_list_close", "ol" if ordered else "ul", -1)
    list_lines[1] = next_line
    state.line = next_line
    state.parentType = old_parent
    if tight:
        _mark_tight_paragraphs(state, list_index)
    return True


# What the format does not read --------------------------------------------------------------------------

_CITATION = re.compile(r"\[[^\[\]\x00]*?(?<![\w.])-?@[A-Za-z0-9_][^\[\]\x00]*\]")
# Pandoc's in-text citation, `@key says`: a key begins with a letter, digit or _ and ends with one (an e-mail
# address has a letter before its @).
_TEXT_CITATION = re.compile(r"(?<![\w@.\\])-?@[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*\w)?")
_MATH = re.compile(r"\$\$[^\x00]+?\$\$|\$(?=[^\s$\x00])[^$\x00\n]*?(?<=[^\s$\\\x00])\$(?!\d)")
_TASK = re.compile(r"\[[ xX]\][ \t]")
_GRID_TABLE = re.compile(r"\+(?:[-=:]+\+)+[ \t]*$")
_MULTILINE_TABLE_RULE = re.compile(r"-{3,}(?: +-{3,})+[ \t]*$")


def _find_unsupported(state: StateCore) -> None:
    tokens = state.tokens
    lines = state.src.splitlines()
    for index, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else None
        if token.type == "front_matter":
            unsupported(state.env, (token.map[0] + 1) if token.map else 1,
                        "a YAML metadata block is left out: the book's metadata is book.toml's")
        elif token.type == "hr" and token.map and _MULTILINE_TABLE_RULE.match(lines[token.map[0]].strip()):
            unsupported(state.env, line, "a table that is neither a pipe table nor a simple table (a multiline "
                                         "table?) is printed as text")
        elif token.type == "inline" and token.children is not None:
            if index and tokens[index - 1].type == "paragraph_open":
                first_line = token.content.split("\n", 1)[0]
                if _GRID_TABLE.match(first_line.strip()):
                    unsupported(state.env, line, "a grid table is printed as text")
                elif _DIV_CLOSING.match(first_line) and "\n" not in token.content:
                    unsupported(state.env, line, "a closing fence ':::' with no fenced div open is printed as text")
                if (index >= 2 and tokens[index - 2].type == "list_item_open" and _TASK.match(token.content)):
                    unsupported(state.env, line, "a task list item ('[ ]' or '[x]') is printed as written")
            _find_in_text(state.env, token, line)


def _find_in_text(env: MutableMapping[str, Any], inline: Token, line: int | None) -> None:
    """Citations and TeX math in the text of a paragraph, escaped characters and code left out."""
    pieces = []
    for child in inline.children or []:
        if child.type == "text" or (child.type == "text_special" and child.content == child.markup):
            pieces.append(child.content)  # text, or a backslash before a letter, which escapes nothing
        elif child.type == "softbreak":
            pieces.append("\n")
        else:
            pieces.append("\x00")
    text = "".join(pieces)
    bracketed = [match.span() for match in _CITATION.finditer(text)]
    for pattern, what in ((_CITATION, "a citation"), (_TEXT_CITATION, "a citation"), (_MATH, "TeX math")):
        for match in pattern.finditer(text):
            if pattern is _TEXT_CITATION and any(start <= match.start() < end for start, end in bracketed):
                continue  # the key of a bracketed citation, reported as that
            here = line + text[:match.start()].count("\n") if line is not None else None
            unsupported(env, here, f"{what} {match.group(0)[:40]!r} is printed as written")
