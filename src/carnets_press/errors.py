"""Errors a user can cause, each carrying where it happened.

The CLI turns these into one-line messages and exit codes in a single place
(`cli._user_errors`); nothing else prints them. The exit codes are documented,
in one table, in docs/cli.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_MANUSCRIPT_ERROR = 1  # the manuscript or a built file has errors
EXIT_USAGE_ERROR = 2  # the command line asks for something impossible (Typer's own usage errors also exit 2)
EXIT_TOOL_MISSING = 3  # a program the command needs is not installed (Java for EPUBCheck)
EXIT_INTERNAL_ERROR = 4  # anything else: a bug in carnets-press, not one of the errors below


@dataclass(frozen=True)
class Location:
    """A place in the manuscript: a file and, where known, a 1-based line."""

    file: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = str(self.file)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class CarnetsError(Exception):
    """Base of the errors we report without a traceback."""

    exit_code = EXIT_MANUSCRIPT_ERROR

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        prefix = f"{self.location}: " if self.location else ""
        suffix = f" ({self.hint})" if self.hint else ""
        return f"{prefix}{self.message}{suffix}"


class ManuscriptError(CarnetsError):
    """The manuscript cannot be read or built as it is."""


class ValidationError(CarnetsError):
    """A built file failed its validator (EPUBCheck, print QA)."""


class ToolMissingError(CarnetsError):
    """A program the command needs (Java for EPUBCheck) is not installed."""

    exit_code = EXIT_TOOL_MISSING


class OutputError(CarnetsError):
    """The output folder cannot be written: read-only, full, not a folder. Nothing of the book was replaced."""


class UsageError(CarnetsError):
    """The command line asks for something impossible."""

    exit_code = EXIT_USAGE_ERROR


class FindingsError(CarnetsError):
    """The manuscript has errors; every one of them is in `findings`, with its place."""

    def __init__(self, message: str, findings: list):
        super().__init__(message)
        self.findings = findings
