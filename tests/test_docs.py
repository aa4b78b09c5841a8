"""The README documents every command of the CLI (as sqlite-utils' test_docs does)."""

from __future__ import annotations

from pathlib import Path

import click

from belannot.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((prefix, name))
        if isinstance(command, click.Group):
            found.extend(command_paths(command, f"{prefix}{name} "))
    return found


def documented(words: list[str]) -> bool:
    """A README line runs belannot with these words in order ('labels list | add' counts)."""
    for line in README.splitlines():
        tokens = line.replace("|", " ").replace(",", " ").split()
        if "belannot" not in tokens:
            continue
        at = tokens.index("belannot")
        if all(word in tokens[at:] for word in words) and (
            len(words) == 1 or tokens.index(words[0], at) < tokens.index(words[-1], at)
        ):
            return True
    return False


def test_every_command_is_in_the_readme():
    missing = [
        f"{prefix}{name}"
        for prefix, name in command_paths(cli)
        if not documented([*prefix.split(), name])
    ]
    assert missing == []


def test_the_readme_names_its_test_command_and_ci_runs_it():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "./dev.sh test" in README and "./dev.sh test" in ci
