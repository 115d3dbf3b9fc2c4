#!/usr/bin/env python3
"""Convert a Standard Ebooks source repository into a carnets-press manuscript, faithfully.

    python convert_standard_ebooks.py pepys --git-dir SE/samuel-pepys_the-diary.git -o /tmp/corpora/pepys
    python convert_standard_ebooks.py barbellion --git-dir ... -o /tmp/corpora/barbellion-slice --parts 1

The source is read from a git directory (a bare clone, or a clone's `.git`) at the commit pinned in
SOURCES below (or `--commit`), never from a work tree and never from the network: `git show
COMMIT:src/epub/...`. Standard Ebooks (SE) keeps a book as XHTML files under src/epub/text/, listed in
reading order by src/epub/content.opf, with every note in src/epub/text/endnotes.xhtml.

What is written (benchmarks/corpora/README.md has the rationale):

- book.toml: title, subtitle, language, creators and contributors with their MARC roles, description,
  rights, source (the SE edition, its repository and commit, and SE's own sources), contents in the
  spine's order. `modified` is the commit's date, so two runs give the same manuscript.
- one Markdown file per SE text file (a month for Pepys, a part for Barbellion, a chapter for
  Mackenzie), named after it (chapter-1.xhtml -> chapter-1.md), with `# heading {#id}`; front matter
  gets `{.introduction}`, back matter `{.afterword}`. SE's production files (title page, imprint,
  half-title, table of contents, list of illustrations, colophon, uncopyright) are left out: the tool
  makes its own.
- one `## heading` per dated entry, the dateline as SE gives it (`Jan. 1st (Lord's day).`, `January 3`,
  `*Wednesday, June 3.*`), with `{date=…}` from SE's `<time datetime>` (`--no-dates` leaves it out,
  to see what the tool reads from the headings alone) and `{#id}` when something links to the entry.
- every endnote as a Pandoc footnote `[^N]` at its call (N is SE's number), defined at the end of its
  file in call order, with all its blocks (continuation blocks indented four spaces).
- inline: `*emphasis*` (i, em), `**strong**`, `<b>` (small caps in SE's stylesheet) and the
  small-caps semantics (signature, recipient, persona, era) as `[…]{.smallcaps}`, `xml:lang` as
  `[…]{lang=..}`, other classes as `[…]{.class}`, links, and `<sup>`, `<sub>`, `<cite>`, `<dfn>` as the
  raw HTML our format allows. Emphasis that CommonMark's flanking rules would not read is written
  as raw `<em>`/`<i>` instead.
- blocks: paragraphs, block quotes, lists, `* * *`, sub-section headings (`###`), verse as Pandoc line
  blocks (`| `), tables as Pandoc pipe tables, definition lists in Pandoc syntax, images copied into
  images/ as `![alt](images/x.svg){#id}` with the caption as the paragraph after.

Nothing is simplified to suit the tool. Where our format has no way to say something the Pandoc way
is written and the case is logged to conversion.json in the output (kind, file, detail), with the
counts (parts, entries, notes) and every heading the converter had to invent.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

# ---------------------------------------------------------------------------------------------
# Pinned sources: the SE repositories and the commits the corpus was made from.


@dataclass(frozen=True)
class Source:
    repo: str
    commit: str
    note: str
    calendar: str = "gregorian"  # the calendar of the days the headings write (SE's datetimes are Gregorian)


SOURCES = {
    "pepys": Source(
        "standardebooks/samuel-pepys_the-diary",
        "a3031890b10ba1332659e4462fd5db5c99e60616",
        "Samuel Pepys, The Diary (Wheatley's 1893 text, with Braybrooke's and Wheatley's notes)",
        "julian",  # England kept the Julian calendar until 1752: SE's datetime of "Jan. 1st" 1660 is 1660-01-11
    ),
    "barbellion": Source(
        "standardebooks/w-n-p-barbellion_the-journal-of-a-disappointed-man",
        "9abf848d2fe2822faf828d1d6017256ba9790092",
        "W. N. P. Barbellion, The Journal of a Disappointed Man (1919)",
    ),
    "mackenzie": Source(
        "standardebooks/alexander-mackenzie_journals",
        "0f3b346726a571a0a1dddc535ec12addea2f9bad",
        "Alexander Mackenzie, Journals: To the Frozen and Pacific Oceans in 1789 and 1793",
    ),
}

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
EPUB_TYPE = f"{{{OPS}}}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# SE's production pages: the tool makes its own title page, contents and colophon.
SKIPPED_TYPES = {"titlepage", "imprint", "halftitlepage", "toc", "loi", "endnotes", "colophon", "copyright-page"}
FRONT_TYPES = {"frontmatter"}
BACK_TYPES = {"backmatter"}
# Elements SE's stylesheet sets in small caps (core.css: b; local.css: these semantics).
SMALLCAPS_TYPES = {"se:era", "z3998:signature", "z3998:recipient", "z3998:persona"}
VERSE_TYPES = {"z3998:verse", "z3998:poem", "z3998:song", "z3998:lyrics", "z3998:hymn"}
VERSE_CLASSES = {"epitaph"}
# Role order used when a person has several roles: our format gives a person one role.
ROLE_PRIORITY = ["aut", "edt", "trl", "aui", "win", "wpr", "ann", "cns", "ill", "ctg", "trc", "pfr"]
# The SE contributors who made SE's own book, not the text: their work (typefaces, cover) is not carried over.
LEFT_OUT_CONTRIBUTORS = {"type-designer", "artist"}

# Whitespace that XML formatting introduces; NOT the typographic spaces (U+00A0, U+200A…) that are text.
XML_SPACE = re.compile(r"[ \t\r\n]+")
# markdown-it's whitespace (its isWhiteSpace) and punctuation (ASCII or Unicode P*), for the flanking rules.
_MD_WHITESPACE = set("\t\n\x0b\x0c\r \u00a0\u1680\u202f\u205f\u3000") | {chr(c) for c in range(0x2000, 0x200B)}


def _is_md_punct(ch: str) -> bool:
    # CommonMark 0.31 (markdown-it-py 4): ASCII punctuation, and Unicode P* and S* categories
    return (ch.isascii() and not ch.isalnum() and not ch.isspace() and ch.isprintable()) or unicodedata.category(ch)[
        0
    ] in "PS"


def local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def types(el) -> set[str]:
    return set((el.get(EPUB_TYPE) or "").split())


def classes(el) -> list[str]:
    return (el.get("class") or "").split()


# ---------------------------------------------------------------------------------------------
# Reading the source from git


class GitSource:
    def __init__(self, git_dir: Path, commit: str):
        self.git_dir = git_dir
        self.commit = self._run("rev-parse", "--verify", f"{commit}^{{commit}}").decode().strip()

    def _run(self, *args: str) -> bytes:
        result = subprocess.run(["git", "--git-dir", str(self.git_dir), *args], capture_output=True)
        if result.returncode != 0:
            raise SystemExit(f"git {' '.join(args)} failed in {self.git_dir}: {result.stderr.decode().strip()}")
        return result.stdout

    def read(self, path: str) -> bytes:
        return self._run("show", f"{self.commit}:{path}")

    def exists(self, path: str) -> bool:
        return (
            subprocess.run(
                ["git", "--git-dir", str(self.git_dir), "cat-file", "-e", f"{self.commit}:{path}"], capture_output=True
            ).returncode
            == 0
        )

    def commit_date(self) -> str:
        stamp = int(self._run("show", "-s", "--format=%ct", self.commit).decode().strip())
        return datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def xml(self, path: str):
        return etree.fromstring(self.read(path))


@dataclass
class Person:
    name: str
    roles: list[str]
    file_as: str | None
    id: str


@dataclass
class Opf:
    spine: list[str]  # hrefs relative to src/epub/
    title: str
    subtitle: str | None
    language: str
    description: str | None
    rights: str | None
    date: str | None
    identifier: str | None
    sources: list[str]
    creators: list[Person]
    contributors: list[Person]


def read_opf(git: GitSource) -> Opf:
    root = git.xml("src/epub/content.opf")
    ns = {"opf": OPF, "dc": DC}
    manifest = {item.get("id"): item.get("href") for item in root.iterfind("opf:manifest/opf:item", ns)}
    spine = [manifest[ref.get("idref")] for ref in root.iterfind("opf:spine/opf:itemref", ns)]
    metadata = root.find("opf:metadata", ns)
    refines: dict[str, dict[str, list[str]]] = {}
    for meta in metadata.iterfind("opf:meta", ns):
        target = (meta.get("refines") or "").lstrip("#")
        if target:
            refines.setdefault(target, {}).setdefault(meta.get("property"), []).append((meta.text or "").strip())

    def text(tag: str, id_: str | None = None) -> str | None:
        for el in metadata.iterfind(f"dc:{tag}", ns):
            if id_ is None or el.get("id") == id_:
                return XML_SPACE.sub(" ", el.text or "").strip()
        return None

    def people(tag: str) -> list[Person]:
        found = []
        for el in metadata.iterfind(f"dc:{tag}", ns):
            ref = refines.get(el.get("id") or "", {})
            found.append(
                Person(el.text.strip(), ref.get("role", []), (ref.get("file-as") or [None])[0], el.get("id") or "")
            )
        return found

    titles = {el.get("id"): el.text.strip() for el in metadata.iterfind("dc:title", ns)}
    return Opf(
        spine=spine,
        title=titles.get("title") or next(iter(titles.values())),
        subtitle=titles.get("subtitle"),
        language=text("language") or "en",
        description=text("description"),
        rights=text("rights"),
        date=text("date"),
        identifier=text("identifier"),
        sources=[XML_SPACE.sub(" ", el.text).strip() for el in metadata.iterfind("dc:source", ns)],
        creators=people("creator"),
        contributors=[p for p in people("contributor") if p.id not in LEFT_OUT_CONTRIBUTORS],
    )


# ---------------------------------------------------------------------------------------------
# Markdown writing helpers

# Placeholders resolved once a paragraph is complete (the flanking rules need both neighbours).
EMPH_OPEN, EMPH_CLOSE, IMAGE_BANG = "\ue000", "\ue001", "\ue002"
_EMPH = re.compile(f"{EMPH_OPEN}(\\d+){EMPH_OPEN}|{EMPH_CLOSE}(\\d+){EMPH_CLOSE}")

_TEXT_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]"})
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")


def escape_text(text: str) -> str:
    """Backslash what CommonMark (with our footnotes and spans) would read as markup; leave the rest as it is."""
    text = text.translate(_TEXT_ESCAPES)
    text = _ENTITY_LIKE.sub(r"\\&", text)
    text = _TAG_LIKE.sub(r"\\<", text)
    return text.replace("~~", "\\~\\~")


_LINE_START = [
    (re.compile(r"^(#{1,6})(?=\s|$)"), r"\\\1"),
    (re.compile(r"^([-+=])(?=\s|$)"), r"\\\1"),
    (re.compile(r"^(=+|-+)\s*$"), r"\\\1"),
    (re.compile(r"^(\d{1,9})([.)])(?=\s|$)"), r"\1\\\2"),
    (re.compile(r"^([:%|>])"), r"\\\1"),
]


def escape_line_starts(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        stripped = line.lstrip(" \t")
        for pattern, repl in _LINE_START:
            stripped = pattern.sub(repl, stripped, count=1)
        lines[i] = stripped
    return "\n".join(lines)


def indent(text: str, prefix: str, first: str | None = None) -> str:
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        p = first if (i == 0 and first is not None) else prefix
        out.append((p + line) if line.strip() else p.rstrip())
    return "\n".join(out)


def quote(text: str) -> str:
    return indent(text, "> ")


# ---------------------------------------------------------------------------------------------
# The converter


@dataclass
class Ctx:
    """Where the element being written is."""

    lang: str
    in_note: bool = False
    in_heading: bool = False
    emph_depth: int = 0
    section_depth: int = 0


@dataclass
class FileOut:
    name: str  # chapter-1.md
    source: str  # text/chapter-1.xhtml
    lines: list[str] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    entries: int = 0
    body: bool = True


class Converter:
    def __init__(self, git: GitSource, out: Path, *, dates: bool = True, parts: int | None = None,
                 only: list[str] | None = None):
        self.git = git
        self.out = out
        self.dates = dates
        self.max_parts = parts
        self.only = {name.removesuffix(".xhtml") for name in only} if only else None
        self.opf = read_opf(git)
        self.book_lang = self.opf.language
        self.log: list[dict] = []
        self.invented: list[dict] = []
        self.unknown = Counter()
        self.emph: list[tuple[str, int]] = []  # (kind, depth) by placeholder number
        self.images: set[str] = set()
        self.current: FileOut | None = None
        self.notes: dict[str, etree._Element] = {}
        self._load_notes()
        self.files = self._included_files()
        self.md_name = {PurePosixPath(href).name: PurePosixPath(href).with_suffix(".md").name for href, _ in self.files}
        self.targets = self._link_targets()
        self.id_map = {target: self._safe_id(target) for target in {t for (_, t) in self.targets if t}}
        self.kept = self._kept_files()
        self.note_numbers = self._note_numbers()
        self._private_languages()

    def _kept_files(self) -> set[str]:
        """The source files this run writes: all of them, a slice's first N body files, or the body files named."""
        kept, body_parts = set(), 0
        for href, root in self.files:
            is_body = not (types(root.find(f"{{{XHTML}}}body")) & (FRONT_TYPES | BACK_TYPES))
            if self.max_parts is not None and (not is_body or body_parts >= self.max_parts):
                continue
            if self.only is not None and (not is_body or PurePosixPath(href).stem not in self.only):
                continue
            body_parts += is_body
            kept.add(PurePosixPath(href).name)
        if self.only is not None and len(kept) != len(self.only):
            missing = self.only - {PurePosixPath(name).stem for name in kept}
            raise SystemExit(f"--files: no body file {', '.join(sorted(missing))} in the source")
        return kept

    def _private_languages(self) -> None:
        """A private-use language tag alone (SE's `x-zumm`, Zummerzetshire) is not one a checker takes (DAISY Ace's
        valid-lang: no language subtag): it is written as a private use of the book's language (`en-x-zumm`)."""
        primary = self.book_lang.split("-")[0]
        roots = [(PurePosixPath(href).with_suffix(".md").name, root) for href, root in self.files
                 if PurePosixPath(href).name in self.kept]
        for name, root in roots + [("endnotes", self.notes[number]) for number in self.note_numbers]:
            for el in root.iter():
                lang = el.get(XML_LANG) if isinstance(el.tag, str) else None
                if lang and lang.lower().startswith("x-"):
                    el.set(XML_LANG, f"{primary}-{lang}")
                    self.log.append({"kind": "language-private-use", "file": name,
                                     "detail": f"xml:lang={lang!r} written as {primary}-{lang} (a private use of the "
                                               "book's language)"})

    def _note_numbers(self) -> dict[str, int]:
        """SE's note number -> the number carnets-press gives it: the notes in reading order of their calls in
        the files this run writes, a note's own calls right after it (transform/notes.py). In the whole book the
        two agree; in a slice ours start at 1."""
        order: dict[str, int] = {}

        def visit(root) -> None:
            for a in root.iter(f"{{{XHTML}}}a"):
                if "noteref" not in types(a):
                    continue
                number = (a.get("href") or "").rpartition("#note-")[2]
                if number in self.notes and number not in order:
                    order[number] = len(order) + 1
                    visit(self.notes[number])

        for href, root in self.files:
            if PurePosixPath(href).name in self.kept:
                visit(root.find(f"{{{XHTML}}}body"))
        return order

    # -- setup ----------------------------------------------------------------------------------

    def _load_notes(self) -> None:
        path = next((h for h in self.opf.spine if h.endswith("endnotes.xhtml")), None)
        if path is None:
            return
        root = self.git.xml(f"src/epub/{path}")
        for li in root.iter(f"{{{XHTML}}}li"):
            nid = li.get("id") or ""
            if nid.startswith("note-"):
                self.notes[nid.removeprefix("note-")] = li

    def _included_files(self) -> list[tuple[str, etree._Element]]:
        files = []
        for href in self.opf.spine:
            if not href.endswith(".xhtml"):
                continue
            root = self.git.xml(f"src/epub/{href}")
            body = root.find(f"{{{XHTML}}}body")
            top = next((c for c in body if local(c) in ("section", "article", "nav")), None)
            kinds = types(top) if top is not None else set()
            if local(top) == "nav" or kinds & SKIPPED_TYPES:
                continue
            files.append((href, root))
        return files

    def _link_targets(self) -> set[tuple[str, str]]:
        """(file, id) of every in-book link target, so those ids are kept on what we write."""
        targets = set()
        roots = [(PurePosixPath(href).name, root) for href, root in self.files] + [
            ("endnotes.xhtml", li) for li in self.notes.values()
        ]
        for here, root in roots:
            for a in root.iter(f"{{{XHTML}}}a"):
                if types(a) & {"noteref", "backlink"}:
                    continue
                href = a.get("href") or ""
                if href.startswith(("http:", "https:", "mailto:")):
                    continue
                file, _, frag = href.partition("#")
                targets.add((PurePosixPath(file).name if file else here, frag))
        return targets

    def _safe_id(self, source_id: str) -> str:
        """Our format's ids are XML names; SE has a few with '/' (entry-1661-7-18/1661-7-23)."""
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", source_id):
            return source_id
        safe = re.sub(r"[^A-Za-z0-9_.-]", "--", source_id)
        self.note_case("id-rewritten", f"{source_id!r} -> {safe!r} (our ids are XML names)")
        return safe

    def note_case(self, kind: str, detail: str) -> None:
        self.log.append({"kind": kind, "file": self.current.name if self.current else "book.toml", "detail": detail})

    # -- the book -------------------------------------------------------------------------------

    def run(self) -> dict:
        if self.out.exists():
            shutil.rmtree(self.out)
        self.out.mkdir(parents=True)
        outputs = []
        for href, root in self.files:
            if PurePosixPath(href).name not in self.kept:
                continue
            body = root.find(f"{{{XHTML}}}body")
            body_kind = types(body)
            is_body = not (body_kind & (FRONT_TYPES | BACK_TYPES))
            fo = FileOut(self.md_name[PurePosixPath(href).name], f"text/{PurePosixPath(href).name}", body=is_body)
            self.current = fo
            self._file(root, fo, body_kind)
            outputs.append(fo)
        self.current = None
        for fo in outputs:
            (self.out / fo.name).write_text("\n".join(fo.lines).rstrip() + "\n", encoding="utf-8")
        self.current = None
        calls = [number for fo in outputs for number in fo.calls]
        if calls != list(self.note_numbers):
            self.note_case("note-order", "the notes were called in another order than _note_numbers read: "
                                         "links to notes may point at other notes")
        self._copy_images()
        self._write_toml([fo.name for fo in outputs])
        summary = {
            "source": {"repository": self.source_repo, "commit": self.git.commit},
            "parts": len(outputs),
            "body_parts": sum(fo.body for fo in outputs),
            "entries": sum(fo.entries for fo in outputs),
            "notes": sum(len(fo.calls) for fo in outputs),
            "notes_in_source": len(self.notes),
            "notes_not_called": sorted(set(self.notes) - {c for fo in outputs for c in fo.calls}, key=int)
            if self.max_parts is None and self.only is None
            else "n/a (slice)",
            "dates": self.dates,
            "slice_parts": self.max_parts,
            "slice_files": sorted(self.only) if self.only else None,
            "invented_headings": self.invented,
            "unknown_elements": dict(self.unknown),
            "cases": dict(Counter(case["kind"] for case in self.log)),
            "log": self.log,
        }
        (self.out / "conversion.json").write_text(
            json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        return summary

    source_repo = ""
    calendar = "gregorian"

    def _write_toml(self, contents: list[str]) -> None:
        o = self.opf
        lines = [
            f"# Converted by benchmarks/corpora/convert_standard_ebooks.py from {self.source_repo}"
            f" at {self.git.commit}."
        ]
        lines.append(f"title = {toml_str(o.title)}")
        if o.subtitle:
            lines.append(f"subtitle = {toml_str(o.subtitle)}")
        lines.append(f"language = {toml_str(o.language)}")
        if self.calendar != "gregorian":
            # What the headings' days are, for a reader of --no-dates manuscripts; book.toml has no key for it yet.
            lines.append(f"# calendar = {toml_str(self.calendar)}")
        if o.date:
            lines.append(f"date = {toml_str(o.date[:10])}")
        lines.append(f"modified = {toml_str(self.git.commit_date())}")
        lines.append('publisher = "Standard Ebooks (transcription); converted for the carnets-press benchmark corpus"')
        if o.rights:
            lines.append(f"rights = {toml_str(o.rights)}")
        if o.description:
            lines.append(f"description = {toml_str(o.description)}")
        source = f"Standard Ebooks, {o.identifier} (https://github.com/{self.source_repo}, commit {self.git.commit})"
        if o.sources:
            source += "; transcribed from " + ", ".join(o.sources)
        lines.append(f"source = {toml_str(source)}")
        lines.append("contents = [")
        lines += [f"    {toml_str(name)}," for name in contents]
        lines.append("]")
        for key, people in (("creators", o.creators), ("contributors", o.contributors)):
            for person in people:
                role = (
                    min(person.roles, key=lambda r: ROLE_PRIORITY.index(r) if r in ROLE_PRIORITY else 99)
                    if person.roles
                    else None
                )
                lines.append("")
                lines.append(f"[[{key}]]")
                lines.append(f"name = {toml_str(person.name)}")
                if role:
                    lines.append(f"role = {toml_str(role)}")
                if len(person.roles) > 1:
                    lines.append(
                        f"# SE gives {person.name} the roles {', '.join(person.roles)}; our format takes one per person"
                    )
                    self.note_case("person-roles", f"{person.name}: {', '.join(person.roles)} -> {role}")
                if person.file_as:
                    lines.append(f"file-as = {toml_str(person.file_as)}")
        (self.out / "book.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def _copy_images(self) -> None:
        if not self.images:
            return
        (self.out / "images").mkdir()
        for name in sorted(self.images):
            path = f"src/epub/images/{name}"
            if self.git.exists(path):
                (self.out / "images" / name).write_bytes(self.git.read(path))
            else:
                self.note_case(
                    "image-missing", f"{path} is not in the snapshot (files of 4 MiB and more may be absent)"
                )

    # -- one file -------------------------------------------------------------------------------

    def _file(self, root, fo: FileOut, body_kind: set[str]) -> None:
        body = root.find(f"{{{XHTML}}}body")
        lang = root.get(XML_LANG) or self.book_lang
        top = next(c for c in body if local(c) in ("section", "article"))
        ctx = Ctx(lang=top.get(XML_LANG) or lang)
        role = "introduction" if body_kind & FRONT_TYPES else "afterword" if body_kind & BACK_TYPES else None
        heading_el, rest = self._split_heading(top)
        if heading_el is None:
            title = XML_SPACE.sub(" ", root.findtext(f"{{{XHTML}}}head/{{{XHTML}}}title") or "").strip() or top.get(
                "id"
            )
            heading = escape_text(title)
            self.invented.append(
                {"file": fo.name, "heading": title, "why": "the SE section has no heading; its <title>"}
            )
        else:
            heading = heading_el
        attrs = [f"#{top.get('id')}"] if top.get("id") else []
        if role:
            attrs.append(f".{role}")
        fo.lines.append(f"# {heading}" + (f" {{{' '.join(attrs)}}}" if attrs else ""))
        fo.lines.append("")
        self._container(rest, fo, ctx, in_entry=False)
        if fo.calls:
            fo.lines.append("")
            for number in fo.calls:
                fo.lines.append(self._note_definition(number, ctx))
                fo.lines.append("")

    def _split_heading(self, section) -> tuple[str | None, list]:
        """The section's heading as Markdown inline text, and its other children."""
        children = [c for c in section if isinstance(c.tag, str)]
        for i, child in enumerate(children):
            tag = local(child)
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                return self._inline_block(child, Ctx(lang=self.book_lang, in_heading=True)), children[:i] + children[
                    i + 1 :
                ]
            if tag == "hgroup":
                parts = [
                    self._inline_block(c, Ctx(lang=self.book_lang, in_heading=True))
                    for c in child
                    if isinstance(c.tag, str)
                ]
                self.note_case(
                    "hgroup-joined", f"heading group {' / '.join(parts)!r} written as one heading joined by ': '"
                )
                return ": ".join(parts), children[:i] + children[i + 1 :]
            if tag == "header":
                inner = [c for c in child if isinstance(c.tag, str)]
                head = next((c for c in inner if local(c) in ("h1", "h2", "h3", "h4", "h5", "h6", "hgroup")), None)
                if head is not None:
                    fake = etree.Element(f"{{{XHTML}}}section")
                    fake.append(head)
                    heading, _ = self._split_heading(fake)
                    others = [c for c in inner if c is not head]
                    if others:
                        self.note_case(
                            "header-paragraphs",
                            f"{len(others)} block(s) of the heading's <header> written after the heading",
                        )
                    return heading, children[:i] + others + children[i + 1 :]
            if tag not in ("header",):
                break
        return None, children

    # -- containers: parts, groups, entries -----------------------------------------------------

    def _container(self, children: list, fo: FileOut, ctx: Ctx, *, in_entry: bool) -> bool:
        """Write a part's (or group's) children; returns whether an entry is open."""
        for child in children:
            if not isinstance(child.tag, str):
                continue
            tag, kinds = local(child), types(child)
            if tag in ("section", "article") and "z3998:diary-entry" in kinds:
                in_entry = self._entry(child, fo, ctx, in_entry)
            elif tag == "section" and "z3998:diary" in kinds:
                # A group of entries (Barbellion: a year) inside a part: our format has no level between part and entry.
                head = [c for c in child if local(c) == "header"]
                for h in head:
                    for p in h:
                        if isinstance(p.tag, str):
                            text = self._inline_block(p, ctx)
                            fo.lines.append(escape_line_starts(f"[{text}]{{.diary-header}}"))
                            fo.lines.append("")
                            self.note_case(
                                "group-header",
                                f"group {child.get('id')!r} ({text!r}) written as a paragraph "
                                + ("inside the previous entry" if in_entry else "in the part's own text"),
                            )
                in_entry = self._container([c for c in child if local(c) != "header"], fo, ctx, in_entry=in_entry)
            elif tag == "p" and self._run_in_dateline(child) is not None:
                in_entry = self._run_in_entry(child, fo, ctx)
            else:
                self._blocks([child], fo.lines, ctx)
        return in_entry

    def _entry_heading_line(self, heading: str, el_id: str | None, date: str | None) -> str:
        attrs = []
        if el_id and self._is_target(el_id):
            attrs.append(f"#{self.id_map[el_id]}")
        if date and self.dates:
            attrs.append(f"date={date}")
        heading = heading.strip()
        if heading.endswith("#"):
            heading = heading[:-1] + "\\#"
        return f"## {heading}" + (f" {{{' '.join(attrs)}}}" if attrs else "")

    def _is_target(self, el_id: str) -> bool:
        return (self.current.source.removeprefix("text/"), el_id) in self.targets

    def _entry(self, el, fo: FileOut, ctx: Ctx, in_entry: bool) -> bool:
        ctx = Ctx(lang=el.get(XML_LANG) or ctx.lang)
        children = [c for c in el if isinstance(c.tag, str)]
        first = children[0] if children else None
        heading = date = None
        rest = children
        if first is not None and local(first) == "header":
            ps = [c for c in first if isinstance(c.tag, str)]
            heading = " ".join(self._inline_block(p, Ctx(lang=ctx.lang, in_heading=True)) for p in ps)
            t = first.find(f".//{{{XHTML}}}time")
            date = t.get("datetime") if t is not None else None
            rest = children[1:]
            if len(ps) > 1:
                self.note_case(
                    "entry-header-joined", f"{el.get('id')}: {len(ps)} header paragraphs joined into the heading"
                )
        elif first is not None and local(first) == "p" and "se:diary.dateline" in types(first):
            heading = self._inline_block(first, Ctx(lang=ctx.lang, in_heading=True))
            t = first.find(f".//{{{XHTML}}}time")
            date = t.get("datetime") if t is not None else None
            rest = children[1:]
        elif first is not None and local(first) == "p" and self._run_in_dateline(first) is not None:
            dl = self._run_in_dateline(first)
            heading, paragraph = self._split_run_in(first, dl, ctx)
            date = (
                dl.get("datetime")
                if local(dl) == "time"
                else (
                    dl.find(f".//{{{XHTML}}}time").get("datetime")
                    if dl.find(f".//{{{XHTML}}}time") is not None
                    else None
                )
            )
            fo.lines.append(self._entry_heading_line(heading, el.get("id"), date))
            fo.lines.append("")
            fo.entries += 1
            if paragraph.strip():
                fo.lines.append(paragraph)
                fo.lines.append("")
            self._blocks(children[1:], fo.lines, ctx)
            return True
        if heading is None:
            # An entry with no dateline (Pepys's yearly summaries): part text if no entry is open yet.
            where = "the previous entry" if in_entry else "the part's own text"
            self.note_case(
                "undated-entry", f"{el.get('id')}: SE entry without a dateline, written as paragraphs of {where}"
            )
            self._blocks(children, fo.lines, ctx)
            return in_entry
        fo.lines.append(self._entry_heading_line(heading, el.get("id"), date))
        fo.lines.append("")
        fo.entries += 1
        self._blocks(rest, fo.lines, Ctx(lang=ctx.lang))
        return True

    def _run_in_dateline(self, p):
        """The dateline element starting a paragraph (`<time>` or `<i epub:type="se:diary.dateline">`), or None."""
        lead = (p.text or "").strip()
        first = next((c for c in p if isinstance(c.tag, str)), None)
        if first is None:
            return None
        if "se:diary.dateline" in types(first) and len(lead) <= 24:
            return first  # a short label may come first (Mackenzie: "July. *Monday, July 1.*⁠—")
        if lead:
            return None
        parent_is_entry = "z3998:diary-entry" in types(p.getparent())
        if local(first) == "time" and parent_is_entry and p is next(c for c in p.getparent() if isinstance(c.tag, str)):
            return first
        return None

    def _split_run_in(self, p, dateline, ctx: Ctx) -> tuple[str, str]:
        """A run-in dateline becomes the heading; the separator after it (`.`, `⁠—`) goes with it."""
        hctx = Ctx(lang=ctx.lang, in_heading=True)
        lead = XML_SPACE.sub(" ", p.text or "").lstrip(" ")
        if lead.strip():
            self.note_case("dateline-label", f"{lead.strip()!r} before the dateline kept at the start of the heading")
        heading = escape_text(lead) + self._inline_el(dateline, hctx, with_tail=False)
        tail = dateline.tail or ""
        m = re.match(r"^[.,:;]?(?:\u2060?[—–])?", tail)
        sep = m.group(0)
        heading += escape_text(sep)
        rest_tail = XML_SPACE.sub(" ", tail[len(sep) :])
        siblings = [c for c in dateline.itersiblings()]
        # a note called right after the dateline (`10th (Fast-day for the fire).[^3003] Up…`) is the heading's
        while siblings and not rest_tail.strip() and local(siblings[0]) == "a" and "noteref" in types(siblings[0]):
            heading += self._inline_el(siblings[0], hctx, with_tail=False)
            rest_tail = XML_SPACE.sub(" ", siblings[0].tail or "")
            siblings.pop(0)
        heading = self._end_para(heading)
        rest_tail = rest_tail.lstrip(" ")
        body = escape_text(rest_tail) + "".join(self._inline_el(c, ctx) for c in siblings)
        body = self._wrap_lang(self._end_para(body).strip(" "), p, ctx)
        return heading, escape_line_starts(body)

    def _run_in_entry(self, p, fo: FileOut, ctx: Ctx) -> bool:
        dl = self._run_in_dateline(p)
        heading, paragraph = self._split_run_in(p, dl, ctx)
        t = dl if local(dl) == "time" else dl.find(f".//{{{XHTML}}}time")
        date = t.get("datetime") if t is not None else None
        fo.lines.append(
            self._entry_heading_line(heading, p.get("id") or (t.get("id") if t is not None else None), date)
        )
        fo.lines.append("")
        fo.entries += 1
        if paragraph.strip():
            fo.lines.append(paragraph)
            fo.lines.append("")
        return True

    # -- blocks ---------------------------------------------------------------------------------

    def _blocks(self, children: list, lines: list[str], ctx: Ctx) -> None:
        for child in children:
            if not isinstance(child.tag, str):
                continue
            block = self._block(child, ctx)
            if block is None:
                continue
            lines.append(block)
            lines.append("")

    def _blocks_text(self, children: list, ctx: Ctx) -> str:
        lines: list[str] = []
        self._blocks(children, lines, ctx)
        return "\n".join(lines).strip("\n")

    def _block(self, el, ctx: Ctx) -> str | None:
        tag, kinds, cls = local(el), types(el), classes(el)
        lang = el.get(XML_LANG)
        if lang:
            ctx = Ctx(lang=lang, in_note=ctx.in_note, section_depth=ctx.section_depth)
        if tag == "p":
            if self._is_verse_context(el):
                return self._line_block(el, ctx)
            if "continued" in cls:
                self.note_case(
                    "class-dropped",
                    "p.continued (a paragraph continuing after a quotation) written as a plain paragraph",
                )
            text = self._inline_block(el, ctx)
            if kinds & SMALLCAPS_TYPES and text:
                text = f"[{text}]{{.smallcaps}}"
            text = self._anchor(el, text)
            return escape_line_starts(self._wrap_lang(text, el, ctx)) if text.strip() else None
        if tag == "blockquote":
            inner = self._blocks_text([c for c in el if isinstance(c.tag, str)], ctx)
            return quote(inner) if inner else None
        if tag in ("section", "article", "div", "header", "footer", "hgroup", "figcaption"):
            return self._generic_section(el, ctx)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = min(6, 3 + ctx.section_depth)
            return f"{'#' * level} {self._inline_block(el, Ctx(lang=ctx.lang, in_heading=True))}"
        if tag == "cite":
            return escape_line_starts(f"<cite>{self._inline_block(el, ctx)}</cite>")
        if tag in ("ol", "ul"):
            return self._list(el, ctx)
        if tag == "dl":
            return self._definition_list(el, ctx)
        if tag == "table":
            return self._table(el, ctx)
        if tag == "hr":
            return "* * *"
        if tag == "figure":
            return self._figure(el, ctx)
        if tag == "img":
            return self._end_para(self._image(el))
        self.unknown[f"block <{tag}>"] += 1
        text = self._inline_block(el, ctx)
        return escape_line_starts(text) if text.strip() else None

    def _generic_section(self, el, ctx: Ctx) -> str | None:
        tag = local(el)
        children = [c for c in el if isinstance(c.tag, str)]
        if (
            tag in ("section", "article", "div")
            and children
            and local(children[0]) == "header"
            and not self._in_quote(el)
            and not ctx.in_note
        ):
            # A titled sub-section (Barbellion's `div > header > p "Spring in the Woods"`): a heading.
            header = children[0]
            ps = [c for c in header if isinstance(c.tag, str)]
            if ps and all(local(p) in ("p", "h2", "h3", "h4", "h5", "h6") for p in ps):
                level = min(6, 3 + ctx.section_depth)
                title = " ".join(self._inline_block(p, Ctx(lang=ctx.lang, in_heading=True)) for p in ps)
                inner = self._blocks_text(
                    children[1:], Ctx(lang=ctx.lang, in_note=ctx.in_note, section_depth=ctx.section_depth + 1)
                )
                return f"{'#' * level} {title}" + ("\n\n" + inner if inner else "")
        kinds = types(el)
        if tag in ("div", "section", "footer", "header") and (kinds or classes(el)) and not kinds & VERSE_TYPES:
            self.note_case(
                "container-flattened",
                f"<{tag} {' '.join(sorted(kinds)) or ''}{' .' + '.'.join(classes(el)) if classes(el) else ''}> "
                "written as its blocks (Pandoc would keep a fenced div)",
            )
        depth = ctx.section_depth + (1 if tag in ("section", "article") else 0)
        inner = self._blocks_text(children, Ctx(lang=ctx.lang, in_note=ctx.in_note, section_depth=depth))
        return inner or None

    def _in_quote(self, el) -> bool:
        return any(local(a) == "blockquote" for a in el.iterancestors())

    def _is_verse_context(self, p) -> bool:
        for a in p.iterancestors():
            if types(a) & VERSE_TYPES or set(classes(a)) & VERSE_CLASSES:
                return True
            if local(a) in ("article", "section", "li", "body"):
                break
        return False

    def _line_block(self, p, ctx: Ctx) -> str:
        """A stanza as a Pandoc line block: one `| ` line per `<span>` (or per `<br/>`), indents kept."""
        lines: list[tuple[int, str]] = []
        current: list[str] = []
        level = 0
        if (p.text or "").strip():
            current.append(escape_text(XML_SPACE.sub(" ", p.text)))
        for child in p:
            if not isinstance(child.tag, str):
                continue
            if local(child) == "br":
                lines.append((level, "".join(current)))
                current, level = [], 0
                if (child.tail or "").strip():
                    current.append(escape_text(XML_SPACE.sub(" ", child.tail)))
                continue
            if (
                local(child) == "span"
                and not child.get(XML_LANG)
                and not (set(classes(child)) - {f"i{n}" for n in range(1, 10)})
            ):
                indent_class = next((c for c in classes(child) if re.fullmatch(r"i\d", c)), None)
                if indent_class:
                    level = int(indent_class[1:])
                current.append(self._inline_children(child, ctx))
                if (child.tail or "").strip():
                    current.append(escape_text(XML_SPACE.sub(" ", child.tail)))
            else:
                current.append(self._inline_el(child, ctx))
        if "".join(current).strip():
            lines.append((level, "".join(current)))
        out = []
        for lvl, text in lines:
            text = self._wrap_lang(self._end_para(text.strip(" ")), p, ctx)
            out.append("| " + " " * (2 * lvl) + text)
        self._end_para("")
        return "\n".join(out)

    def _list(self, el, ctx: Ctx) -> str:
        ordered = local(el) == "ol"
        start = int(el.get("start") or 1)
        items = []
        n = start
        for li in el:
            if local(li) != "li":
                continue
            marker = f"{n}. " if ordered else "- "
            n += 1
            block_children = [
                c
                for c in li
                if isinstance(c.tag, str)
                and local(c)
                in ("p", "blockquote", "ol", "ul", "table", "div", "figure", "dl", "section", "header", "footer")
            ]
            if block_children:
                body = self._blocks_text([c for c in li if isinstance(c.tag, str)], ctx)
                if (li.text or "").strip():
                    self.note_case("list-mixed", "a list item with text and blocks: its loose text was kept first")
                    body = self._end_para(escape_text(XML_SPACE.sub(" ", li.text).strip())) + "\n\n" + body
            else:
                body = escape_line_starts(self._wrap_lang(self._anchor(li, self._inline_block(li, ctx)), li, ctx))
            items.append(indent(body, " " * len(marker), first=marker))
        loose = any("\n\n" in item for item in items)
        return ("\n\n" if loose else "\n").join(items)

    def _definition_list(self, el, ctx: Ctx) -> str:
        """Pandoc's definition lists: `Term` then `:   definition` (our format has none)."""
        self.note_case("definition-list", "written in Pandoc's definition-list syntax, which our format does not read")
        out = []
        for child in el:
            if local(child) == "dt":
                out.append(escape_line_starts(self._anchor(child, self._inline_block(child, ctx))))
            elif local(child) == "dd":
                body = (
                    self._blocks_text([c for c in child if isinstance(c.tag, str)], ctx)
                    if any(isinstance(c.tag, str) and local(c) in ("p", "blockquote", "ol", "ul") for c in child)
                    else self._inline_block(child, ctx)
                )
                out.append(indent(body, "    ", first=":   "))
        return "\n\n".join(out)

    def _table(self, el, ctx: Ctx) -> str:
        """A Pandoc pipe table (a header row of blank cells when SE's table has none)."""
        head_rows, body_rows = [], []
        caption = None
        bodies = 0
        for part in el:
            tag = local(part)
            if tag == "caption":
                caption = self._inline_block(part, ctx)
            elif tag == "thead":
                head_rows += [r for r in part if local(r) == "tr"]
            elif tag in ("tbody", "tfoot"):
                bodies += 1
                body_rows += [r for r in part if local(r) == "tr"]
            elif tag == "tr":
                body_rows.append(part)

        def cells(row) -> list[str]:
            out = []
            for cell in row:
                if local(cell) not in ("td", "th"):
                    continue
                if any(isinstance(c.tag, str) and local(c) in ("p", "blockquote", "ol", "ul", "table") for c in cell):
                    self.note_case(
                        "table-block-cell",
                        "a cell with blocks: its paragraphs joined by <br> (pipe tables hold one line)",
                    )
                    text = " <br> ".join(self._inline_block(c, ctx) for c in cell if isinstance(c.tag, str))
                else:
                    text = self._inline_block(cell, ctx)
                if types(cell) & SMALLCAPS_TYPES and text:
                    text = f"[{text}]{{.smallcaps}}"
                if local(cell) == "th" and row.getparent() is not None and local(row.getparent()) != "thead" and text:
                    text = f"**{text}**"
                    self.note_case("table-row-header", "a <th> outside the header row written as strong text")
                out.append(text.replace("|", "\\|").replace("\n", " "))
                span = int(cell.get("colspan") or 1)
                if span > 1:
                    self.note_case("table-colspan", f"colspan={span}: the cell followed by {span - 1} empty cell(s)")
                    out += [""] * (span - 1)
                if cell.get("rowspan"):
                    self.note_case("table-rowspan", "rowspan ignored (pipe tables have none)")
            return out

        if bodies > 1:
            self.note_case("table-bodies", f"{bodies} <tbody> groups written as one body")
        if types(el):
            self.note_case("table-semantics", f"table {' '.join(sorted(types(el)))} written as a plain pipe table")
        head = [cells(r) for r in head_rows]
        rows = [cells(r) for r in body_rows]
        width = max(len(r) for r in head + rows)
        if not head:
            head = [[""] * width]
        if len(head) > 1:
            self.note_case(
                "table-header-rows", f"{len(head)} header rows: the first is the header, the others body rows"
            )
            rows = head[1:] + rows
            head = head[:1]

        def line(row: list[str]) -> str:
            row = row + [""] * (width - len(row))
            return "| " + " | ".join(row) + " |"

        out = [line(head[0]), "|" + "|".join(["---"] * width) + "|"] + [line(r) for r in rows]
        if caption:  # Pandoc's caption may come before the table: SE's <caption> does
            out = [f"Table: {caption}", ""] + out
            self.note_case("table-caption", "caption written as Pandoc's 'Table: …' line before the table")
        return "\n".join(out)

    def _figure(self, el, ctx: Ctx) -> str:
        """Pandoc 3's own figure: `![caption](images/x.svg){#id alt="…"}`, the caption SE's figcaption (or the
        figure's header), the alt text SE's; the figure's other blocks after it."""
        children = [c for c in el if isinstance(c.tag, str)]
        img = next((c for c in children if local(c) == "img"), None)
        captions = [c for c in children if local(c) in ("figcaption", "header")]
        others = [c for c in children if c is not img and c not in captions]
        if img is None:
            return self._blocks_text(children, ctx)
        paragraphs = [p for c in captions for p in ([c] if (c.text or "").strip() else
                                                     [p for p in c if isinstance(p.tag, str)])]
        caption = " ".join(self._inline_block(p, Ctx(lang=ctx.lang, in_heading=True)) for p in paragraphs)
        if len(paragraphs) > 1:
            self.note_case("figure-caption-joined", f"{len(paragraphs)} caption paragraphs joined into one caption")
        name = PurePosixPath(img.get("src") or "").name
        self.images.add(name)
        alt = XML_SPACE.sub(" ", img.get("alt") or "")
        fig_id = el.get("id")
        attrs = [f"#{self.id_map[fig_id]}"] if fig_id and fig_id in self.id_map else []
        if caption.strip():
            attrs.append('alt="' + alt.replace("\\", "\\\\").replace('"', '\\"') + '"')
            self.note_case("figure", "figure written as Pandoc 3 writes one whose alt text is not its caption: "
                                     "![caption](image){alt=\"…\"}")
            image = f"{IMAGE_BANG}[{caption}](images/{name})"
        else:
            image = f"{IMAGE_BANG}[{escape_text(alt)}](images/{name})"
            self.note_case("figure", "figure without a caption: its image alone, the alt text its caption")
        image = self._end_para(image + (f"{{{' '.join(attrs)}}}" if attrs else ""))
        blocks = [self._block(c, ctx) for c in others]
        return "\n\n".join([image] + [b for b in blocks if b])

    def _image(self, img, fig_id: str | None = None) -> str:
        src = img.get("src") or ""
        name = PurePosixPath(src).name
        self.images.add(name)
        alt = escape_text(XML_SPACE.sub(" ", img.get("alt") or ""))
        attrs = f"{{#{self.id_map.get(fig_id, fig_id)}}}" if fig_id and fig_id in self.id_map else ""
        return f"{IMAGE_BANG}[{alt}](images/{name}){attrs}"

    def _anchor(self, el, text: str) -> str:
        """An id something links to, on an element that is not a heading: a span around its text."""
        el_id = el.get("id")
        if el_id and el_id in self.id_map and text and not re.fullmatch(r"(note|noteref)-\d+", el_id):
            name = self.current.source.removeprefix("text/")
            if (name, el_id) in self.targets:
                self.note_case("anchor-span", f"link target {el_id!r} on a <{local(el)}> written as a span")
                return f"[{text}]{{#{self.id_map[el_id]}}}"
        return text

    def _wrap_lang(self, text: str, el, ctx: Ctx) -> str:
        """A block in another language: its inline text wrapped in a span (our format has no block attributes)."""
        if ctx.lang and ctx.lang != self.book_lang and text.strip():
            self.note_case("block-lang", f"<{local(el)}> in {ctx.lang}: its text wrapped in [..]{{lang={ctx.lang}}}")
            return f"[{text}]{{lang={ctx.lang}}}"
        return text

    # -- notes ----------------------------------------------------------------------------------

    def _note_definition(self, number: str, ctx: Ctx) -> str:
        li = self.notes[number]
        nctx = Ctx(lang=li.get(XML_LANG) or self.book_lang, in_note=True)
        children = [c for c in li if isinstance(c.tag, str)]
        body = self._blocks_text(children, nctx)
        if not body.strip():
            self.note_case("note-empty-after-conversion", f"note {number}")
        return indent(body, "    ", first=f"[^{number}]: ")

    # -- inlines --------------------------------------------------------------------------------

    def _inline_block(self, el, ctx: Ctx) -> str:
        """The inline content of a block element, with its placeholders resolved."""
        return self._end_para(self._inline_children(el, ctx)).strip(" ")

    def _inline_children(self, el, ctx: Ctx) -> str:
        out = [escape_text(XML_SPACE.sub(" ", el.text or ""))]
        for child in el:
            out.append(self._inline_el(child, ctx))
        text = "".join(out)
        return text

    def _inline_el(self, el, ctx: Ctx, with_tail: bool = True) -> str:
        tail = escape_text(XML_SPACE.sub(" ", el.tail or "")) if with_tail else ""
        if not isinstance(el.tag, str):  # comment or processing instruction
            return tail
        tag, kinds, cls = local(el), types(el), classes(el)
        lang = el.get(XML_LANG)
        if tag == "a":
            return self._link(el, ctx) + tail
        if tag == "br":
            if ctx.in_heading:
                self.note_case("heading-break", "a line break inside a heading written as a space")
                return " " + tail.lstrip(" ")
            return "\\\n" + tail.lstrip(" ")
        if tag == "img":
            return self._image(el) + tail
        if tag in ("wbr",):
            return tail
        inner_ctx = (
            ctx
            if not lang
            else Ctx(
                lang=lang,
                in_note=ctx.in_note,
                in_heading=ctx.in_heading,
                emph_depth=ctx.emph_depth,
                section_depth=ctx.section_depth,
            )
        )
        if tag in ("i", "em"):
            deeper = Ctx(
                lang=inner_ctx.lang, in_note=ctx.in_note, in_heading=ctx.in_heading, emph_depth=ctx.emph_depth + 1
            )
            inner = self._inline_children(el, deeper)
            # `[*x*]{lang=de}` rather than `*[x]{lang=de}*`: the span's `}` would stop a closing `*` before a letter
            return self._lang_span(self._emphasis(inner, tag, ctx.emph_depth), lang, ctx) + tail
        if tag == "strong":
            inner = self._inline_children(el, inner_ctx)
            return self._lang_span(self._emphasis(inner, "strong", ctx.emph_depth), lang, ctx) + tail
        if tag == "b" or kinds & SMALLCAPS_TYPES:
            inner = self._inline_children(el, inner_ctx)
            attrs = ".smallcaps" + (f" lang={lang}" if lang and lang != ctx.lang else "")
            return self._span(inner, attrs) + tail
        if tag in ("sup", "sub", "cite", "dfn", "q", "kbd", "var", "samp", "small", "s", "u", "mark", "bdi"):
            inner = self._inline_children(el, inner_ctx)
            attr = f' lang="{lang}"' if lang and lang != ctx.lang else ""
            return f"<{tag}{attr}>{inner}</{tag}>" + tail
        if tag == "code":
            return "`" + "".join(el.itertext()) + "`" + tail
        if tag in ("span", "abbr", "time"):
            inner = self._inline_children(el, inner_ctx)
            attrs = []
            keep = [c for c in cls if c not in ("eoc",)]
            attrs += [f".{c}" for c in keep]
            if lang and lang != ctx.lang:
                attrs.append(f"lang={lang}")
            if attrs:
                return self._span(inner, " ".join(attrs)) + tail
            return inner + tail
        self.unknown[f"inline <{tag}>"] += 1
        return self._inline_children(el, inner_ctx) + tail

    def _lang_span(self, inner: str, lang: str | None, ctx: Ctx) -> str:
        if lang and lang != ctx.lang:
            return self._span(inner, f"lang={lang}")
        return inner

    def _span(self, inner: str, attrs: str) -> str:
        stripped = inner.strip(" ")
        if not stripped:
            return inner
        lead = inner[: len(inner) - len(inner.lstrip(" "))]
        trail = inner[len(inner.rstrip(" ")) :]
        return f"{lead}[{stripped}]{{{attrs}}}{trail}"

    def _emphasis(self, inner: str, kind: str, depth: int) -> str:
        stripped = inner.strip(" ")
        if not stripped:
            return inner
        lead = inner[: len(inner) - len(inner.lstrip(" "))]
        trail = inner[len(inner.rstrip(" ")) :]
        n = len(self.emph)
        self.emph.append((kind, depth))
        return f"{lead}{EMPH_OPEN}{n}{EMPH_OPEN}{stripped}{EMPH_CLOSE}{n}{EMPH_CLOSE}{trail}"

    def _end_para(self, text: str) -> str:
        """Resolve the emphasis placeholders: `*`/`_`/`**` where CommonMark reads them, raw HTML where it would not."""
        if EMPH_OPEN not in text and IMAGE_BANG not in text:
            return text
        # Work from the innermost pairs out, so each pair sees its real neighbours.
        while True:
            m = re.search(
                f"{EMPH_OPEN}(\\d+){EMPH_OPEN}((?:(?!{EMPH_OPEN}).)*?){EMPH_CLOSE}\\1{EMPH_CLOSE}", text, re.S
            )
            if not m:
                break
            n = int(m.group(1))
            kind, depth = self.emph[n]
            before = _visible_char_before(text, m.start())
            after = _visible_char_after(text, m.end())
            content = m.group(2)
            repl = None
            for delim in ["**"] if kind == "strong" else (["*", "_"] if depth == 0 else ["_", "*"]):
                if _can_delimit(delim, before, content, after) and not _nested_same(content, delim):
                    repl = f"{delim}{content}{delim}"
                    break
            if repl is None:
                html = {"strong": "strong", "em": "em", "i": "i"}[kind]
                repl = f"<{html}>{content}</{html}>"
                self.note_case(
                    "emphasis-as-html",
                    f"<{html}> whose neighbours CommonMark would not read as emphasis "
                    f"({before!r} before, {after!r} after): raw HTML",
                )
            text = text[: m.start()] + repl + text[m.end() :]
        text = text.replace("![", "\\![").replace(IMAGE_BANG, "!")
        return text

    def _link(self, a, ctx: Ctx) -> str:
        if "noteref" in types(a):
            number = (a.get("href") or "").rpartition("#note-")[2]
            if number not in self.notes:
                self.note_case("noteref-without-note", f"call {number} has no endnote")
                return escape_text("".join(a.itertext()))
            if ctx.in_note:
                self.note_case("note-in-note", f"note {number} is called inside a note")
            self.current.calls.append(number)
            return f"[^{number}]"
        if "backlink" in types(a):
            return ""
        inner = self._inline_children(a, ctx)
        href = a.get("href") or ""
        if href.startswith(("http:", "https:", "mailto:")):
            return f"[{inner}](<{href}>)"
        file, _, frag = href.partition("#")
        name = (
            PurePosixPath(file).name
            if file
            else self.current.source.removeprefix("text/")
            if not ctx.in_note
            else "endnotes.xhtml"
        )
        if name == "endnotes.xhtml":
            number = frag.removeprefix("note-")
            if number not in self.notes:
                self.note_case("link-outside-book", f"link {href!r} into the endnotes, not to a note: text kept")
                return inner
            if number not in self.note_numbers:
                self.note_case(
                    "link-outside-slice", f"link {href!r} to a note outside the slice: text kept, link dropped"
                )
                return inner
            ours = self.note_numbers[number]
            self.note_case(
                "link-to-note",
                f"link {href!r} to SE's note {number}: written as #note-{ours}, note {ours} as the tool numbers it",
            )
            return f"[{inner}](#note-{ours})"
        if name not in self.md_name:
            self.note_case(
                "link-outside-book", f"link {href!r} to a page the conversion leaves out: text kept, link dropped"
            )
            return inner
        if name not in self.kept:
            self.note_case("link-outside-slice", f"link {href!r} to a part outside the slice: text kept, link dropped")
            return inner
        fragment = "#" + self.id_map.get(frag, frag) if frag else ""
        if self.md_name[name] == self.current.name and fragment:
            return f"[{inner}]({fragment})"
        return f"[{inner}]({self.md_name[name]}{fragment})"


def _visible_char_before(text: str, pos: int) -> str:
    """The character CommonMark will see before `pos`: placeholders and their numbers skipped."""
    i = pos - 1
    while i >= 0:
        ch = text[i]
        if ch in (EMPH_OPEN, EMPH_CLOSE):
            # skip a whole placeholder  \ue000123\ue000
            i -= 1
            while i >= 0 and text[i] != ch:
                i -= 1
            i -= 1
            continue
        return ch
    return ""


def _visible_char_after(text: str, pos: int) -> str:
    i = pos
    while i < len(text):
        ch = text[i]
        if ch in (EMPH_OPEN, EMPH_CLOSE):
            i += 1
            while i < len(text) and text[i] != ch:
                i += 1
            i += 1
            continue
        return ch
    return ""


def _is_ws(ch: str) -> bool:
    return ch == "" or ch in _MD_WHITESPACE


def _is_punct(ch: str) -> bool:
    return ch != "" and _is_md_punct(ch)


def _can_delimit(delim: str, before: str, content: str, after: str) -> bool:
    """CommonMark's flanking rules for an opening run after `before` and a closing run before `after`."""
    first, last = content[0], content[-1]
    # the content's first and last characters as CommonMark sees them (a backslash escape is punctuation)
    if content.startswith("\\"):
        first = content[1] if len(content) > 1 else "\\"
    if len(content) >= 2 and content[-2] == "\\":
        last = content[-1]
    if first in (EMPH_OPEN, EMPH_CLOSE) or last in (EMPH_OPEN, EMPH_CLOSE):
        return False
    left_flanking = not _is_ws(first) and (not _is_punct(first) or _is_ws(before) or _is_punct(before))
    right_flanking = not _is_ws(last) and (not _is_punct(last) or _is_ws(after) or _is_punct(after))
    if before == "\\":
        return False
    if not (left_flanking and right_flanking):
        return False
    if delim[0] == "_":
        # `_` cannot open inside a word nor close before one
        if before and not _is_ws(before) and not _is_punct(before):
            return False
        if after and not _is_ws(after) and not _is_punct(after):
            return False
    if before == delim[0] or after == delim[0]:
        return False
    return True


def _nested_same(content: str, delim: str) -> bool:
    """An inner run of the same delimiter touching ours would merge with it (`**a*b***`)."""
    return content.startswith(delim[0]) or content.endswith(delim[0])


def toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", choices=sorted(SOURCES), help="which pinned source")
    parser.add_argument("--git-dir", required=True, type=Path, help="a git directory holding the source repository")
    parser.add_argument("--commit", help="override the pinned commit")
    parser.add_argument("-o", "--output", required=True, type=Path, help="the manuscript directory to write (replaced)")
    slicing = parser.add_mutually_exclusive_group()
    slicing.add_argument("--parts", type=int, help="a slice: only the first N body parts (no front or back matter)")
    slicing.add_argument("--files", help="a slice: only these body files, comma-separated (chapter-1,chapter-4)")
    parser.add_argument("--no-dates", action="store_true", help="leave out {date=…}: let the tool read the headings")
    args = parser.parse_args(argv)
    source = SOURCES[args.name]
    git = GitSource(args.git_dir, args.commit or source.commit)
    converter = Converter(git, args.output, dates=not args.no_dates, parts=args.parts,
                          only=args.files.split(",") if args.files else None)
    converter.source_repo = source.repo
    converter.calendar = source.calendar
    summary = converter.run()
    print(
        f"{args.name}: {summary['parts']} parts, {summary['entries']} entries, {summary['notes']} notes "
        f"-> {args.output} ({len(summary['log'])} logged cases: "
        + ", ".join(f"{k} {v}" for k, v in sorted(summary["cases"].items()))
        + ")"
    )
    if summary["unknown_elements"]:
        print("unknown elements:", summary["unknown_elements"], file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
