"""Page furniture out, page breaks in.

pdftotext ends every printed page with a form feed, so where each page begins is
known, and a page's running head and folio stand among its first or last lines.
Furniture is recognised there, by its position and its repetition, never by its
words and never by its shape alone:

- a folio is a number (plain, between dashes, lower-case roman in front matter, or
  printed inside the head) that counts up with the pages: its value less the page's
  index is the same on page after page;
- a running head is a short line at the top or foot whose words recur at that edge
  of other pages (a title, an author's name), or, where the heads change with the
  pages (the year, the month, the chapter), a short line in the place the heads of
  that side of the spread hold, in their shape ("1904" among "1903", "1905"…), in a
  book that prints a head that recurs, as is a line there that repeats a heading
  printed on an earlier page (the chapter's title as its head). A line there in
  another shape is text, reported for a person to look at; so is a dateline at the
  top of a page.

A text without form feeds (made by another tool) is read by shape: a short line
without closing punctuation that recurs from page to page (digits aside) or stands
alone between blank lines; a number beside such a line is its folio; the first line
of the file, short above a full one, is a byline; such a text marks a new page with
a leading space. Removals that only the shape supports are reported as doubtful.
Every removed line is reported, so that nothing disappears unseen.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import pairwise

from carnets_press.importers.calls import call_numbers_near
from carnets_press.importers.lines import Line, text_width
from carnets_press.importers.report import ImportReport

PAGE_BREAK = "\f"  # pdftotext's mark between two pages, at the start of the next page's first line
_MAX_HEAD = 60  # characters: a running head is a title or a name, not a line of prose
_EDGE = 2  # lines at each edge of a page where furniture stands (a head and a folio)
_SHORT = 0.6  # of the measure: a head that changes with the pages is set well short of a full line
_YEAR = re.compile(r"[12][0-9]{3}")
_NUMBER = re.compile(r"[0-9]{1,4}")
_FOLIO_IN_HEAD = re.compile(r"^([0-9]{1,4})\s|\s([0-9]{1,4})$")
_DECORATION = " -‐‑‒–—―·•|"  # "—3—", "- 3 -"
_ROMAN = re.compile(r"m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


@dataclass(frozen=True)
class Furniture:
    """A removed line: ``kind`` is "head" (running head or byline) or "folio".

    ``words`` is a head without its folio; ``varies`` says the head changes with the
    pages (a year, a month, a chapter), so that it names a section, not the book.
    """

    line: int
    text: str
    kind: str
    words: str = ""
    varies: bool = False
    page: int = 0  # as Line.page counts it


@dataclass(frozen=True)
class _Found:
    kind: str
    decided: str
    confidence: float
    words: str = ""
    varies: bool = False


def strip_furniture(raw: list[str], report: ImportReport) -> tuple[list[Line], list[Furniture]]:
    """The raw lines less furniture, each with its page and page starts marked; blank lines are kept (they
    separate blocks). ``raw`` is the file's lines, split on line feeds only, its form feeds still in them."""
    texts = [text.strip() for text in raw]
    pages = _page_of_lines(raw)
    found = _by_position(texts, pages) if pages is not None else _by_shape(texts)
    furniture: list[Furniture] = []
    lines: list[Line] = []
    page, previous, after_furniture = 0, -1, False  # previous: the page of the last line of text kept
    for index, text in enumerate(raw):
        if index in found:
            item = found[index]
            if item.kind == "kept":
                report.add("furniture", index + 1, texts[index], item.decided, item.confidence)
            else:
                furniture.append(Furniture(index + 1, texts[index], item.kind, item.words, item.varies,
                                           pages[index] if pages is not None else page))
                report.add("furniture", index + 1, texts[index], f"removed: {item.decided}", item.confidence,
                           before=texts[index], after="")
                after_furniture = True
                continue
        stripped = texts[index]
        if pages is not None:
            page = pages[index]
            page_start = bool(stripped) and page > previous
        else:
            page_start = bool(stripped) and (text[:1].isspace() or after_furniture)
            page += page_start
        lines.append(Line(index + 1, stripped, page_start=page_start, page=page))
        if stripped:
            after_furniture, previous = False, page
    return lines, furniture


def _page_of_lines(raw: list[str]) -> list[int] | None:
    """The printed page of each line, counted in form feeds (an empty page counts too); None without any."""
    if not any(PAGE_BREAK in text for text in raw):
        return None
    pages, page = [], 0
    for text in raw:
        page += text.count(PAGE_BREAK)
        pages.append(page)
    return pages


def _key(text: str) -> str:
    """A head's letters and digits, case and spacing taken away: letter-spaced small capitals compare equal."""
    return "".join(char for char in text.casefold() if char.isalnum())


