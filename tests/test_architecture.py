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
    allowed = {*(PACKAGE / "core" / "store").glob("*.py"), PACKAGE / "core" / "schema.py"}
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
