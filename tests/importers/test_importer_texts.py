"""The importer on three small invented editions, each damaged differently; outputs asserted exactly.

- lighthouse: folio above an alternating running head (author on odd pages, title on even),
  a lost drop cap, notes numbered per page with their numbers inline, a note continued on the
  next page, hyphens at line ends (some real), a place after the date, a season, a range.
- orchard: head and folio on one line, notes numbered through the book with their numbers on
  lines of their own and out of order (one without a number), a year heading with a year-only
  entry, words run together at lost breaks, a word split at a line end with no hyphen,
  translator and source at the end.
- lyon: a French edition, a byline in small capitals, the head between blank lines, headings
  "1951 : Le froid.", French word repairs ("écri-/vain", "peut-/être").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from importer_helpers import DATA, account

from carnets_press.errors import CarnetsError, UsageError
from carnets_press.importers import ImportReport, import_text, run_import
from carnets_press.pipeline import load

TEXTS = {"lighthouse": "en-GB", "orchard": "en-GB", "lyon": "fr-FR"}


@pytest.fixture(scope="module", params=sorted(TEXTS))
def imported(request, tmp_path_factory):
    name = request.param
    out = tmp_path_factory.mktemp(name) / "manuscript"
    raw = DATA / f"{name}.raw.txt"
    return name, raw, out, run_import(raw, out, TEXTS[name])


def test_the_manuscript_is_exactly_the_expected_one(imported):
    name, _, out, report = imported
    expected = DATA / f"{name}.expected"
    assert sorted(path.name for path in out.iterdir()) == sorted(path.name for path in expected.iterdir())
    assert sorted(report.files) == sorted(path.name for path in expected.iterdir())
    for path in expected.iterdir():
        assert (out / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path.name


def test_no_word_is_lost(imported):
    _, raw, out, report = imported
    assert account(raw, out, report) == []


def test_the_manuscript_loads_without_findings(imported):
    _, _, out, _ = imported
    assert load(out).findings == []


ENTRIES = {
    "lighthouse": [("1952", ["1952-03-03", "1952-03/1952-05", "1952-05-12/1952-05-14", "1952-06"]),
                   ("1953", ["1953-01-01"])],
    "orchard": [("1961", ["1961", "1961-04-14", "1961-04-20", "1961-05"])],
    "lyon": [("1951", ["1951"]), ("1952", ["1952"])],
}
# (label, raw line of the call, raw lines of the text, raw line of the number standing alone)
NOTES = {
    "lighthouse": [("1", 15, (20, 21), None), ("2", 29, (38,), None), ("3", 35, (39, 40, 41, 62, 63), None)],
    "orchard": [("1", 7, (12, 13), 14), ("2", 19, (25, 26), 30), ("3", 24, (28, 29), 27), ("4", 38, (41, 42), None)],
    "lyon": [("1", 7, (16, 17), 15), ("2", 14, (19, 20), 18), ("3", 29, (32, 33), 31)],
}


def test_entries_and_dates(imported):
    name, _, out, _ = imported
    book = load(out).buildable()
    body = [part for part in book.parts if part.role is None]
    assert [(part.heading_text, [entry.date.iso for entry in part.entries]) for part in body] == ENTRIES[name]


def test_note_pairing(imported):
    name, _, _, report = imported
    assert [(n.label, n.call_line, n.text_lines, n.number_line) for n in report.notes] == NOTES[name]


def test_report_lists_the_guesses(imported):
    name, _, _, report = imported
    data = json.loads(report.to_json())
    assert data["summary"]["notes"] == len(NOTES[name]) and data["summary"]["notes_unpaired"] == 0
    assert all({"kind", "line", "excerpt", "decided", "confidence"} <= set(d) for d in data["decisions"])
    text = report.to_text(only_uncertain=True)
    assert all(line.startswith("?") for line in text.splitlines()[1:])


def test_word_repairs_are_reported():
    changes = {}
    for name in ("lighthouse", "orchard"):
        report = ImportReport(raw=name, out_dir="(in memory)", language="en-GB")
        files = import_text((DATA / f"{name}.raw.txt").read_text(encoding="utf-8"), "en-GB", report)
        assert "book.toml" in files
        changes[name] = {(d.kind, d.before, d.after) for d in report.decisions if d.after}
    assert ("drop-cap", "othing", "Nothing") in changes["lighthouse"]
    assert ("hyphen", "ex- pected", "expected") in changes["lighthouse"]
    assert ("hyphen", "well- known", "well-known") in changes["lighthouse"]
    assert ("split", "NorthEast", "North-East") in changes["orchard"]
    assert ("split", "lateafternoon", "late-afternoon") in changes["orchard"]
    assert ("join", "propa gation", "propagation") in changes["orchard"]


def test_refuses_a_directory_that_is_not_empty(tmp_path):
    out = tmp_path / "manuscript"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="not an empty directory"):
        run_import(DATA / "orchard.raw.txt", out)
    assert [path.name for path in out.iterdir()] == ["notes.txt"]


def test_writes_into_an_empty_directory_and_leaves_no_staging(tmp_path):
    out = tmp_path / "manuscript"
    out.mkdir()
    run_import(DATA / "orchard.raw.txt", out)
    assert (out / "book.toml").is_file()
    assert [path.name for path in tmp_path.iterdir()] == ["manuscript"]


def test_a_failed_write_leaves_nothing(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Path, "write_text", refuse)
    with pytest.raises(OSError):
        run_import(DATA / "orchard.raw.txt", tmp_path / "manuscript")
    assert list(tmp_path.iterdir()) == []


def test_a_raw_text_without_text_is_refused(tmp_path):
    raw = tmp_path / "empty.raw.txt"
    raw.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CarnetsError, match="no text to import"):
        run_import(raw, tmp_path / "manuscript")
    assert not (tmp_path / "manuscript").exists()


def test_a_missing_raw_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        run_import(tmp_path / "nowhere.txt", tmp_path / "manuscript")
