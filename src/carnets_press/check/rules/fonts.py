"""Characters the print edition's fonts cannot set: WeasyPrint would take them from a system font.

The print edition is set in EB Garamond, with the fallback font the tool ships, STIX Two Math, after it in the
print stylesheet's font stacks (fonts/README.md; its @font-face is in render/templates/print_page.css.j2): what
EB Garamond lacks (⅕ ✓ ∴ ⋮, the combining double tilde) is set in STIX Two Math. A character is missing when
neither has it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

from carnets_press.check.context import Context
from carnets_press.check.registry import Hit, rule
from carnets_press.errors import Location
from carnets_press.resources import package_dir

FACES = {"Regular": "EBGaramond-Regular.ttf", "Italic": "EBGaramond-Italic.ttf"}
FALLBACK_FILE, FALLBACK_NAME = "STIXTwoMath-Regular.ttf", "STIX Two Math"


@functools.cache
def _cmap(file: str) -> frozenset[int]:
    """A font file's cmap, read once per process."""
    from fontTools.ttLib import TTFont  # only this rule needs fontTools; keep it off the import path

    with TTFont(package_dir("fonts") / file, lazy=True) as font:
        return frozenset(font.getBestCmap())


def code_points(face: str) -> frozenset[int]:
    """The code points of an EB Garamond face ("Regular", "Italic")."""
    return _cmap(FACES[face])


def fallback_code_points() -> frozenset[int]:
    """The code points of the fallback font."""
    return _cmap(FALLBACK_FILE)


@functools.cache
def _uncovered(faces: tuple[str, ...]) -> re.Pattern[str]:
    """A character that one of the faces, with the fallback behind it, cannot set (a control character aside:
    it is never printed). One search of a text, in C, tells whether it has any; nearly every text has none."""
    covered = frozenset.intersection(*(code_points(face) for face in faces)) | fallback_code_points()
    covered |= set(range(0x20)) | set(range(0x7F, 0xA0))  # Cc: the reader reports those XML refuses
    return re.compile(f"[^{_character_class(covered)}]")


def _character_class(points: Iterable[int]) -> str:
    """The inside of a regular expression's [...] for these code points, consecutive ones as ranges."""
    runs: list[list[int]] = []
    for point in sorted(points):
        if runs and runs[-1][1] == point - 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return "".join(re.escape(chr(start)) + (f"-{re.escape(chr(end))}" if end > start else "") for start, end in runs)


@rule("font-missing-glyph")
def font_missing_glyph(context: Context) -> Iterator[Hit]:
    reported: set[tuple[Location, str]] = set()
    for text, visit in context.texts:
        # Emphasis is set in italics; headings in both (an entry's date is roman, its title italic).
        italic = any(element.tag == "em" for element in visit.ancestors)
        faces = ("Italic",) if italic else ("Regular", "Italic") if visit.in_heading else ("Regular",)
        value = text.value
        uncovered = _uncovered(faces)
        if uncovered.search(value) is None:
            continue
        for char in dict.fromkeys(uncovered.findall(value)):  # each once, in the order of the text
            if (visit.location, char) in reported:
                continue
            missing = [face for face in faces if ord(char) not in code_points(face)]
            reported.add((visit.location, char))
            name = unicodedata.name(char, "unnamed character")
            yield Hit(f"U+{ord(char):04X} {name} is not in EB Garamond {' or '.join(missing)}, nor in "
                      f"{FALLBACK_NAME}, the fallback font", context.sources.locate(visit.location, char))
