"""What WeasyPrint says while it lays the book out, and what becomes of it: the logging policy.

WeasyPrint does not raise on what it cannot do: it logs it to the `weasyprint` logger, which by default nobody
hears (WeasyPrint gives it a NullHandler). A stylesheet with `p { colr: red }` would build without a word.

Captured. `capture()` attaches a handler to the `weasyprint` logger for the duration of a layout (each
stylesheet parsed, then the document rendered), in a one-pass layout and in every chunk's worker, and takes
the records of the thread that lays out (a `build --watch` builds in a thread of its own) of level WARNING and
above. Each is kept as plain data (`Logged`: level, message, and which stylesheet was being parsed), so that it
travels back from a worker with its chunk's result and is kept in the chunk cache with the chunk.

Not captured: writing the PDF. What WeasyPrint says then is about the installation ("Using fontTools instead
of HarfBuzz-Subset", see ENVIRONMENT_NOTICES) or about links to an id that is not there, which `check` reports
with their place (link-broken) and which a chunk, without the ids of the other chunks, would report wrongly.

Which finding (`findings()`):

- `print-resource-unloadable`, an error that fails the build: WeasyPrint could not load or decode a file the
  print edition refers to (an image that is not an image, a font it cannot read): "Failed to load image at …",
  "Failed to load stylesheet at …", "Failed to render SVG image …", "Font-face … cannot be loaded" (UNLOADABLE);
  at the file the message names, if it names one.
- `print-css-ignored`, a warning: everything else WeasyPrint logs while it parses a stylesheet, a declaration or
  rule it ignored ("Ignored `colr: red` at 1:5, unknown property.", "Ignored `size: banana` at 2:9, invalid
  value."). WeasyPrint's line and
  column count in the stylesheet's text; the manuscript's styles/print.css is given to WeasyPrint as the file
  is, so a message logged while it was parsed is placed at that file, line and column. If that stylesheet
  @imports another, at the file only (the position may be the imported sheet's).
- `print-layout-warning`, a warning: what WeasyPrint logs while it renders the document, what it could not apply
  (a content it could not compute, an anchor defined twice); it has no place.

Dropped:

- the `weasyprint.progress` logger ("Step 1 - Fetching and parsing HTML", at INFO) and everything below WARNING
  (the debug tracebacks that follow an error, which is kept);
- a message naming a URL the sandbox refused: that build fails with a ManuscriptError naming the URL
  (fetcher.refuse), which is said once, not again as a finding;
- the same finding twice (every chunk parses the same stylesheets).

Our own stylesheets (the generated page rule, our styles/print.css) give no warning: tests/render/conftest.py
fails a test on any WeasyPrint warning it does not expect. If one did, it would be reported like the
manuscript's, at our file.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from carnets_press.codes import finding
from carnets_press.errors import Location
from carnets_press.findings import Finding
from carnets_press.render.print.styles import Stylesheet

LOGGER = "weasyprint"
PROGRESS_LOGGER = "weasyprint.progress"
UNLOADABLE = re.compile(r"Failed to load |Failed to render SVG|Font-face .* cannot be loaded"
                        r"|Unsupported stylesheet type|Relative URI reference without a base URI")
# WeasyPrint's notices about the installation, not about a book (logged while writing).
ENVIRONMENT_NOTICES = re.compile(r"Using fontTools instead of HarfBuzz-Subset|Please install HarfBuzz")
_POSITION = re.compile(r"\bat (\d+):(\d+)\b")
_FILE_URL = re.compile(r"file://[^'\"\s]+")


@dataclass(frozen=True)
class Logged:
    """A record of WeasyPrint's, as plain data."""

    level: str  # "WARNING", "ERROR"
    message: str
    sheet: int | None  # the index of the stylesheet being parsed when it was logged; None while rendering


class Capture:
    def __init__(self) -> None:
        self.records: list[Logged] = []
        self._sheet: int | None = None

    @contextlib.contextmanager
    def parsing(self, sheet: int) -> Iterator[None]:
        """What is logged meanwhile is about stylesheet number `sheet`."""
        self._sheet = sheet
        try:
            yield
        finally:
            self._sheet = None

    def add(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING and record.name != PROGRESS_LOGGER:
            self.records.append(Logged(record.levelname, record.getMessage(), self._sheet))


class _Handler(logging.Handler):
    def __init__(self, capture: Capture) -> None:
        super().__init__(logging.WARNING)
        self.capture, self.thread = capture, threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.capture.add(record)


@contextlib.contextmanager
def capture() -> Iterator[Capture]:
    """WeasyPrint's records of WARNING and above while the block runs, in this thread."""
    captured = Capture()
    with listening(_Handler(captured)):
        yield captured


@contextlib.contextmanager
def listening(handler: logging.Handler) -> Iterator[None]:
    """`handler` on WeasyPrint's logger while the block runs (tests/render/weasyprint_logs.py listens too)."""
    logger = logging.getLogger(LOGGER)
    level = logger.level
    if not logger.isEnabledFor(logging.WARNING):  # an application that silenced WeasyPrint: hear it all the same
        logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def findings(records: list[Logged], sheets: list[Stylesheet], refused: list[str]) -> list[Finding]:
    """The findings of a layout's records (see the module docstring), each once, in the order logged."""
    found: dict[Finding, None] = {}
    for record in records:
        message = record.message.rstrip().rstrip(":")
        if any(url in message for url in refused):
            continue
        if UNLOADABLE.search(message):
            found[finding("print-resource-unloadable", f"WeasyPrint: {message}", _file(message))] = None
            continue
        if record.sheet is None:  # logged while the document was rendered: no stylesheet to place it in
            found[finding("print-layout-warning", f"WeasyPrint: {message}")] = None
            continue
        sheet = sheets[record.sheet]
        found[finding("print-css-ignored", _message(message, sheet), _location(message, sheet))] = None
    return list(found)


def _message(message: str, sheet: Stylesheet | None) -> str:
    """WeasyPrint's message; naming the stylesheet if it has no file to place the finding at."""
    if sheet is None or sheet.file is not None:
        return f"WeasyPrint: {message}"
    return f"WeasyPrint, in {sheet.name}: {message}"


def _location(message: str, sheet: Stylesheet | None) -> Location | None:
    if sheet is None or sheet.file is None:
        return None
    positions = _POSITION.findall(message)
    if not positions or _imports(sheet.css):
        return Location(sheet.file)
    line, column = positions[-1]
    return Location(sheet.file, int(line), int(column))


def _file(message: str) -> Location | None:
    """The file a message names by its URL (the image that is not an image)."""
    match = _FILE_URL.search(message)
    return Location(Path(unquote(urlparse(match.group(0)).path))) if match else None


def _imports(css: str) -> bool:
    return "@import" in css.lower()
