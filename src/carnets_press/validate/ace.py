"""DAISY Ace, the EPUB accessibility checker, when it is installed (`ace` on PATH; a Node tool, see
docs/accessibility.md). Its violations become findings like EPUBCheck's."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from carnets_press.codes import finding
from carnets_press.errors import Location, ValidationError
from carnets_press.findings import Finding
from carnets_press.validate.epubcheck import timeout_for


def ace_command() -> str | None:
    return shutil.which("ace")


def run_ace(epub_path: Path) -> list[Finding]:
    command = ace_command()
    if command is None:
        return []
    with tempfile.TemporaryDirectory() as report_dir:
        limit = timeout_for(epub_path) * 3  # Ace starts a browser: slower than EPUBCheck
        try:
            process = subprocess.run([command, "-f", "-s", "-o", report_dir, str(epub_path)], capture_output=True,
                                     check=False, timeout=limit)
        except subprocess.TimeoutExpired:
            raise ValidationError(f"DAISY Ace did not finish within {limit:.0f} s", Location(epub_path)) from None
        report_file = Path(report_dir) / "report.json"
        if not report_file.is_file():
            raise ValidationError(f"DAISY Ace did not run: {process.stderr.decode(errors='replace').strip()[:300]}",
                                  Location(epub_path))
        report = json.loads(report_file.read_text(encoding="utf-8"))
    findings = []
    for document in report.get("assertions", []):
        path = document.get("earl:testSubject", {}).get("url", "")
        for assertion in document.get("assertions", []):
            test = assertion.get("earl:test", {})
            findings.append(finding(
                f"ace-{test.get('dct:title', 'violation')}",
                test.get("dct:description", "") or assertion.get("earl:result", {}).get("dct:description", ""),
                Location(Path(f"{epub_path.name}/{path}")), tool_level=test.get("earl:impact", "serious")))
    return findings
