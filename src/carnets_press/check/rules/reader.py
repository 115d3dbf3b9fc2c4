"""Codes the reader and the note numbering report while they build the book.

They are found there because only the parser sees them (a call left as text, a
definition the parser drops); they are listed here so that the documentation,
the SARIF rule list and suppressions know them like any other.
"""

from __future__ import annotations

from carnets_press.check.registry import Rule, register
from carnets_press.findings import Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING

READER_RULES = (
    Rule("manuscript-unreadable", ERROR, "the manuscript cannot be read at all (broken book.toml, a missing or non-UTF-8 file)",
         "fix what the message names; nothing else can be checked until then"),
    Rule("note-undefined", ERROR, "a note is called ([^label]) but never defined in its file",
         "add the definition '[^label]: …' to the same file, or remove the call"),
    Rule("note-unused", WARNING, "a note is defined but never called",
         "add the call [^label] in the text, or delete the note"),
    Rule("note-duplicate-label", ERROR, "two notes in one file have the same label",
         "labels are local to their file and must be unique there: rename one"),
    Rule("note-called-twice", ERROR, "one note is called from two places",
         "a note has one call: copy the note for the second call"),
    Rule("note-empty", ERROR, "a note has no text", "write the note, or delete it and its call"),
    Rule("note-in-note", ERROR, "a note is called inside another note",
         "a note cannot have notes of its own: merge the texts"),
    Rule("image-alt-missing", ERROR, "an image has no alt text",
         "describe the image: ![a street in Marseille](images/x.jpg)"),
    Rule("image-not-in-manuscript", ERROR,
         "an image is not a file inside the manuscript (a web address, an absolute path, a missing file)",
         "copy the image into the manuscript directory and give its relative path"),
    Rule("date-impossible", WARNING, "an entry heading names a date that does not exist (31 April)",
         "correct the heading, or set the date with {date=1941-04-30}"),
    Rule("date-unrecognised", WARNING, "an entry heading has no date the reader understands",
         "write the date as in '31 March 1941.', or set {date=1941-03-31}"),
    Rule("date-invalid", WARNING, "a heading's {date=…} attribute is not an ISO 8601 date or interval",
         "write YYYY, YYYY-MM, YYYY-MM-DD, or two of them joined by '/'"),
    Rule("heading-attributes", ERROR, "a heading's {…} attributes cannot be read",
         "write them as {#id .class key=value}"),
    Rule("heading-id-invalid", ERROR, "a heading's {#id} is not a valid identifier",
         "begin with a letter; use letters, digits, - _ ."),
    Rule("heading-id-duplicate", ERROR, "two headings have the same {#id}", "give each heading its own id"),
    Rule("html-unsafe", WARNING, "raw HTML outside the safe list was removed (an error with unsafe-html = \"refuse\")",
         "use only the elements and attributes listed in docs/manuscript.md; no script, event handlers, forms or frames"),
)

for reader_rule in READER_RULES:
    register(reader_rule)
