"""Characters the book font cannot set: the print edition would take them from a fallback font."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator

from carnets_press.check.context import Context
from carnets_press.check.registry import Hit, rule
from carnets_press.errors import Location
from carnets_press.manuscript.model import Text
from carnets_press.resources import package_dir

FACES = {"Regular": "EBGaramond-Regular.ttf", "Italic": "EBGaramond-Italic.ttf"}


@functools.cache
def code_points(face: str) -> frozenset[int]:
    """The face's cmap, read once per process."""
    from fontTools.ttLib import TTFont  # only this rule needs fontTools; keep it off the import path

    with TTFont(package_dir("fonts") / FACES[face], lazy=True) as font:
        return frozenset(font.getBestCmap())


@rule("font-missing-glyph")
def font_missing_glyph(context: Context) -> Iterator[Hit]:
    reported: set[tuple[Location, str]] = set()
    for visit in context.nodes():
        if not isinstance(visit.node, Text):
            continue
        # Emphasis is set in italics; headings in both (an entry's date is roman, its title italic).
        italic = any(element.tag == "em" for element in visit.ancestors)
        faces = ("Italic",) if italic else ("Regular", "Italic") if visit.in_heading else ("Regular",)
        for char in set(visit.node.value):
            if unicodedata.category(char) == "Cc" or (visit.location, char) in reported:
                continue
            missing = [face for face in faces if ord(char) not in code_points(face)]
            if missing:
                reported.add((visit.location, char))
                name = unicodedata.name(char, "unnamed character")
                yield Hit(f"U+{ord(char):04X} {name} is not in EB Garamond {' or '.join(missing)}",
                          context.sources.locate(visit.location, char))
