"""The sample edition end to end: EPUBCheck 0/0, every note resolved both ways, reproducible bytes."""

from __future__ import annotations

import re

import pytest
from epub_reading import NS, BuiltEpub
from support import SAMPLE

from carnets_press.build import BuildOptions, build


@pytest.fixture(scope="module")
def sample_epub(tmp_path_factory):
    out = tmp_path_factory.mktemp("epub")
    report = build(SAMPLE, BuildOptions(formats=("epub",), out_dir=out))
    return report, BuiltEpub(report.outputs[0].path)


def manuscript_note_definitions() -> int:
    """Counted from the Markdown itself, independently of our reader."""
    count = 0
    for path in SAMPLE.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        count += len(re.findall(r"^\[\^[^\]]+\]:", text, re.MULTILINE)) + text.count("^[")
    return count


def test_sample_passes_epubcheck(sample_epub):
    report, _ = sample_epub
    assert "0 errors, 0 warnings" in report.outputs[0].validation


def test_every_note_call_resolves_to_its_note_and_back(sample_epub):
    report, epub = sample_epub
    calls = 0
    for doc in epub.documents().values():
        for ref in doc.xpath("//x:a[@epub:type='noteref']", namespaces=NS):
            calls += 1
            aside = doc.xpath(f"//x:aside[@id='{ref.get('href')[1:]}']", namespaces=NS)
            assert len(aside) == 1
            back = aside[0].xpath(".//x:a[@role='doc-backlink']", namespaces=NS)[0]
            assert doc.xpath(f"//x:a[@id='{back.get('href')[1:]}']", namespaces=NS) == [ref]
    assert calls == manuscript_note_definitions() == report.notes
    assert calls >= 31


def test_every_entry_heading_has_a_date(sample_epub):
    _, epub = sample_epub
    headings = [h for doc in epub.documents().values()
                for h in doc.xpath("//x:section[@class='entry']/x:h2", namespaces=NS)]
    assert len(headings) >= 31
    for heading in headings:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", heading.xpath("string(x:time/@datetime)", namespaces=NS))


def test_second_build_is_byte_identical(sample_epub, tmp_path):
    report, _ = sample_epub
    again = build(SAMPLE, BuildOptions(formats=("epub",), out_dir=tmp_path, validate=False))
    assert again.outputs[0].path.read_bytes() == report.outputs[0].path.read_bytes()


def test_credits_carry_translators_and_source(sample_epub):
    _, epub = sample_epub
    colophon = epub.xml("EPUB/colophon.xhtml").xpath("string()")
    assert "Translated by Ros Schwartz and Trista Selous" in colophon
    assert "Carnets (1936–1947)" in colophon
