"""Findings are data: warnings and errors about a manuscript or a built file.

Renderers (text now; JSON, GitHub annotations, SARIF later) turn lists of them
into output; the code that finds them never prints.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from carnets_press.errors import Location


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    location: Location | None = None
    hint: str | None = None

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.severity.value}: {self.message} [{self.code}]{hint}"


class CountsBySeverity:
    """Mixin for results that hold `findings`: how many errors and warnings."""

    findings: tuple[Finding, ...]

    @property
    def errors(self) -> int:
        return sum(finding.severity is Severity.ERROR for finding in self.findings)

    @property
    def warnings(self) -> int:
        return sum(finding.severity is Severity.WARNING for finding in self.findings)


# How many of an aggregated finding's other lines its message lists.
AGGREGATE_LINES_SHOWN = 5


def aggregate(findings: Iterable[Finding]) -> list[Finding]:
    """One finding for each cause: the findings of one code with one message in one file (the reader's "unsafe
    HTML <font> removed", one a block, 255 in a month of a diary) become the first of them, with how many there
    are and their other lines in its message. The order is kept, each cause at its first place."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        key = (finding.code, finding.severity, finding.message, finding.location.file if finding.location else None)
        groups.setdefault(key, []).append(finding)
    return [group[0] if len(group) == 1 else _aggregated(group) for group in groups.values()]


def _aggregated(group: list[Finding]) -> Finding:
    first = group[0]
    lines = sorted({f.location.line for f in group[1:] if f.location and f.location.line is not None})
    where = " in this file" if first.location else ""
    shown = ", ".join(map(str, lines[:AGGREGATE_LINES_SHOWN]))
    more = f" and {len(lines) - AGGREGATE_LINES_SHOWN} more" if len(lines) > AGGREGATE_LINES_SHOWN else ""
    also = f"; also on line{'s' if len(lines) > 1 else ''} {shown}{more}" if lines else ""
    return dataclasses.replace(first, message=f"{first.message} ({len(group)} times{where}{also})")
