"""One composition chain, cli → app → ui → core, and one lookup path for the bundled data."""

from __future__ import annotations

import ast
import tomllib
from importlib.resources import files
from pathlib import Path

import click

from belannot.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "belannot"
# Each layer may import only the layers after it.
CHAIN = ("cli", "app", "ui", "core")


def belannot_imports(path: Path) -> set[str]:
    """The belannot layers a module imports (``belannot.ui.x`` → ``ui``), lazy imports too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "belannot" and len(parts) > 1:
                found.add(parts[1])
    return found


def layer_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def test_every_layer_imports_only_the_layers_after_it():
    backwards = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = layer_of(path)
        if layer not in CHAIN:
            continue
        earlier = set(CHAIN[: CHAIN.index(layer)])
        for name in sorted(belannot_imports(path) & earlier):
            backwards.append(f"{path.relative_to(ROOT)} imports belannot.{name}")
    assert backwards == []


def test_both_scripts_start_at_the_cli():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"belannot": "belannot.cli:main"}
    assert project["gui-scripts"] == {"belannot-gui": "belannot.cli:main"}
    for entry in (PACKAGE / "__main__.py", ROOT / "packaging" / "belannot_entry.py"):
        assert belannot_imports(entry) == {"cli"}, entry


def test_the_gui_command_is_the_cli_default():
    assert cli.invoke_without_command and "gui" in cli.commands


def test_the_bundled_folders_have_one_place_in_source_and_wheel():
    from belannot.core.packaged import bundled_dir, corpus_path

    assert not (ROOT / "setup.py").exists()
    for name in ("resources", "corpus"):
        assert Path(str(bundled_dir(name))) == Path(str(files("belannot") / name))
    assert corpus_path() == PACKAGE / "corpus"


def test_approve_reject_and_reset_share_one_implementation():
    review = cli.commands["review"]
    assert isinstance(review, click.Group)
    callbacks = {review.commands[name].callback for name in ("approve", "reject", "reset")}
    assert len(callbacks) == 1
