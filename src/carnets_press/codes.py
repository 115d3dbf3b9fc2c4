"""Every code a finding can have: its severity, family, meaning and what to do, in one table.

Every emitter (the reader, the transforms, the lint rules, the print QA, the validators) makes its
findings with `finding()`, so a code cannot be reported without being described here; the table of
docs/check.md and the SARIF rule list are generated from it (`markdown_table`). Codes are stable:
scripts and suppression comments name them.

Severity is decided here and only here: the table's default, raised to an error by the book.toml
option named in `raised_by`, or, for the families of outside validators (EPUBCheck, DAISY Ace), the
validator's own level mapped by `TOOL_SEVERITIES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from carnets_press.errors import Location
from carnets_press.findings import Finding, Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING

# Families: where a finding comes from, in the order docs/check.md lists them.
FAMILIES = {
    "manuscript": "found while reading the manuscript; `build` fails on these errors too",
    "build": "found by `build` in its output folder",
    "lint": "found by `check` on the book as it will be printed; `build` reports them too and stops on their "
            "errors (`font-missing-glyph`: `build pdf` only)",
    "print": "found by the print QA, reading the laid-out PDF back (`build pdf`, `validate FILE.pdf`)",
    "epubcheck": "EPUBCheck's messages on the built EPUB (`build epub`, `validate FILE.epub`)",
    "ace": "DAISY Ace's violations on the built EPUB, when `ace` is installed (`validate FILE.epub`)",
    "store": "found by `check --store` against an ebook store's published rules, on the EPUB the build makes",
}


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    family: str
    description: str  # Markdown, one line: what the finding means (docs/check.md, SARIF)
    hint: str  # what to do, printed after the message
    # (attribute of Metadata, value): the book.toml option that makes this code an error.
    raised_by: tuple[str, str] | None = None
    # The code is a prefix: the outside validator's own identifier follows it (epubcheck-RSC-007).
    prefix: bool = False


_TABLE = (
    # Found by the reader and the note numbering ------------------------------------------------------------
    Code("manuscript-unreadable", ERROR, "manuscript",
         "the manuscript cannot be read at all: no or broken `book.toml`, a file of `contents` missing, text "
         "before the first `#` heading, a file that is not UTF-8",
         "fix what the message names; nothing else can be checked until then"),
    Code("note-undefined", ERROR, "manuscript", "a note is called (`[^label]`) but never defined in its file",
         "add the definition '[^label]: …' to the same file, or remove the call"),
    Code("note-unused", WARNING, "manuscript", "a note is defined but never called",
         "add the call [^label] in the text, or delete the note"),
    Code("note-duplicate-label", ERROR, "manuscript", "two notes in one file have the same label",
         "labels are local to their file and must be unique there: rename one"),
    Code("note-called-twice", ERROR, "manuscript", "one note is called from two places",
         "a note has one call: copy the note for the second call"),
    Code("note-empty", ERROR, "manuscript", "a note has no text", "write the note, or delete it and its call"),
    Code("note-in-note", ERROR, "manuscript", "a note is called inside another note",
         "a note cannot have notes of its own: merge the texts"),
    Code("note-in-image-alt", ERROR, "manuscript",
         "a note is called inside an image's alt text, which is plain text: the note would be lost",
         "call the note after the image, or in its caption"),
    Code("image-alt-missing", ERROR, "manuscript", "an image has no alt text",
         "describe the image: ![a street in Marseille](images/x.jpg)"),
    Code("image-not-in-manuscript", ERROR, "manuscript",
         "an image is not a file inside the manuscript: a web address, an absolute path, a missing file",
         "copy the image into the manuscript directory and give its relative path"),
    Code("image-unreadable", ERROR, "manuscript",
         "an image that cannot be decoded (empty, truncated), whose bytes are not the kind its name says (a PNG "
         "named .jpg), that is not JPEG, PNG, GIF, WebP or SVG, or that decodes to over 100 megapixels (a "
         "decompression bomb)",
         "export the image again as JPEG or PNG, at the size the book prints it"),
    Code("image-unsafe", ERROR, "manuscript",
         "an SVG image with a script, an event handler (`onload=`), a `<foreignObject>`, an XML entity "
         "declaration, or a reference to anything outside the image (`javascript:`, a web address, another file)",
         "export the drawing again without scripts or links, as a self-contained SVG, or as PNG"),
    Code("text-forbidden-character", ERROR, "manuscript",
         "a control character (U+0000 to U+001F but tab and line ends) or U+FFFE/U+FFFF, which XML does not allow "
         "in a document, often left by a copy from a word processor or a PDF; reported at its line and column",
         "delete the character, or replace it by the one meant (a form feed by a blank line)"),
    Code("paragraph-too-long", ERROR, "manuscript",
         "a paragraph of over 500,000 characters (some 200 printed pages without a break), which the print "
         "edition would take minutes to set: usually a file whose line breaks were lost",
         "put back the blank lines between the paragraphs"),
    Code("date-impossible", WARNING, "manuscript", "an entry heading names a date that does not exist (31 April)",
         "correct the heading, or set the date with {date=1941-04-30}"),
    Code("date-unrecognised", WARNING, "manuscript",
         "an entry heading has no date the reader understands "
         "(see [the manuscript format](manuscript.md#entry-headings))",
         "write the date as in '31 March 1941.', or set {date=1941-03-31}"),
    Code("date-invalid", WARNING, "manuscript", "a heading's `{date=…}` is not an ISO 8601 date or interval",
         "write YYYY, YYYY-MM, YYYY-MM-DD, or two of them joined by '/'"),
    Code("heading-attributes", ERROR, "manuscript", "a heading's `{…}` attributes cannot be read",
         "write them as {#id .class key=value}"),
    Code("heading-id-invalid", ERROR, "manuscript", "a heading's `{#id}` is not a valid identifier (`{#1941}`)",
         "begin with a letter; use letters, digits, - _ ."),
    Code("heading-id-duplicate", ERROR, "manuscript",
         "two headings or spans have the same `{#id}`, in one file or in two (the message names the first)",
         "give each heading and span its own id"),
    Code("id-reserved", ERROR, "manuscript",
         "a `{#id}` that the tool gives its own pages or notes (`nav`, `titlepage`, `colophon`, `endnotes`, "
         "`toc`, `note-3`, `call-3`, an id ending in `-text`…): the EPUB would get two files or ids of that name",
         "choose another id"),
    Code("isbn-invalid", ERROR, "manuscript",
         "an `isbn` of `book.toml` (the ebook's, or `[print] isbn`) is not a valid ISBN: a wrong check digit, a "
         "wrong length, a character that is not a digit or a hyphen",
         "copy the ISBN again from the agency's record; an ISBN-10 is accepted and converted to ISBN-13"),
    Code("html-unsafe", WARNING, "manuscript",
         "raw HTML outside the safe list was removed (an error with `unsafe-html = \"refuse\"`)",
         "use only the elements and attributes listed in docs/manuscript.md; "
         "no script, event handlers, forms or frames",
         raised_by=("unsafe_html", "refuse")),
    Code("markdown-unsupported", WARNING, "manuscript",
         "Pandoc Markdown that the format does not read, or reads its own way: a YAML metadata block, a citation "
         "(`[@key]`), TeX math (`$…$`), a task list, a grid or multiline table, a raw block of a format other than "
         "HTML (`{=latex}`), an attribute the book does not carry (`width=50%`, `style`), a fenced div never "
         "closed; the message says what becomes of it",
         "write it as docs/manuscript.md describes (metadata in book.toml, a table as a pipe or simple table, a "
         "size in styles/print.css by a class), or escape it (`\\[@key]`, `\\$`) to print it as written"),
    # The lint rules of `check` -------------------------------------------------------------------------------
    Code("date-order", WARNING, "lint",
         "an entry starts before the dated entry above it in the same part "
         "(start dates compared; undated entries skipped)",
         "move the entry to its place, or correct its date"),
    Code("year-mismatch", WARNING, "lint",
         "in a part whose heading is a year (`# 1942`), an entry whose dates do not touch that year",
         "move the entry to the part of its year, or correct its date"),
    Code("double-space", WARNING, "lint", "two or more spaces in a row inside a paragraph",
         "leave one space; for a fixed space use a no-break space (U+00A0) or a thin space (U+2009)"),
    Code("joined-word", WARNING, "lint",
         "a lowercase letter followed by a capitalised word inside one word (`JusticeRevolution`), as when a line "
         "break was lost. Names such as McDonald, MacArthur, LaGuardia and iPhone are left alone",
         "put back the space or line break between the words"),
    Code("stray-page-furniture", WARNING, "lint",
         "a line of a paragraph (or a whole paragraph) that is only a number, a page number from the source; or "
         "only the author's name, the title, both, or a part's heading, page numbers aside: a running head",
         "delete it: page numbers and running heads are set by the edition"),
    Code("digit-glued", WARNING, "lint",
         "one to three digits glued to the end of a word (`Vlady.1`, `Popo10`, `overheads!28`), usually a note "
         "call lost in copying. Not reported: capitals with digits (`B52`, `MI6`), `1940s`, citations such as `p.12`",
         "write the call as a note, text.[^1], or put a space before the number"),
    Code("font-missing-glyph", ERROR, "lint",
         "a character that neither EB Garamond nor its fallback, STIX Two Math (fonts/README.md), has: roman text "
         "is checked against the Regular, emphasis against the Italic, headings against both, each with the "
         "fallback behind it. The PDF would set it in a font of the system. Reported once per character and "
         "paragraph, with its code point (U+2042…)",
         "use a character the font has (fonts/README.md lists the usual substitutes)"),
    Code("accessibility-summary-missing", WARNING, "lint", "`book.toml` has no `[accessibility] summary`",
         "add [accessibility] summary = \"…\": reading systems show it as the EPUB's accessibility summary"),
    Code("relator-unknown", WARNING, "lint",
         "a creator's or contributor's `role` is not in the MARC relator code list",
         "use a code from https://id.loc.gov/vocabulary/relators, such as aut, trl, edt"),
    Code("contents-unlisted", WARNING, "lint",
         "a `.md` file in the manuscript directory or below it (hidden directories aside) is not in `contents`, "
         "so it is not in the book",
         "add it to contents in book.toml, or move it out of the manuscript directory"),
    Code("link-broken", ERROR, "lint",
         "a link `[x](#id)` to an id no part, entry or `{#id}` span has; or `[x](file.md#id)` to a file not in "
         "`contents`, or to an id that file does not have",
         "link to an id the book has (set one with {#id} on a heading)"),
    Code("resource-external", ERROR, "lint",
         "a link to something the edition does not carry: a `data:` URL, an absolute path, a local file that is "
         "not a part (`scans/p1.pdf`); or a `file:`, `data:` or `javascript:` link or image, which Markdown refuses "
         "and prints as text. Web links (`https:`, `mailto:`) are fine. Images from the web are "
         "`image-not-in-manuscript`",
         "link to a web address or to a part of the book; put images inside the manuscript directory"),
    Code("suppression-unknown-code", WARNING, "lint", "a suppression comment names a code that does not exist",
         "correct the code: the table in docs/check.md lists them all"),
    Code("suppression-in-text", ERROR, "lint",
         "a suppression comment right under a line of text: Markdown reads it as part of the paragraph, so the "
         "book prints it",
         "leave a blank line between the comment and the text above it"),
    # The output folder -------------------------------------------------------------------------------------
    Code("cache-ignored", WARNING, "build",
         "a file of the build cache (`OUT/.carnets-cache/`) was not as this tool writes it (a symbolic link, a "
         "folder, a FIFO, damaged JSON, too large) and was not used: the build made what it would have given anew",
         "nothing to do; delete OUT/.carnets-cache to be rid of the message"),
    Code("cover-generated", WARNING, "build",
         "`book.toml` has no `[cover] image`: the EPUB's cover was made from the title, subtitle and author in the "
         "book's type, good for proofs but not what a store expects",
         "add [cover] image = \"images/cover.jpg\" (JPEG or PNG, 1600 × 2560 pixels or larger) and its alt text"),
    Code("page-list-unavailable", WARNING, "build",
         "`[epub] page-list = true`, but the EPUB was built without the print edition's page numbers: no print PDF "
         "was built in the same run, and the page list of the last one is not of this text (without the option, "
         "the build's summary says so instead)",
         "build both editions together (`build all`), or set [epub] page-list = false to go without"),
    # The print QA, after layout ------------------------------------------------------------------------------
    Code("print-note-lost", ERROR, "print", "a footnote is not in the PDF: WeasyPrint dropped it, or its text is not "
         "on the page its anchor is on (nor, for an endnote whose number ends a page, at the head of the next)",
         "shorten the note or the text around its call, or set [notes] print = \"endnotes\""),
    Code("print-note-moved", WARNING, "print",
         "a footnote is set on a later page than its call (WeasyPrint found no room on the call's page)",
         "look at the spread; rewording the paragraph or shortening the note brings it back"),
    Code("print-font-not-embedded", ERROR, "print", "a font of the PDF is not embedded",
         "report it: the fonts the tool ships are always embedded"),
    Code("print-font-foreign", ERROR, "print",
         "the PDF uses a font that is not the book's: WeasyPrint took a character that neither the book font nor "
         "its fallback has from a system font",
         "run carnets-press check to find the characters the font lacks"),
    Code("print-line-gaping", WARNING, "print",
         "a justified line of the PDF has word spaces over 1.5 em: nothing more fitted in it (a word too long for "
         "the line, or WeasyPrint ending it early, as it may after an inline element such as an emphasis or a note "
         "call followed by punctuation: docs/print.md)",
         "look at the page; a no-break space between the line's last words, or a reworded phrase, moves the break"),
    Code("print-line-overfull", WARNING, "print",
         "a line of the PDF runs past the text block's edge by more than 0.3 em (TeX's overfull box): a word too long "
         "for the measure, such as a URL or a long compound, that nothing could break",
         "give the word a break opportunity (a soft hyphen, or a zero-width space in a URL) or reword the line"),
    Code("print-text-off-page", ERROR, "print",
         "a line of the PDF runs off the page, so that some of its text cannot be read",
         "give the long word in it a break opportunity (a soft hyphen, or a zero-width space in a URL); "
         "if the line has no such word, report it: the line breaking did not end it where it should"),
    Code("print-heading-at-foot", WARNING, "print",
         "an entry heading is the last line of a page, its text beginning on the next",
         "look at the page; an edit above it, or a shorter entry before it, moves the break"),
    Code("print-makeup-threshold", ERROR, "print",
         "a make-up measure of the print QA (short pages, word spaces, hyphens, lines off the grid, bad line starts, "
         "notes moved or continued) is over the limit that `book.toml`'s `[print.qa]` sets for it; the message "
         "names the measure, its value, the limit and the pages",
         "look at the pages named (carnets-press proof --pages); the report beside the PDF lists every page's "
         "measures, or raise the limit"),
    Code("print-css-ignored", WARNING, "print",
         "WeasyPrint ignored a rule or declaration of a print stylesheet (an unknown property, an invalid value)",
         "correct the CSS at the file and line named; WeasyPrint's documentation lists what it supports"),
    Code("print-layout-warning", WARNING, "print",
         "WeasyPrint warned about something other than a stylesheet while it laid the book out (an anchor defined "
         "twice, a content it could not compute)",
         "look at the message; raw HTML or styles/print.css is the usual cause"),
    Code("print-resource-unloadable", ERROR, "print",
         "WeasyPrint could not load an image, font or stylesheet the print edition refers to",
         "give a file inside the manuscript that WeasyPrint can read"),
    # Store profiles, `check --store` (docs/stores.md has each store's numbers and their sources) --------------
    Code("store-checks-skipped", WARNING, "store",
         "the store checks asked for did not run: the book has errors, and the EPUB is made only from a book "
         "without them",
         "fix the errors above, then run check --store again"),
    Code("store-cover-missing", ERROR, "store",
         "the EPUB declares no cover image (no `properties=\"cover-image\"` item, no `<meta name=\"cover\">`), "
         "and the store requires the front cover inside the EPUB (Google Play Books)",
         "add [cover] image = \"images/cover.jpg\" to book.toml"),
    Code("store-cover-meta", WARNING, "store",
         "the OPF has no `<meta name=\"cover\">` naming the cover image's manifest item, which the store reads for "
         "the library thumbnail (Kobo)",
         "give the book a cover ([cover] image in book.toml); if it has one, report it: the OPF should name it with "
         "meta name=\"cover\" too"),
    Code("store-cover-size", ERROR, "store",
         "the cover image is outside the sizes the store accepts: too few pixels (KDP: 1000 × 625; Google: 640 on "
         "the shorter side), too many (KDP: 10,000 a side; Google: 7,200), or too large a file (KDP: 50 MB)",
         "export the cover again from its source at 1600 × 2560 pixels, as JPEG"),
    Code("store-cover-small", WARNING, "store",
         "the cover image is smaller than the store recommends (KDP: 1600 × 2560); the store accepts it with a "
         "reminder",
         "export the cover again from its source at 1600 × 2560 pixels; do not enlarge a small image"),
    Code("store-cover-ratio", WARNING, "store",
         "the cover image's height is not the ratio to its width that the store recommends (KDP: 1.6:1, as "
         "1600 × 2560)",
         "crop or redesign the cover at 1600 × 2560 pixels"),
    Code("store-cover-format", WARNING, "store", "the cover image is a GIF, which the store does not support for "
         "covers (Kobo)",
         "export the cover as JPEG or PNG"),
    Code("store-cover-page", WARNING, "store",
         "the cover image is not on a page of the spine of its own: no page shows it, or the page that does also "
         "holds text, another image or a link (Kobo)",
         "let the cover page show the cover image alone"),
    Code("store-image-too-large", ERROR, "store",
         "an image inside the EPUB, the cover included, has more pixels (width × height) than the store accepts "
         "(Apple Books: 5.6 million)",
         "export the image again at a smaller size: 1600 × 2560, KDP's ideal cover, is 4.1 million pixels"),
    Code("store-note-backlink", ERROR, "store",
         "a note does not link back to its call: Kindle requires footnotes linked both ways (one finding per file, "
         "at its first such note)",
         "report it: the EPUB's notes always link back to their calls"),
    Code("store-note-format", WARNING, "store",
         "a note's markup is not Kindle's: the call is not in `<sup>`, or the note does not begin with its link "
         "back (one finding per file and kind, at the first)",
         "report it if the EPUB is carnets-press's own: its note markup follows Kindle's example"),
    Code("store-file-too-large", ERROR, "store",
         "the EPUB is larger than the store accepts (KDP: 650 MB; Apple Books and Google Play Books: 2 GB)",
         "make the images smaller: they are most of an EPUB's size"),
    Code("store-file-large", WARNING, "store",
         "the EPUB is larger than the store advises (Apple Books and Kobo: 1 GB)",
         "make the images smaller: they are most of an EPUB's size"),
    # Outside validators: their own identifiers follow the prefix ---------------------------------------------
    Code("epubcheck", ERROR, "epubcheck",
         "a message of EPUBCheck, the official EPUB validator: the code is `epubcheck-` and EPUBCheck's own "
         "message ID (`epubcheck-RSC-007`); EPUBCheck's level gives the severity (FATAL and ERROR: error)",
         "EPUBCheck's message says what is wrong; the place is the manuscript line that made it where the build "
         "can tell (the EPUB's own place is in the message), else a file inside the EPUB", prefix=True),
    Code("ace", ERROR, "ace",
         "a violation found by DAISY Ace, the EPUB accessibility checker: the code is `ace-` and Ace's rule "
         "(`ace-epub-lang`); Ace's impact gives the severity (critical, serious, moderate: error; minor: warning)",
         "Ace's message says what is wrong; see docs/accessibility.md", prefix=True),
)

CODES: dict[str, Code] = {entry.code: entry for entry in _TABLE}
assert len(CODES) == len(_TABLE), "a code is in the table twice"

# The outside validators' own levels, as our severities.
TOOL_SEVERITIES: dict[str, dict[str, Severity]] = {
    "epubcheck": {"FATAL": ERROR, "ERROR": ERROR, "WARNING": WARNING},
    "ace": {"critical": ERROR, "serious": ERROR, "moderate": ERROR, "minor": WARNING},
}


def lookup(code: str) -> Code | None:
    """The table's entry for a code, also for a prefixed one (`epubcheck-RSC-007`)."""
    if code in CODES:
        return CODES[code]
    family = code.split("-", 1)[0]
    entry = CODES.get(family)
    return entry if entry is not None and entry.prefix else None


