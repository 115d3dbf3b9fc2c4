"""Store profiles (`check --store`): each store's published numbers, on EPUBs assembled to sit either side of them.

The expectations are the stores' own (docs/stores.md gives each number's source), never what our renderer happens
to write today: the EPUBs are made by store_epubs.make_epub, their covers by Pillow at the sizes that matter.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from pathlib import Path

import pytest
from store_epubs import EPUB_NAME, NOTE_KINDLE, image, make_epub, xhtml
from support import SAMPLE
from typer.testing import CliRunner

from carnets_press.check import run_check
from carnets_press.check.formats import format_json
from carnets_press.cli import StoreName, app
from carnets_press.codes import CODES
from carnets_press.errors import Location, UsageError, ValidationError
from carnets_press.findings import Severity
from carnets_press.validate.stores import GB, MB, STORES, read_package, store_findings, store_names

COVER = f"{EPUB_NAME}/EPUB/images/cover.jpg"


def check(epub: bytes, *stores: str):
    return store_findings(epub, list(stores), EPUB_NAME)


def codes(findings) -> list[str]:
    return [found.code for found in findings]


def with_cover(width: int, height: int, **options) -> bytes:
    return make_epub(cover=image(width, height), **options)


# The registry --------------------------------------------------------------------------------------------------

def test_the_command_line_offers_every_store_of_the_registry_and_all():
    assert [name.value for name in StoreName] == [*STORES, "all"]


def test_all_is_every_store_once_in_the_registrys_order():
    assert store_names(["all"]) == list(STORES) == ["kdp", "apple", "kobo", "google"]
    assert store_names(["google", "kdp", "kdp"]) == ["kdp", "google"]


def test_an_unknown_store_is_a_usage_error_naming_the_choices():
    with pytest.raises(UsageError) as raised:
        store_names(["kdp", "nook"])
    assert "'nook'" in raised.value.message and "kdp, apple, kobo, google, all" in raised.value.hint


def test_every_store_code_is_of_the_store_family():
    assert {found.code for found in check(make_epub(), "all")} <= {code for code, entry in CODES.items()
                                                                    if entry.family == "store"}


# KDP: the cover (KDP Help, "Cover Image Guidelines") ------------------------------------------------------------

def test_kdp_ideal_cover_passes():
    assert check(with_cover(1600, 2560), "kdp") == []


def test_kdp_square_cover_is_accepted_with_warnings_on_its_size_and_ratio():
    found = check(with_cover(1000, 1000), "kdp")
    assert codes(found) == ["store-cover-small", "store-cover-ratio"]
    assert all(item.severity is Severity.WARNING for item in found)
    assert found[0].message == "kdp: the cover is 1000 × 1000 px; KDP's ideal is 1600 × 2560 (1.6:1)"
    assert found[0].location == Location(Path(COVER))


def test_kdp_cover_under_the_minimum_of_1000_by_625_is_an_error():
    found = check(with_cover(500, 800), "kdp")
    assert "store-cover-size" in codes(found)
    size = found[codes(found).index("store-cover-size")]
    assert size.severity is Severity.ERROR and "625 × 1000" in size.message  # width × height
    assert "store-cover-size" not in codes(check(with_cover(625, 1000), "kdp"))  # the minimum itself


def test_kdp_cover_over_10000_pixels_a_side_is_an_error():
    found = check(with_cover(700, 10001), "kdp")
    assert [item.message for item in found if item.code == "store-cover-size"] == [
        "kdp: the cover is 700 × 10001 px; KDP accepts no more than 10000 px a side"]


def test_kdp_cover_file_over_50_mb_is_an_error():
    package = read_package(with_cover(1600, 2560), EPUB_NAME)
    heavy = dataclasses.replace(package.manifest["cover-img"], size=51 * MB)
    package = dataclasses.replace(package, manifest={**package.manifest, "cover-img": heavy})
    assert codes(STORES["kdp"].check(package)) == ["store-cover-size"]


def test_kdp_ratio_is_height_over_width():
    assert "store-cover-ratio" in codes(check(with_cover(2560, 1600), "kdp"))  # landscape: 0.625:1
    assert "store-cover-ratio" not in codes(check(with_cover(1563, 2500), "kdp"))  # 1.5995:1, within 1 %


def test_epub2_cover_meta_alone_finds_the_cover():
    epub = with_cover(500, 800, cover_image=False)
    assert read_package(epub, EPUB_NAME).cover.path == "EPUB/images/cover.jpg"
    assert "store-cover-size" in codes(check(epub, "kdp"))


def test_kdp_asks_for_no_cover_inside_the_epub():
    assert check(make_epub(), "kdp") == []  # its marketing cover is uploaded on its own


# KDP: notes (Kindle Publishing Guidelines 7 and 10.3.12) ---------------------------------------------------------

OUR_CALL = ('<a id="noteref-{n}" class="noteref" href="{href}#note-{n}" epub:type="noteref" '
            'role="doc-noteref">{n}</a>')
OUR_NOTE = ('<aside id="note-{n}" class="footnote" epub:type="footnote" role="doc-footnote">\n'
            '<p><a class="note-number" href="{back}#noteref-{n}" role="doc-backlink">{n}</a> A note.</p>\n</aside>\n')


def notes_epub(*calls: str, notes: str, endnotes: str | None = None) -> bytes:
    documents = {"text.xhtml": xhtml("".join(f"<p>Text.{call}</p>\n" for call in calls) + notes)}
    if endnotes is not None:
        documents["endnotes.xhtml"] = xhtml(endnotes)
    return make_epub(documents=documents)


def test_kindle_example_footnote_passes():
    assert check(make_epub(documents={"text.xhtml": xhtml(NOTE_KINDLE)}), "kdp") == []


def test_call_outside_sup_is_reported_once_per_file_with_a_count():
    calls = [OUR_CALL.format(n=n, href="") for n in (1, 2, 3)]
    calls[1] = f"<sup>{calls[1]}</sup>"
    found = check(notes_epub(*calls, notes="".join(OUR_NOTE.format(n=n, back="") for n in (1, 2, 3))), "kdp")
    assert codes(found) == ["store-note-format"]
    assert found[0].severity is Severity.WARNING
    assert "not in superscript: 2 of 3" in found[0].message
    assert found[0].location.file == Path(f"{EPUB_NAME}/EPUB/text.xhtml") and found[0].location.line == 6


@pytest.mark.parametrize("call", [
    "<sup>" + OUR_CALL.format(n=1, href="") + "</sup>",
    OUR_CALL.format(n=1, href="").replace(">1</a>", "><sup>1</sup></a>"),
])
def test_call_in_sup_either_way_round_passes(call):
    assert check(notes_epub(call, notes=OUR_NOTE.format(n=1, back="")), "kdp") == []


def test_note_without_a_link_back_is_an_error():
    note = '<aside id="note-1" epub:type="footnote"><p>1. A note with no way back.</p></aside>\n'
    found = check(notes_epub("<sup>" + OUR_CALL.format(n=1, href="") + "</sup>", notes=note), "kdp")
    assert codes(found) == ["store-note-backlink"]
    assert found[0].severity is Severity.ERROR and "1 of 1" in found[0].message


def test_call_without_an_id_cannot_be_linked_back_to():
    call = '<sup><a href="#note-1" epub:type="noteref">1</a></sup>'
    note = OUR_NOTE.format(n=1, back="")
    assert codes(check(notes_epub(call, notes=note), "kdp")) == ["store-note-backlink"]


def test_link_back_after_the_notes_text_is_reported():
    note = ('<aside id="note-1" epub:type="footnote"><p>A note. '
            '<a href="#noteref-1" role="doc-backlink">Back</a></p></aside>\n')
    found = check(notes_epub("<sup>" + OUR_CALL.format(n=1, href="") + "</sup>", notes=note), "kdp")
    assert codes(found) == ["store-note-format"]
    assert "do not begin with their link back: 1 of 1" in found[0].message


def test_endnotes_in_another_file_link_back_across_files():
    call = "<sup>" + OUR_CALL.format(n=1, href="endnotes.xhtml") + "</sup>"
    endnote = ('<ol><li id="note-1" epub:type="endnote"><p><a href="text.xhtml#noteref-1" role="doc-backlink">1'
               '</a> A note.</p></li></ol>\n')
    assert check(notes_epub(call, notes="", endnotes=endnote), "kdp") == []
    found = check(notes_epub(call, notes="", endnotes=endnote.replace("text.xhtml#noteref-1", "text.xhtml")), "kdp")
    assert codes(found) == ["store-note-backlink"]
    assert found[0].location.file == Path(f"{EPUB_NAME}/EPUB/endnotes.xhtml")


def test_our_renderers_notes_link_back_in_both_note_modes(make_manuscript):
    from carnets_press.check import store_checks
    from carnets_press.pipeline import load

    diary = {"a.md": "# 1941\n\n## 1 May 1941.\n\nText.[^1] More.[^2]\n\n[^1]: One.\n\n[^2]: Two.\n"}
    for mode in ("footnotes", "endnotes"):
        book = load(make_manuscript(diary, extra_toml=f'[notes]\nepub = "{mode}"\n')).buildable()
        assert "store-note-backlink" not in codes(store_checks(book, ["kdp"]))


# Apple Books: images (Asset Guide) ------------------------------------------------------------------------------

def test_apple_refuses_images_of_over_5_6_million_pixels():
    big = image(2400, 2400)  # 5.76 million
    found = check(make_epub(cover=image(1600, 2560), images={"images/map.jpg": big}), "apple")
    assert codes(found) == ["store-image-too-large"]
    assert found[0].severity is Severity.ERROR
    assert found[0].location == Location(Path(f"{EPUB_NAME}/EPUB/images/map.jpg"))


def test_apple_accepts_5_6_million_pixels_and_kdps_ideal_cover():
    assert check(make_epub(cover=image(1600, 2560), images={"images/map.png": image(2000, 2800, "PNG")}),
                 "apple") == []


def test_apple_counts_the_cover_among_the_images():
    assert codes(check(with_cover(2400, 2400), "apple")) == ["store-image-too-large"]


# Kobo: the cover (Kobo EPUB Guidelines) -------------------------------------------------------------------------

def test_kobo_cover_on_a_page_of_its_own_with_both_declarations_passes():
    assert check(with_cover(1600, 2560), "kobo") == []


def test_kobo_wants_meta_name_cover():
    found = check(with_cover(1600, 2560, cover_meta=False), "kobo")
    assert codes(found) == ["store-cover-meta"]
    assert found[0].location == Location(Path(f"{EPUB_NAME}/EPUB/content.opf"))
    assert codes(check(make_epub(), "kobo")) == ["store-cover-meta"]


def test_kobo_meta_name_cover_must_name_an_image_of_the_manifest():
    source = zipfile.ZipFile(io.BytesIO(with_cover(1600, 2560)))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, data.replace(b'content="cover-img"', b'content="nav"'))
    found = check(buffer.getvalue(), "kobo")
    assert codes(found) == ["store-cover-meta"] and "'nav'" in found[0].message


def test_kobo_wants_the_cover_shown_on_a_page_of_the_spine():
    found = check(with_cover(1600, 2560, cover_page_body=""), "kobo")
    assert codes(found) == ["store-cover-page"] and "no page of the spine" in found[0].message


@pytest.mark.parametrize("extra, what", [
    ("<h1>Notebooks</h1>", "text"),
    ('<p><a href="text.xhtml"><img src="images/logo.png" alt=""/></a></p>', "another image and a link"),
])
def test_kobo_wants_nothing_else_on_the_cover_page(extra, what):
    body = f'<div><img src="images/cover.jpg" alt="The cover."/></div>\n{extra}\n'
    found = check(with_cover(1600, 2560, cover_page_body=body, images={"images/logo.png": image(10, 10, "PNG")}),
                  "kobo")
    assert codes(found) == ["store-cover-page"]
    assert f"also holds {what}" in found[0].message


def test_kobo_does_not_support_gif_covers():
    epub = make_epub(cover=image(1600, 2560, "GIF"), cover_type="image/gif", cover_name="cover.gif")
    assert codes(check(epub, "kobo")) == ["store-cover-format"]


# Google Play Books: the cover (Partner Center Help, "Files and uploading overview") -----------------------------

def test_google_requires_the_cover_inside_the_epub():
    found = check(make_epub(), "google")
    assert codes(found) == ["store-cover-missing"] and found[0].severity is Severity.ERROR


def test_google_cover_of_640_to_7200_pixels():
    assert check(with_cover(640, 1024), "google") == []
    assert codes(check(with_cover(600, 960), "google")) == ["store-cover-size"]
    assert codes(check(with_cover(700, 7201), "google")) == ["store-cover-size"]


# File sizes -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("store, size, expected", [
    ("kdp", 649 * MB, []), ("kdp", 651 * MB, ["store-file-too-large"]),
    ("apple", 999 * MB, []), ("apple", 1500 * MB, ["store-file-large"]), ("apple", 2 * GB, ["store-file-too-large"]),
    ("kobo", 1500 * MB, ["store-file-large"]), ("kobo", 3 * GB, ["store-file-large"]),
    ("google", 1999 * MB, []), ("google", 2 * GB, ["store-file-too-large"]),
])
def test_epub_file_size_limits(store, size, expected):
    package = dataclasses.replace(read_package(with_cover(1600, 2560), EPUB_NAME), size=size)
    found = [item for item in STORES[store].check(package) if item.code.startswith("store-file")]
    assert codes(found) == expected
    assert all(item.location == Location(Path(EPUB_NAME)) and item.message.startswith(f"{store}: ")
               for item in found)


# check --store ------------------------------------------------------------------------------------------------

DIARY = {"a.md": "# 1941\n\n## 1 May 1941.\n\nText.[^1]\n\n[^1]: A note.\n"}


def test_run_check_adds_the_store_findings_after_the_manuscripts(make_manuscript):
    report = run_check(make_manuscript(DIARY), stores=["kdp", "google"])
    store = [found for found in report.findings if found.code.startswith("store-")]
    assert all(str(found.location.file).startswith("doe-test-notebooks.epub") for found in store)
    assert report.findings[len(report.findings) - len(store):] == tuple(store)


def test_store_checks_are_skipped_on_a_book_with_errors(make_manuscript):
    report = run_check(make_manuscript({"a.md": "# 1941\n\nText.[^missing]\n"}), stores=["all"])
    assert "note-undefined" in codes(report.findings)
    assert codes(report.findings)[-1] == "store-checks-skipped"
    assert "kdp, apple, kobo, google" in report.findings[-1].message and report.exit_code == 1


def test_run_check_refuses_an_unknown_store(make_manuscript):
    with pytest.raises(UsageError):
        run_check(make_manuscript(DIARY), stores=["nook"])


def test_sample_edition_runs_through_every_store():
    report = run_check(SAMPLE, stores=["all"])
    store = [found for found in report.findings if found.code.startswith("store-")]
    assert all(CODES[found.code].family == "store" for found in store)
    assert all(str(found.location.file).startswith("serge-notebooks.epub") for found in store)
    assert all(found.message.split(":")[0] in STORES for found in store)
    document = json.loads(format_json(report))
    assert len(document["findings"]) == len(report.findings)


runner = CliRunner()


def test_cli_unknown_store_is_a_usage_error_listing_the_choices(make_manuscript):
    result = runner.invoke(app, ["check", "-m", str(make_manuscript(DIARY)), "--store", "nook"],
                           catch_exceptions=False)
    assert result.exit_code == 2
    assert all(f"'{name}'" in result.output for name in ("kdp", "apple", "kobo", "google", "all"))


def test_cli_store_option_repeats(make_manuscript):
    result = runner.invoke(app, ["check", "-m", str(make_manuscript(DIARY)), "--store", "kdp", "--store", "kobo",
                                 "--format", "json"], catch_exceptions=False)
    assert result.exit_code in (0, 1)
    found = json.loads(result.output)["findings"]
    assert {item["message"].split(":")[0] for item in found if item["code"].startswith("store-")} <= {"kdp", "kobo"}


def test_a_file_that_is_not_an_epub_is_a_validation_error():
    with pytest.raises(ValidationError):
        check(b"PK not a zip", "kdp")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
    with pytest.raises(ValidationError, match="no package document"):
        check(buffer.getvalue(), "kdp")
