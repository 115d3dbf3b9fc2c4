"""A manuscript's own stylesheets: styles/epub.css and styles/print.css inside the manuscript.

They come after ours, so they can restyle anything, but they cannot reach outside
the manuscript: the EPUB's stylesheet may not load anything (no @import, no url(),
since the EPUB carries only what we package). The print stylesheet's loads (url(),
src(), image-set() and the like, @import, followed into the imported sheets) are
resolved here, when the manuscript is read, by the manuscript's file rules; the print
edition's fetcher then lets WeasyPrint read those files and no others.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from carnets_press.errors import Location, ManuscriptError
from carnets_press.manuscript.files import ManuscriptFiles

STYLES_DIR = "styles"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class CustomStyles:
    epub: str | None = None
    print: str | None = None
    directory: Path | None = None  # the base for the print stylesheet's relative URLs


def read_custom_styles(manuscript_dir: Path, files: ManuscriptFiles) -> CustomStyles:
    directory = manuscript_dir / STYLES_DIR
    epub_css, print_css = (_read(files, f"{STYLES_DIR}/{name}") for name in ("epub.css", "print.css"))
    if epub_css is not None:
        _refuse_loads(epub_css, directory / "epub.css")
    if print_css is not None:
        _resolve_loads(print_css, f"{STYLES_DIR}/print.css", files, seen=set())
    return CustomStyles(epub_css, print_css, directory if print_css is not None else None)


# A chain of @imports longer than this is refused: a real book's stylesheets import one or two files.
MAX_IMPORT_DEPTH = 8
_FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")


def _resolve_loads(css: str, name: str, files: ManuscriptFiles, seen: set[str], depth: int = 0) -> None:
    """Every file the stylesheet `name` loads, resolved by the file rules (so recorded as used), or an error at
    the line that loads it; an imported stylesheet's own loads too."""
    import tinycss2

    seen.add(name)
    path = files.root / name
    for node in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if node.type == "error":
            raise ManuscriptError(f"invalid CSS: {node.message}", Location(path, node.source_line, node.source_column))
        imported = node.type == "at-rule" and node.lower_at_keyword == "import"
        for url, line, column in _loaded_urls(node):
            place = Location(path, line, column)
            if url.startswith("#"):
                continue  # a fragment of the document itself (an SVG filter, a target)
            if _SCHEME.match(url) or url.startswith(("/", "\\")):
                raise ManuscriptError(f"the print stylesheet may load only files inside the manuscript, not {url!r}",
                                      place, hint="copy the file into the manuscript and give its relative path")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(url.split("#")[0])))
            kind = "stylesheet" if imported or target.endswith(".css") else (
                "font" if target.lower().endswith(_FONT_SUFFIXES) else "image")
            files.resolve(target, kind, place)
            if kind == "stylesheet" and target not in seen:
                if depth >= MAX_IMPORT_DEPTH:
                    raise ManuscriptError(f"@import chain deeper than {MAX_IMPORT_DEPTH} stylesheets", place)
                _resolve_loads(files.read_text(target, "stylesheet", place), target, files, seen, depth + 1)


def loaded_urls(css: str) -> list[str]:
    """Every URL a stylesheet would load (its @imports included), whether or not it parses cleanly."""
    import tinycss2

    urls = []
    for node in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if node.type == "at-rule" and node.lower_at_keyword == "import":
            urls.append("@import")  # an @import loads, whatever it names
        if node.type != "error":
            urls += [url for url, _, _ in _loaded_urls(node)]
    return urls


def _loaded_urls(node) -> list[tuple[str, int, int]]:
    """(URL, line, column) of each load in a rule: url tokens, url()/src() and the strings of image-set() and
    the other loading functions, and an @import's string."""
    found = []
    if node.type == "at-rule" and node.lower_at_keyword == "import":
        for token in node.prelude or []:
            if token.type == "string":
                found.append((token.value, token.source_line, token.source_column))
    for token in _tokens(node):
        if token.type == "url":
            found.append((token.value, token.source_line, token.source_column))
        elif token.type == "function" and token.lower_name in _LOADING_FUNCTIONS:
            found += [(argument.value, argument.source_line, argument.source_column)
                      for argument in token.arguments if argument.type == "string"]
    return found


def _read(files: ManuscriptFiles, name: str) -> str | None:
    """A manuscript's stylesheet is optional; one that is there obeys the file rules like any other file."""
    if not (files.root / name).is_symlink() and not (files.root / name).exists():
        return None
    return files.read_text(name, "stylesheet", Location(files.root / name))


def _refuse_loads(css: str, path: Path) -> None:
    """The EPUB's own stylesheet may not @import or url() anything: the EPUB holds only what we package."""
    import tinycss2

    for node in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if node.type == "error":
            raise ManuscriptError(f"invalid CSS: {node.message}", Location(path, node.source_line, node.source_column))
        if node.type == "at-rule" and node.lower_at_keyword == "import":
            raise ManuscriptError("@import is not allowed in the EPUB's stylesheet", Location(path, node.source_line),
                                  hint="put the rules in styles/epub.css itself")
        for token in _tokens(node):
            name = "url" if token.type == "url" else token.lower_name if token.type == "function" else None
            if name in _LOADING_FUNCTIONS:
                raise ManuscriptError(f"{name}() is not allowed in the EPUB's stylesheet",
                                      Location(path, token.source_line, token.source_column),
                                      hint=f"the EPUB carries no files but the book's; remove the {name}()")


# CSS functions that make a reading system load a resource (CSS Images 3 and 4, CSS Values 4); tinycss2
# gives their names unescaped, so `u\\72l(` is `url` here too.
_LOADING_FUNCTIONS = frozenset({"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade",
                                "-webkit-cross-fade", "element", "-moz-element"})


def _tokens(node):
    for attribute in ("prelude", "content", "arguments"):
        for child in getattr(node, attribute, None) or []:
            yield child
            yield from _tokens(child)
