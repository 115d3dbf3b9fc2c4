"""Subsetting a font as WeasyPrint does, without decompiling the layout tables it drops (font_subsetting.py)."""

from __future__ import annotations

import io

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont
from support import REPOSITORY

from carnets_press.render.print import font_subsetting

FONTS = sorted((REPOSITORY / "fonts").glob("*.ttf"))


def weasyprint_subset(data: bytes, glyphs: set[int]) -> tuple[bytes, set[str]]:
    """The font subset with the options weasyprint.pdf.fonts.Font._fonttools_subset uses (WeasyPrint 70), and
    the tables read from the font meanwhile."""
    options = subset.Options(retain_gids=True, passthrough_tables=True, ignore_missing_glyphs=True, hinting=False,
                             desubroutinize=True, notdef_outline=False)
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=glyphs)
    # Without the time of saving in the 'head' table, which would differ between two subsets a second apart.
    font, read = TTFont(io.BytesIO(data), recalcTimestamp=False), set()
    reading = font.__class__.__getitem__

    def getitem(self, tag):
        read.add(tag)
        return reading(self, tag)

    font.__class__ = type("Watched", (TTFont,), {"__getitem__": getitem})
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), read


@pytest.fixture
def unfixed(monkeypatch):
    """fontTools's own subsetter, as it is without the fix (the fix, if installed, undone)."""
    font_subsetting.install()
    wrapped = subset.Subsetter.subset
    monkeypatch.setattr(subset.Subsetter, "subset", wrapped.__wrapped__)
    monkeypatch.setattr(subset, "_compact_layout_tables", subset._compact_layout_tables.__wrapped__)


@pytest.mark.parametrize("path", FONTS, ids=[path.stem for path in FONTS])
def test_the_subset_font_is_the_same_byte_for_byte(path, unfixed, monkeypatch):
    data, glyphs = path.read_bytes(), set(range(1, 400, 3))
    theirs, read_by_theirs = weasyprint_subset(data, glyphs)
    monkeypatch.undo()
    font_subsetting.install()
    ours, read_by_ours = weasyprint_subset(data, glyphs)
    assert ours == theirs
    if hasattr(subset, "_compact_layout_tables"):  # the fontTools versions with the compaction
        assert {"GSUB", "GPOS"} <= read_by_theirs  # decompiled, to be dropped
    assert not {"GSUB", "GPOS"} & read_by_ours
    assert "GSUB" not in TTFont(io.BytesIO(ours)) and "GDEF" in TTFont(io.BytesIO(ours))


def test_a_subsetter_that_keeps_the_layout_tables_compacts_them_as_before():
    font_subsetting.install()
    data = FONTS[0].read_bytes()
    options = subset.Options(retain_gids=True, hinting=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids={1, 2, 3, 40})
    font = TTFont(io.BytesIO(data))
    subsetter.subset(font)
    assert "GSUB" in font and "GPOS" in font
