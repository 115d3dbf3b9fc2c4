"""`build`: the book's output files, written atomically and validated."""

from __future__ import annotations

import datetime
import json
import os
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from carnets_press.errors import FindingsError, UsageError
from carnets_press.findings import Finding, Severity
from carnets_press import cache
from carnets_press.manuscript.metadata import Metadata, load_metadata
from carnets_press.manuscript.model import Book
from carnets_press.output import check_output_dir, write_atomically
from carnets_press.pipeline import load

FORMATS = ("epub", "pdf")


@dataclass(frozen=True)
class BuildOptions:
    formats: tuple[str, ...] = FORMATS
    out_dir: Path = Path("build")
    validate: bool = True
    pdf_variant: str | None = None
    use_cache: bool = True  # False: build from scratch, without the outputs or the --jobs chunks kept before
    jobs: int = 1  # processes laying out the PDF; with 2 or more, large books are laid out in chunks
    # Told what the build is doing ("Laying out the PDF"), for a progress display; None is silent.
    progress: Callable[[str], None] | None = None

    def step(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)


@dataclass(frozen=True)
class BuiltFile:
    format: str
    path: Path
    size: int
    seconds: float
    validation: str | None = None
    report_path: Path | None = None
    cached: bool = False  # unchanged inputs: the output of the previous build, not built again


