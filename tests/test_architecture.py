"""The boundaries in STYLE.md, enforced: core has no Qt, ui has no SQL."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "belannot"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def modules_under(folder: str) -> list[Path]:
    found = sorted((PACKAGE / folder).rglob("*.py"))
    assert found, f"no modules under {folder}"
    return found


@pytest.mark.parametrize("path", modules_under("core"), ids=lambda p: p.name)
def test_core_imports_no_qt(path):
    assert not {"PySide6", "shiboken6"} & imported_modules(path)


@pytest.mark.parametrize("path", modules_under("ui"), ids=lambda p: p.name)
def test_ui_imports_no_sqlite(path):
    assert not {"sqlite3", "sqlite_utils"} & imported_modules(path)


def test_only_the_store_and_schema_speak_sql():
    allowed = {*(PACKAGE / "core" / "store").rglob("*.py"), PACKAGE / "core" / "schema.py"}
    offenders = [
        p.relative_to(PACKAGE)
        for p in PACKAGE.rglob("*.py")
        if p not in allowed and {"sqlite3", "sqlite_utils"} & imported_modules(p)
    ]
    assert offenders == []


def test_the_architecture_check_sees_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import sqlite3\nfrom PySide6.QtCore import QObject\n")
    assert imported_modules(sample) == {"sqlite3", "PySide6"}


# Opening and closing a connection is no change to the project (a Task opens its own).
LIFECYCLE = {"open", "memory", "close"}


def store_writes() -> set[str]:
    """Store's public methods the reader protocol leaves out: the ones that change a project."""
    from belannot.core.reader import ProjectReader
    from belannot.core.store import Store

    public = {name for name in dir(Store) if not name.startswith("_")}
    reads = {name for name in vars(ProjectReader) if not name.startswith("_")}
    return public - reads - LIFECYCLE


def store_write_calls(path: Path, writes: set[str]) -> list[str]:
    """``….store.write(…)`` calls in ``path``: the receiver is a store, the method a write."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = ast.unparse(node.func.value)
        if node.func.attr in writes and receiver.endswith("store"):
            found.append(f"{path.name}:{node.lineno} {receiver}.{node.func.attr}")
    return found


def test_the_reader_leaves_out_the_writes():
    writes = store_writes()
    assert {"apply_edit", "add_label", "set_setting", "transaction"} <= writes
    assert not {"spans", "labels", "setting", "path"} & writes


def test_ui_calls_no_store_write():
    writes = store_writes()
    offenders = [call for p in modules_under("ui") for call in store_write_calls(p, writes)]
    assert offenders == []


def test_the_write_check_sees_store_writes(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "self.session.store.add_label(x)\nstore.set_setting('k', 1)\n"
        "Store.open(path)\nstore.close()\nself.session.store.labels()\n"
    )
    assert store_write_calls(sample, store_writes()) == [
        "sample.py:1 self.session.store.add_label",
        "sample.py:2 store.set_setting",
    ]
