"""Our reader against Pandoc 3 on a few hundred small inputs (issue 13): test material that nobody here wrote.

Each case of cases.md is read by `carnets_press.pipeline.load` (a manuscript of one file, the case under a
`# Part` heading) and by `pandoc -f markdown+smart -t json`; both are normalised (normalise.py) and compared.
A case is the same as Pandoc, different by design (by_design.toml, with the reason), or different. The share of
cases that are the same or by design must be at least 95% in every construct; no case may crash the reader.
README.md in this folder says how to run it, read its report and add a case.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import tomllib
import traceback
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import PIL.Image
import pytest
from normalise import FromOurs, FromPandoc, Node, Tree, header_ids, render

from carnets_press.errors import ManuscriptError
from carnets_press.pipeline import Loaded, load

pypandoc = pytest.importorskip(
    "pypandoc", reason="the Pandoc conformance test needs pypandoc_binary (pip install '.[test]'), which bundles "
                       "the pandoc it compares with")
try:
    PANDOC = pypandoc.get_pandoc_path()
    PANDOC_VERSION = pypandoc.get_pandoc_version()
except OSError as error:  # pypandoc without its binary, and no pandoc on PATH
    pytest.skip(f"pypandoc finds no pandoc binary ({error}); install pypandoc_binary", allow_module_level=True)
if int(PANDOC_VERSION.split(".")[0]) < 3:
    pytest.skip(f"pandoc {PANDOC_VERSION} is older than Pandoc 3, whose AST (figures) the normaliser reads",
                allow_module_level=True)

HERE = Path(__file__).parent
CASES_FILE = HERE / "cases.md"
BY_DESIGN_FILE = HERE / "by_design.toml"
PANDOC_FORMAT = "markdown+smart"
# Our format wants a part heading before any text; Pandoc reads the same heading.
PREFIX = "# Part\n\n"
BOOK_TOML = 'title = "Conformance"\nlanguage = "en-GB"\ncontents = ["text.md"]\n'
THRESHOLD = 0.95  # of all cases (issue 13)
# Of each construct: a construct that falls below this has broken, however well the rest reads.
CONSTRUCT_FLOOR = 0.65
# An image a case names: written into its manuscript so that the reader finds it (a tiny white picture).
IMAGE = re.compile(r"images/[^()<>\"\n]+?\.(?:png|jpg)")
# Characters that stand for what an editor would strip or a reader could not see, in cases.md.
VISIBLE = {"␠": " ", "␉": "\t"}


# The cases -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    name: str
    construct: str
    text: str  # the Markdown, as both readers get it after the prefix
    description: str
    line: int  # in cases.md


_FENCE = re.compile(r"^(`{3,}|~{3,})[^`]*$")


def read_cases(path: Path = CASES_FILE) -> list[Case]:
    """`## construct`, then for each case `### name`, a line or two saying what it tests, and the input in a fence
    (the closing fence is the opening one, so an input may hold shorter fences)."""
    cases: list[Case] = []
    construct = name = None
    description: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if line.startswith("## "):
            construct, name = line[3:].strip(), None
        elif line.startswith("### "):
            name, description = line[4:].strip(), []
        elif fence and name is not None:
            if construct is None:
                raise ValueError(f"{path}:{index + 1}: case {name!r} before any '## construct'")
            end = next((n for n in range(index + 1, len(lines)) if lines[n] == fence.group(1)), None)
            if end is None:
                raise ValueError(f"{path}:{index + 1}: case {name!r} has no closing {fence.group(1)}")
            text = "\n".join(lines[index + 1:end]) + "\n"
            for sign, char in VISIBLE.items():
                text = text.replace(sign, char)
            cases.append(Case(name, construct, text, " ".join(description).strip(), index + 1))
            name, index = None, end
        elif name is not None and line.strip():
            description.append(line.strip())
        index += 1
    return cases


@dataclass(frozen=True)
class Design:
    """Why a case differs from Pandoc by design; `finding`: the code our reader must report for it, if the
    design says it is reported (math is text, with the warning markdown-unsupported)."""

    group: str
    reason: str
    finding: str | None

    def __str__(self) -> str:
        return f"{self.group}: {self.reason}" + (f" (reported as {self.finding})" if self.finding else "")


def read_by_design(path: Path = BY_DESIGN_FILE) -> dict[str, Design]:
    designs: dict[str, Design] = {}
    for group, table in tomllib.loads(path.read_text(encoding="utf-8")).items():
        unknown = set(table) - {"reason", "cases", "finding"}
        if unknown:
            raise ValueError(f"{path}: [{group}] has unknown keys {sorted(unknown)}")
        for name in table["cases"]:
            if name in designs:
                raise ValueError(f"{path}: {name} is listed in [{designs[name].group}] and [{group}]")
            designs[name] = Design(group, " ".join(table["reason"].split()), table.get("finding"))
    return designs


CASES = read_cases()
CASES_BY_NAME = {case.name: case for case in CASES}
BY_DESIGN = read_by_design()


# Reading a case both ways ----------------------------------------------------------------------------------------

@dataclass
class Result:
    case: Case
    outcome: str = ""  # same, by design, different, crash
    pandoc: list[str] = field(default_factory=list)
    ours: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # "severity code", in the order reported
    crash: str = ""
    note: str = ""  # why a case listed by design still counts as different

    def diff(self) -> str:
        return "\n".join(difflib.unified_diff(self.pandoc, self.ours, "pandoc", "ours", lineterm="", n=2))


def run_pandoc(text: str, extensions: str = "") -> dict:
    # A data directory that does not exist: a user's own pandoc files (an abbreviations list) change nothing here.
    command = [PANDOC, "--data-dir", str(HERE / "no-pandoc-data-dir"), "-f", PANDOC_FORMAT + extensions,
               "-t", "json"]
    completed = subprocess.run(command, input=text, capture_output=True, text=True, encoding="utf-8", check=True,
                               timeout=60)
    return json.loads(completed.stdout)


def pandoc_tree(text: str) -> Tree:
    """Pandoc's reading; the ids it made itself are found by reading again without auto_identifiers."""
    written = list(header_ids(run_pandoc(text, "-auto_identifiers")))
    return FromPandoc(written).document(run_pandoc(text))


