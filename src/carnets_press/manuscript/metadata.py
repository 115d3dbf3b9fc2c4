"""book.toml: the edition's metadata and options, checked strictly.

Unknown keys are errors, because a misspelt option that is silently ignored
produces a wrong book without anyone noticing.
"""

from __future__ import annotations

import datetime
import hashlib
import posixpath
import re
import tomllib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from carnets_press.codes import finding
from carnets_press.errors import Location, ManuscriptError
from carnets_press.findings import Finding
from carnets_press.languages import is_language_tag
from carnets_press.manuscript.files import ManuscriptFiles
from carnets_press.manuscript.isbn import display as display_isbn
from carnets_press.manuscript.isbn import normalise as normalise_isbn
from carnets_press.relators import MARC_RELATORS

BOOK_FILE = "book.toml"

NOTE_NUMBERING = ("continuous", "per-part")
EPUB_NOTE_PLACEMENTS = ("footnotes", "endnotes")
PRINT_NOTE_PLACEMENTS = ("footnotes", "endnotes")
LINE_BREAKING = ("total-fit", "greedy")  # render/print/line_breaking.py's BREAKERS
# [print] hyphenate-names: true and false are "always" and "never" (render/print/hyphenation.py).
NAME_HYPHENATION = ("if-needed", "always", "never")
UNSAFE_HTML_POLICIES = ("remove", "refuse")

# A custom trim: from a pocket notebook's page to a broadsheet's; bleed as printers ask (3 mm, 0.125 in).
MIN_PAGE_MM, MAX_PAGE_MM, MAX_BLEED_MM = 50.0, 1000.0, 20.0
# Trim sizes (width, height) in millimetres: the common sizes of trade books.
TRIM_PRESETS = {
    "a5": (148.0, 210.0),
    "demy": (138.0, 216.0),
    "us-trade": (152.4, 228.6),
    "royal": (156.0, 234.0),
}


@dataclass(frozen=True)
class Person:
    name: str
    role: str
    file_as: str | None = None

    @property
    def role_label(self) -> str:
        return MARC_RELATORS.get(self.role, self.role)


@dataclass(frozen=True)
class NotesOptions:
    numbering: str = "continuous"
    epub: str = "footnotes"


# [print.qa]: the print QA's limits on its make-up measures (docs/check.md), for CI. A "max-" key is a count not to
# exceed (max-wide-lines-per-1000 a rate); word-space-p90 and word-space-min are word spaces in ems.
PRINT_QA_LIMITS = ("max-notes-moved", "max-notes-continued", "max-short-pages", "max-short-last-pages",
                   "max-uneven-spreads", "max-off-grid-lines", "max-line-starts", "max-hyphen-run",
                   "max-hyphens-at-recto-foot", "max-hyphenated-names", "max-fragment-endings", "max-overfull-lines",
                   "max-wide-lines-per-1000", "word-space-p90", "word-space-min")


