"""WeasyPrint's warnings reach the user as findings, with the manuscript stylesheet's line (render/print/logs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from carnets_press.build import BuildOptions, build
from carnets_press.cli import app
from carnets_press.errors import FindingsError, ManuscriptError
from carnets_press.findings import Severity
from carnets_press.render.print import logs
from carnets_press.render.print.styles import Stylesheet

BAD_CSS = "p { colr: red }\n@page { size: banana }\n"
ENTRY = "# {title}\n\n## 1 May 1941.\n\nSome words.[^1]\n\n[^1]: A note.\n"


def css_findings(report) -> list[tuple[str, str, int | None, int | None]]:
    return [(f.code, f.location.file.as_posix().split("manuscript/")[-1] if f.location else None,
             f.location.line if f.location else None, f.location.column if f.location else None)
            for f in report.findings if f.code.startswith("print-css") or f.code.startswith("print-resource")]


EXPECTED = [("print-css-ignored", "styles/print.css", 1, 5), ("print-css-ignored", "styles/print.css", 2, 9)]


def test_ignored_css_is_reported_at_its_line_and_the_build_succeeds(make_manuscript, tmp_path, weasyprint_warnings):
    weasyprint_warnings.expect(r"Ignored `colr: red ?` at 1:5", r"Ignored `size: banana ?` at 2:9")
    root = make_manuscript({"a.md": ENTRY.format(title="A"), "styles/print.css": BAD_CSS})
    report = build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out"))
    assert css_findings(report) == EXPECTED
    assert all(f.severity is Severity.WARNING for f in report.findings if f.code == "print-css-ignored")
    assert "unknown property" in next(f.message for f in report.findings if f.location and f.location.line == 1)
    assert report.outputs[0].path.is_file()

    again = build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out"))  # cached: reported again
    assert again.outputs[0].cached and css_findings(again) == EXPECTED

    result = CliRunner().invoke(app, ["build", "pdf", "-m", str(root), "-o", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    assert "styles/print.css:1:5: warning: WeasyPrint: Ignored `colr: red" in result.output
    assert "styles/print.css:2:9: warning" in result.output


def test_the_chunks_workers_send_their_warnings_back_once(make_manuscript, tmp_path):
    files = {f"part{n}.md": ENTRY.format(title=f"Part {n}") for n in range(1, 6)}
    root = make_manuscript({**files, "styles/print.css": BAD_CSS})
    options = BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", jobs=2)
    first = build(root, options)
    assert "chunks" in (tmp_path / "out" / ".carnets-cache" / "pdf-pages.json").read_text()  # laid out in chunks
    assert css_findings(first) == EXPECTED
    (tmp_path / "out" / ".carnets-cache" / "pdf.json").unlink()  # built again, every chunk from the chunk cache
    assert css_findings(build(root, options)) == EXPECTED


def test_a_missing_image_of_the_print_stylesheet_fails_at_its_line_before_layout(make_manuscript, tmp_path):
    root = make_manuscript({"a.md": ENTRY.format(title="A"),
                            "styles/print.css": "p { color: black }\np { background: url(missing.png) }\n"})
    with pytest.raises(ManuscriptError) as raised:
        build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out"))
    assert raised.value.message.count("missing.png") == 1 and "does not exist" in raised.value.message
    assert (raised.value.location.file.name, raised.value.location.line) == ("print.css", 2)
    assert not (tmp_path / "out" / "doe-test-notebooks.pdf").exists()


def test_an_image_that_is_not_one_is_an_error_at_its_file(make_manuscript, tmp_path, weasyprint_warnings):
    weasyprint_warnings.expect(r"Failed to load image at .*broken\.png")
    root = make_manuscript({"a.md": ENTRY.format(title="A"), "styles/print.css": "p { background: url(broken.png) }\n",
                            "styles/broken.png": "not an image"})
    with pytest.raises(FindingsError) as raised:
        build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out"))
    [unloadable] = [f for f in raised.value.findings if f.code == "print-resource-unloadable"]
    assert unloadable.severity is Severity.ERROR and unloadable.location.file == root / "styles" / "broken.png"
    assert not (tmp_path / "out" / "doe-test-notebooks.pdf").exists()


SHEETS = [Stylesheet("@page {}", "file:///", "the page rule generated from book.toml [print]"),
          Stylesheet("p {}", "file:///m/styles/", "styles/print.css", Path("/m/styles/print.css")),
          Stylesheet('@import "more.css";\np {}', "file:///m/styles/", "styles/print.css", Path("/m/styles/print.css"))]


def test_the_policy_places_what_it_can_and_drops_what_is_said_elsewhere():
    records = [logs.Logged("WARNING", "Ignored `colr: red ` at 3:7, unknown property.", 1),
               logs.Logged("WARNING", "Ignored `colr: red ` at 3:7, unknown property.", 1),  # another chunk's
               logs.Logged("WARNING", "Ignored `x: y` at 1:1, unknown property.", 0),
               logs.Logged("WARNING", "Ignored `x: y` at 2:1, unknown property.", 2),
               logs.Logged("WARNING", "Anchor defined twice: 'a'", None),
               logs.Logged("ERROR", "Failed to load image at 'file:///m/x.png': refused: file:///m/x.png", None),
               logs.Logged("ERROR", "Failed to load image at 'file:///m/y.png': ", None)]
    found = logs.findings(records, SHEETS, refused=["file:///m/x.png"])
    assert [(f.code, str(f.location) if f.location else None, f.message) for f in found] == [
        ("print-css-ignored", "/m/styles/print.css:3:7", "WeasyPrint: Ignored `colr: red ` at 3:7, unknown property."),
        ("print-css-ignored", None,
         "WeasyPrint, in the page rule generated from book.toml [print]: Ignored `x: y` at 1:1, unknown property."),
        ("print-css-ignored", "/m/styles/print.css", "WeasyPrint: Ignored `x: y` at 2:1, unknown property."),  # @import
        ("print-layout-warning", None, "WeasyPrint: Anchor defined twice: 'a'"),
        ("print-resource-unloadable", "/m/y.png", "WeasyPrint: Failed to load image at 'file:///m/y.png'"),
    ]


def test_the_capture_hears_only_warnings_of_its_own_thread(weasyprint_warnings):
    import logging
    import threading

    weasyprint_warnings.expect("another build's", "Ignored `a: b`", "after the layout")

    logger = logging.getLogger("weasyprint")
    with logs.capture() as captured:
        logging.getLogger("weasyprint.progress").info("Step 1 - Fetching and parsing HTML")
        logger.debug("a traceback")
        other = threading.Thread(target=logger.warning, args=("another build's",))
        other.start()
        other.join()
        logger.warning("Ignored `a: b` at 1:1, unknown property.")
    logger.warning("after the layout")
    assert [record.message for record in captured.records] == ["Ignored `a: b` at 1:1, unknown property."]


def test_what_weasyprint_says_while_rendering_is_a_layout_warning(make_manuscript, tmp_path, weasyprint_warnings):
    weasyprint_warnings.expect(r"Inline grids are not supported")
    root = make_manuscript({"a.md": "# A\n\n## 1 May 1941.\n\nSome *words* here.\n",
                            "styles/print.css": "em { display: inline-grid }\n"})
    report = build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out"))
    assert [(f.code, f.severity, f.location) for f in report.findings
            if f.code != "accessibility-summary-missing"] == [("print-layout-warning", Severity.WARNING, None)]
