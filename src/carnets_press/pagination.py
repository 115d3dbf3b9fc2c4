"""Where the print edition's pages begin, as a position in the book's text that the EPUB can find again.

The print layout reports, for each page, the first character of the book's own text on it (render/print/pages.py);
the EPUB places a page-break marker there (render/page_breaks.py). Both sides count the same thing in the same
way, so neither has to read the other's output:

- a *flow* is a stretch of text set in one piece: a part (its heading, its text and its entries' headings and
  text, without the notes), or, in print endnotes, one note; `None` is the tool's own front matter (title page,
  credits, contents);
- a position in a flow is the number of letters and digits before it (`weight`). Spaces, punctuation, the hyphen
  WeasyPrint adds at a line end and what CSS generates (note calls, list numbers) do not count, so line breaking
  and hyphenation cannot shift it; letters count case-folded, so `text-transform` cannot either (ß, SS).

A page with none of the book's text (a blank verso, a full-page image) begins where the next page does; blank
pages at the very end begin at the end of the last flow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

VERSION = 1
END = -1  # an offset: the end of the flow


def weight(text: str) -> int:
    """The letters and digits of `text`, as positions count them."""
    return sum(len(character.casefold()) for character in text if character.isalnum())


@dataclass(frozen=True)
class PageStart:
    folio: str  # the page number as the print edition counts it
    flow: str | None  # a part's id, a note's id (print endnotes), or None: the tool's front matter
    offset: int  # letters and digits of the flow before the page's first; END: after the last


def resolve(starts: list[tuple[str | None, int] | None]) -> list[PageStart]:
    """Every page's start, pages without text of the book (None) given the next page's start. Page i is folio
    i + 1: the print stylesheet counts every page, the front matter's too, and never resets the counter."""
    resolved: list[PageStart] = []
    following: tuple[str | None, int] | None = None
    for index in range(len(starts) - 1, -1, -1):
        here = starts[index]
        if here is not None:
            following = here
        position = following if following is not None else _end_of(starts)
        resolved.append(PageStart(str(index + 1), *position))
    return resolved[::-1]


def _end_of(starts: list[tuple[str | None, int] | None]) -> tuple[str | None, int]:
    flows = [start[0] for start in starts if start is not None]
    return (flows[-1] if flows else None), END


def fits(pages: list[PageStart], flows: set[str | None]) -> bool:
    """Whether a kept page list can be of this book: its flows, its folios 1, 2, 3…, each flow's offsets rising."""
    last: dict[str | None, int] = {}
    for number, page in enumerate(pages, start=1):
        if page.folio != str(number) or page.flow not in flows or page.offset < END:
            return False
        if page.offset != END and page.offset < last.get(page.flow, 0):
            return False
        last[page.flow] = page.offset if page.offset != END else 2**62
    return True


def dumps(key: str, variant: str | None, pages: list[PageStart]) -> bytes:
    """The page list kept beside the build (OUT/.carnets-cache/page-list.json), with the key of the inputs
    it was laid out from."""
    return json.dumps({"version": VERSION, "key": key, "variant": variant,
                       "pages": [[page.folio, page.flow, page.offset] for page in pages]}).encode()


def loads(data: object) -> tuple[str, str | None, list[PageStart]] | None:
    """A kept page list's key, variant and pages, or None if it is not one this version wrote."""
    try:
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return None
        pages = [PageStart(str(folio), None if flow is None else str(flow), int(offset))
                 for folio, flow, offset in data["pages"]]
        variant = data.get("variant")
        return str(data["key"]), None if variant is None else str(variant), pages
    except (KeyError, TypeError, ValueError):
        return None
