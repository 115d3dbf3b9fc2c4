"""`carnets-press import book.pdf`: invented diaries typeset with WeasyPrint here, read back from the PDF.

The expectations are what the HTML says: its paragraphs, its entries, its notes. The hard case for the text route
is a paragraph whose last line is full (set so with text-align-last) above an indented one: only the measured
indent tells them apart.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from carnets_press.errors import CarnetsError
from carnets_press.importers import run_import
from carnets_press.importers.pdf import read_pdf

_WORDS = ("wind came round west before noon walked along shore far old mill where miller told floods youth bridge "
          "carried away rain heavy evening fire kitchen letters brother sister market town cart horse lame road "
          "church bells rang supper late slept badly dreamt storm harbour boats nets mended").split()
_CSS = """
@page { size: 120mm 170mm; margin: 15mm 14mm; @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-family: 'Liberation Serif', serif; font-size: 11pt; line-height: 14pt; text-align: justify;
       hyphens: none; }
h1 { font-size: 14pt; text-align: center; margin: 0 0 10pt; font-weight: normal; }
p { margin: 0; text-indent: 1.5em; } p.full { text-align-last: justify; }
.note { float: footnote; font-size: 9pt; line-height: 11pt; }
::footnote-call { content: counter(footnote); vertical-align: super; font-size: 7pt; line-height: 0; }
"""
_COLUMNS = "body { columns: 2; column-gap: 8mm; font-size: 9pt; line-height: 11pt; } h1 { column-span: all; }"


def _prose(count: int, seed: int) -> str:
    """Words that never make the same line twice (a line repeated from page to page reads as a running head)."""
    chosen = random.Random(seed)
    return " ".join(chosen.choice(_WORDS) for _ in range(count))


def _diary(days: int, paragraphs: int) -> tuple[str, list[int]]:
    """A year of entries, each of ``paragraphs`` paragraphs whose last lines are set full, and the count of each."""
    html, counts = ["<h1>1931</h1>"], []
    for day in range(1, days + 1):
        html.append(f"<p>March {day}.—{_prose(30 + day, day)}.</p>")
        html += [f"<p class=full>Then {_prose(38 + day + k, 100 * day + k)}.</p>" for k in range(paragraphs - 1)]
        counts.append(paragraphs)
    return "".join(html), counts


def _typeset(tmp_path: Path, html: str, css: str = "") -> Path:
    import weasyprint

    path = tmp_path / "diary.pdf"
    weasyprint.HTML(string=f"<style>{_CSS}{css}</style>{html}").write_pdf(path)
    return path


def _headings(out: Path) -> list[str]:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(out.glob("*.md")))
    return re.findall(r"^##? (.*)$", text, flags=re.M)


def _paragraph_counts(out: Path) -> list[int]:
    """The paragraphs of each entry in the Markdown written: blocks between blank lines after each dateline."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(out.glob("*.md")))
    entries = re.split(r"^## .*$", text, flags=re.M)[1:]
    return [len([block for block in entry.split("\n\n") if block.strip() and not block.startswith("[^")])
            for entry in entries]


def test_full_last_lines_are_told_from_full_lines_by_the_indent(tmp_path):
    html, counts = _diary(days=6, paragraphs=3)
    out = tmp_path / "manuscript"
    run_import(_typeset(tmp_path, html), out)
    assert _paragraph_counts(out) == counts
    assert [heading.rstrip("—") for heading in _headings(out)] == ["1931", *(f"March {day}." for day in range(1, 7))]
    assert "the edition's PDF" in (out / "book.toml").read_text(encoding="utf-8").splitlines()[0]


def test_two_columns_read_column_by_column(tmp_path):
    html, counts = _diary(days=8, paragraphs=2)
    path = _typeset(tmp_path, html, _COLUMNS)
    text, _ = read_pdf(path)
    openings = [line for line in text.split("\n") if line.lstrip("\f").startswith("March ")]
    assert [line.split(".")[0].lstrip("\f") for line in openings] == [f"March {day}" for day in range(1, 9)]
    out = tmp_path / "manuscript"
    run_import(path, out)
    assert _paragraph_counts(out) == counts


