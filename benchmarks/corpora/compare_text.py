#!/usr/bin/env python3
"""Is our book's text the source's text, word for word, and are all the source's notes there, in order?

    python benchmarks/corpora/compare_text.py --git-dir SE.git --commit SHA --epub /tmp/corpora/out-pepys/the-diary.epub
    python benchmarks/corpora/compare_text.py --git-dir SE.git --commit SHA --manuscript /tmp/corpora/pepys
    python benchmarks/corpora/compare_text.py --git-dir G.git --commit SHA --plain goncourt-2 --epub BOOK.epub

The source side is a Standard Ebooks repository read with git at a commit (its spine, less SE's
production pages: title page, imprint, half-title, contents, list of illustrations, endnotes file,
colophon, uncopyright); its body text is every text node of those files but the note calls, and its
notes are endnotes.xhtml's items, taken in the order of their calls. This does not reuse the
converter's code: it is a second reading of the source.

With `--plain NAME`, the source is instead a plain-text transcription pinned in convert_gutenberg_french.py
(only its SOURCES: the file, the line where the diary begins, the line after it ends, the part headings):
its paragraphs between those lines, `_` (italics) and the lines of spaced asterisks (breaks) left out, `--`
read as the dash it stands for, the calls `[1]` left out and the notes `[Note 1: …]` taken in call order.

Our side is either the built EPUB (every spine document but our title page, contents and colophon;
footnote asides and endnote lists are the notes, note numbers and back links left out), or the
manuscript read back by carnets-press's own reader (`--manuscript`).

Both texts are normalised the same way: Unicode NFC; soft hyphens, word joiners, zero-width spaces
and BOMs removed; every kind of space one space; ‘’‛′ to ' and “”„″ to "; … to ...; and then cut into
tokens: runs of letters and digits ("words") and single punctuation marks. The report gives the word
counts, the differences (source tokens -> our tokens, with the words before them), the most frequent
differences, and the notes matched position by position.

`--slice N` compares against the source's first N body files only (for a slice made with
convert_standard_ebooks.py --parts N), `--files a,b` against those body files. Exit status: 0 when the words
of the text and of every note are equal, 1 otherwise.

`--write-digest FILE` writes the source's digests instead (SHA-256 of its words, of its tokens, and of each
note's words in call order): the test suite keeps them beside its slices (tests/data/editions/), to compare
an EPUB with a source it cannot fetch.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
EPUB_TYPE = f"{{{OPS}}}type"
SE_SKIPPED = {"titlepage", "imprint", "halftitlepage", "toc", "loi", "endnotes", "colophon", "copyright-page"}
OUR_SKIPPED = {"titlepage", "toc", "landmarks", "colophon", "page-list"}
BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "blockquote",
    "header",
    "footer",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hgroup",
    "figure",
    "figcaption",
    "table",
    "caption",
    "ol",
    "ul",
    "dl",
    "aside",
    "nav",
    "br",
    "hr",
    "cite",
    "pre",
}

_REMOVE = dict.fromkeys(map(ord, "\u00ad\u2060\u200b\ufeff\u200c\u200d"), None)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"'})
_TOKEN = re.compile(r"\w+|[^\w\s]")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_REMOVE).translate(_QUOTES).replace("…", "...")
    return "".join(" " if ch.isspace() or unicodedata.category(ch) == "Zs" else ch for ch in text)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text))


def local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def types(el) -> set[str]:
    return set((el.get(EPUB_TYPE) or "").split())


@dataclass
class Text:
    """A book's body text (tokens, each with the name of its file) and its notes in call order."""

    tokens: list[str] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    notes: list[list[str]] = field(default_factory=list)
    note_ids: list[str] = field(default_factory=list)
    notes_by_id: dict[str, list[str]] = field(default_factory=dict)

    def add(self, text: str, where: str) -> None:
        found = tokens(text)
        self.tokens += found
        self.where += [where] * len(found)


