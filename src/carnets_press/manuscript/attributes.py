"""Pandoc's attribute syntax, `{#id .class key=value key="a value" key='a value' -}`, for headings.

markdown-it's attrs plugin reads the attributes of spans and images in djot's syntax, which refuses two
forms Pandoc users write on headings: a bare value with a slash (`{date=1661-07-26/1661-07-29}`) and a
single-quoted value (`{lang='it'}`), and knows nothing of `{-}` (Pandoc's `.unnumbered`). This is Pandoc's
grammar (its Markdown reader's `attributes`): an identifier, classes, key-value pairs, in any order.
"""

from __future__ import annotations

import re

_NAME = r"[^\s{}#.=\"']+"
_ITEM = re.compile(rf"""
    \s*(?:
        \#(?P<id>{_NAME})
      | \.(?P<class>{_NAME})
      | (?P<unnumbered>-)(?=\s|$)
      | (?P<key>{_NAME})=(?:"(?P<double>(?:[^"\\]|\\.)*)"|'(?P<single>(?:[^'\\]|\\.)*)'|(?P<bare>[^\s}}"']+))
    )""", re.VERBOSE)


def parse_attributes(text: str) -> dict[str, str]:
    """The attributes of `{…}` (the whole of `text`); ValueError naming what cannot be read."""
    if not (text.startswith("{") and text.endswith("}")):
        raise ValueError("attributes are written between { and }")
    attrs: dict[str, str] = {}
    classes: list[str] = []
    position, end = 1, len(text) - 1
    while text[position:end].strip():
        match = _ITEM.match(text, position, end)
        if match is None:
            raise ValueError(f"cannot read {text[position:end].strip()!r}")
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
    return attrs