def _is_head_shaped(text: str) -> bool:
    return (0 < len(text) <= _MAX_HEAD and not _NUMBER.fullmatch(text) and not _YEAR.fullmatch(text)
            and text[-1] not in ".!?;,")


def _is_head_at_edge(text: str) -> bool:
    """At a page's edge a year alone is a head too (the section's), where the heads say so; a letter alone is
    a drop cap that the extraction set apart from its word, unless it is a chapter's roman numeral."""
    if len(text) == 1 and text.isalpha():
        return text in "IVX"
    return _is_head_shaped(text) or bool(_YEAR.fullmatch(text))


# ---------------------------------------------------------------------------------------------
# Pages known: position and repetition


@dataclass(frozen=True)
class _Slot:
    """A line at the edge of a page: ``edge`` "top" or "foot", ``rank`` 0 for the outermost line."""

    index: int
    page: int
    edge: str
    rank: int


_NOTHING = _Found("", "", 0.0)


def _by_position(texts: list[str], pages: list[int]) -> dict[int, _Found]:
    by_page: dict[int, list[int]] = defaultdict(list)
    for index, text in enumerate(texts):
        if text:
            by_page[pages[index]].append(index)
    slots = [_Slot(index, page, edge, rank) for page, indices in by_page.items()
             for edge, ordered in (("top", indices), ("foot", indices[::-1]))
             for rank, index in enumerate(ordered[:_EDGE])]
    found = _folios(texts, slots)
    outermost = {}  # (page, edge): the line nearest the edge that is not a folio; a page has one head at an edge
    for slot in sorted(slots, key=lambda slot: -slot.rank):
        if found.get(slot.index, _NOTHING).kind != "folio":
            outermost[(slot.page, slot.edge)] = slot
    heads = [slot for slot in outermost.values() if _is_head_at_edge(texts[slot.index])]
    pages_with = Counter((slot.edge, _key(texts[slot.index])) for slot in heads)
    for slot in heads:
        key = _key(texts[slot.index])
        count = pages_with[(slot.edge, key)]
        if key and count >= 2 and slot.index not in found:
            found[slot.index] = _Found("head", f"running head, at the {slot.edge} of {count} pages",
                                       0.95 if count >= 3 else 0.7, texts[slot.index])
    tops = [slot for slot in outermost.values() if slot.edge == "top"]
    _section_heads(texts, pages, tops, found)
    _changing_heads(texts, tops, found)
    return found


def _section_heads(texts: list[str], pages: list[int], tops: list[_Slot], found: dict[int, _Found]) -> None:
    """In a book that prints running heads, a head often carries the title of its chapter or section: the line
    at the top of a page that repeats a heading printed on an earlier page ("August 1661") is one, though it
    stands on one page only (an extract's last pages, a short chapter). Reported, to be checked."""
    if not any(found.get(slot.index, _NOTHING).kind == "head" for slot in tops):
        return
    first = {_key(text): index for index, text in reversed(list(enumerate(texts))) if _is_head_at_edge(text)}
    for slot in tops:
        text = texts[slot.index]
        earlier = first.get(_key(text))
        if (slot.index not in found and earlier is not None and pages[earlier] < slot.page
                and _is_head_at_edge(text)):
            found[slot.index] = _Found("head", "running head, repeating the heading printed on page "
                                               f"{pages[earlier] + 1} of the text", 0.7, text, varies=True)


def _folios(texts: list[str], slots: list[_Slot]) -> dict[int, _Found]:
    """The edge lines whose number counts up with the pages: value less page index the same from page to page.

    Page numbers restart or jump where an extract leaves pages out, so every offset that
    several pages share is a run of folios; a number that only happens to fit is one page's.
    Front matter counts in roman numerals, apart from the arabic folios.
    """
    pages_of: dict[tuple[str, int], set[int]] = defaultdict(set)
    fitting: list[tuple[_Slot, tuple[str, int], str]] = []
    for slot in slots:
        if reading := _folio_reading(texts[slot.index]):
            value, numbering, words = reading
            pages_of[(numbering, value - slot.page)].add(slot.page)
            fitting.append((slot, (numbering, value - slot.page), words))
    support = {run: len(pages) for run, pages in pages_of.items()}
    best = Counter[str]()
    for (numbering, _), count in support.items():
        best[numbering] = max(best[numbering], count)
    runs = {run for run, count in support.items() if count >= 2 and (count == best[run[0]] or count >= 3)}
    fitting = [item for item in fitting if item[1] in runs]
    places = Counter((slot.edge, slot.rank) for slot, _, _ in fitting)
    found: dict[int, _Found] = {}
    for page in sorted({slot.page for slot, _, _ in fitting}):
        slot, run, words = max((item for item in fitting if item[0].page == page),
                               key=lambda item: (not item[2], places[(item[0].edge, item[0].rank)]))
        confidence = 0.95 if support[run] >= 3 else 0.85
        if words:
            found[slot.index] = _Found("head", "running head with its folio, counting up page by page",
                                       confidence, words)
        else:
            found[slot.index] = _Found("folio", f"folio, counting up page by page ({support[run]} pages)",
                                       confidence)
    return found