def _text_of(el, skip, out: list[str]) -> None:
    """Text content in document order, a space at block boundaries, `skip(el)` elements left out (their tail kept)."""
    if not isinstance(el.tag, str):
        return
    if skip(el):
        return
    block = local(el) in BLOCKS
    if block:
        out.append(" ")
    out.append(el.text or "")
    for child in el:
        _text_of(child, skip, out)
        out.append(child.tail or "")
    if block:
        out.append(" ")


def text_of(el, skip=lambda e: False) -> str:
    out: list[str] = []
    _text_of(el, skip, out)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# The source


def git_show(git_dir: Path, commit: str, path: str) -> bytes:
    result = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], capture_output=True)
    if result.returncode:
        raise SystemExit(f"git show {commit}:{path}: {result.stderr.decode().strip()}")
    return result.stdout


def spine_of(opf_bytes: bytes) -> list[str]:
    root = etree.fromstring(opf_bytes)
    ns = {"opf": OPF}
    manifest = {i.get("id"): i.get("href") for i in root.iterfind("opf:manifest/opf:item", ns)}
    return [manifest[r.get("idref")] for r in root.iterfind("opf:spine/opf:itemref", ns)]


def read_source(git_dir: Path, commit: str, body_files: int | None, only: set[str] | None = None) -> Text:
    spine = spine_of(git_show(git_dir, commit, "src/epub/content.opf"))
    notes: dict[str, str] = {}
    endnotes = next((h for h in spine if PurePosixPath(h).name == "endnotes.xhtml"), None)
    if endnotes:
        root = etree.fromstring(git_show(git_dir, commit, f"src/epub/{endnotes}"))
        for li in root.iter(f"{{{XHTML}}}li"):
            if (li.get("id") or "").startswith("note-"):
                notes[li.get("id")[5:]] = text_of(li, lambda e: local(e) == "a" and "backlink" in types(e))
    out = Text()
    seen_body = 0
    for href in spine:
        root = etree.fromstring(git_show(git_dir, commit, f"src/epub/{href}"))
        body = root.find(f"{{{XHTML}}}body")
        top = next((c for c in body if local(c) in ("section", "article", "nav")), None)
        if top is None or local(top) == "nav" or types(top) & SE_SKIPPED:
            continue
        is_body = not (types(body) & {"frontmatter", "backmatter"})
        if only is not None and (not is_body or PurePosixPath(href).stem not in only):
            continue
        if body_files is not None:
            if not is_body:
                continue
            if seen_body >= body_files:
                break
        seen_body += is_body
        name = PurePosixPath(href).name

        def skip(el):
            if local(el) == "a" and "noteref" in types(el):
                number = (el.get("href") or "").rpartition("#note-")[2]
                out.note_ids.append(number)
                out.notes.append(tokens(notes.get(number, "")))
                return True
            return False

        out.add(text_of(body, skip), name)
    return out


def read_plain_source(git_dir: Path, commit: str, name: str, parts: int | None) -> Text:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from convert_gutenberg_french import SOURCES  # the pinned file and its bounds: data, not the converter's code

    source = SOURCES[name]
    text = git_show(git_dir, commit, source.path).decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    paragraphs = [" ".join(line.strip() for line in block.split("\n")) .strip()
                  for block in re.split(r"\n[ \t]*\n", text)]
    start = paragraphs.index(source.body_start)
    paragraphs = paragraphs[start: paragraphs.index(source.body_end, start)]
    out = Text()
    pending: list[str] = []
    seen_parts = 0
    where = "?"
    for paragraph in paragraphs:
        if re.fullmatch(source.part, paragraph):
            seen_parts += 1
            if parts is not None and seen_parts > parts:
                break
            where = paragraph
        if re.fullmatch(r"\*(?:\s+\*)+", paragraph):
            continue
        paragraph = paragraph.replace("_", "").replace("--", "\u2014")
        note = re.fullmatch(r"\[Note ([0-9]+): (.*)\]", paragraph, re.DOTALL)
        if note and note.group(1) in pending:
            pending.remove(note.group(1))
            out.notes.append(tokens(note.group(2)))
            continue

        def call(match: re.Match) -> str:
            pending.append(match.group(1))
            out.note_ids.append(match.group(1))
            return ""

        out.add(" " + re.sub(r"\[([0-9]+)\]", call, paragraph) + " ", where)
    return out


