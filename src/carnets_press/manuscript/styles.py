"""A manuscript's own stylesheets: styles/epub.css and styles/print.css inside the manuscript.

They come after ours, so they can restyle anything, but they cannot reach outside
the manuscript: the EPUB's stylesheet may not load anything (no @import, no url(),
since the EPUB carries only what we package), and the print stylesheet's url()s
and @imports go through the same sandboxed fetcher as everything WeasyPrint reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carnets_press.errors import Location, ManuscriptError
from carnets_press.manuscript.files import ManuscriptFiles

STYLES_DIR = "styles"


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
    return CustomStyles(epub_css, print_css, directory if print_css is not None else None)


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
