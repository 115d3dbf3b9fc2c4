"""Suppression comments that do not work as meant (see carnets_press.check.suppress)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from carnets_press.check.context import Context
from carnets_press.check.registry import Hit, Rule, register, rule
from carnets_press.check.suppress import UNKNOWN_CODE
from carnets_press.findings import Severity
from carnets_press.manuscript.model import Text

_DIRECTIVE_IN_TEXT = re.compile(r"\[//\]:\s+#\s+\(\s*carnets:[^)]*\)?")

register(Rule(UNKNOWN_CODE, Severity.WARNING, "a suppression comment names a code the checker does not have",
              "correct the code: the table in docs/check.md lists them all"))


@rule("suppression-in-text", Severity.ERROR,
      "a suppression comment inside a paragraph: Markdown reads it as text, so the book prints it",
      "leave a blank line between the comment and the text above it")
def suppression_in_text(context: Context) -> Iterator[Hit]:
    for placed in context.nodes():
        if isinstance(placed.node, Text):
            for match in _DIRECTIVE_IN_TEXT.finditer(placed.node.value):
                yield Hit("this suppression comment is printed in the book",
                          context.sources.locate(placed.block, match.group()))
