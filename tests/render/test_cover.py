"""The ebook cover generated from the book (render/cover.py), and the sample edition's own cover art."""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader
from support import SAMPLE
from weasyprint_logs import assert_no_weasyprint_logs

from carnets_press.pdf_text import page_texts
from carnets_press.render import cover

SAMPLE_BOOK = ("Notebooks", "1941–1947", ["Victor Serge"], "en-GB")
# 200 characters, to wrap over many lines.
LONG_TITLE = ("Carnets d’un révolutionnaire en exil, de Marseille à Mexico par la Martinique, Haïti et à Cuba : "
              "impressions, portraits, réflexions sur la guerre, la révolution, la littérature et le destin des hommes")
ARABIC_BOOK = ("دفاتر المنفى في المكسيك", "١٩٤١–١٩٤٧", ["فيكتور سيرج"], "ar")
MARGIN_PX = 24  # the least distance from any glyph to the page's edge (the frame is 122 px in)


@pytest.fixture(scope="module")
def sample_cover():
    with assert_no_weasyprint_logs():  # our template and styles/cover.css give WeasyPrint nothing to say
        return cover.generated_cover(*SAMPLE_BOOK)


@pytest.fixture(scope="module")
def sample_pdf():
    with assert_no_weasyprint_logs():
        return cover.generated_cover_pdf(*SAMPLE_BOOK)


def _image(jpeg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(jpeg))
    image.load()
    return image


def _luminance(rgb: tuple[int, ...]) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(c) for c in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _inside_page(boxes, margin: float = MARGIN_PX) -> list[str]:
    """The characters whose glyph box comes nearer than `margin` to an edge of the 1600 × 2560 px page."""
    return [char for char, (left, top, right, bottom) in boxes
            if left < margin or top < margin or right > cover.WIDTH_PX - margin or bottom > cover.HEIGHT_PX - margin]


def _letters(text: str) -> Counter:
    return Counter(char for char in text if not char.isspace())


def test_the_cover_is_a_1600_by_2560_rgb_jpeg_without_exif(sample_cover):
    image = _image(sample_cover)
    assert image.format == "JPEG" and image.mode == "RGB"
    assert image.size == (1600, 2560)
    assert "exif" not in image.info and not image.getexif()
    assert not any(marker in sample_cover[:4096] for marker in (b"Exif", b"http://ns.adobe.com/xap"))


def test_two_covers_of_the_same_book_are_the_same_bytes(sample_cover):
    assert cover.generated_cover(*SAMPLE_BOOK) == sample_cover


def test_the_page_is_1200_by_1920_points_and_rendered_at_exactly_the_cover_size(sample_pdf):
    page = PdfReader(io.BytesIO(sample_pdf)).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (1200, 1920)
    assert cover.SCALE * 1200 == pytest.approx(1600)


def test_the_title_subtitle_and_author_are_drawn_in_eb_garamond(sample_pdf):
    (text,) = page_texts(sample_pdf)
    assert _letters(text) == _letters("Notebooks 1941–1947 Victor Serge")
    fonts = set()
    for page in PdfReader(io.BytesIO(sample_pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(re.sub(r"^[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"]).lstrip("/")))
    assert fonts and all(name.startswith("EB-Garamond") for name in fonts), fonts


