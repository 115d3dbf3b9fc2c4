"""The build cache: an output whose inputs have not changed is not built again.

The key of an output is a hash of everything it is made from: every file of the
manuscript, the tool's version, its stylesheets, fonts and templates, the build
options and the date the book is stamped with. A hit needs the output file to
be still there with the bytes the cache recorded, so a cached build is the clean
build, byte for byte. Records live in OUT/.carnets-cache/, one per format.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from carnets_press import __version__
from carnets_press.errors import Location
from carnets_press.findings import Finding, Severity
from carnets_press.output import write_atomically
from carnets_press.render.resources import package_dir

CACHE_DIR = ".carnets-cache"


@dataclass(frozen=True)
class CachedOutput:
    validation: str | None
    report_path: str | None
    findings: list[Finding]
    counts: dict[str, int]  # the book's parts, entries and notes, for the report


def input_key(manuscript_dir: Path, fmt: str, settings: dict[str, object]) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps({"version": __version__, "format": fmt, **settings}, sort_keys=True, default=str).encode())
    tool = [package_dir("styles"), package_dir("fonts"), Path(__file__).parent / "render" / "templates"]
    for root in [manuscript_dir, *tool]:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not _hidden(p, root)):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + file_sha256(path).encode())
    return digest.hexdigest()


def lookup(out_dir: Path, fmt: str, key: str, output: Path) -> CachedOutput | None:
    record_path = out_dir / CACHE_DIR / f"{fmt}.json"
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("key") != key or not output.is_file() or file_sha256(output) != record.get("output_sha256"):
        return None
    return CachedOutput(record.get("validation"), record.get("report_path"),
                        [_finding(item) for item in record.get("findings", [])], record.get("counts", {}))


def store(out_dir: Path, fmt: str, key: str, output: Path, validation: str | None, report_path: Path | None,
          findings: list[Finding], counts: dict[str, int]) -> None:
    (out_dir / CACHE_DIR).mkdir(exist_ok=True)
    record = {"key": key, "output_sha256": file_sha256(output), "validation": validation,
              "report_path": str(report_path) if report_path else None,
              "findings": [_finding_record(finding) for finding in findings], "counts": counts}
    write_atomically(out_dir / CACHE_DIR / f"{fmt}.json", json.dumps(record, indent=1).encode())


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(root).parts)


def _finding_record(finding: Finding) -> dict:
    location = finding.location
    return {"code": finding.code, "severity": finding.severity.value, "message": finding.message, "hint": finding.hint,
            "file": str(location.file) if location else None, "line": location.line if location else None,
            "column": location.column if location else None}


def _finding(record: dict) -> Finding:
    location = Location(Path(record["file"]), record["line"], record["column"]) if record["file"] else None
    return Finding(record["code"], Severity(record["severity"]), record["message"], location, record["hint"])
