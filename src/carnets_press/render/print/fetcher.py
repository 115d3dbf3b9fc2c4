"""The only way WeasyPrint may read a file: one the manuscript's reader resolved, or the tool's styles/ and fonts/.

The manuscript's files the print edition may read are exactly those its reader resolved by the file rules
(manuscript/files.py): the images of the text and notes, and what the manuscript's print stylesheet loads
(manuscript/styles.py). Every other URL (http, data, any other file of the manuscript, a path outside, a
symbolic link out, a file that is not there) is refused and recorded, so a build never opens a network
connection nor reads a file a manuscript has no business with; the build then fails naming the URL (`refuse`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import URLFetcher, URLFetcherResponse

from carnets_press.errors import ManuscriptError
from carnets_press.manuscript.model import Book
from carnets_press.resources import package_dir


class SandboxedFetcher(URLFetcher):
    def __init__(self, allowed: list[Path]):
        """`allowed`: folders whose files may be read, and single files."""
        super().__init__(allowed_protocols={"file"})
        real = [path.resolve() for path in allowed]
        self.folders = [path for path in real if path.is_dir()]
        self.files = {path for path in real if not path.is_dir()}
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        inside = path is not None and (path in self.files or any(folder in path.parents for folder in self.folders))
        data = _read_regular(path) if inside else None
        if data is None:
            self.refused.append(url)
            raise ValueError(f"refused: {url}")
        return URLFetcherResponse(url, data, {}, 200)


def _read_regular(path: Path) -> bytes | None:
    """The file's bytes if it is still the regular file that was allowed: opened once without following a link
    or waiting on a FIFO (a link swapped in since the reader checked it is refused)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return handle.read()


def allowed_roots(book: Book) -> list[Path]:
    """What the print edition may read: the manuscript's files its reader resolved, our fonts and our styles."""
    return [package_dir("fonts"), package_dir("styles"), *sorted(book.files.used)]


def refuse(urls: list[str]) -> None:
    if urls:
        raise ManuscriptError(
            f"the print edition asked for resources outside the manuscript: {', '.join(dict.fromkeys(urls))}",
            hint="images, fonts and stylesheets must be files inside the manuscript, styles/ or fonts/")