def test_the_title_area_is_ink_on_paper_with_a_contrast_of_at_least_7(sample_cover, sample_pdf):
    boxes = [box for char, box in cover.text_boxes(sample_pdf)][:len("Notebooks")]
    left, top = min(box[0] for box in boxes), min(box[1] for box in boxes)
    right, bottom = max(box[2] for box in boxes), max(box[3] for box in boxes)
    assert right - left > 600 and bottom - top > 100  # the title is large
    image = _image(sample_cover)
    title = image.crop((round(left), round(top), round(right), round(bottom)))
    colours = title.getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # not uniform: letters drawn
    paper = image.getpixel((cover.WIDTH_PX // 2, round(bottom) + 40))  # below the title, above the rule
    ink = min((colour for _, colour in colours), key=_luminance)
    lighter, darker = sorted((_luminance(paper), _luminance(ink)), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 7


def test_a_200_character_title_wraps_and_shrinks_inside_the_page(sample_pdf):
    assert len(LONG_TITLE) == 200
    with assert_no_weasyprint_logs():
        pdf = cover.generated_cover_pdf(LONG_TITLE, "Édition intégrale", ["Victor Serge"], "fr")
    (text,) = page_texts(pdf)
    assert _letters(text) == _letters(LONG_TITLE + "Édition intégrale Victor Serge")  # nothing cut off
    assert text.count("\n") >= 6  # wrapped
    boxes = cover.text_boxes(pdf)
    assert not _inside_page(boxes, margin=cover.FRAME_INSET_PX)
    # In smaller type than the short title's: compare the capitals that begin them, C and N.
    def capital_height(boxes):
        _, (_, top, _, bottom) = boxes[0]
        return bottom - top
    assert capital_height(boxes) < 0.6 * capital_height(cover.text_boxes(sample_pdf))


def test_a_word_longer_than_the_measure_breaks_rather_than_overflows():
    with assert_no_weasyprint_logs():
        pdf = cover.generated_cover_pdf("W" * 200, "y" * 90, ["Z" * 60], "en")
    assert _letters(page_texts(pdf)[0]) == _letters("W" * 200 + "y" * 90 + "Z" * 60)
    assert not _inside_page(cover.text_boxes(pdf), margin=cover.FRAME_INSET_PX)


def test_many_authors_stay_inside_the_page():
    authors = [f"Author Number {n} With A Long Name" for n in range(1, 13)]
    with assert_no_weasyprint_logs():
        pdf = cover.generated_cover_pdf("Letters", "Collected", authors, "en")
    assert _letters(page_texts(pdf)[0]) == _letters("Letters Collected" + "".join(authors))
    assert not _inside_page(cover.text_boxes(pdf), margin=cover.FRAME_INSET_PX)


def test_an_arabic_title_is_set_right_to_left_and_nothing_is_cut_off():
    with assert_no_weasyprint_logs():
        pdf = cover.generated_cover_pdf(*ARABIC_BOOK)
        jpeg = cover.rasterise_pdf(pdf)
    assert _image(jpeg).size == (1600, 2560)
    (text,) = page_texts(pdf)
    title, subtitle, (author,), _ = ARABIC_BOOK
    assert _letters(text) == _letters(title + subtitle + author)
    boxes = cover.text_boxes(pdf)
    assert not _inside_page(boxes, margin=cover.FRAME_INSET_PX)
    # Right to left: the title's first word, دفاتر, is on the first line, its first letter rightmost.
    first_line = [box for char, box in boxes if box[1] < boxes[0][1][3]]
    assert boxes[0][0] == "د" and boxes[0][1][2] == max(box[2] for box in first_line)


def test_a_200_character_arabic_title_stays_inside_the_page():
    title = ("دفاتر المنفى في المكسيك " * 9)[:200]
    with assert_no_weasyprint_logs():
        pdf = cover.generated_cover_pdf(title, None, ["فيكتور سيرج"], "ar")
    assert _letters(page_texts(pdf)[0]) == _letters(title + "فيكتور سيرج")
    assert not _inside_page(cover.text_boxes(pdf), margin=cover.FRAME_INSET_PX)


def test_the_cover_reads_no_file_but_our_fonts(weasyprint_warnings):
    weasyprint_warnings.expect(r"Failed to load image at 'file:///etc/hostname'",
                               r"Failed to load image at 'https://example.org/x.png'")
    html = '<img src="file:///etc/hostname"><p style="background: url(https://example.org/x.png)">x</p>'
    with pytest.raises(cover.CoverError, match="may not read"):
        cover.rasterise(html, base_url=SAMPLE.as_uri() + "/")


def test_the_sample_editions_cover_art_is_its_svg_rasterised(sample_cover):
    images = SAMPLE / "images"
    jpeg = (images / "cover.jpg").read_bytes()
    image = _image(jpeg)
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (1600, 2560))
    assert len(jpeg) < 1_000_000 and not image.getexif()
    svg = (images / "cover.svg").read_text(encoding="utf-8")
    with assert_no_weasyprint_logs():
        pdf = cover.render_pdf(svg, base_url=images.as_uri() + "/")
    text = "".join(page_texts(pdf)[0].split())  # the letter-spaced lines are read back with spaces
    for words in ("Notebooks", "1941–1947", "VICTORSERGE", "Marseille", "Martinique", "Haiti", "Cuba", "Mexico"):
        assert words in text
    # cover.jpg is what cover.svg gives now (the same bytes with the same WeasyPrint, PDFium and Pillow; near
    # enough with others): python scripts/render_cover_art.py after changing the SVG.
    difference = ImageChops.difference(image, _image(cover.rasterise_pdf(pdf)))
    assert sum(ImageStat.Stat(difference).mean) / 3 < 1.0
    # The art is its own, not the generated cover: a dark ground where the typographic cover is paper.
    assert _luminance(image.getpixel((40, 40))) < 0.05 < _luminance(_image(sample_cover).getpixel((40, 40)))
    licence = (images / "LICENSE.txt").read_text(encoding="utf-8")
    assert "CC0 1.0" in licence and "cover.svg" in licence and "cover.jpg" in licence
