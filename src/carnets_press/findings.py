"""Findings are data: warnings and errors about a manuscript or a built file.

Renderers (text now; JSON, GitHub annotations, SARIF later) turn lists of them
into output; the code that finds them never prints.
"""

from __future__ import annotations

import enum
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
