"""A test fails on a WeasyPrint warning it does not expect, as in WeasyPrint's own test suite (its
tests/testing_utils.py: capture_logs, assert_no_logs).

WeasyPrint logs what it ignores or cannot load instead of raising; the build turns that into findings
(render/print/logs.py), and our own stylesheets must give none. What is left out here is what that policy
drops as noise: WeasyPrint's progress messages and its notices about the installation.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator

from carnets_press.render.print.logs import ENVIRONMENT_NOTICES, PROGRESS_LOGGER, listening


class WeasyPrintLogs(logging.Handler):
    """WeasyPrint's records of WARNING and above, as 'LEVEL: message', and the messages a test expects."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.expected: list[re.Pattern] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name != PROGRESS_LOGGER and not ENVIRONMENT_NOTICES.search(record.getMessage()):
            self.messages.append(f"{record.levelname}: {record.getMessage()}")

    def expect(self, *patterns: str) -> None:
        """Messages matching these regular expressions are expected: each must be logged, and is no failure."""
        self.expected += [re.compile(pattern) for pattern in patterns]

    def check(self) -> None:
        unexpected = [message for message in self.messages if not any(p.search(message) for p in self.expected)]
        missing = [p.pattern for p in self.expected if not any(p.search(message) for message in self.messages)]
        assert not unexpected, f"WeasyPrint logged {len(unexpected)} unexpected messages: {unexpected}"
        assert not missing, f"WeasyPrint did not log the expected {missing}"


@contextlib.contextmanager
def capture_weasyprint_logs() -> Iterator[WeasyPrintLogs]:
    handler = WeasyPrintLogs()
    with listening(handler):
        yield handler


@contextlib.contextmanager
def assert_no_weasyprint_logs(*expected: str) -> Iterator[WeasyPrintLogs]:
    """Fail if WeasyPrint logs a warning or error in the block, but those matching `expected` (which must be)."""
    with capture_weasyprint_logs() as logs:
        logs.expect(*expected)
        yield logs
    logs.check()