def finding(code: str, message: str, location: Location | None = None, *, options: object = None,
            tool_level: str | None = None) -> Finding:
    """A finding of a code of the table, with the table's severity and hint.

    `options`: the book's Metadata, whose `raised_by` option may make the code an error.
    `tool_level`: for a prefixed code, the outside validator's own level (see TOOL_SEVERITIES)."""
    entry = lookup(code)
    if entry is None:
        raise KeyError(f"finding code {code!r} is not in the table of carnets_press.codes")
    return Finding(code, severity(entry, options, tool_level), message, location, entry.hint)


def severity(entry: Code, options: object = None, tool_level: str | None = None) -> Severity:
    if entry.prefix and tool_level is not None:
        return TOOL_SEVERITIES[entry.family].get(tool_level, entry.severity)
    if entry.raised_by is not None and options is not None:
        attribute, value = entry.raised_by
        if getattr(options, attribute, None) == value:
            return ERROR
    return entry.severity


# docs/check.md holds markdown_table() between these lines; scripts/codes_table.py writes it there.
TABLE_BEGIN = "<!-- the table of codes: generated from src/carnets_press/codes.py by scripts/codes_table.py -->"
TABLE_END = "<!-- end of the generated table of codes -->"


def markdown_table(entries: Iterable[Code] = _TABLE) -> str:
    """The codes table of docs/check.md, by family."""
    lines = []
    for family, what in FAMILIES.items():
        lines += ["", f"#### {family}", "", f"Codes {what}.", "", "| code | severity | what it means | what to do |",
                  "|---|---|---|---|"]
        for entry in entries:
            if entry.family == family:
                code = f"`{entry.code}-…`" if entry.prefix else f"`{entry.code}`"
                cells = [code, entry.severity.value, entry.description, entry.hint]
                lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines[1:]) + "\n"
