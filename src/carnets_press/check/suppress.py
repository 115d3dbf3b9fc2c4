"""Suppression comments: a finding the editor has judged right is silenced where it occurs.

In Markdown the comment is a link reference definition, which CommonMark never
renders (an HTML comment would be printed: raw HTML is off):

    [//]: # (carnets: ignore[joined-word, digit-glued])
    A paragraph whose findings of those codes are ignored.

    [//]: # (carnets: ignore-file[double-space])

`ignore` covers the block that follows it, up to the next blank line;
`ignore-file` the whole file. In book.toml the comment is a TOML comment,
`# carnets: ignore[relator-unknown]`, on the line itself or the line before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from carnets_press.check.context import Sources
from carnets_press.codes import finding, lookup
from carnets_press.errors import Location
from carnets_press.findings import Finding

MARKDOWN_DIRECTIVE = re.compile(
    r" {0,3}\[//\]:[ \t]+#[ \t]+\(\s*carnets:\s*(?P<kind>ignore|ignore-file)\[(?P<codes>[^\]]*)\]\s*\)\s*")
TOML_DIRECTIVE = re.compile(r"#\s*carnets:\s*(?P<kind>ignore|ignore-file)\[(?P<codes>[^\]]*)\]")
UNKNOWN_CODE = "suppression-unknown-code"


@dataclass
class FileSuppressions:
    """The codes silenced in one file: everywhere, and line by line."""

    everywhere: set[str] = field(default_factory=set)
    by_line: dict[int, set[str]] = field(default_factory=dict)
    named: list[tuple[int, str]] = field(default_factory=list)  # (line, code) as written, to report unknown codes

    def covers(self, finding: Finding) -> bool:
        line = finding.location.line if finding.location else None
        return finding.code in self.everywhere or (line is not None and finding.code in self.by_line.get(line, ()))


def read_suppressions(path: Path, lines: list[str]) -> FileSuppressions:
    toml = path.suffix == ".toml"
    suppressions = FileSuppressions()
    for index, line in enumerate(lines):
        match = TOML_DIRECTIVE.search(line) if toml else MARKDOWN_DIRECTIVE.fullmatch(line)
        if match is None:
            continue
        codes = {code.strip() for code in match.group("codes").split(",") if code.strip()}
        suppressions.named += [(index + 1, code) for code in sorted(codes)]
        if match.group("kind") == "ignore-file":
            suppressions.everywhere |= codes
            continue
        for number in ([index + 1, index + 2] if toml else _next_block(lines, index)):
            suppressions.by_line.setdefault(number, set()).update(codes)
    return suppressions


def _next_block(lines: list[str], directive: int) -> list[int]:
    """The 1-based lines of the block after the directive: blank lines skipped, then up to the next blank line."""
    index = directive + 1
    while index < len(lines) and not lines[index].strip():
        index += 1
    block = []
    while index < len(lines) and lines[index].strip():
        block.append(index + 1)
        index += 1
    return block


def apply_suppressions(findings: list[Finding], sources: Sources, files: Iterable[Path]) -> tuple[list[Finding], int]:
    """The findings left once suppressed ones are dropped, and how many were; unknown codes are reported."""
    paths = set(files) | {finding.location.file for finding in findings if finding.location}
    by_file = {path: read_suppressions(path, sources.lines(path)) for path in paths}
    kept = [finding for finding in findings
            if not (finding.location and by_file[finding.location.file].covers(finding))]
    suppressed = len(findings) - len(kept)
    kept += [finding(UNKNOWN_CODE, f"no code {code!r} to suppress", Location(path, line))
             for path, suppressions in by_file.items()
             for line, code in suppressions.named if lookup(code) is None]
    return kept, suppressed
