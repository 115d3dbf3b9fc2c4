"""`validate`: check a built EPUB or PDF on its own, as CI does after a build."""

from __future__ import annotations

from pathlib import Path

from carnets_press.check import CheckReport
from carnets_press.errors import UsageError


def validate_file(path: Path, manuscript_dir: Path, strict: bool = False) -> CheckReport:
    """EPUB: EPUBCheck, then DAISY Ace if installed. PDF: the print QA, against the manuscript's notes."""
    if not path.is_file():
        raise UsageError(f"no file at {path}", hint="build it first: carnets-press build")
    suffix = path.suffix.lower()
    if suffix == ".epub":
        from carnets_press.validate.ace import run_ace
        from carnets_press.validate.epubcheck import run_epubcheck

        findings = list(run_epubcheck(path).findings) + run_ace(path)
    elif suffix == ".pdf":
        from carnets_press.pipeline import load
        from carnets_press.validate.print_qa import check_pdf

        findings = check_pdf(path.read_bytes(), load(manuscript_dir).buildable()).findings()
    else:
        raise UsageError(f"cannot validate {path.name}", hint="give an .epub or a .pdf")
    return CheckReport(path, tuple(findings), strict)