def _folio_reading(text: str) -> tuple[int, str, str] | None:
    """(value, "arabic" or "roman", the head's words around it) of a line that may be a folio."""
    core = text.strip(_DECORATION)
    if _NUMBER.fullmatch(core):
        return int(core), "arabic", ""
    if core and _ROMAN.fullmatch(core):
        return _roman(core), "roman", ""
    match = _FOLIO_IN_HEAD.search(text)
    if match:
        words = (text[match.end():] if match.group(1) else text[:match.start()]).strip()
        if _is_head_shaped(words) and any(char.isalpha() for char in words):
            return int(match.group(1) or match.group(2)), "arabic", words
    return None


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[char] for char in numeral]
    return sum(-value if value < after else value for value, after in zip(values, [*values[1:], 0], strict=True))


def _changing_heads(texts: list[str], tops: list[_Slot], found: dict[int, _Found]) -> None:
    """Heads whose words change with the pages: on one side of the spread, the outermost line at the top (the
    folio aside) is on most pages short, most often in one shape ("1903", "1904"; "August 1661", "September
    1661"), and no one text dominates.

    A short line of that shape there is a head, though its words may be printed once; a line of
    another shape there is text (a chapter's title on its opening page), and is reported. Only a
    book that prints heads (one at least recurs on three pages) has such heads: elsewhere short
    lines at the top of pages are datelines.
    """
    if not any(found.get(slot.index, _NOTHING).confidence >= 0.95 and found[slot.index].kind == "head"
               for slot in tops):
        return  # the book prints no running head at the top that recurs: short lines there are the text's
    measure = statistics.median(text_width(text) for text in texts if text)
    places: dict[tuple[int, int], list[_Slot]] = defaultdict(list)
    for slot in tops:
        places[(slot.page % 2, slot.rank)].append(slot)
    for place_slots in places.values():
        heads = [slot for slot in place_slots
                 if _is_head_at_edge(texts[slot.index]) and text_width(texts[slot.index]) <= _SHORT * measure]
        if len(heads) < 3 or len(heads) < 0.6 * len(place_slots):
            continue
        keys = Counter(_key(texts[slot.index]) for slot in heads)
        shape, count = Counter(_shape(texts[slot.index]) for slot in heads).most_common(1)[0]
        if keys.most_common(1)[0][1] >= 0.7 * len(heads) or count < 0.6 * len(heads):
            continue  # one head throughout (a differing line is a chapter's opening page), or no one shape
        for slot in heads:
            text, known = texts[slot.index], found.get(slot.index)
            if known is not None:
                found[slot.index] = _Found(known.kind, known.decided, known.confidence, known.words, varies=True)
            elif _shape(text) == shape:
                found[slot.index] = _Found("head", "running head, changing from page to page in the shape of "
                                                   "the other heads there", 0.7, text, varies=True)
            else:
                found[slot.index] = _Found("kept", "kept as text: stands where the running heads stand, but "
                                                   "not in their shape", 0.5)


def _shape(text: str) -> str:
    """Letters (and the spaces between them) as "a", digits as "9", the rest as printed: "August 1661" → "a 9"."""
    shape = re.sub(r"[^\W\d_]+(?:\s+[^\W\d_]+)*", "a", text)
    return re.sub(r"[0-9]+", "9", shape)


# ---------------------------------------------------------------------------------------------
# Pages unknown: shape


