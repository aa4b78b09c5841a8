"""The root group loads each command's module on demand, and knows every command."""

from __future__ import annotations

import importlib
import pkgutil

import belannot.cli
from belannot.cli import cli
from belannot.cli.lazy import COMMAND_MODULES


def test_every_command_module_is_named_for_each_of_its_commands():
    found = {}
    for info in pkgutil.iter_modules(belannot.cli.__path__):
        module = importlib.import_module(f"belannot.cli.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            found[command.name] = info.name
    assert found == COMMAND_MODULES


def test_the_group_lists_and_finds_every_command():
    assert sorted(cli.commands) == sorted([*COMMAND_MODULES, "gui"])
    assert all(name in cli.commands for name in COMMAND_MODULES)
    assert cli.commands["import"].name == "import"
