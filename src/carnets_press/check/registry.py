"""The lint rules of `check`: each a function over the book, registered under a code of the table.

The code's severity, description and hint are in carnets_press.codes, with every
other code; a rule only says what it found and where.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from carnets_press.codes import CODES
from carnets_press.errors import Location

if TYPE_CHECKING:
    from carnets_press.check.context import Context


class Hit(NamedTuple):
    """What a rule found; the checker makes it a finding of the rule's code."""

    message: str
    location: Location


Check = Callable[["Context"], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    check: Check


RULES: dict[str, Rule] = {}


def rule(code: str) -> Callable[[Check], Check]:
    """Decorate a function `check(context) -> Iterator[Hit]` to run it under `code`, a code of the table."""

    def decorate(check: Check) -> Check:
        if code not in CODES or CODES[code].family != "lint":
            raise ValueError(f"{code!r} is not a lint code of carnets_press.codes")
        if code in RULES:
            raise ValueError(f"code {code!r} is registered twice")
        RULES[code] = Rule(code, check)
        return check

    return decorate