def _by_shape(texts: list[str]) -> dict[int, _Found]:
    blank = [not text for text in texts]
    exact = Counter(_key(text) for text in texts if _is_head_shaped(text))
    keys = Counter(_head_key(text) for text in texts if _is_head_shaped(text))

    def isolated(index: int) -> bool:
        return (index == 0 or blank[index - 1]) and (index + 1 == len(texts) or blank[index + 1])

    heads: dict[int, tuple[str, float]] = {}
    for index, text in enumerate(texts):
        if not _is_head_shaped(text):
            continue
        if keys[_head_key(text)] >= 2 and _head_key(text):
            # digits aside, "JUNE 1" and "JUNE 5" could be a head and its folio, or two datelines in the text
            set_apart = exact[_key(text)] >= 2 or (index == 0 or blank[index - 1]) or (index + 1 < len(texts)
                                                                                       and blank[index + 1])
            heads[index] = ("running head, repeated on other pages", 0.9 if set_apart else 0.6)
        elif isolated(index):
            heads[index] = ("running head, alone between blank lines", 0.7)
        elif index == _first_text(texts) and index + 1 < len(texts) and len(texts[index + 1]) > 2 * len(text):
            heads[index] = ("first page's head or byline", 0.7)
    for index in _numbered_heads(texts, heads):
        heads[index] = ("running head, its folio following on from the other heads'", 0.85)
    folios = {index: ("folio, counting up page by page beside a head", 0.9) for index in _folio_chain(texts, blank)}
    side = _head_side(list(folios), texts, blank, heads)
    for index in folios:
        neighbour = _neighbour(index, side, blank)
        if neighbour is not None and _is_head_shaped(texts[neighbour]) and neighbour not in heads:
            heads[neighbour] = ("running head, beside a folio", 0.7)
    folios |= {index: ("folio, beside a running head", 0.9) for index in _folios_beside(texts, blank, heads)
               if index not in folios}
    found = {index: _Found("head", decided, confidence, _head_words(texts[index]))
             for index, (decided, confidence) in heads.items()}
    found |= {index: _Found("folio", decided, confidence) for index, (decided, confidence) in folios.items()
              if index not in heads}
    return found


def _head_key(text: str) -> str:
    """A running head with its folio and case taken away, so that every page's head compares equal."""
    return _key(re.sub(r"[0-9]+", "", text))


def _head_words(text: str) -> str:
    """A head without the folio printed in it: "Orchard Journal 102" → "Orchard Journal"."""
    return _FOLIO_IN_HEAD.sub(" ", text).strip(" .:–—-")


def _first_text(texts: list[str]) -> int:
    return next((index for index, text in enumerate(texts) if text), -1)


def _folios_beside(texts: list[str], blank: list[bool], heads: dict[int, tuple[str, float]]) -> list[int]:
    """Numbers standing next to a running head (blank lines between are allowed)."""
    folios = []
    for index in range(len(texts)):
        neighbours = [_neighbour(index, step, blank) for step in (-1, 1)]
        if _is_folio_shaped(texts, index) and any(neighbour in heads for neighbour in neighbours):
            folios.append(index)
    return folios


def _is_folio_shaped(texts: list[str], index: int) -> bool:
    """A number alone on its line that is neither a year nor the number of a note called just above."""
    text = texts[index]
    return bool(_NUMBER.fullmatch(text)) and not _YEAR.fullmatch(text) \
        and int(text) not in call_numbers_near(texts, index)


def _numbered_heads(texts: list[str], heads: dict[int, tuple[str, float]]) -> list[int]:
    """Head-shaped lines whose folio (printed in the line) follows on, page by page, from a known head's."""
    def folio(text: str) -> int | None:
        match = _FOLIO_IN_HEAD.search(text)
        return int(match.group(1) or match.group(2)) if match else None

    known = [(index, number) for index in heads if (number := folio(texts[index])) is not None]
    found = []
    for index, text in enumerate(texts):
        number = folio(text) if index not in heads and _is_head_shaped(text) else None
        if number is not None and any(
                (number - other) * (index - position) > 0 and abs(index - position) >= 10 * abs(number - other)
                for position, other in known):
            found.append(index)
    return found


def _folio_chain(texts: list[str], blank: list[bool]) -> list[int]:
    """Numbers beside head-shaped lines that count up by about one a page: folios.

    A page holds more than ten lines, so two folios stand at least ten lines apart for
    each page between them; a note number beside a head does not keep that pace.
    """
    beside = [index for index, text in enumerate(texts) if _is_folio_shaped(texts, index) and any(
        neighbour is not None and _is_head_shaped(texts[neighbour])
        for neighbour in (_neighbour(index, -1, blank), _neighbour(index, 1, blank)))]
    chain: set[int] = set()
    for a, b in pairwise(beside):
        step = int(texts[b]) - int(texts[a])
        if step >= 1 and b - a >= 10 * step:
            chain |= {a, b}
    return sorted(chain)


def _head_side(folios: list[int], texts: list[str], blank: list[bool], heads: dict[int, tuple[str, float]]) -> int:
    """Whether the heads stand after their folios (1) or before them (−1), as most of them do.

    A page's head is on the same side of its folio on every page, while the line on the
    other side is the previous page's last line, which may be just as short.
    """
    def votes(step: int) -> float:
        neighbours = [_neighbour(index, step, blank) for index in folios]
        return sum(2.0 if n in heads else 1.0 for n in neighbours if n is not None and _is_head_shaped(texts[n]))
    return 1 if votes(1) >= votes(-1) else -1


def _neighbour(index: int, step: int, blank: list[bool]) -> int | None:
    position = index + step
    while 0 <= position < len(blank) and blank[position]:
        position += step
    return position if 0 <= position < len(blank) else None
