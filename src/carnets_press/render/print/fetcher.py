"""The only way WeasyPrint may read a file: inside the manuscript, styles/ or fonts/.

Every other URL (http, data, a path outside, a symbolic link out, a file that is not there) is refused
and recorded, so a build never opens a network connection nor reads a file a manuscript has no business
with; the build then fails naming the URL (`refuse`).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import URLFetcher, URLFetcherResponse

from carnets_press.errors import ManuscriptError
from carnets_press.manuscript.model import Book
from carnets_press.resources import package_dir


class SandboxedFetcher(URLFetcher):
    def __init__(self, allowed_roots: list[Path]):
        super().__init__(allowed_protocols={"file"})
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        inside = path is not None and any(path == root or root in path.parents for root in self.allowed_roots)
        if not inside or not path.is_file():
            self.refused.append(url)
            raise ValueError(f"refused: {url}")
        return URLFetcherResponse(url, path.read_bytes(), {}, 200)


def allowed_roots(book: Book) -> list[Path]:
    """What the print edition may read: the manuscript, our fonts and our styles."""
    return [book.root, package_dir("fonts"), package_dir("styles")]


def refuse(urls: list[str]) -> None:
    if urls:
        raise ManuscriptError(
            f"the print edition asked for resources outside the manuscript: {', '.join(dict.fromkeys(urls))}",
            hint="images, fonts and stylesheets must be files inside the manuscript, styles/ or fonts/")
