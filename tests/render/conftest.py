"""Every test of the renderers fails on a WeasyPrint warning it does not expect (weasyprint_logs.py)."""

from __future__ import annotations

import pytest
from weasyprint_logs import WeasyPrintLogs, capture_weasyprint_logs


@pytest.fixture(autouse=True)
def weasyprint_warnings() -> WeasyPrintLogs:
    """What WeasyPrint logs during the test (not in the workers of a chunked layout, whose records come back as
    findings); a test that expects a message says so: `weasyprint_warnings.expect(r"Ignored `colr")`."""
    with capture_weasyprint_logs() as logs:
        yield logs
    logs.check()
