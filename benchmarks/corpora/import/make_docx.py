#!/usr/bin/env python3
"""The corpus's slices as Word files, as a publisher's manuscript would come: Markdown written from SE's XHTML,
made into DOCX by pandoc.

    python make_docx.py [OUT]              # every corpus slice (default /tmp/import-corpus)
    python make_docx.py OUT --only barbellion-1903

For each slice (se_slices.SLICES) it writes NAME.md, NAME.docx (`pandoc -f markdown -o NAME.docx`) and
NAME.docx.truth.json: the same truth as make_corpus.py's NAME.truth.json, but for the notes' numbers, which are
Word's (1, 2… in order), and the pages, which Word makes as it pleases.

What the Markdown keeps of the source: parts and year headings as `#`, datelines as `##` headings or run into
the first paragraph in bold (italic where SE sets them so), an entry's title as `###`, real footnotes `[^n]`,
italics, small capitals `[x]{.smallcaps}`, languages `[x]{lang=fr}`, block quotations, verse as line blocks,
tables as pipe tables, lists and section breaks.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from se_slices import (
    SLICES,
    SMALLCAPS_TYPES,
    SOURCES,
    TITLE,
    VERSE_TYPES,
    XML_LANG,
    Entry,
    Heading,
    Slice,
    X,
    children,
    commit_epoch,
    is_noteref,
    local,
    note_number,
    read_slice,
    truth,
    types,
)

_ESCAPE = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~^$@:\"'&])")
_SPACE = re.compile(r"[ \t\r\n]+")


def pandoc() -> str:
    """pandoc on the PATH, else the one the pypandoc_binary package ships."""
    found = shutil.which("pandoc")
    if found:
        return found
    import pypandoc

    return pypandoc.get_pandoc_path()


def escape(text: str) -> str:
    """Text that pandoc's Markdown reads back as the same text: every ASCII punctuation mark backslashed."""
    return _ESCAPE.sub(r"\\\1", _SPACE.sub(" ", text.replace("\u2060", "")))


class MarkdownWriter:
    """One slice as Markdown. `datelines`: "heading" (`## dateline`) or "run-in" (bold at the paragraph's start)."""

    def __init__(self, sl: Slice, datelines: str):
        self.sl, self.datelines = sl, datelines
        self.called: list[str] = []

    def document(self) -> str:
        out = [f"---\ntitle: {json.dumps(self.sl.title, ensure_ascii=False)}\n"
               f"author: {json.dumps(self.sl.author, ensure_ascii=False)}\nlang: {self.sl.language}\n---"]
        for item in self.sl.items:
            if isinstance(item, Heading):
                out.append("# " + ": ".join(self._inline(line).strip() for line in item.lines))
            elif item.dateline is None:
                out += [b for b in (self._block(block) for block in item.blocks) if b]
            else:
                out += self._entry(item)
        for number in self.called:
            text = "\n\n".join(b for b in (self._block(b) for b in self.sl.notes[number].blocks) if b)
            out.append(f"[^{number}]: " + _indent(text, "    ").removeprefix("    "))
        return "\n\n".join(out) + "\n"

    def _entry(self, entry: Entry) -> list[str]:
        blocks = list(entry.blocks)
        dateline = self._inline(entry.dateline)
        if self.datelines == "heading" and entry.detachable:
            out = [f"## {dateline.strip()}"]
        else:
            strong = dateline if dateline.startswith("*") else f"**{dateline}**"
            separator = escape(entry.separator_before_text(".—"))
            first = blocks.pop(0) if blocks and local(blocks[0]) == "p" else None
            out = [strong + (separator + self._inline(first) if first is not None else "")]
        return out + [b for b in (self._block(block) for block in blocks) if b]

    def _block(self, block) -> str:
        tag = local(block)
        if block.tag == TITLE:
            return f"### {self._inline(block)}"
        if tag == "p":
            return self._inline(block).strip()
        if tag == "hr":
            return "* * *"
        if tag == "blockquote":
            if types(block) & VERSE_TYPES:
                stanzas = ["\n".join("| " + line.strip() for line in self._inline(p).split("\n"))
                           for p in children(block) if local(p) == "p"]
                inner = "\n|\n".join(stanzas)
            else:
                inner = "\n\n".join(b for b in (self._block(kid) for kid in children(block)) if b)
            return _indent(inner, "> ")
        if tag == "table":
            rows = [[self._inline(cell).replace("|", "\\|").strip() or " " for cell in children(row)]
                    for row in block.iter(f"{X}tr")]
            width = max(len(row) for row in rows)
            rows = [row + [" "] * (width - len(row)) for row in rows]
            header = rows.pop(0) if block.find(f".//{X}th") is not None else [" "] * width
            lines = ["| " + " | ".join(header) + " |", "|" + "---|" * width]
            return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
        if tag in ("ol", "ul"):
            marks = (f"{n}." if tag == "ol" else "-" for n in range(1, 1000))
            return "\n".join(f"{mark} {self._inline(li).strip()}" for mark, li in zip(marks, children(block),
                                                                                    strict=False))
        if tag in ("section", "div", "header"):
            return "\n\n".join(b for b in (self._block(kid) for kid in children(block)) if b)
        return self._inline(block).strip()

    def _inline(self, el) -> str:
        return escape(el.text or "") + "".join(self._node(child) for child in el)

    def _node(self, el) -> str:
        tail = escape(el.tail or "")
        if not isinstance(el.tag, str):
            return tail
        tag = local(el)
        if is_noteref(el):
            number = note_number(el)
            if number not in self.sl.notes:
                return tail
            if number not in self.called:
                self.called.append(number)
            return f"[^{number}]" + tail
        if tag == "br":
            return "\n" + tail
        inner = self._inline(el)
        if tag in ("i", "em", "cite", "dfn"):
            inner = _wrap(inner, "*")
        elif tag in ("b", "strong") or types(el) & SMALLCAPS_TYPES:
            inner = _wrap(inner, "**") if tag == "strong" else f"[{inner}]{{.smallcaps}}"
        elif tag in ("sup", "sub"):
            mark = "^" if tag == "sup" else "~"
            inner = mark + inner.replace(" ", "\\ ") + mark
        lang = el.get(XML_LANG)
        if lang and inner.strip():
            inner = f"[{inner}]{{lang={lang}}}"
        return inner + tail


def _wrap(text: str, mark: str) -> str:
    """Emphasis with the spaces outside the marks, where Markdown needs them."""
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{lead}{mark}{core}{mark}{trail}"


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else prefix.rstrip() for line in text.split("\n"))


def make(spec, out: Path) -> str:
    sl = read_slice(spec)
    writer = MarkdownWriter(sl, spec.docx_datelines)
    markdown = writer.document()
    (out / f"{spec.name}.md").write_text(markdown, encoding="utf-8")
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(commit_epoch(SOURCES[spec.source])))
    subprocess.run([pandoc(), "-f", "markdown", "-o", str(out / f"{spec.name}.docx"), str(out / f"{spec.name}.md")],
                   check=True, env=env)
    data = truth(sl, {number: str(n) for n, number in enumerate(writer.called, 1)})
    data["layout"] = f"docx-{spec.docx_datelines}"
    (out / f"{spec.name}.docx.truth.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
    return f"{spec.name}.docx: datelines {spec.docx_datelines}, {len(data['notes'])} notes"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("/tmp/import-corpus"))
    parser.add_argument("--only", nargs="+", metavar="NAME")
    args = parser.parse_args(argv)
    specs = [s for s in SLICES if (s.name in args.only if args.only else not s.suite)]
    args.out.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        print(make(spec, args.out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
