"""Each command's module loads when the command runs: opening the window needs none of them."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import click

# command name -> the module of belannot.cli whose COMMANDS holds it
COMMAND_MODULES = {
    "actors": "actors",
    "agreement": "agreement",
    "export": "exporting",
    "import": "importing",
    "labels": "labels",
    "layer": "layers",
    "stats": "project",
    "backup": "project",
    "restore": "project",
    "backups": "project",
    "log": "project",
    "project": "moving",
    "relations": "relations",
    "review": "review",
    "users": "users",
    "team": "team",
    "suggest": "suggest",
    "train": "suggest",
    "recommenders": "suggest",
}


class LazyCommands(dict[str, click.Command]):
    """A group's commands: one is imported when it is looked up by name, all of them
    when the group lists them (help, a mistyped command's suggestions). click reads
    its commands with get, iteration and membership only."""

    def _load(self, name: str) -> None:
        module = COMMAND_MODULES.get(name)
        if module is not None and not dict.__contains__(self, name):
            for command in importlib.import_module(f"belannot.cli.{module}").COMMANDS:
                dict.setdefault(self, command.name or "", command)

    def _load_all(self) -> None:
        for name in COMMAND_MODULES:
            self._load(name)

    def get(self, name: str, default: click.Command | None = None) -> click.Command | None:  # type: ignore[override]
        self._load(name)
        return dict.get(self, name, default)

    def __getitem__(self, name: str) -> click.Command:
        self._load(name)
        return dict.__getitem__(self, name)

    def __contains__(self, name: object) -> bool:
        return name in COMMAND_MODULES or dict.__contains__(self, name)

    def __iter__(self) -> Iterator[str]:
        self._load_all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._load_all()
        return dict.__len__(self)