def test_footnotes_are_paired_with_their_calls(tmp_path):
    html = ("<h1>1931</h1>"
            f"<p>March 3.—{_prose(40, 0)} mill<span class=note>Pulled down in 1950.</span> {_prose(20, 5)}.</p>"
            # A hair space before an ellipsis, as Standard Ebooks sets one: the call after it is glued to the word
            f"<p>March 4.—{_prose(30, 2)} bridge\u200a…<span class=note>Rebuilt in stone the next year.</span> "
            f"{_prose(25, 9)}.</p>" + "".join(f"<p>March {day}.—{_prose(60, day)}.</p>" for day in range(5, 9)))
    out = tmp_path / "manuscript"
    report = run_import(_typeset(tmp_path, html), out)
    assert [(note.label, note.call_line is not None) for note in report.notes] == [("1", True), ("2", True)]
    text = "\n".join(path.read_text(encoding="utf-8") for path in out.glob("*.md"))
    assert re.search(r"mill\[\^1\]", text) and re.search(r"bridge ?…\[\^2\]", text)
    assert "Pulled down in 1950." in text and "Rebuilt in stone the next year." in text
    assert _paragraph_counts(out) == [1] * 6


def test_refuses_what_is_not_a_pdf(tmp_path):
    fake = tmp_path / "book.pdf"
    fake.write_text("March 3.—Not a PDF at all.\n", encoding="utf-8")
    with pytest.raises(CarnetsError, match="not a PDF"):
        run_import(fake, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_refuses_a_damaged_pdf(tmp_path):
    damaged = tmp_path / "book.pdf"
    damaged.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n" + b"\x00" * 64)
    with pytest.raises(CarnetsError, match="PDFium cannot read it"):
        run_import(damaged, tmp_path / "out")


def test_refuses_a_pdf_locked_with_a_password(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(_typeset(tmp_path, _diary(days=1, paragraphs=1)[0])).pages:
        writer.add_page(page)
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as file:
        writer.write(file)
    with pytest.raises(CarnetsError, match="PDFium cannot read it") as refused:
        run_import(locked, tmp_path / "out")
    assert "password" in (refused.value.hint or "")


def test_a_table_is_kept_whole_and_reported(tmp_path):
    """A weather table, as Mackenzie's journal prints one: its rows come out of the PDF whole (its cells lie
    closer than a prose line's spaces), and are kept as lines for the editor to rebuild, not read as paragraphs."""
    rows = "".join(f"<tr><td>{day}</td><td>8½</td><td>—</td><td>{day + 3}</td><td>N. W.</td><td>Clear</td>"
                   f"<td>12</td><td>—</td><td>{day * 2}</td><td>S.</td></tr>" for day in range(1, 17))
    html = (f"<h1>1792</h1><p>March 3.—{_prose(60, 1)}.</p>"
            f"<table style='font-size: 8pt; width: 100%'>{rows}</table>"
            + "".join(f"<p>March {day}.—{_prose(60, day)}.</p>" for day in range(4, 8)))
    out = tmp_path / "manuscript"
    report = run_import(_typeset(tmp_path, html), out)
    tables = [decision for decision in report.decisions if decision.kind == "table"]
    assert len(tables) == 1
    text = "\n".join(path.read_text(encoding="utf-8") for path in out.glob("*.md"))
    assert "table-extraction" in text and "N. W." in text
    assert [heading.rstrip("—") for heading in _headings(out)] == ["1792", *(f"March {day}." for day in range(3, 8))]


def test_a_heading_set_full_out_between_indented_paragraphs_is_an_undated_entry(tmp_path):
    """Cherry-Garrard's "Note on Mules.": a line alone, not indented, in a book that indents its paragraphs."""
    html = ("<h1>1912</h1>" + "".join(
        f"<p>November {day}.—{_prose(50, day)}.</p><p>Then {_prose(45, 10 + day)}.</p>"
        f"<p>Later {_prose(40, 20 + day)}.</p>" for day in range(1, 4))
        + "<p style='text-indent: 0; font-style: italic'>Note on Mules.</p>"
        f"<p style='text-indent: 0'>The {_prose(50, 40)}.</p><p>Then {_prose(50, 41)}.</p>"
        f"<p>November 5.—{_prose(50, 5)}.</p>")
    out = tmp_path / "manuscript"
    run_import(_typeset(tmp_path, html), out)
    assert [heading.rstrip("—") for heading in _headings(out)] == [
        "1912", "November 1.", "November 2.", "November 3.", "Note on Mules.", "November 5."]
    assert _paragraph_counts(out) == [3, 3, 3, 2, 1]
