"""docs/cli.md against the commands: the generated reference is current, every command has help, the exit codes
agree."""

from __future__ import annotations

import importlib.util
import re

import pytest
from support import REPOSITORY

from carnets_press import errors

CLI_DOC = REPOSITORY / "docs" / "cli.md"


def load_generator():
    spec = importlib.util.spec_from_file_location("cli_reference", REPOSITORY / "scripts" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = load_generator()


def hand_written() -> str:
    document = CLI_DOC.read_text(encoding="utf-8")
    return document[:document.index(generator.BEGIN)] + document[document.index(generator.END) + len(generator.END):]


def test_the_reference_in_docs_cli_md_is_up_to_date():
    diff = generator.difference(CLI_DOC.read_text(encoding="utf-8"))
    if diff:
        pytest.fail("the reference in docs/cli.md is out of date with the commands' --help; "
                    f"regenerate it with\n\n    {generator.COMMAND}\n\nand commit docs/cli.md. The difference:\n{diff}",
                    pytrace=False)


def test_every_command_and_every_parameter_has_help_text():
    group, _, commands = generator.command_tree()
    assert (group.help or "").strip(), "the app has no help text"
    assert commands, "no commands found"
    for name, command, context in commands:
        assert (command.help or "").strip(), f"`carnets-press {name}` has no help text: give its function a docstring"
        for param in command.get_params(context):
            assert (getattr(param, "help", None) or "").strip(), f"{param.name} of `carnets-press {name}` has no help"


def test_the_reference_carries_every_command_help_and_parameter():
    reference = generator.reference()
    _, _, commands = generator.command_tree()
    for name, command, context in commands:
        assert f"### {name}\n" in reference and command.help.strip() in reference
        for param in command.get_params(context):
            if param.name != "help":
                assert " ".join(param.help.split()) in reference, f"{param.name} of {name}"
                assert all(f"`{option}`" in reference for option in param.opts if option.startswith("-"))


def test_regenerating_keeps_the_hand_written_text():
    document = f"# Title\n\nProse.\n\n{generator.BEGIN}\nstale\n{generator.END}\n\nMore prose.\n"
    new = generator.updated(document)
    assert (new.startswith("# Title\n\nProse.\n\n" + generator.BEGIN)
            and new.endswith(generator.END + "\n\nMore prose.\n"))
    assert "stale" not in new and generator.updated(new) == new
    with pytest.raises(SystemExit, match="marker"):
        generator.updated("# Title, and no markers\n")


def test_every_command_has_a_hand_written_section():
    text = hand_written()
    for name, _, _ in generator.command_tree()[2]:
        assert f"\n## carnets-press {name}\n" in text, f"docs/cli.md has no section `## carnets-press {name}`"


def test_the_hand_written_synopses_name_only_real_options():
    commands = {name: command for name, command, _ in generator.command_tree()[2]}
    sections = re.findall(r"^## carnets-press (\w+)\n+```\n(.+?)```", hand_written(), re.MULTILINE | re.DOTALL)
    assert {name for name, _ in sections} == set(commands)
    for name, synopsis in sections:
        options = {option for param in commands[name].params for option in [*param.opts, *param.secondary_opts]}
        named = set(re.findall(r"(?<![\w/-])--?[a-z][a-z-]*", synopsis))
        assert named <= options, f"docs/cli.md's synopsis of {name} names {sorted(named - options)}, which it lacks"


def test_the_exit_code_table_lists_the_codes_of_errors_py():
    text = hand_written()
    table = text.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", table, re.MULTILINE)}
    defined = {value for name, value in vars(errors).items() if name.startswith("EXIT_")}
    assert documented == {0} | defined
