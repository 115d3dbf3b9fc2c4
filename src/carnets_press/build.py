"""`build`: the book's output files, written atomically and validated."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from carnets_press import pagination
from carnets_press.anchors import note_id, noteref_id
from carnets_press.cache import BuildInputs, CachedOutput, ChunkCache, OutputCache
from carnets_press.errors import FindingsError, Location, UsageError
from carnets_press.findings import Finding, Severity
from carnets_press.manuscript.metadata import Metadata, load_metadata
from carnets_press.manuscript.model import Book, Element, NoteRef
from carnets_press.output import OutputFolder, output_name
from carnets_press.pagination import PageStart
from carnets_press.pipeline import Loaded, load

__all__ = ["FORMATS", "BuildOptions", "BuildReport", "BuiltFile", "build", "modified_time", "output_name"]

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
    note: str | None = None  # what else the summary says of it (the EPUB: whether it has print page numbers)


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
                         "report_path": str(output.report_path) if output.report_path else None}
                        for output in self.outputs],
            "findings": [finding_dict(finding) for finding in self.findings],
        }


def build(manuscript_dir: Path, options: BuildOptions) -> BuildReport:
    unknown = [fmt for fmt in options.formats if fmt not in FORMATS]
    if unknown:
        raise UsageError(f"unknown output format {unknown[0]!r}", hint=f"choose from {', '.join(FORMATS)}")
    root = OutputFolder.check(options.out_dir, manuscript_dir)  # before book.toml is read
    metadata = load_metadata(manuscript_dir)
    folder = OutputFolder(root, metadata)
    outputs = OutputCache(folder)
    settings = {fmt: _cache_settings(fmt, metadata, manuscript_dir, options, folder) for fmt in options.formats}
    cached = {}
    for fmt in options.formats:  # the files the previous build of this output used, as they are now
        used = outputs.used(fmt) if options.use_cache else None
        if used is not None and (hit := outputs.lookup(
                fmt, BuildInputs.of(manuscript_dir, used).key(fmt, settings[fmt]))):
            cached[fmt] = hit
    if len(cached) == len(options.formats):  # nothing changed: not even the Markdown is read
        report = _cached_report(metadata, folder, cached)
        report.findings += _ignored(folder)
        return report
    options.step("Reading the manuscript")
    book, manuscript_findings = _checked(manuscript_dir)
    inputs = BuildInputs.of_book(book)
    folder.create()
    report = BuildReport(title=book.metadata.full_title, parts=len(book.parts),
                         entries=sum(len(part.entries) for part in book.parts), notes=len(book.notes()),
                         findings=list(manuscript_findings))
    # The PDF first: the EPUB takes the print edition's page breaks from it.
    for fmt in sorted(options.formats, key=lambda name: name != "pdf"):
        if fmt == "epub" and any(output.format == "pdf" and not output.cached for output in report.outputs):
            # A new PDF, perhaps new page breaks: the EPUB kept from before may no longer be this one.
            settings[fmt] = _cache_settings(fmt, book.metadata, manuscript_dir, options, folder)
            cached.pop(fmt, None)
            if options.use_cache and (hit := outputs.lookup(fmt, inputs.key(fmt, settings[fmt]))):
                cached[fmt] = hit
        if fmt in cached:
            report.outputs.append(_cached_file(folder, fmt, cached[fmt]))
            continue
        try:
            built, output_findings = _BUILDERS[fmt](book, folder, inputs, options)
        except FindingsError as error:  # a failed edition: its errors, and the manuscript's warnings before them
            raise FindingsError(error.message, report.findings + list(error.findings)) from None
        outputs.store(fmt, inputs.key(fmt, settings[fmt]), inputs.used, built.validation, built.report_path,
                      manuscript_findings + output_findings,
                      {"parts": report.parts, "entries": report.entries, "notes": report.notes})
        report.outputs.append(built)
        report.findings += output_findings
    report.outputs.sort(key=lambda output: FORMATS.index(output.format))  # as asked, whatever the order built
    report.findings += _ignored(folder)
    return report


def _checked(manuscript_dir: Path) -> tuple[Book, list[Finding]]:
    """The book and the findings `check` reports on it (the lint rules' with the reader's, suppressions applied,
    one for each cause), those that concern the print edition only aside (the PDF's build adds them); raises
    FindingsError with all of them if one is an error: a link to a file not in contents stops the build at its
    line, as a note never defined does."""
    from carnets_press.check import PRINT_ONLY, lint

    loaded = load(manuscript_dir)
    findings, _ = lint(loaded.book, loaded.findings, skip=PRINT_ONLY)
    return Loaded(loaded.book, findings).buildable(), findings


def _ignored(folder: OutputFolder) -> list[Finding]:
    """A warning for each file of the cache that was not as this tool writes it, and so was not used."""
    from carnets_press.codes import finding

    first: dict[Path, str] = {}
    for path, why in folder.ignored:
        first.setdefault(path, why)  # one warning a file
    return [finding("cache-ignored", f"the build cache's {path.name} was ignored: {why}", Location(path))
            for path, why in first.items()]


def _cache_settings(fmt: str, metadata: Metadata, manuscript_dir: Path, options: BuildOptions,
                    folder: OutputFolder) -> dict[str, object]:
    """What else an output depends on: the options that change it and the date it is stamped with (asking
    for chunks changes the PDF's bytes where they apply, which only the book's inputs tell); the EPUB, on the
    page list of the last PDF."""
    settings: dict[str, object] = {
        "validate": options.validate, "pdf_variant": options.pdf_variant if fmt == "pdf" else None,
        "chunked": fmt == "pdf" and options.jobs >= 2, "modified": modified_time(metadata, manuscript_dir).isoformat()}
    if fmt == "epub":
        kept = folder.read_kept(folder.page_list)
        settings["page_list"] = hashlib.sha256(kept).hexdigest() if kept is not None else None
    return settings


def _cached_report(metadata: Metadata, folder: OutputFolder, cached: dict[str, CachedOutput]) -> BuildReport:
    counts = next(iter(cached.values())).counts
    report = BuildReport(title=metadata.full_title, parts=counts.get("parts", 0), entries=counts.get("entries", 0),
                         notes=counts.get("notes", 0))
    for fmt, hit in cached.items():
        report.outputs.append(_cached_file(folder, fmt, hit))
        report.findings.extend(finding for finding in hit.findings if finding not in report.findings)
    return report


def _cached_file(folder: OutputFolder, fmt: str, hit: CachedOutput) -> BuiltFile:
    path = folder.book(fmt)
    return BuiltFile(fmt, path, path.stat().st_size, 0.0, hit.validation,
                     Path(hit.report_path) if hit.report_path else None, cached=True)


def _build_epub(book: Book, folder: OutputFolder, inputs: BuildInputs,
                options: BuildOptions) -> tuple[BuiltFile, list[Finding]]:
    from carnets_press.codes import finding
    from carnets_press.render.cover import book_cover
    from carnets_press.render.epub import render_epub  # ebooklib: only when an EPUB is built

    started = time.perf_counter()
    pages, why_not = _print_pages(book, folder, inputs)
    findings = []
    if why_not and book.metadata.epub.page_list:  # asked for in book.toml: a warning; else the summary says it
        findings.append(finding("page-list-unavailable", f"the EPUB has no print page numbers: {why_not}",
                                Location(book.root / "book.toml")))
    note = (f"print page numbers: {len(pages)} pages of the print edition" if pages
            else f"no print page numbers: {why_not}" if why_not else None)
    cover = book_cover(book)
    if cover.generated:
        findings.append(finding("cover-generated", "the EPUB's cover was generated from the title: book.toml has "
                                "no [cover] image", Location(book.root / "book.toml")))
    options.step("Writing the EPUB")
    data = render_epub(book, modified_time(book.metadata, book.root), cover, pages)
    path = folder.book("epub")
    validation = None
    if options.validate:
        # Validate a temporary copy, so a failing EPUB never replaces a good one.
        candidate = folder.write(folder.candidate("epub"), data)
        try:
            options.step("Running EPUBCheck")
            validation = _validate_epub(candidate, path.name, book)
        finally:
            candidate.unlink(missing_ok=True)
    folder.write(path, data)
    return BuiltFile("epub", path, len(data), time.perf_counter() - started, validation, note=note), findings


def _print_pages(book: Book, folder: OutputFolder, inputs: BuildInputs) -> tuple[list[PageStart] | None, str | None]:
    """Where the print edition's pages begin, for the EPUB's page-list: from the page list the last PDF build
    kept, if it was laid out from these very inputs; else none, and why (None: turned off in book.toml)."""
    if book.metadata.epub.page_list is False:
        return None, None
    kept = pagination.loads(folder.read_kept_json(folder.page_list))
    if kept is not None:
        key, variant, pages = kept
        flows = {part.id for part in book.parts} | {f"note-{note.number}" for note in book.notes()} | {None}
        if key == _page_list_key(inputs, variant) and pagination.fits(pages, flows):
            return pages, None
    return None, ("no print PDF has been built in this output folder (build all makes both)" if kept is None
                  else "the last print PDF was laid out from another text, style or version of the tool")


def _page_list_key(inputs: BuildInputs, variant: str | None) -> str:
    """What the print edition's pages depend on: every input of the book, and the PDF variant."""
    return inputs.key("page-list", {"variant": variant})


def _validate_epub(path: Path, name: str, book: Book) -> str:
    """EPUBCheck on the EPUB at `path`, which the findings call `name`; an error or a warning is placed where the
    manuscript has what made it, when it is in a document of the text."""
    from carnets_press.check.context import Sources
    from carnets_press.validate.epubcheck import place_in_manuscript, run_epubcheck

    result = run_epubcheck(path, name)
    if result.findings:
        findings = place_in_manuscript(result.findings, path, manuscript_places(book), Sources(book.files).lines,
                                       name)
        raise FindingsError(f"EPUBCheck {result.version} found {_count(result.errors, 'error')} and "
                            f"{_count(result.warnings, 'warning')} "
                            f"in {name}", findings)
    return f"EPUBCheck {result.version}: 0 errors, 0 warnings ({result.seconds:.1f} s in the JVM)"


def manuscript_places(book: Book) -> dict[str, Location]:
    """Where the manuscript has what each id of the EPUB's documents names: a part, an entry, a {#id}, a note (its
    definition) and its call (validate.epubcheck.place_in_manuscript reads the nearest one above a place)."""
    places: dict[str, Location] = {}
    for part in book.parts:
        for section in part.sections():
            places.setdefault(section.id, section.location)
    for visit in book.walk():
        node = visit.node
        if isinstance(node, Element) and "id" in node.attrs:
            places.setdefault(node.attrs["id"], visit.location)
        elif isinstance(node, NoteRef) and node.note.number is not None:
            places.setdefault(noteref_id(node.note), node.location)
            places.setdefault(note_id(node.note), node.note.location)
    return places


def _build_pdf(book: Book, folder: OutputFolder, inputs: BuildInputs,
               options: BuildOptions) -> tuple[BuiltFile, list[Finding]]:
    """The PDF laid out (with --jobs, in chunks placed by the page record of the previous build: see
    render/print/chunked.py), checked by the print QA, and written unless WeasyPrint or the QA found an error."""
    from carnets_press.check import print_findings
    from carnets_press.render.print.pdf import render_pdf  # WeasyPrint: only when a PDF is built
    from carnets_press.validate.print_qa import check_pdf

    started = time.perf_counter()
    options.step("Laying out the PDF")
    printed = render_pdf(book, modified_time(book.metadata, book.root), options.pdf_variant, jobs=options.jobs,
                         record=folder.read_kept_json(folder.page_record),
                         chunk_cache=ChunkCache(folder.chunks, inputs.layout_salt(), folder.read_kept)
                         if options.use_cache else None)
    if printed.record is not None:
        folder.write(folder.page_record, json.dumps(printed.record).encode())
    page_list = pagination.dumps(_page_list_key(inputs, options.pdf_variant), options.pdf_variant,
                                 printed.page_starts)
    options.step("Checking the PDF")
    qa = check_pdf(printed.pdf, book, printed.page_texts, printed.page_contents)
    # A character the book's fonts lack is set in a system font (print-font-foreign), or as an empty box when no
    # font has it (an emoji): either way the error says which character and where it is.
    findings = printed.findings + print_findings(book) + qa.findings()
    path = folder.book("pdf")
    report_path = folder.write(folder.print_qa_report,
                               json.dumps(qa.to_dict(), indent=2, ensure_ascii=False).encode() + b"\n")
    errors = [finding for finding in findings if finding.severity is Severity.ERROR]
    if errors:
        raise FindingsError(f"{_errors_of(printed.findings, qa.findings())} found {_count(len(errors), 'error')} "
                            f"in {path.name}",
                            findings)
    folder.write(path, printed.pdf)
    folder.write(folder.page_list, page_list)  # once the PDF is written: the page list is of this PDF
    return BuiltFile("pdf", path, len(printed.pdf), time.perf_counter() - started, f"print QA: {qa.summary()}",
                     report_path), findings


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _errors_of(layout: list[Finding], qa: list[Finding]) -> str:
    """Who found the errors: the print QA, WeasyPrint, or both."""
    found = [name for name, findings in (("WeasyPrint", layout), ("print QA", qa))
             if any(finding.severity is Severity.ERROR for finding in findings)]
    return " and ".join(found) or "print QA"


_BUILDERS = {"epub": _build_epub, "pdf": _build_pdf}


# The last second of the year 9999, the last a date in an EPUB's metadata can hold.
MAX_EPOCH = 253402300799


def modified_time(metadata: Metadata, manuscript_dir: Path) -> datetime.datetime:
    """book.toml's `modified`, else SOURCE_DATE_EPOCH, else the newest manuscript file: never the clock."""
    if metadata.modified:
        value = datetime.datetime.fromisoformat(metadata.modified.replace("Z", "+00:00"))
        # An offset is honoured: the EPUB and the PDF write the time in UTC.
        return value.astimezone(datetime.UTC) if value.tzinfo else value.replace(tzinfo=datetime.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        # reproducible-builds.org: a malformed value must stop the build, not be read as something else.
        if not epoch.isascii() or not epoch.isdigit() or int(epoch) > MAX_EPOCH:
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a number of seconds since 1970",
                             hint="set it to a whole number such as 1700000000 (git log -1 --format=%ct), or unset it")
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    inputs = [manuscript_dir / "book.toml"] + [manuscript_dir / name for name in metadata.contents]
    newest = max((int(path.stat().st_mtime) for path in inputs if path.is_file()), default=0)
    return datetime.datetime.fromtimestamp(newest, datetime.UTC)

