"""A Word diary whose entries run in: datelines without their year in plain paragraphs, the year from Heading 1."""

from __future__ import annotations

from pathlib import Path

import docx

from carnets_press.importers import run_import
from carnets_press.pipeline import load


def _diary(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("A Summer at the Mill", style="Title")
    document.add_heading("1890", level=1)
    for head, text in (("May 4", ".—We walked to the mill."), ("Whit Sunday", ".—To church in the rain."),
                       ("June 1", ".—Hay in."), ("January 2", ".—Frost on the pond.")):
        paragraph = document.add_paragraph()
        paragraph.add_run(head).bold = True
        paragraph.add_run(text)
    document.save(str(path))
    return path


def test_run_in_datelines_take_their_year_from_the_part_and_the_entries_before(tmp_path):
    report = run_import(_diary(tmp_path / "diary.docx"), tmp_path / "out")
    book = load(tmp_path / "out").buildable()
    [part] = [part for part in book.parts if part.role is None]
    assert [entry.date.iso if entry.date else None for entry in part.entries] == [
        "1890-05-04", None, "1890-06-01", "1891-01-02"]
    assert any("without a date" in decision.decided for decision in report.decisions)
