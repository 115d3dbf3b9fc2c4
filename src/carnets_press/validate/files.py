"""`validate`: check a built EPUB or PDF on its own, as CI does after a build."""

from __future__ import annotations

from pathlib import Path

from carnets_press.check import CheckReport
from carnets_press.errors import Location, UsageError, ValidationError


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
        from carnets_press.validate.print_qa import PdfError, check_pdf

        data = path.read_bytes()
        book = load(manuscript_dir).buildable()
        if not data.startswith(b"%PDF-"):
            raise ValidationError(f"{path.name} is not a PDF (it does not begin with %PDF-)", Location(path))
        try:
            findings = check_pdf(data, book).findings()
        except PdfError as error:
            raise ValidationError(f"{path.name} cannot be read as a PDF ({error})", Location(path),
                                  hint="is it truncated? build it again") from None
    else:
        raise UsageError(f"cannot validate {path.name}", hint="give an .epub or a .pdf")
    return CheckReport(path, tuple(findings), strict)
