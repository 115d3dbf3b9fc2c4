"""The file rules: a manuscript reads nothing outside itself, by any path, and nothing unbounded.

Each case points a manuscript at a canary file outside it; the test asserts the error at the place that
named the file, and (through an audit hook of the interpreter, which sees every open) that no command
opened the canary.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from carnets_press.errors import ManuscriptError
from carnets_press.manuscript.files import LIMITS, ManuscriptFiles
from carnets_press.pipeline import load

SECRET = "CANARY-4b1f secret text of the machine"


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.md"
    path.parent.mkdir()
    path.write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    return path


def _toml(contents: str) -> str:
    return f'title = "T"\nlanguage = "en"\ncontents = [{contents}]\n'


def _manuscript(make_manuscript, contents: str = '"a.md"', files: dict[str, str] | None = None) -> Path:
    return make_manuscript({"a.md": "# A\n\nText.\n", **(files or {})}, toml=_toml(contents))


def _error(root: Path) -> ManuscriptError:
    with pytest.raises(ManuscriptError) as raised:
        load(root)
    return raised.value


def test_contents_with_an_absolute_path_is_refused_at_its_line(make_manuscript, canary):
    root = _manuscript(make_manuscript, f'"a.md",\n  "{canary}"')
    error = _error(root)
    assert (error.location.file.name, error.location.line) == ("book.toml", 4)
    assert "is not a relative path inside the manuscript" in error.message


def test_contents_climbing_out_is_refused(make_manuscript, canary):
    error = _error(_manuscript(make_manuscript, '"a.md", "../outside/secret.md"'))
    assert "is outside the manuscript" in error.message and error.location.line == 3


def test_a_contents_symlink_pointing_out_is_refused(make_manuscript, canary):
    root = _manuscript(make_manuscript, '"a.md", "b.md"')
    (root / "b.md").symlink_to(canary)
    assert "is outside the manuscript (symbolic links are followed)" in _error(root).message


def test_book_toml_as_a_symlink_out_is_refused(make_manuscript, canary, tmp_path):
    root = _manuscript(make_manuscript)
    outside = tmp_path / "outside" / "book.toml"
    outside.write_text(_toml('"a.md"'), encoding="utf-8")
    (root / "book.toml").unlink()
    (root / "book.toml").symlink_to(outside)
    assert "book.toml is outside the manuscript" in _error(root).message


def test_a_stylesheet_symlink_out_is_refused(make_manuscript, canary):
    root = _manuscript(make_manuscript)
    (root / "styles").mkdir()
    (root / "styles" / "print.css").symlink_to(canary)
    error = _error(root)
    assert error.message.startswith("styles/print.css is outside the manuscript")


def test_an_image_symlink_out_is_a_finding_at_its_line(make_manuscript, canary):
    root = make_manuscript({"a.md": "# A\n\nText.\n\n![a picture](x.png)\n"})
    (root / "x.png").symlink_to(canary)
    _, findings = load(root)
    assert [(f.code, f.location.line) for f in findings] == [("image-not-in-manuscript", 5)]


def test_a_fifo_is_not_read(make_manuscript):
    root = _manuscript(make_manuscript, '"a.md", "pipe.md"')
    os.mkfifo(root / "pipe.md")  # reading it would block forever
    assert "is not a regular file" in _error(root).message


def test_a_directory_in_contents(make_manuscript):
    root = _manuscript(make_manuscript, '"a.md", "chapters"')
    (root / "chapters").mkdir()
    assert "is not a regular file" in _error(root).message


def test_a_file_over_the_limit_is_refused_without_being_read(make_manuscript):
    root = _manuscript(make_manuscript, '"a.md", "huge.md"')
    with open(root / "huge.md", "wb") as handle:  # sparse: no disk is used
        handle.truncate(LIMITS["text"] + 1)
    assert "is larger than 16 MiB, the limit for a text file" in _error(root).message


def test_a_byte_order_mark_is_accepted(make_manuscript):
    root = _manuscript(make_manuscript)
    (root / "a.md").write_bytes("\ufeff# A\n\nText.\n".encode())
    book, findings = load(root)
    assert book.parts[0].heading_text == "A" and findings == []


def test_what_was_read_is_recorded(make_manuscript):
    root = _manuscript(make_manuscript)
    files = ManuscriptFiles(root)
    files.resolve("a.md", "text", None)
    assert list(files.used.values()) == ["text"]


_OPENS = """
import json, sys
opened = []
import os
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        opened.append(os.path.realpath(os.fsdecode(args[0])))
sys.addaudithook(hook)
from carnets_press.cli import main
sys.argv = ["carnets-press"] + json.loads(sys.argv[1])
try:
    main()
