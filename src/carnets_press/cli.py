"""The command line: parse arguments, call a plain function, print its report.

Every error a user can cause arrives here as a CarnetsError and leaves as one
message per problem and an exit code (1 manuscript, 2 usage); a traceback only
with --debug.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from carnets_press import __version__
from carnets_press.errors import CarnetsError, FindingsError
from carnets_press.findings import Finding, Severity

app = typer.Typer(
    name="carnets-press",
    help="Publish notebook and diary editions: a structured manuscript becomes a validated EPUB3.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

ManuscriptOption = Annotated[Path, typer.Option(
    "--manuscript", "-m", help="The manuscript directory: book.toml and its Markdown files.",
    show_default=True)]
OutOption = Annotated[Path, typer.Option("--out", "-o", help="Where to write the built files.", show_default=True)]
DebugOption = Annotated[bool, typer.Option("--debug", help="Show a traceback for errors (for bug reports).")]


class Target(str, enum.Enum):
    epub = "epub"
    all = "all"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"carnets-press {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Publish notebook and diary editions: a structured manuscript becomes a validated EPUB3."""


@app.command()
def build(
    target: Annotated[Target, typer.Argument(help="What to build: epub, or all formats.")] = Target.all,
    manuscript: ManuscriptOption = Path("manuscript"),
    out: OutOption = Path("build"),
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip EPUBCheck.")] = False,
    debug: DebugOption = False,
) -> None:
    """Build the book from the manuscript and validate it.

    The EPUB is checked with EPUBCheck; any error or warning fails the build
    and the previous output stays in place.
    """
    from carnets_press.build import FORMATS, BuildOptions, build as build_book

    formats = FORMATS if target is Target.all else (target.value,)
    with _user_errors(debug):
        report = build_book(manuscript, BuildOptions(formats=formats, out_dir=out, validate=not no_validate))
    _print_findings(report.findings)
    typer.echo(f"{report.title}: {report.parts} parts, {report.entries} entries, {report.notes} notes")
    for output in report.outputs:
        typer.echo(f"wrote {output.path} ({output.size / 1024:.0f} KiB, {output.seconds:.1f} s)")
        if output.validation:
            typer.echo(f"  {output.validation}")


@contextmanager
def _user_errors(debug: bool) -> Iterator[None]:
    """The one place where our errors become messages and exit codes."""
    try:
        yield
    except CarnetsError as error:
        if debug:
            raise
        if isinstance(error, FindingsError):
            _print_findings(error.findings)
        typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
        raise typer.Exit(error.exit_code) from None


def _print_findings(findings: list[Finding]) -> None:
    for finding in findings:
        colour = typer.colors.RED if finding.severity is Severity.ERROR else typer.colors.YELLOW
        typer.secho(str(finding), fg=colour, err=True)


def main() -> None:
    app(prog_name="carnets-press")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