@dataclass(frozen=True)
class PrintQALimits:
    """The [print.qa] limits set, as (key, value) pairs; unset, a measure is only reported."""

    values: tuple[tuple[str, float], ...] = ()
    # The book.toml line of each key, for the finding of a limit exceeded.
    lines: tuple[tuple[str, int | None], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class PrintOptions:
    trim: str = "demy"
    width_mm: float = 138.0
    height_mm: float = 216.0
    bleed_mm: float = 0.0
    crop_marks: bool = False
    notes: str = "footnotes"
    isbn: str | None = None  # the print edition's ISBN-13, 13 digits (isbn.normalise)
    hyphenate_names: str = "if-needed"  # one of NAME_HYPHENATION (render/print/hyphenation.py)
    line_breaking: str = "total-fit"  # or "greedy": WeasyPrint's own (render/print/line_breaking.py)
    qa: PrintQALimits = field(default_factory=PrintQALimits)


@dataclass(frozen=True)
class CoverOptions:
    """[cover]: the image stores and reading systems show, checked by the reader as the text's images are."""

    image: str | None = None  # relative to the manuscript: a JPEG or PNG (the file's real name once read)
    alt: str | None = None  # None: labels.cover_alt says "Cover of <title> by <authors>" in the book's language
    # The book.toml line of `image`, for a finding about the file it names.
    image_line: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class EpubOptions:
    # The print edition's page numbers (a page-list): True or None (not set) when the last PDF is of this text;
    # False: never. Set to true, the build warns when it cannot have them; not set, its summary says why.
    page_list: bool | None = None


@dataclass(frozen=True)
class AccessibilityOptions:
    summary: str | None = None
    certified_by: str | None = None


@dataclass(frozen=True)
class Metadata:
    title: str
    language: str
    contents: tuple[str, ...]
    # The book.toml line of each contents entry, for an error about the file it names.
    contents_lines: dict[str, int] = field(default_factory=dict, compare=False)
    subtitle: str | None = None
    identifier: str | None = None
    isbn: str | None = None  # the ebook's ISBN-13, 13 digits (isbn.normalise); [print] isbn is print.isbn
    date: str | None = None
    modified: str | None = None
    publisher: str | None = None
    rights: str | None = None
    description: str | None = None
    source: str | None = None
    unsafe_html: str = "remove"
    creators: tuple[Person, ...] = ()
    contributors: tuple[Person, ...] = ()
    notes: NotesOptions = field(default_factory=NotesOptions)
    print: PrintOptions = field(default_factory=PrintOptions)
    accessibility: AccessibilityOptions = field(default_factory=AccessibilityOptions)
    epub: EpubOptions = field(default_factory=EpubOptions)
    cover: CoverOptions = field(default_factory=CoverOptions)

    @property
    def package_identifier(self) -> str:
        """The EPUB's unique identifier: its ISBN as a URN when it has one, else the stable identifier."""
        return f"urn:isbn:{self.isbn}" if self.isbn else self.stable_identifier

    @property
    def isbns(self) -> tuple[tuple[str, str], ...]:
        """("epub" or "print", the ISBN hyphenated as printed) for each edition that has one, the ebook's first:
        the lines of the credits pages."""
        editions = (("epub", self.isbn), ("print", self.print.isbn))
        return tuple((edition, display_isbn(number)) for edition, number in editions if number)

    @property
    def stable_identifier(self) -> str:
        """The identifier, or one derived from the metadata so rebuilds keep it."""
        if self.identifier:
            return self.identifier
        seed = "\n".join([self.title, self.subtitle or "", self.date or ""] + [p.name for p in self.creators])
        return "urn:uuid:" + str(uuid.UUID(hashlib.sha256(seed.encode()).hexdigest()[:32]))

    @property
    def full_title(self) -> str:
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title


_TOP_LEVEL_STRINGS = ("title", "subtitle", "language", "identifier", "date", "modified",
                      "publisher", "rights", "description", "source")
_TOP_LEVEL_KEYS = set(_TOP_LEVEL_STRINGS) | {"unsafe-html", "contents", "creators", "contributors", "notes", "print",
                                             "accessibility", "isbn", "cover", "epub"}
_PERSON_KEYS = {"name", "role", "file-as"}
_NOTES_KEYS = {"numbering", "epub", "print"}
_PRINT_KEYS = {"trim", "width", "height", "bleed", "crop-marks", "hyphenate-names", "line-breaking", "isbn", "qa"}
_COVER_KEYS = {"image", "alt"}
_ACCESSIBILITY_KEYS = {"summary", "certified-by"}
_EPUB_KEYS = {"page-list"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def load_metadata(manuscript_dir: Path, files: ManuscriptFiles | None = None,
                  findings: list[Finding] | None = None) -> Metadata:
    """book.toml, read through the manuscript's file rules (`files`: the reader's, which records it).

    `findings`: where the reader collects the errors that need not stop it (an invalid ISBN, `isbn-invalid`),
    the value left out of the Metadata; without it, they raise ManuscriptError as every other bad value does."""
    path = manuscript_dir / BOOK_FILE
    if manuscript_dir.exists() and not manuscript_dir.is_dir():
        raise ManuscriptError(f"{manuscript_dir} is a file, not a manuscript directory", Location(manuscript_dir),
                              hint="give the directory that holds book.toml, for example -m manuscript")
    files = files or ManuscriptFiles(manuscript_dir)
    if files.problem(BOOK_FILE, "book.toml") == "does not exist":
        raise ManuscriptError(f"no {BOOK_FILE} in {manuscript_dir}", Location(path),
                              hint="a manuscript directory holds book.toml and its Markdown files")
    text = files.read_text(BOOK_FILE, "book.toml", Location(path))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ManuscriptError(f"invalid TOML: {error}", Location(path, _toml_error_line(error, text))) from None
    return _Reader(path, text, findings).metadata(data)


def _toml_error_line(error: tomllib.TOMLDecodeError, text: str) -> int | None:
    """tomllib puts the place in its message: "(at line 3, column 9)" or "(at end of document)"."""
    match = re.search(r"at line (\d+)", str(error))
    if match:
        return int(match.group(1))
    return max(1, len(text.splitlines())) if "end of document" in str(error) else None


class _Reader:
    """Turns the parsed TOML into Metadata, reporting the line of a bad key."""

    def __init__(self, path: Path, text: str, findings: list[Finding] | None = None):
        self.path = path
        self.lines = text.splitlines()
        self.findings = findings

    def metadata(self, data: dict[str, Any]) -> Metadata:
        self._reject_unknown(data, _TOP_LEVEL_KEYS, "")
        for key in ("title", "language"):
            if key not in data:
                raise ManuscriptError(f"book.toml has no {key}", Location(self.path),
                                      hint=f'add a line such as {key} = '
                                           f'"{ {"title": "Notebooks", "language": "en-GB"}[key]}"')
        strings = {key: self._string(data, key) for key in _TOP_LEVEL_STRINGS if key in data}
        isbn = self._isbn(data, None)
        if not is_language_tag(strings["language"]):
            self._fail("language", f"language {strings['language']!r} is not a BCP 47 tag",
                       'for example "en-GB", "la-Latn" or "en-x-pepys"')
        for key in ("date", "modified"):
            if key in strings:
                self._check_date(key, strings[key])
        if not strings["title"].strip():
            self._fail("title", "title is empty")
        unsafe_html = self._string(data, "unsafe-html") if "unsafe-html" in data else "remove"
        self._choice("unsafe-html", unsafe_html, UNSAFE_HTML_POLICIES)
        return Metadata(
            **strings,
            isbn=isbn,
            unsafe_html=unsafe_html,
            contents=self._contents(data),
            contents_lines=self._contents_lines(data),
            creators=self._people(data, "creators"),
            contributors=self._people(data, "contributors"),
            notes=self._notes(data.get("notes", {})),
            print=self._print(data.get("print", {}), data.get("notes", {}).get("print", "footnotes")),
            accessibility=self._accessibility(data.get("accessibility", {})),
            epub=self._epub(data.get("epub", {})),
            cover=self._cover(data.get("cover", {})),
        )

    def _contents(self, data: dict[str, Any]) -> tuple[str, ...]:
        contents = data.get("contents")
        if contents is None:
            raise ManuscriptError("book.toml has no contents", Location(self.path),
                                  hint='list the Markdown files in reading order: '
                                       'contents = ["introduction.md", "1941.md"]')
        if not isinstance(contents, list) or not all(isinstance(item, str) for item in contents) or not contents:
            self._fail("contents", "contents must be a non-empty list of file names")
        spelled = [posixpath.normpath(name) for name in contents]  # a.md and ./a.md are one file
        twice = next((name for index, name in enumerate(contents) if spelled[index] in spelled[:index]), None)
        if twice is not None:
            self._fail("contents", f"contents lists {twice!r} twice", "a file is in the book once")
        return tuple(contents)

    def _contents_lines(self, data: dict[str, Any]) -> dict[str, int]:
        """Where each name of contents is written: tomllib keeps no positions, so find its quoted string."""
        start = next((n for n, line in enumerate(self.lines) if re.match(r"\s*contents\s*=", line)), 0)
        lines: dict[str, int] = {}
        for name in data["contents"]:
            quoted = re.compile(rf"[\"']{re.escape(name)}[\"']")
            found = next((n for n in range(start, len(self.lines)) if quoted.search(self.lines[n])), start)
            lines.setdefault(name, found + 1)
        return lines

    def _people(self, data: dict[str, Any], key: str) -> tuple[Person, ...]:
        entries = data.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
            self._fail(key, f"{key} must be an array of tables: [[{key}]]")
        people = []
        for entry in entries:
            self._reject_unknown(entry, _PERSON_KEYS, f"{key}.")
            if "name" not in entry:
                self._fail(key, f"a [[{key}]] entry has no name", 'add name = "…"')
            role = (self._string(entry, "role", f"{key}.") if "role" in entry
                    else ("aut" if key == "creators" else "ctb"))
            if not re.fullmatch(r"[a-z]{3}", role):
                self._fail("role", f"role {role!r} is not a MARC relator code", 'for example "aut", "trl", "edt"')
            people.append(Person(self._string(entry, "name", f"{key}."), role,
                                 self._string(entry, "file-as", f"{key}.") if "file-as" in entry else None))
        return tuple(people)

    def _notes(self, section: Any) -> NotesOptions:
        section = self._table(section, "notes", _NOTES_KEYS)
        options = NotesOptions(**{key: self._string(section, key, "notes.") for key in section if key != "print"})
        self._choice("numbering", options.numbering, NOTE_NUMBERING)
        self._choice("epub", options.epub, EPUB_NOTE_PLACEMENTS)
        return options

    def _print(self, section: Any, notes: Any) -> PrintOptions:
        """Trim by preset name, or by width and height ("148mm", "6in"); bleed for the printer."""
        section = self._table(section, "print", _PRINT_KEYS)
        if not isinstance(notes, str):
            self._fail("print", "notes.print must be a string")
        self._choice("print", notes, PRINT_NOTE_PLACEMENTS)
        trim = self._string(section, "trim", "print.") if "trim" in section else "demy"
        if "width" in section or "height" in section:
            if not ("width" in section and "height" in section):
                self._fail("width" if "width" in section else "height", "give both print.width and print.height")
            width, height, trim = self._length(section, "width"), self._length(section, "height"), "custom"
            for key, value in (("width", width), ("height", height)):
                if not MIN_PAGE_MM <= value <= MAX_PAGE_MM:
                    self._fail(key, f"print.{key} of {value:g} mm is not a page size",
                               f"give {MIN_PAGE_MM:g} mm to {MAX_PAGE_MM:g} mm")
        elif trim in TRIM_PRESETS:
            width, height = TRIM_PRESETS[trim]
        else:
            self._fail("trim", f"trim = {trim!r} is not one of {', '.join(TRIM_PRESETS)}",
                       "or give width and height, e.g. width = \"5.5in\"")
        bleed = self._length(section, "bleed") if "bleed" in section else 0.0
        if bleed > MAX_BLEED_MM:
            self._fail("bleed", f"print.bleed of {bleed:g} mm is more than a printer asks for",
                       f"printers ask for 3 mm; at most {MAX_BLEED_MM:g} mm")
        crop = section.get("crop-marks", False)
        if not isinstance(crop, bool):
            self._fail("crop-marks", "print.crop-marks must be true or false")
        names = section.get("hyphenate-names", "if-needed")
        if isinstance(names, bool):
            names = "always" if names else "never"
        elif not isinstance(names, str) or names not in NAME_HYPHENATION:
            self._fail("hyphenate-names", 'print.hyphenate-names must be true, false or "if-needed"')
        breaking = self._string(section, "line-breaking", "print.") if "line-breaking" in section else "total-fit"
        self._choice("line-breaking", breaking, LINE_BREAKING)
        return PrintOptions(trim=trim, width_mm=width, height_mm=height, bleed_mm=bleed, crop_marks=crop, notes=notes,
                            isbn=self._isbn(section, "print"), hyphenate_names=names, line_breaking=breaking,
                            qa=self._print_qa(section.get("qa", {})))

    def _print_qa(self, section: Any) -> PrintQALimits:
        """A count is a whole number, 0 or more; a word space in ems or a rate, a number (word spaces above 0)."""
        section = self._table(section, "print.qa", set(PRINT_QA_LIMITS))
        values = []
        for key, value in section.items():
            count = key.startswith("max-") and not key.endswith("-per-1000")
            kind = "a whole number, 0 or more" if count else "a number above 0" if key.startswith("word-") \
                else "a number, 0 or more"
            if isinstance(value, bool) or not isinstance(value, int if count else (int, float)) or value < 0 \
                    or (value == 0 and key.startswith("word-")):
                self._fail_in("print.qa", key, f"print.qa.{key} must be {kind}",
                              "for example max-short-pages = 0, word-space-p90 = 0.36")
            values.append((key, float(value)))
        return PrintQALimits(tuple(values), tuple((key, self._line_in("print.qa", key)) for key, _ in values))

    def _isbn(self, section: dict[str, Any], table: str | None) -> str | None:
        """The ISBN-13 of `isbn` in `table` (None: the top level, the ebook's), or None when absent or invalid."""
        if "isbn" not in section:
            return None
        name = f"{table}.isbn" if table else "isbn"
        value = section["isbn"]
        if not isinstance(value, str):
            self._fail_in(table, "isbn", f"{name} must be a string", 'for example isbn = "978-0-14-044913-6"')
        try:
            return normalise_isbn(value)
        except ValueError as error:
            message = f"{name} = {value!r} is not a valid ISBN: {error}"
            location = Location(self.path, self._line_in(table, "isbn"))
            if self.findings is None:
                raise ManuscriptError(message, location, finding("isbn-invalid", message).hint) from None
            self.findings.append(finding("isbn-invalid", message, location))
            return None

    def _cover(self, section: Any) -> CoverOptions:
        """[cover] image and alt; the image file itself is checked by the reader, with the text's images."""
        section = self._table(section, "cover", _COVER_KEYS)
        strings = {}
        for key in ("image", "alt"):
            if key in section:
                value = section[key]
                if not isinstance(value, str) or not value.strip():
                    self._fail_in("cover", key, f"cover.{key} must be a non-empty string",
                                  'for example image = "images/cover.jpg"' if key == "image"
                                  else "leave alt out for the default, \"Cover of <title> by <authors>\"")
                strings[key] = value
        return CoverOptions(image=strings.get("image"), alt=strings.get("alt"),
                            image_line=self._line_in("cover", "image") if "image" in strings else None)

    def _length(self, section: dict[str, Any], key: str) -> float:
        value = self._string(section, key, "print.")
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)\s*", value)
        if not match:
            self._fail(key, f"print.{key} = {value!r} is not a length", 'write it with a unit: "148mm", "6in"')
        number, unit = float(match.group(1)), match.group(2)
        return number * {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72}[unit]

    def _accessibility(self, section: Any) -> AccessibilityOptions:
        section = self._table(section, "accessibility", _ACCESSIBILITY_KEYS)
        return AccessibilityOptions(summary=section.get("summary"), certified_by=section.get("certified-by"))

    def _epub(self, section: Any) -> EpubOptions:
        section = self._table(section, "epub", _EPUB_KEYS)
        page_list = section.get("page-list")
        if page_list is not None and not isinstance(page_list, bool):
            self._fail("page-list", "[epub] page-list must be true or false")
        return EpubOptions(page_list=page_list)

    def _table(self, section: Any, name: str, known: set[str]) -> dict[str, Any]:
        if not isinstance(section, dict):
            self._fail(name, f"{name} must be a table: [{name}]")
        self._reject_unknown(section, known, f"{name}.")
        return section

    def _choice(self, key: str, value: str, allowed: tuple[str, ...]) -> None:
        if value not in allowed:
            self._fail(key, f"{key} = {value!r} is not one of {', '.join(allowed)}")

    def _string(self, data: dict[str, Any], key: str, prefix: str = "") -> str:
        value = data[key]
        if not isinstance(value, str):
            self._fail(key, f"{prefix}{key} must be a string")
        return value

    def _check_date(self, key: str, value: str) -> None:
        if key == "modified":
            try:
                datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                self._fail(key, f"modified = {value!r} is not an ISO 8601 date-time",
                           'for example "2026-11-25T00:00:00Z"')
            return
        if not _DATE.match(value):
            self._fail(key, f"{key} = {value!r} is not an ISO 8601 date", 'for example "2013" or "2013-07-01"')

    def _reject_unknown(self, data: dict[str, Any], known: set[str], prefix: str) -> None:
        for key in data:
            if key not in known:
                self._fail(key, f"unknown key '{prefix}{key}' in book.toml",
                           f"known keys here: {', '.join(sorted(known))}")

    def _fail(self, key: str, message: str, hint: str | None = None) -> NoReturn:
        raise ManuscriptError(message, Location(self.path, self._line_of(key)), hint)

    def _fail_in(self, table: str | None, key: str, message: str, hint: str | None = None) -> NoReturn:
        raise ManuscriptError(message, Location(self.path, self._line_in(table, key)), hint)

    def _line_in(self, table: str | None, key: str) -> int | None:
        """The line of `key` in the table `[table]` (None: the top level; "print.qa" a table in a table), where `isbn`
        and `[print] isbn` are two keys of one name: under the table's header, or written with the rest of the
        table's name before it (`print.isbn = …` at the top level, `qa.max-short-pages = …` under [print]); else the
        table's own line."""
        names = table.split(".") if table else []
        # (the table whose header the key may be under, None for the top level; the dotted key written there)
        forms = [(".".join(names[:depth]) or None, re.compile(r"^\s*" + r"\s*\.\s*".join(
            re.escape(name) for name in [*names[depth:], key]) + r"\s*=")) for depth in range(len(names) + 1)]
        current: str | None = None  # the table whose header is above: None at the top level
        for number, line in enumerate(self.lines, start=1):
            if line.lstrip().startswith("["):
                header = re.match(r"^\s*\[\s*([A-Za-z0-9_.\s-]+?)\s*\]", line)  # [[array]] is none of ours
                current = re.sub(r"\s*\.\s*", ".", header.group(1)) if header else ""
            elif any(current == owner and written.match(line) for owner, written in forms):
                return number
        return self._line_of(table) if table else None

    def _line_of(self, key: str) -> int | None:
        """tomllib keeps no positions, so find the key's first definition for the message."""
        pattern = re.compile(rf"^\s*(\[+\s*)?{re.escape(key)}\s*(=|\]|\.)")
        for number, line in enumerate(self.lines, start=1):
            if pattern.match(line):
                return number
        return None
