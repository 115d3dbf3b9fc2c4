"""The command line: parse arguments, call a plain function, print its report.

Every error a user can cause arrives here as a CarnetsError and leaves as one
message per problem and an exit code (1 manuscript, 2 usage, 3 a missing tool);
any other exception is a bug and leaves as one line and exit code 4. A traceback
only with --debug. All of it happens in `_user_errors`, around each command's
whole body; the table of exit codes is in docs/cli.md.

Heavy modules (the build, the renderers, rich) are imported inside the commands,
so that `carnets-press --help` stays fast.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import json
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from carnets_press import __version__
from carnets_press.errors import EXIT_INTERNAL_ERROR, CarnetsError, FindingsError
from carnets_press.findings import Finding, Severity

app = typer.Typer(
    name="carnets-press",
    help="Publish notebook and diary editions: a structured manuscript becomes a validated EPUB3 "
         "and a typeset print PDF.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ManuscriptOption = Annotated[Path, typer.Option(
    "--manuscript", "-m", help="The manuscript directory: book.toml and its Markdown files.",
    show_default=True)]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="Where to write the built files.", show_default=True)]
DebugOption = Annotated[bool, typer.Option(
    "--debug", help="Show a traceback instead of the error message, with the same exit code (for bug reports).")]


class Target(str, enum.Enum):
    epub = "epub"
    pdf = "pdf"
    all = "all"


class FindingsFormat(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


FormatOption = Annotated[FindingsFormat, typer.Option(
    "--format", "-f", help="text for people; json or sarif for tools; github for workflow annotations.")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")]


class PdfVariant(str, enum.Enum):
    pdf_a_2b = "pdf/a-2b"
    pdf_ua_1 = "pdf/ua-1"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"carnets-press {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Publish notebook and diary editions: a structured manuscript becomes a validated EPUB3 and a typeset
    print PDF."""


@app.command()
def build(
    target: Annotated[Target, typer.Argument(help="What to build: epub, pdf, or all of them.")] = Target.all,
    manuscript: ManuscriptOption = Path("manuscript"),
    out: OutOption = Path("build"),
    no_validate: Annotated[bool, typer.Option(
        "--no-validate", help="Skip EPUBCheck (the print QA of the PDF always runs).")] = False,
    pdf_variant: Annotated[PdfVariant | None, typer.Option(
        "--pdf-variant", help="Also conform to PDF/A-2b (archiving) or PDF/UA-1 (accessibility).")] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Build from scratch, even if nothing has changed.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help=(
        "Processes for the PDF: with 2 or more, a large book is laid out in parallel chunks, "
        "placed by the page numbers of the previous build.")) ] = 1,
    watch: Annotated[bool, typer.Option(
        "--watch", help="Build again on every save, and render the pages that changed.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only warnings and errors.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the build report as JSON (for scripts).")] = False,
    debug: DebugOption = False,
) -> None:
    """Build the book from the manuscript and validate it.

    The EPUB is checked with EPUBCheck, the PDF with the print QA (every note
    on its page, the book's fonts embedded); an error fails the build and the
    previous output stays in place. The print QA report is written beside the PDF.
    """
    with _user_errors(debug):
        from carnets_press.build import FORMATS, BuildOptions
        from carnets_press.build import build as build_book

        formats = FORMATS if target is Target.all else (target.value,)
        options = BuildOptions(formats=formats, out_dir=out, validate=not no_validate,
                               pdf_variant=pdf_variant.value if pdf_variant else None, use_cache=not no_cache,
                               jobs=jobs)
        if watch:
            _watch(manuscript, options, debug)
            return
        with _progress(enabled=not (quiet or as_json)) as progress:
            report = build_book(manuscript, dataclasses.replace(options, progress=progress))
        if as_json:
            typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
            return
        _print_build_report(report, quiet)


def _print_build_report(report, quiet: bool) -> None:
    _print_findings(report.findings)
    if quiet:
        return
    typer.echo(f"{report.title}: {report.parts} parts, {report.entries} entries, {report.notes} notes")
    for output in report.outputs:
        if output.cached:
            typer.echo(f"unchanged {output.path} (its inputs have not changed since it was built)")
            continue
        typer.echo(f"wrote {output.path} ({output.size / 1024:.0f} KiB, {output.seconds:.1f} s)")
        if output.validation:
            typer.echo(f"  {output.validation}")
        if output.note:
            typer.echo(f"  {output.note}")
        if output.report_path:
            typer.echo(f"  report: {output.report_path}")


