"""The build cache: an output whose inputs have not changed is not built again.

The key of an output is BuildInputs.key: a hash of everything it is made from, with the build options and the
date the book is stamped with. A hit needs the output file to be still there with the bytes the cache recorded,
so a cached build is the clean build, byte for byte. Records live in OUT/.carnets-cache/, one per format, with
the findings of the build that made the output, so that a cached build reports them again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from carnets_press.errors import Location
from carnets_press.findings import Finding, Severity
from carnets_press.output import OutputFolder
from carnets_press.resources import file_sha256


@dataclass(frozen=True)
class CachedOutput:
    validation: str | None
    report_path: str | None
    findings: list[Finding]
    counts: dict[str, int]  # the book's parts, entries and notes, for the report


class OutputCache:
    def __init__(self, folder: OutputFolder):
        self.folder = folder

    def _record(self, fmt: str) -> dict:
        record = self.folder.read_kept_json(self.folder.cache_record(fmt))
        return record if isinstance(record, dict) else {}

    def used(self, fmt: str) -> dict[str, str] | None:
        """The manuscript's files the output's previous build used (BuildInputs.used), or None."""
        used = self._record(fmt).get("used")
        if not isinstance(used, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in used.items()):
            return None
        return used

    def lookup(self, fmt: str, key: str) -> CachedOutput | None:
        record = self._record(fmt)
        output = self.folder.book(fmt)
        if record.get("key") != key or not output.is_file() or file_sha256(output) != record.get("output_sha256"):
            return None
        return CachedOutput(record.get("validation"), record.get("report_path"),
                            [_finding(item) for item in record.get("findings", [])], record.get("counts", {}))

    def store(self, fmt: str, key: str, used: dict[str, str], validation: str | None, report_path: Path | None,
              findings: list[Finding], counts: dict[str, int]) -> None:
        record = {"key": key, "used": used, "output_sha256": file_sha256(self.folder.book(fmt)),
                  "validation": validation, "report_path": str(report_path) if report_path else None,
                  "findings": [_finding_record(finding) for finding in findings], "counts": counts}
        path = self.folder.cache_record(fmt)
        if path.is_symlink() or (path.exists() and not path.is_file()):  # not ours: leave it, build without a record
            self.folder.ignored.append((path, "it is not a regular file, so the new record was not kept"))
            return
        self.folder.write(path, json.dumps(record, indent=1).encode())


def _finding_record(finding: Finding) -> dict:
    location = finding.location
    return {"code": finding.code, "severity": finding.severity.value, "message": finding.message, "hint": finding.hint,
            "file": str(location.file) if location else None, "line": location.line if location else None,
            "column": location.column if location else None}


def _finding(record: dict) -> Finding:
    location = Location(Path(record["file"]), record["line"], record["column"]) if record["file"] else None
    return Finding(record["code"], Severity(record["severity"]), record["message"], location, record["hint"])
