"""The project's promises about itself: the README's commands are what CI runs; every command is documented."""

from __future__ import annotations

import re

from support import REPOSITORY
from typer.testing import CliRunner

from carnets_press.cli import app


def readme_commands() -> list[str]:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_second():
    commands = readme_commands()
    assert len(commands) == 2
    ci = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def test_every_command_shows_its_help():
    # That each command has help text, and a section of docs/cli.md, is in test_cli_docs.py.
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        result = CliRunner().invoke(app, [name, "--help"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert f"carnets-press {name}" in result.output and "--debug" in result.output


def test_the_workflow_runs_the_documented_commands():
    workflow = (REPOSITORY / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8")
    assert readme_commands()[1] in workflow
    install, _build_sample = readme_commands()[0].split(" && .venv/bin/carnets-press ")
    assert install in workflow
    for command in ("carnets-press check --format github --strict", "carnets-press build all",
                    "carnets-press validate build/*.epub", "carnets-press validate build/*.pdf"):
        assert command in workflow
