"""The README's two commands are the project's contract with a new user and with CI."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    head = text.split("---", 1)[0]
    return [line.strip() for line in head.splitlines() if line.startswith("    ")]


def test_the_readme_starts_with_two_commands():
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[0].endswith("termswatch demo")
    assert "pytest" in commands[1]


def test_ci_runs_exactly_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.startswith("#")]
    assert readme_commands()[1] in commands   # verbatim, on a line of its own (then the wheel check)


def test_every_command_in_the_readme_table_exists():
    from click.testing import CliRunner

    from monitor.cli import cli

    names = set(re.findall(r"^\| `termswatch ([a-z-]+)", (ROOT / "README.md").read_text(), re.MULTILINE))
    assert names
    for name in names:
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
