"""Suppression comments that do not work as meant (see carnets_press.check.suppress)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from carnets_press.check.context import Context
from carnets_press.check.registry import Hit, rule

_DIRECTIVE_IN_TEXT = re.compile(r"\[//\]:\s+#\s+\(\s*carnets:[^)]*\)?")


@rule("suppression-in-text")
def suppression_in_text(context: Context) -> Iterator[Hit]:
    for text, visit in context.texts:
        if "[//]:" in text.value:
            for match in _DIRECTIVE_IN_TEXT.finditer(text.value):
                yield Hit("this suppression comment is printed in the book",
                          context.sources.locate(visit.location, match.group()))