# ---------------------------------------------------------------------------------------------
# Ours: the EPUB, or the manuscript read back


def read_epub(path: Path) -> Text:
    out = Text()
    with zipfile.ZipFile(path) as epub:
        container = etree.fromstring(epub.read("META-INF/container.xml"))
        opf_path = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile").get("full-path")
        base = PurePosixPath(opf_path).parent
        for href in spine_of(epub.read(opf_path)):
            doc = etree.fromstring(epub.read(str(base / href)))
            body = doc.find(f"{{{XHTML}}}body")
            top = next((c for c in body if local(c) in ("section", "nav", "article")), None)
            if top is None or types(top) & OUR_SKIPPED or local(top) == "nav":
                continue
            name = PurePosixPath(href).name
            notes_here: dict[str, list[str]] = {}

            def note_skip(el):
                return local(el) == "a" and (
                    "note-number" in (el.get("class") or "").split()
                    or el.get("role") == "doc-backlink"
                    or "backlink" in types(el)
                )

            for el in body.iter():
                if not isinstance(el.tag, str):
                    continue
                kinds = types(el)
                if (local(el) == "aside" and kinds & {"footnote", "endnote", "note"}) or (
                    local(el) == "li" and kinds & {"endnote", "footnote"}
                ):
                    notes_here[el.get("id") or ""] = tokens(text_of(el, note_skip))
            out.notes_by_id.update(notes_here)

            def skip(el):
                kinds = types(el)
                if local(el) == "a" and "noteref" in kinds:
                    out.note_ids.append((el.get("href") or "").rpartition("#")[2])
                    return True
                if local(el) == "aside" and kinds & {"footnote", "endnote", "note"}:
                    return True
                if local(el) in ("section", "ol", "li") and kinds & {"endnotes", "endnote", "footnotes", "rearnotes"}:
                    return True
                return False

            out.add(text_of(body, skip), name)
    out.notes = [out.notes_by_id.get(nid, []) for nid in out.note_ids]
    return out


def read_manuscript(path: Path) -> Text:
    """The manuscript as carnets-press reads it (before typography), walked node by node."""
    from carnets_press.manuscript.reader import read_book  # run with the venv's python

    book, _ = read_book(path)
    out = Text()

    def nodes_text(nodes, where_notes: bool) -> str:
        parts: list[str] = []
        for node in nodes:
            kind = type(node).__name__
            if kind in ("Text", "Code"):
                parts.append(node.value)
            elif kind == "NoteRef":
                if not where_notes:
                    out.note_ids.append(str(id(node.note)))
                    out.notes.append(tokens(nodes_text(node.note.blocks, True)))
            elif kind == "Element":
                sep = " " if node.tag in BLOCKS or node.tag in ("h", "img") else ""
                parts.append(sep + nodes_text(node.children, where_notes) + sep)
        return "".join(parts)

    for part in book.parts:
        location = getattr(part, "location", None)
        where = Path(str(getattr(location, "file", "?"))).name
        out.add(nodes_text(part.heading, False), where)
        out.add(nodes_text(part.blocks, False), where)
        for entry in part.entries:
            out.add(" " + nodes_text(entry.heading, False) + " ", where)
            out.add(nodes_text(entry.blocks, False), where)
    return out


# ---------------------------------------------------------------------------------------------
# Comparing


@dataclass
class Hunk:
    at_source: int
    at_ours: int
    source: list[str]
    ours: list[str]