except SystemExit:
    pass
print("OPENED" + json.dumps(opened))
"""


@pytest.mark.parametrize("command", [["check"], ["build", "epub", "--no-validate"], ["stats"]])
def test_no_command_opens_the_canary(make_manuscript, canary, tmp_path, command):
    root = make_manuscript({"a.md": "# A\n\nText.\n\n![a picture](x.png)\n", "b.md": "# B\n"},
                           toml=_toml(f'"a.md", "b.md", "{canary}"'))
    (root / "b.md").unlink()
    (root / "b.md").symlink_to(canary)
    (root / "x.png").symlink_to(canary)
    arguments = [*command, "-m", str(root)] + (["-o", str(tmp_path / "out")] if command[0] != "check" else [])
    result = subprocess.run([sys.executable, "-c", _OPENS, json.dumps(arguments)], capture_output=True, text=True,
                            cwd=tmp_path)
    opened = json.loads(result.stdout.rsplit("OPENED", 1)[1])
    assert opened, "the audit hook saw no open at all"
    assert str(canary.resolve()) not in opened and SECRET not in result.stdout


def test_check_opens_no_stray_file_of_the_folder(make_manuscript, canary, tmp_path):
    root = make_manuscript({"a.md": "# A\n\nText.\n"})
    (root / "stray.md").symlink_to(canary)
    (root / "zero.md").symlink_to("/dev/zero")  # read whole, it would fill the memory
    os.mkfifo(root / "pipe.md")  # read, it would wait for ever
    result = subprocess.run([sys.executable, "-c", _OPENS, json.dumps(["check", "-m", str(root), "--format", "json"])],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    opened = json.loads(result.stdout.rsplit("OPENED", 1)[1])
    report = json.loads(result.stdout.rsplit("OPENED", 1)[0])
    assert str(canary.resolve()) not in opened and "/dev/zero" not in opened
    unlisted = sorted(f["file"] for f in report["findings"] if f["code"] == "contents-unlisted")
    assert unlisted == ["manuscript/pipe.md", "manuscript/stray.md", "manuscript/zero.md"]  # the links' own names


@pytest.mark.parametrize("command", [["build", "all", "--no-validate"], ["build", "pdf", "--jobs", "2", "--no-cache"],
                                     ["stats"], ["check"]])
def test_a_book_that_builds_opens_no_stray_file(make_manuscript, canary, tmp_path, command):
    root = make_manuscript({"a.md": "# A\n\n## 1 May 1941.\n\nText.[^1]\n\n[^1]: A note.\n",
                            "styles/print.css": "p { color: black }\n"})
    (root / "stray.png").symlink_to(canary)
    (root / "styles" / "stray.css").symlink_to(canary)
    arguments = [*command, "-m", str(root)] + (["-o", str(tmp_path / "out")] if command[0] != "check" else [])
    result = subprocess.run([sys.executable, "-c", _OPENS, json.dumps(arguments)], capture_output=True, text=True,
                            cwd=tmp_path, timeout=300)
    opened = json.loads(result.stdout.rsplit("OPENED", 1)[1])
    assert str(canary.resolve()) not in opened, result.stderr
    if command[0] == "build":
        assert list((tmp_path / "out").glob("*.pdf")), result.stderr


@pytest.mark.parametrize("command", ["validate-pdf", "validate-epub", "proof", "import"])
def test_the_other_commands_open_no_stray_file(make_manuscript, canary, tmp_path, command):
    from carnets_press.build import BuildOptions, build

    root = make_manuscript({"a.md": "# A\n\n## 1 May 1941.\n\nText.[^1]\n\n[^1]: A note.\n"})
    (root / "stray.md").symlink_to(canary)
    out = tmp_path / "out"
    report = build(root, BuildOptions(formats=("epub", "pdf"), out_dir=out, validate=False))
    epub, pdf = (output.path for output in report.outputs)
    raw = tmp_path / "raw.txt"
    raw.write_text("1941\n\n1 May 1941. Text of the day.\n", encoding="utf-8")
    arguments = {"validate-pdf": ["validate", str(pdf), "-m", str(root)],
                 "validate-epub": ["validate", str(epub), "-m", str(root)],
                 "proof": ["proof", "-m", str(root), "-o", str(out), "--pages", "1"],
                 "import": ["import", str(raw), "--to", str(tmp_path / "imported")]}[command]
    result = subprocess.run([sys.executable, "-c", _OPENS, json.dumps(arguments)], capture_output=True, text=True,
                            cwd=tmp_path, timeout=300)
    opened = json.loads(result.stdout.rsplit("OPENED", 1)[1])
    assert opened and str(canary.resolve()) not in opened, result.stderr