def load_case(case: Case, directory: Path) -> Loaded:
    """The case as a manuscript of one file, loaded as `build` and `check` load one."""
    directory.mkdir(parents=True)
    (directory / "book.toml").write_text(BOOK_TOML, encoding="utf-8")
    for name in IMAGE.findall(case.text):  # the images a case shows are in the manuscript, as in a real one
        image = directory / name
        image.parent.mkdir(parents=True, exist_ok=True)
        PIL.Image.new("RGB", (4, 3), "white").save(image)
    (directory / "text.md").write_text(PREFIX + case.text, encoding="utf-8")
    return load(directory)


class Harness:
    """Reads each case once, on demand; `all()` reads every case, running Pandoc two at a time."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.results: dict[str, Result] = {}

    def result(self, case: Case, pandoc: Tree | None = None) -> Result:
        if case.name in self.results:
            return self.results[case.name]
        result = Result(case, pandoc=render(pandoc if pandoc is not None else pandoc_tree(PREFIX + case.text)))
        self.results[case.name] = result
        try:
            book, findings = load_case(case, self.directory / case.name)
        except ManuscriptError as error:  # a refusal we report, with its place: compared like any reading
            result.ours = render([Node("error", (("message", error.message),))])
        except Exception:  # anything else is a crash, listed by design or not
            result.outcome, result.crash = "crash", traceback.format_exc()
            return result
        else:
            result.findings = [f"{finding.severity.name.lower()} {finding.code}" for finding in findings]
            result.ours = render(FromOurs().document(book))
        result.outcome = self.compare(result)
        return result

    @staticmethod
    def compare(result: Result) -> str:
        if result.ours == result.pandoc:
            return "same"
        design = BY_DESIGN.get(result.case.name)
        if design is None:
            return "different"
        codes = {finding.split()[-1] for finding in result.findings}
        if design.finding and design.finding not in codes:
            result.note = f"listed by design ([{design.group}]), but the reader does not report {design.finding}"
            return "different"
        return "by design"

    def all(self) -> list[Result]:
        missing = [case for case in CASES if case.name not in self.results]
        with ThreadPoolExecutor(max_workers=2) as pool:  # the suite's machines have two cores
            trees = list(pool.map(_pandoc_tree_of, missing))
        for case, tree in zip(missing, trees, strict=True):
            self.result(case, tree)
        return [self.results[case.name] for case in CASES]


def _pandoc_tree_of(case: Case) -> Tree:
    try:
        return pandoc_tree(PREFIX + case.text)
    except Exception as error:  # the normaliser's own bug, or a pandoc that fails: name the case
        raise RuntimeError(f"case {case.name} (cases.md:{case.line}): {error!r}") from error


@pytest.fixture(scope="module")
def harness(tmp_path_factory) -> Harness:
    """Every case read both ways, once for the module (Pandoc two at a time: some 6 s for 400 cases)."""
    harness = Harness(tmp_path_factory.mktemp("conformance"))
    harness.all()
    return harness


# The report ------------------------------------------------------------------------------------------------------

OUTCOMES = ("same", "by design", "different", "crash")


def summary(results: list[Result]) -> list[tuple[str, Counter[str]]]:
    """(construct, counts of each outcome), in the order of cases.md, then the total."""
    rows: dict[str, Counter[str]] = {}
    for result in results:
        rows.setdefault(result.case.construct, Counter())[result.outcome] += 1
    total: Counter[str] = Counter()
    for counts in rows.values():
        total.update(counts)
    return [*rows.items(), ("all", total)]


def share(counts: Counter[str]) -> float:
    return (counts["same"] + counts["by design"]) / max(1, sum(counts.values()))


def table(results: list[Result]) -> str:
    lines = [f"Pandoc {PANDOC_VERSION} (-f {PANDOC_FORMAT}) against carnets_press.pipeline.load, "
             f"{len(results)} cases", "",
             "| construct | cases | same | by design | different | crash | same or by design |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for construct, counts in summary(results):
        lines.append(f"| {construct} | {sum(counts.values())} | "
                     + " | ".join(str(counts[outcome]) for outcome in OUTCOMES) + f" | {share(counts):.0%} |")
    return "\n".join(lines)


def report(results: list[Result]) -> str:
    parts = ["# Pandoc conformance", "", table(results), ""]
    stale = [result.case.name for result in results if result.outcome == "same" and result.case.name in BY_DESIGN]
    if stale:
        parts += ["Listed by design but now the same as Pandoc (remove them from by_design.toml): "
                  + ", ".join(stale), ""]
    for outcome in ("crash", "different", "by design"):
        for result in (r for r in results if r.outcome == outcome):
            case = result.case
            parts += [f"## {outcome}: {case.name} ({case.construct}, cases.md:{case.line})", ""]
            if case.description:
                parts += [case.description, ""]
            if outcome == "by design":
                parts += [f"By design: {BY_DESIGN[case.name]}", ""]
            if result.note:
                parts += [f"Different: {result.note}.", ""]
            parts += ["`````markdown", case.text.rstrip("\n"), "`````", ""]
            if result.findings:
                parts += ["Findings: " + ", ".join(result.findings), ""]
            body = result.crash if outcome == "crash" else result.diff()
            parts += ["`````diff" if outcome != "crash" else "`````", body, "`````", ""]
    return "\n".join(parts)


# The tests -------------------------------------------------------------------------------------------------------

def test_cases_are_well_formed():
    names = Counter(case.name for case in CASES)
    assert not [name for name, count in names.items() if count > 1], "case names must be unique"
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", case.name) for case in CASES), "names: lower case, digits, -"
    assert all(case.text.strip() for case in CASES), "every case has an input"
    assert 250 <= len(CASES) <= 400


def test_by_design_names_only_cases_that_exist():
    assert sorted(set(BY_DESIGN) - set(CASES_BY_NAME)) == []


@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_case_reads_without_crashing(harness, name):
    """A crash (anything but a ManuscriptError out of load) fails, listed by design or not; with -s, a case
    that differs from Pandoc (and is not listed by design) prints its diff."""
    result = harness.result(CASES_BY_NAME[name])
    if result.outcome == "crash":
        pytest.fail(f"case {name} (cases.md:{result.case.line}) crashes the reader:\n{result.crash}")
    if result.outcome == "different":
        print(f"\n{name} differs from Pandoc{f' ({result.note})' if result.note else ''} (- pandoc, + ours):\n"
              f"{result.diff()}")


def test_no_case_crashes_the_reader(harness):
    crashed = [result.case.name for result in harness.all() if result.outcome == "crash"]
    assert not crashed, f"cases that crash the reader: {crashed}"


# The cases that would stop a build, on purpose: each is a mistake the format refuses (Pandoc prints something),
# and the error is the one the case is about. Any other case with an error fails the test.
REFUSED = {"figure-empty-alt": "image-alt-missing", "note-undefined": "note-undefined",
           "note-called-twice": "note-called-twice", "note-empty-inline": "note-empty",
           "note-inside-note": "note-in-note"}


def test_no_case_fails_a_build_but_the_mistakes_the_format_refuses(harness):
    errors = {result.case.name: sorted({finding.split()[-1] for finding in result.findings
                                        if finding.startswith("error")})
              for result in harness.all()}
    assert {name: codes for name, codes in errors.items() if codes} == {
        name: [code] for name, code in REFUSED.items()}


def test_most_cases_read_as_pandoc_reads_them(harness, tmp_path_factory):
    """At least 95% of all cases are the same as Pandoc or different by design, and no construct is far behind
    (grid and multiline tables, example lists and task lists are what is left). The table is printed (pytest -s)
    and, with every difference's input and diff, written to conformance-report.md in the session's temporary
    directory."""
    results = harness.all()
    path = tmp_path_factory.getbasetemp() / "conformance-report.md"
    path.write_text(report(results), encoding="utf-8")
    print("\n" + table(results) + f"\n\nEvery difference, with its input and diff: {path}")
    rows = summary(results)
    total = rows[-1][1]
    assert share(total) >= THRESHOLD, f"{share(total):.1%} of the cases read as Pandoc reads them (report: {path})"
    below = {construct: f"{share(counts):.0%}" for construct, counts in rows if share(counts) < CONSTRUCT_FLOOR}
    assert not below, f"constructs under {CONSTRUCT_FLOOR:.0%}: {below} (report: {path})"