def align(a: list[str], b: list[str], k: int = 6, window: int = 4000) -> list[Hunk]:
    """The differences between two long, nearly equal token lists: walk both, and on a mismatch
    resynchronise at the nearest place where k tokens agree (looking up to `window` tokens ahead)."""
    hunks: list[Hunk] = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        found = None
        w = window
        while found is None:
            grams_b: dict[tuple, int] = {}
            for dj in range(min(w, len(b) - j)):
                grams_b.setdefault(tuple(b[j + dj : j + dj + k]), dj)
            best = None
            for di in range(min(w, len(a) - i)):
                if best is not None and di >= best[0] + best[1]:
                    break
                dj = grams_b.get(tuple(a[i + di : i + di + k]))
                if dj is not None and (best is None or di + dj < best[0] + best[1]):
                    best = (di, dj)
            if best is not None:
                found = best
            elif w >= max(len(a) - i, len(b) - j):
                found = (len(a) - i, len(b) - j)
            else:
                w *= 8
        di, dj = found
        hunks.append(Hunk(i, j, a[i : i + di], b[j : j + dj]))
        i += di
        j += dj
    if i < len(a) or j < len(b):
        hunks.append(Hunk(i, j, a[i:], b[j:]))
    return hunks


def words(toks: list[str]) -> int:
    return sum(1 for t in toks if t[0].isalnum() or t[0] == "_")


def show(toks: list[str], limit: int = 12) -> str:
    text = " ".join(toks[:limit]) + (" …" if len(toks) > limit else "")
    return text or "∅"


def word_tokens(toks: list[str]) -> list[str]:
    return [t for t in toks if t[0].isalnum() or t[0] == "_"]


def _print_hunks(hunks: list[Hunk], toks: list[str], where: list[str], first: int, indent: str = "  ") -> None:
    for h in hunks[:first]:
        context = " ".join(toks[max(0, h.at_source - 8) : h.at_source])
        place = where[min(h.at_source, len(where) - 1)] if where else "?"
        print(f"{indent}{place}: …{context} | source: {show(h.source)} | ours: {show(h.ours)}")


# What a Pandoc pipe table or line block leaves as text when it is not read: pipes, and the
# alignment row's dashes (which typography makes em or en dashes) and colons.
TABLE_MARKS = {"|", "-", "—", "–", ":"}


def report(source: Text, ours: Text, first: int) -> bool:
    # 1. words alone: is it word for word?
    src_words, our_words = word_tokens(source.tokens), word_tokens(ours.tokens)
    src_where = [w for t, w in zip(source.tokens, source.where) if t[0].isalnum() or t[0] == "_"]
    print(f"words: {len(src_words):,} in the source, {len(our_words):,} in ours")
    word_hunks = align(src_words, our_words)
    if not word_hunks:
        print("  word for word: equal")
    else:
        print(
            f"  word for word: {len(word_hunks)} difference(s), "
            f"{sum(len(h.source) for h in word_hunks)} source word(s) "
            f"not in ours, {sum(len(h.ours) for h in word_hunks)} of ours not in the source"
        )
        _print_hunks(word_hunks, src_words, src_where, first, "    ")
    # 2. words and punctuation marks
    hunks = align(source.tokens, ours.tokens)
    print(f"marks: {len(source.tokens):,} tokens with punctuation in the source, {len(ours.tokens):,} in ours")
    if not hunks:
        print("  mark for mark: equal")
    else:
        pipes = [
            h
            for h in hunks
            if "|" in h.ours
            and [t for t in h.ours if t not in TABLE_MARKS] == [t for t in h.source if t not in TABLE_MARKS]
        ]
        others = [h for h in hunks if h not in pipes]
        print(
            f"  {len(hunks)} difference(s): {len(pipes)} are only table or line-block markup in ours ('|', "
            f"the alignment row) printed as text, {len(others)} other(s)"
        )
        _print_hunks(others, source.tokens, source.where, first, "    ")
        if pipes:
            print("    first '|' differences:")
            _print_hunks(pipes, source.tokens, source.where, min(first, 3), "      ")
        kinds = Counter((show(h.source, 4), show(h.ours, 4)) for h in others)
        if len(others) > first:
            print("    most frequent other differences (source -> ours):")
            for (s_, o), n in kinds.most_common(10):
                print(f"      {n:6} × {s_} -> {o}")
    # 3. notes, position by position in call order
    exact = sum(1 for a, b in zip(source.notes, ours.notes) if a == b)
    by_words = sum(1 for a, b in zip(source.notes, ours.notes) if word_tokens(a) == word_tokens(b))
    print(
        f"notes: {len(source.notes)} in the source, {len(ours.notes)} in ours, in call order; "
        f"{by_words} with the same words at their place, {exact} the same mark for mark"
    )
    shown = 0
    for n, (a, b) in enumerate(zip(source.notes, ours.notes)):
        if word_tokens(a) != word_tokens(b) and shown < first:
            d = align(word_tokens(a), word_tokens(b))[0]
            print(f"  note {n + 1} (source note {source.note_ids[n]}): source: {show(d.source)} | ours: {show(d.ours)}")
            shown += 1
    if len(source.notes) != len(ours.notes):
        print(
            f"  {abs(len(source.notes) - len(ours.notes))} note(s) "
            f"{'missing from ours' if len(source.notes) > len(ours.notes) else 'more in ours'}"
        )
    return not word_hunks and by_words == len(source.notes) == len(ours.notes)