def _watch(manuscript: Path, options, debug: bool) -> None:
    from carnets_press.watch import watch

    def show(round_) -> None:
        if round_.error is not None:
            with contextlib.suppress(typer.Exit), _user_errors(debug):
                raise round_.error
        else:
            _print_build_report(round_.report, quiet=False)
            for image in round_.proofs:
                typer.echo(f"  changed page: {image}")
        typer.echo(f"watching {manuscript} for changes (Ctrl-C to stop)")

    watch(manuscript, options, show)


class StoreName(str, enum.Enum):
    """The store profiles of carnets_press.validate.stores (tests/validate/test_stores.py keeps them the same)."""

    kdp = "kdp"
    apple = "apple"
    kobo = "kobo"
    google = "google"
    all = "all"


@app.command()
def check(
    manuscript: ManuscriptOption = Path("manuscript"),
    output_format: FormatOption = FindingsFormat.text,
    strict: StrictOption = False,
    store: Annotated[list[StoreName] | None, typer.Option(
        "--store", help="Also check the EPUB the build would make against a store's published rules (repeat it "
                        "for several stores; all: every one). See docs/stores.md.")] = None,
    debug: DebugOption = False,
) -> None:
    """Lint the manuscript without building it: notes, dates, text, metadata, links.

    Every finding has a stable code, a severity and its file:line:column; see
    docs/check.md. Exit 0 when clean or only warnings, 1 on errors (or on
    warnings with --strict), 2 on usage errors.
    """
    with _user_errors(debug):
        from carnets_press.check import run_check

        report = run_check(manuscript, strict=strict, stores=[name.value for name in store or ()])
        _emit(report, output_format)


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="A built .epub or .pdf.")],
    manuscript: ManuscriptOption = Path("manuscript"),
    output_format: FormatOption = FindingsFormat.text,
    strict: StrictOption = False,
    debug: DebugOption = False,
) -> None:
    """Validate a built file: EPUBCheck and (when `ace` is installed) DAISY Ace for an EPUB, the print QA for a PDF.

    The PDF is checked against the manuscript's notes (-m). Same formats and
    exit codes as check, and 3 when Java, which EPUBCheck needs, is not installed.
    """
    with _user_errors(debug):
        from carnets_press.validate.files import validate_file

        report = validate_file(file, manuscript, strict=strict)
        _emit(report, output_format)


