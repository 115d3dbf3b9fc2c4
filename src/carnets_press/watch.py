"""`build --watch`: build, then build again on every save, and show the proof of the pages that changed.

A page "changed" when its text (with its running head and folio) differs from
the previous build's; those pages are rendered to PNG so the editor sees at
once what a correction did to the layout.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from carnets_press.build import BuildOptions, BuildReport, build
from carnets_press.errors import CarnetsError
from carnets_press.output import OutputFolder


@dataclass
class Round:
    """One build of the watch: its report or its error, and the proofs of the pages that changed."""

    report: BuildReport | None = None
    error: CarnetsError | None = None
    changed_pages: list[int] = field(default_factory=list)
    proofs: list[Path] = field(default_factory=list)


def watch(manuscript_dir: Path, options: BuildOptions, on_round: Callable[[Round], None],
          stop: threading.Event | None = None) -> None:
    """Build now and after every change under the manuscript, until `stop` is set (or Ctrl-C)."""
    from watchfiles import watch as changes

    pages: list[str] = []
    pages = _round(manuscript_dir, options, pages, on_round)
    for _ in changes(manuscript_dir, stop_event=stop, debounce=300, raise_interrupt=False):
        pages = _round(manuscript_dir, options, pages, on_round)


def _round(manuscript_dir: Path, options: BuildOptions, previous: list[str],
           on_round: Callable[[Round], None]) -> list[str]:
    result = Round()
    current = previous
    try:
        result.report = build(manuscript_dir, options)
    except CarnetsError as error:
        result.error = error
    else:
        pdf = next((output.path for output in result.report.outputs if output.format == "pdf"), None)
        if pdf is not None:
            current = page_fingerprints(pdf)
            result.changed_pages = changed_pages(previous, current)
            if previous and result.changed_pages:
                from carnets_press.proof import render_proofs

                pages = ",".join(str(number) for number in result.changed_pages)
                result.proofs = render_proofs(pdf, OutputFolder(options.out_dir).proofs, pages=pages).images
    on_round(result)
    return current


def page_fingerprints(pdf: Path) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    return [hashlib.sha256(page.get_textpage().get_text_range().encode()).hexdigest() for page in document]


def changed_pages(before: list[str], after: list[str]) -> list[int]:
    """1-based numbers of the pages whose text differs, pages that are new included."""
    return [number for number, page in enumerate(after, start=1) if number > len(before) or before[number - 1] != page]
