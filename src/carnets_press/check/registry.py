"""Every code the checker can report, with its severity, its meaning and what to do.

One table feeds the rules, the SARIF rule list and the documentation, so a code
cannot be reported without being described. Codes are stable: scripts and
suppression comments name them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from carnets_press.errors import Location
from carnets_press.findings import Severity

if TYPE_CHECKING:
    from carnets_press.check.context import Context


class Hit(NamedTuple):
    """What a rule found; the checker adds the rule's code, severity and hint."""

    message: str
    location: Location


Check = Callable[["Context"], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    description: str
    hint: str
    check: Check | None = None  # None: found elsewhere (the reader, the note numbering, the suppressions)


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> None:
    if rule.code in RULES:
        raise ValueError(f"code {rule.code!r} is registered twice")
    RULES[rule.code] = rule


def rule(code: str, severity: Severity, description: str, hint: str) -> Callable[[Check], Check]:
    """Decorate a function `check(context) -> Iterator[Hit]` to run it under `code`."""

    def decorate(check: Check) -> Check:
        register(Rule(code, severity, description, hint, check))
        return check

    return decorate