@dataclass
class BuildReport:
    title: str
    parts: int
    entries: int
    notes: int
    outputs: list[BuiltFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        """For `build --json`: paths as strings, findings in the check's JSON shape."""
        from carnets_press.check.formats import finding_dict

        return {
            "title": self.title, "parts": self.parts, "entries": self.entries, "notes": self.notes,
            "outputs": [{**asdict(output), "path": str(output.path),
                         "report_path": str(output.report_path) if output.report_path else None} for output in self.outputs],
            "findings": [finding_dict(finding) for finding in self.findings],
        }


def build(manuscript_dir: Path, options: BuildOptions) -> BuildReport:
    unknown = [fmt for fmt in options.formats if fmt not in FORMATS]
    if unknown:
        raise UsageError(f"unknown output format {unknown[0]!r}", hint=f"choose from {', '.join(FORMATS)}")
    out_dir = check_output_dir(options.out_dir, manuscript_dir)
    metadata = load_metadata(manuscript_dir)
    keys = {fmt: cache.input_key(manuscript_dir, fmt, _cache_settings(fmt, metadata, manuscript_dir, options))
            for fmt in options.formats}
    cached = {fmt: hit for fmt in options.formats
              if options.use_cache and (hit := cache.lookup(out_dir, fmt, keys[fmt], _output_path(out_dir, metadata, fmt)))}
    if len(cached) == len(options.formats):  # nothing changed: not even the Markdown is read
        return _cached_report(metadata, out_dir, cached)
    options.step("Reading the manuscript")
    loaded = load(manuscript_dir)
    book = loaded.buildable()
    out_dir.mkdir(parents=True, exist_ok=True)
    report = BuildReport(title=book.metadata.full_title, parts=len(book.parts),
                         entries=sum(len(part.entries) for part in book.parts), notes=len(book.notes()),
                         findings=list(loaded.findings))
    for fmt in options.formats:
        if fmt in cached:
            report.outputs.append(_cached_file(out_dir, metadata, fmt, cached[fmt]))
            continue
        built, output_findings = _BUILDERS[fmt](book, out_dir, options)
        cache.store(out_dir, fmt, keys[fmt], built.path, built.validation, built.report_path,
                    loaded.findings + output_findings,
                    {"parts": report.parts, "entries": report.entries, "notes": report.notes})
        report.outputs.append(built)
        report.findings += output_findings
    return report


def _cache_settings(fmt: str, metadata: Metadata, manuscript_dir: Path, options: BuildOptions) -> dict[str, object]:
    """What else an output depends on: the options that change it and the date it is stamped with."""
    return {"validate": options.validate, "pdf_variant": options.pdf_variant if fmt == "pdf" else None,
            "chunked": fmt == "pdf" and options.jobs >= 2,
            "modified": modified_time(metadata, manuscript_dir).isoformat()}


def _cached_report(metadata: Metadata, out_dir: Path, cached: dict[str, cache.CachedOutput]) -> BuildReport:
    counts = next(iter(cached.values())).counts
    report = BuildReport(title=metadata.full_title, parts=counts.get("parts", 0), entries=counts.get("entries", 0),
                         notes=counts.get("notes", 0))
    for fmt, hit in cached.items():
        report.outputs.append(_cached_file(out_dir, metadata, fmt, hit))
        report.findings.extend(finding for finding in hit.findings if finding not in report.findings)
    return report


def _cached_file(out_dir: Path, metadata: Metadata, fmt: str, hit: cache.CachedOutput) -> BuiltFile:
    path = _output_path(out_dir, metadata, fmt)
    return BuiltFile(fmt, path, path.stat().st_size, 0.0, hit.validation,
                     Path(hit.report_path) if hit.report_path else None, cached=True)


def _output_path(out_dir: Path, metadata: Metadata, fmt: str) -> Path:
    return out_dir / f"{output_name(metadata)}.{fmt}"


def _build_epub(book: Book, out_dir: Path, options: BuildOptions) -> tuple[BuiltFile, list[Finding]]:
    from carnets_press.render.epub import render_epub  # ebooklib: only when an EPUB is built

    started = time.perf_counter()
    options.step("Writing the EPUB")
    data = render_epub(book, modified_time(book.metadata, book.root))
    path = _output_path(out_dir, book.metadata, "epub")
    validation = None
    if options.validate:
        # Validate a temporary copy, so a failing EPUB never replaces a good one.
        candidate = out_dir / f".{path.stem}.candidate.epub"
        write_atomically(candidate, data)
        try:
            options.step("Running EPUBCheck")
            validation = _validate_epub(candidate, path.name)
        finally:
            candidate.unlink(missing_ok=True)
    write_atomically(path, data)
    return BuiltFile("epub", path, len(data), time.perf_counter() - started, validation), []


def _validate_epub(path: Path, name: str) -> str:
    from carnets_press.validate.epubcheck import run_epubcheck

    result = run_epubcheck(path, name)
    if result.findings:
        raise FindingsError(f"EPUBCheck {result.version} found {result.errors} errors and {result.warnings} warnings "
                            f"in {name}", list(result.findings))
    return f"EPUBCheck {result.version}: 0 errors, 0 warnings ({result.seconds:.1f} s in the JVM)"


def _build_pdf(book: Book, out_dir: Path, options: BuildOptions) -> tuple[BuiltFile, list[Finding]]:
    from carnets_press.validate.print_qa import check_pdf  # with the renderers: only when a PDF is built

    started = time.perf_counter()
    options.step("Laying out the PDF")
    data, texts = _lay_out_pdf(book, out_dir, options)
    options.step("Checking the PDF")
    qa = check_pdf(data, book, texts)
    findings = qa.findings()
    if qa.fonts_foreign:  # WeasyPrint took characters the book font lacks from a system font: say where they are
        findings = _missing_glyphs(book) + findings
    path = _output_path(out_dir, book.metadata, "pdf")
    report_path = out_dir / f"{output_name(book.metadata)}.print-qa.json"
    write_atomically(report_path, json.dumps(qa.to_dict(), indent=2, ensure_ascii=False).encode() + b"\n")
    errors = [finding for finding in findings if finding.severity is Severity.ERROR]
    if errors:
        raise FindingsError(f"print QA found {len(errors)} errors in {path.name}", findings)
    write_atomically(path, data)
    return BuiltFile("pdf", path, len(data), time.perf_counter() - started, f"print QA: {qa.summary()}",
                     report_path), findings


def _lay_out_pdf(book: Book, out_dir: Path, options: BuildOptions) -> tuple[bytes, list[str] | None]:
    """One WeasyPrint pass, or with --jobs chunks in parallel placed by the page numbers of the previous build
    (a first build counts them first); and the text of each page if the chunks' workers read it back.

    The record of those page numbers is only a guess, checked after layout (chunks placed wrong are laid out
    again). Where chunks do not apply (PDF/A, endnotes, a small book), one pass.
    """
    from carnets_press.render.chunked import page_record, render_pdf_chunked
    from carnets_press.render.pdf import render_pdf

    modified = modified_time(book.metadata, book.root)
    record_path = out_dir / cache.CACHE_DIR / "pdf-pages.json"
    result = None
    if options.jobs >= 2:
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = None
        chunks = out_dir / cache.CACHE_DIR / "pdf-chunks" if options.use_cache else None
        result = render_pdf_chunked(book, modified, options.pdf_variant, min(options.jobs, os.cpu_count() or 1), record,
                                    chunk_cache=chunks)
    if result is not None:
        data, record, texts = result.pdf, result.record, result.page_texts
    else:
        data, texts = render_pdf(book, modified, options.pdf_variant), None
        record = page_record(book, data) if options.jobs >= 2 else None  # only --jobs reads it back
    if record is not None:
        record_path.parent.mkdir(exist_ok=True)
        write_atomically(record_path, json.dumps(record).encode())
    return data, texts


def _missing_glyphs(book: Book) -> list[Finding]:
    """The check's font rule, so the error says where each character the book font lacks is."""
    from carnets_press.check.context import Context
    from carnets_press.check.registry import RULES
    from carnets_press.check.rules.fonts import font_missing_glyph

    rule = RULES["font-missing-glyph"]
    return [Finding(rule.code, rule.severity, hit.message, hit.location, rule.hint) for hit in font_missing_glyph(Context(book))]


_BUILDERS = {"epub": _build_epub, "pdf": _build_pdf}


def output_name(meta: Metadata) -> str:
    """A file name from the author and title: serge-notebooks.epub."""
    author = meta.creators[0].file_as or meta.creators[0].name if meta.creators else ""
    surname = author.split(",")[0] if "," in author else author.split(" ")[-1]
    return "-".join(part for part in (_slug(surname), _slug(meta.title)) if part) or "book"


def modified_time(metadata: Metadata, manuscript_dir: Path) -> datetime.datetime:
    """book.toml's `modified`, else SOURCE_DATE_EPOCH, else the newest manuscript file: never the clock."""
    if metadata.modified:
        value = datetime.datetime.fromisoformat(metadata.modified.replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    inputs = [manuscript_dir / "book.toml"] + [manuscript_dir / name for name in metadata.contents]
    newest = max((int(path.stat().st_mtime) for path in inputs if path.is_file()), default=0)
    return datetime.datetime.fromtimestamp(newest, datetime.UTC)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
