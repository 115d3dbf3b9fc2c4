"""Links to notes: `#note-N` is note N as the edition numbers it, in check, the EPUB and print alike."""

from __future__ import annotations

import datetime

import pytest
from epub_reading import NS, BuiltEpub

from carnets_press.build import BuildOptions, build
from carnets_press.check import run_check
from carnets_press.pipeline import load
from carnets_press.render.print.document import print_html
from carnets_press.transform.links import LinkIndex

# Failure class 5 of benchmarks/corpora/README.md: a note that refers to a note of another part.
TWO_YEARS = {
    "1660.md": "# 1660\n\n## 1 January 1660.\n\nMr. Downing.[^1]\n\n[^1]: George Downing, Secretary to the Treasury.\n",
    "1661.md": "# 1661\n\n## 1 January 1661.\n\nTo Mr. Downing.[^1] See [the first](#note-1).\n\n"
               "[^1]: The same as in [note 1](#note-1), and [in its file](1660.md#note-1).\n",
}
SUMMARY = '\n[accessibility]\nsummary = "Text and notes."\n'


def hrefs(epub: BuiltEpub, name: str) -> list[str]:
    """The internal links of the text and notes: not the calls nor the notes' links back to them."""
    return [href for href in epub.xml(name).xpath("//x:a[not(@epub:type)]/@href", namespaces=NS)
            if "#noteref-" not in href]


def build_epub(root, tmp_path, validate: bool = True) -> BuiltEpub:
    report = build(root, BuildOptions(formats=("epub",), out_dir=tmp_path / "out", validate=validate,
                                      use_cache=False))
    if validate:
        assert "0 errors, 0 warnings" in report.outputs[0].validation
    return BuiltEpub(report.outputs[0].path)


def test_a_link_to_a_note_of_another_part_goes_to_its_part_file(make_manuscript, tmp_path):
    root = make_manuscript(TWO_YEARS, extra_toml=SUMMARY)
    assert [f.code for f in run_check(root).findings] == []
    epub = build_epub(root, tmp_path)  # EPUBCheck: no RSC-012
    assert hrefs(epub, "EPUB/part-1661.xhtml") == ["part-1660.xhtml#note-1"] * 3
    target = epub.xml("EPUB/part-1660.xhtml").xpath("//*[@id='note-1']", namespaces=NS)[0]
    assert target.tag == f"{{{NS['x']}}}aside" and "Downing" in "".join(target.itertext())


def test_in_one_part_the_link_stays_in_the_file(make_manuscript, tmp_path):
    root = make_manuscript({"a.md": "# 1660\n\n## 1 January 1660.\n\nOne.[^a] Two.[^b]\n\n"
                                    "[^a]: The first.\n[^b]: As [note 1](#note-1) says.\n"}, extra_toml=SUMMARY)
    assert run_check(root).findings == ()
    assert hrefs(build_epub(root, tmp_path, validate=False), "EPUB/part-1660.xhtml") == ["#note-1"]


def test_with_endnotes_the_link_goes_to_the_endnotes_file(make_manuscript, tmp_path):
    root = make_manuscript(TWO_YEARS, extra_toml='[notes]\nepub = "endnotes"\n' + SUMMARY)
    epub = build_epub(root, tmp_path)
    assert hrefs(epub, "EPUB/part-1661.xhtml") == ["endnotes.xhtml#note-1"]
    assert hrefs(epub, "EPUB/endnotes.xhtml") == ["#note-1", "#note-1"]  # note 2's links, in the same file


def test_the_number_is_the_editions_not_the_label(make_manuscript):
    files = {"a.md": "# A\n\nFirst.[^7] Then [the seventh](#note-7).\n\n[^7]: Labelled seven, numbered one.\n"}
    finding, = run_check(make_manuscript(files, extra_toml=SUMMARY)).findings
    assert (finding.code, finding.location.line) == ("link-broken", 3)
    assert finding.message == "link to '#note-7': the book has no note 7 (its notes run from 1 to 1)"


@pytest.mark.parametrize(("href", "message"), [
    ("#note-3", "the book has no note 3 (its notes run from 1 to 2)"),
    ("1660.md#note-2", "1660.md has no note 2"),
])
def test_a_link_to_a_note_the_book_lacks_is_broken(make_manuscript, href, message):
    files = dict(TWO_YEARS, **{"1661.md": TWO_YEARS["1661.md"].replace("(#note-1)", f"({href})", 1)})
    finding, = run_check(make_manuscript(files, extra_toml=SUMMARY)).findings
    assert (finding.code, finding.location.file.name, finding.message) == ("link-broken", "1661.md",
                                                                           f"link to {href!r}: {message}")


def test_a_book_without_notes(make_manuscript):
    finding, = run_check(make_manuscript({"a.md": "# A\n\nSee [note 1](#note-1).\n"}, extra_toml=SUMMARY)).findings
    assert finding.message == "link to '#note-1': the book has no note 1 (it has no notes)"


def test_per_part_numbers_are_read_in_the_linking_file(make_manuscript):
    root = make_manuscript(TWO_YEARS, extra_toml='[notes]\nnumbering = "per-part"\n')
    book = load(root).book
    index = LinkIndex(book)
    first, second = (root / "1660.md").resolve(), (root / "1661.md").resolve()
    assert index.resolve("#note-1", second)[0].part_id == "part-1661"
    assert index.resolve("#note-1", first)[0].part_id == "part-1660"
    assert index.resolve("1660.md#note-1", second)[0].part_id == "part-1660"
    assert index.resolve("#note-1", None) == (None, "2 parts have a note 1 (the notes are numbered per part): "
                                                    "name the file, as in 1942.md#note-1")


def test_print_links_to_the_note_itself(make_manuscript):
    book = load(make_manuscript(TWO_YEARS)).book
    html = print_html(book, datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)).document()
    assert 'href="#note-1"' in html and 'id="note-1"' in html
