"""The table of finding codes: severities decided in one place."""

from __future__ import annotations

import pytest

from carnets_press.codes import CODES, finding, lookup
from carnets_press.findings import Severity


class Options:
    unsafe_html = "refuse"


def test_an_option_raises_a_code_to_an_error():
    assert finding("html-unsafe", "m").severity is Severity.WARNING
    assert finding("html-unsafe", "m", options=Options()).severity is Severity.ERROR


@pytest.mark.parametrize("code, level, severity", [
    ("epubcheck-RSC-007", "ERROR", Severity.ERROR), ("epubcheck-OPF-085", "WARNING", Severity.WARNING),
    ("epubcheck-PKG-008", "FATAL", Severity.ERROR), ("ace-epub-lang", "minor", Severity.WARNING),
    ("ace-color-contrast", "moderate", Severity.ERROR),
])
def test_an_outside_validators_level_gives_the_severity(code, level, severity):
    made = finding(code, "m", tool_level=level)
    assert (made.severity, made.hint) == (severity, lookup(code).hint)


def test_a_code_outside_the_table_is_refused():
    with pytest.raises(KeyError):
        finding("no-such-code", "m")
    assert lookup("epubcheckRSC") is None and lookup("note") is None


def test_every_code_is_described():
    assert all(entry.description and entry.hint and entry.family for entry in CODES.values())


def test_every_code_but_the_outside_validators_has_a_test_that_triggers_it():
    from support import REPOSITORY

    tests = "\n".join(path.read_text(encoding="utf-8") for path in (REPOSITORY / "tests").rglob("test_*.py"))
    untested = [code for code, entry in CODES.items() if not entry.prefix and f'"{code}"' not in tests]
    assert untested == []
