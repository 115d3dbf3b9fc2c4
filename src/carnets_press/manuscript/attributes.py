"""Pandoc's attribute syntax, `{#id .class key=value key="a value" key='a value' -}`, for headings, spans, images,
links, code and fenced divs.

markdown-it's attrs plugin reads attributes in djot's syntax, which refuses forms Pandoc users write: a bare value
with a slash or a percent sign (`{date=1661-07-26/1661-07-29}`, `{width=50%}`) and a single-quoted value
(`{lang='it'}`), and knows nothing of `{-}` (Pandoc's `.unnumbered`). This is Pandoc's grammar (its Markdown
reader's `attributes`): an identifier, classes, key-value pairs, in any order."""

from __future__ import annotations

import re

_NAME = r"[^\s{}#.=\"']+"
_ITEM = re.compile(rf"""
    \s*(?:
        \#(?P<id>{_NAME})
      | \.(?P<class>{_NAME})
      | (?P<unnumbered>-)(?=[\s}}]|$)
      | (?P<key>{_NAME})=(?:"(?P<double>(?:[^"\\]|\\.)*)"|'(?P<single>(?:[^'\\]|\\.)*)'|(?P<bare>[^\s}}"']+))
    )""", re.VERBOSE)
_CLOSING = re.compile(r"\s*\}")


def parse_attributes(text: str) -> dict[str, str]:
    """The attributes of `{…}` (the whole of `text`); ValueError naming what cannot be read."""
    if not (text.startswith("{") and text.endswith("}")):
        raise ValueError("attributes are written between { and }")
    attrs, end = read_attributes(text, 0)
    if end != len(text):
        raise ValueError(f"cannot read {text[end:]!r}")
    return attrs


def read_attributes(text: str, position: int) -> tuple[dict[str, str], int]:
    """The attributes of the `{…}` that begins at `position` in `text`, and the position after its `}`;
    ValueError naming what cannot be read (for spans, images and fenced divs, where text may follow)."""
    if not text.startswith("{", position):
        raise ValueError("attributes are written between { and }")
    attrs: dict[str, str] = {}
    classes: list[str] = []
    position += 1
    while True:
        closing = _CLOSING.match(text, position)
        if closing:
            position = closing.end()
            break
        match = _ITEM.match(text, position)
        if match is None or match.end() == position:
            rest = text[position:].strip()
            raise ValueError(f"cannot read {rest[:40]!r}" if rest else "no closing }")
        if match["id"] is not None:
            attrs["id"] = match["id"]
        elif match["class"] is not None:
            classes.append(match["class"])
        elif match["unnumbered"] is not None:
            classes.append("unnumbered")
        else:
            quoted = match["double"] if match["double"] is not None else match["single"]
            value = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else match["bare"]
            if match["key"] == "class":
                classes.extend(value.split())
            else:
                attrs[match["key"]] = value
        position = match.end()
    if classes:
        attrs["class"] = " ".join(classes)
    return attrs, position