@app.command()
def stats(
    manuscript: ManuscriptOption = Path("manuscript"),
    out: OutOption = Path("build"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
    debug: DebugOption = False,
) -> None:
    """The edition in numbers: entries per year, words, notes, and the page count (estimated; actual after a \
PDF build)."""
    with _user_errors(debug):
        from carnets_press.stats import edition_stats

        numbers = edition_stats(manuscript, out)
        if as_json:
            typer.echo(numbers.to_json())
            return
        _print_stats(numbers)


def _print_stats(numbers) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Entries per year", show_header=True)
    table.add_column("year")
    table.add_column("entries", justify="right")
    for year, count in numbers.entries_per_year.items():
        table.add_row(year, str(count))
    console = Console()
    console.print(table)
    actual = f"{numbers.actual_pages}" if numbers.actual_pages is not None else "(build the PDF to know)"
    console.print(f"{numbers.parts} parts, {numbers.entries} entries, {numbers.words:,} words of text and "
                  f"{numbers.note_words:,} in {numbers.notes} notes ({numbers.notes_per_entry} per entry)")
    console.print(f"pages: about {numbers.estimated_pages} estimated, actual {actual}")


@app.command("import")
def import_(
    raw: Annotated[Path, typer.Argument(
        help="The text extracted from the printed edition's PDF, the PDF itself (.pdf), or a Word manuscript "
             "(.docx).")],
    to: Annotated[Path, typer.Option("--to", help="The new manuscript directory (must not exist, or be empty).")],
    language: Annotated[str | None, typer.Option(
        "--language", help="BCP 47 language of the text, for its dictionary and dates "
                           "(default: en-GB for a text, the document's own for a Word file).")] = None,
    report_path: Annotated[Path | None, typer.Option(
        "--report", help="Also write the import report as JSON here.")] = None,
    debug: DebugOption = False,
) -> None:
    """Turn a PDF-to-text extraction or a Word manuscript into a manuscript, and list what it was unsure of.

    From a text extraction: running heads and folios go; lines are joined into
    paragraphs; words split or joined at line ends are repaired with a
    dictionary; entries are found by their dates; notes are paired with their
    calls. From a Word file (.docx): Heading 1 and 2 become parts and entries,
    footnotes and endnotes notes, italics, small capitals and language marks
    spans; tracked changes are refused until accepted or rejected in Word.
    Every uncertain decision is reported with its line (a Word file's
    paragraph), for an editor to review.
    """
    with _user_errors(debug):
        from carnets_press.importers import run_import
        from carnets_press.output import write_atomically

        report = run_import(raw, to, language)
        if report_path is not None:
            write_atomically(report_path, report.to_json().encode("utf-8"))
        typer.echo(report.to_text(only_uncertain=True))
        typer.echo(f"wrote the manuscript to {to}; review the decisions marked '?' above"
                   + (f" (all of them in {report_path})" if report_path else ""))


@app.command()
def proof(
    pdf: Annotated[Path | None, typer.Argument(help="The PDF to render; by default the book's PDF in --out.")] = None,
    manuscript: ManuscriptOption = Path("manuscript"),
    out: OutOption = Path("build"),
    pages: Annotated[str | None, typer.Option(
        "--pages", help="Pages to render, e.g. 1-12 or 3,7-9 (default: all).")] = None,
    spreads: Annotated[bool, typer.Option(
        "--spreads", help="Render facing pages side by side, as the reader sees them.")] = False,
    dpi: Annotated[int, typer.Option("--dpi", min=36, max=600, help="Resolution of the images.")] = 110,
    debug: DebugOption = False,
) -> None:
    """Render PDF pages to PNG images in OUT/proof/, to look at the pages as a reader will."""
    with _user_errors(debug):
        from carnets_press.output import OutputFolder
        from carnets_press.proof import render_proofs

        if pdf is None:
            from carnets_press.manuscript.metadata import load_metadata

            pdf = OutputFolder(out, load_metadata(manuscript)).book("pdf")
        report = render_proofs(pdf, OutputFolder(out).proofs, pages=pages, spreads=spreads, dpi=dpi)
        for image in report.images:
            typer.echo(str(image))


def _emit(report, output_format: FindingsFormat) -> None:
    """A check or validate report in the chosen format, and its exit code."""
    from carnets_press.check.formats import FORMATS

    output = FORMATS[output_format.value](report)
    if output:
        typer.echo(output)
    raise typer.Exit(report.exit_code)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str], None] | None]:
    """A spinner naming the current step, on a terminal only: CI logs stay plain."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console

    with Console(stderr=True).status("Starting") as status:
        yield lambda message: status.update(f"{message}…")


@contextmanager
def _user_errors(debug: bool) -> Iterator[None]:
    """The one place where errors become messages and exit codes (the table is in docs/cli.md).

    Ours (CarnetsError) print one line each, with their place, and exit with their
    code: 1 manuscript, 2 usage, 3 a missing tool. Any other exception is a bug:
    one line naming it, a request to report it, and exit 4. With --debug, the
    traceback instead of the message, and the same exit code.
    """
    try:
        yield
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise  # Typer's own: an exit with its code, a usage error (exit 2)
    except (KeyboardInterrupt, Terminated) as stop:
        # The outputs are written atomically: the previous book is in place and no temporary file is left.
        signal_number = signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT
        typer.secho(f"stopped by {signal.Signals(signal_number).name}; the previous output is unchanged", err=True)
        raise typer.Exit(128 + signal_number) from None
    except CarnetsError as error:
        if debug:
            _print_traceback()
        else:
            if isinstance(error, FindingsError):
                _print_findings(error.findings)
            where = f"{error.location}: " if error.location else ""
            hint = f" ({error.hint})" if error.hint else ""
            typer.secho(f"{where}error: {error.message}{hint}", fg=typer.colors.RED, err=True)
        raise typer.Exit(error.exit_code) from None
    except Exception as error:
        if debug:
            _print_traceback()
        else:
            message = " ".join(str(error).split())  # one line, whatever the exception's text
            typer.secho(f"internal error: {type(error).__name__}" + (f": {message}" if message else ""),
                        fg=typer.colors.RED, err=True)
            typer.secho("this is a bug in carnets-press: please report it, with the output of the same "
                        "command run again with --debug", err=True)
        raise typer.Exit(EXIT_INTERNAL_ERROR) from None


def _print_traceback() -> None:
    import traceback

    typer.echo(traceback.format_exc().rstrip("\n"), err=True)


def _print_findings(findings: list[Finding]) -> None:
    for finding in findings:
        colour = typer.colors.RED if finding.severity is Severity.ERROR else typer.colors.YELLOW
        typer.secho(str(finding), fg=colour, err=True)


class Terminated(BaseException):
    """SIGTERM, raised where the process is, so that it unwinds as Ctrl-C does (exit 143, not a kill)."""


def _terminate(signal_number: int, frame: object) -> None:
    raise Terminated


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    app(prog_name="carnets-press")


if __name__ == "__main__":  # pragma: no cover
    main()
