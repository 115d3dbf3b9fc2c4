"""The only way WeasyPrint may read a file: inside the manuscript, styles/ or fonts/.

Every other URL (http, data, a path outside, a symbolic link out) is refused
and recorded, so a build never opens a network connection nor reads a file a
manuscript has no business with; the build then fails naming the URL.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import URLFetcher, URLFetcherResponse


class SandboxedFetcher(URLFetcher):
    def __init__(self, allowed_roots: list[Path]):
        super().__init__(allowed_protocols={"file"})
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if path is None or not any(path == root or root in path.parents for root in self.allowed_roots) or not path.is_file():
            self.refused.append(url)
            raise ValueError(f"refused: {url}")
        return URLFetcherResponse(url, path.read_bytes(), {}, 200)