def _sha(toks: list[str]) -> str:
    return hashlib.sha256("\n".join(toks).encode("utf-8")).hexdigest()


def digest(text: Text) -> dict:
    """What the suite keeps of a source to compare a book with it: digests of its words, of all its tokens (words
    and marks), and of each note's words in call order, with the counts."""
    return {"words": _sha(word_tokens(text.tokens)), "word_count": len(word_tokens(text.tokens)),
            "tokens": _sha(text.tokens), "token_count": len(text.tokens),
            "notes": [_sha(word_tokens(note))[:16] for note in text.notes]}  # a note is short: 64 bits tell them apart


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--git-dir", required=True, type=Path)
    parser.add_argument("--commit", required=True)
    parser.add_argument("--plain", help="the source is this plain-text transcription (convert_gutenberg_french.py)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--epub", type=Path, help="the EPUB carnets-press built")
    group.add_argument("--manuscript", type=Path, help="the manuscript, read back with carnets-press's reader")
    slicing = parser.add_mutually_exclusive_group()
    slicing.add_argument("--slice", type=int, help="compare with the source's first N body files only")
    slicing.add_argument("--files", help="compare with these body files only (chapter-1,chapter-4)")
    parser.add_argument("--first", type=int, default=12, help="how many differences to show")
    parser.add_argument("--write-digest", type=Path, help="write the source's digests to this file, and stop")
    args = parser.parse_args(argv)
    if args.plain:
        source = read_plain_source(args.git_dir, args.commit, args.plain, args.slice)
    else:
        source = read_source(args.git_dir, args.commit, args.slice,
                             {name.removesuffix(".xhtml") for name in args.files.split(",")} if args.files else None)
    if args.write_digest:
        where = args.git_dir.parent if args.git_dir.name in ("repo", ".git") else args.git_dir
        found = {"source": {"repository": where.name.replace("+", "/", 1), "commit": args.commit, "plain": args.plain,
                            "slice": args.slice, "files": args.files}, **digest(source)}
        args.write_digest.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")
        return 0
    if not (args.epub or args.manuscript):
        parser.error("one of --epub, --manuscript or --write-digest is required")
    ours = read_epub(args.epub) if args.epub else read_manuscript(args.manuscript)
    return 0 if report(source, ours, args.first) else 1


if __name__ == "__main__":
    sys.exit(main())
