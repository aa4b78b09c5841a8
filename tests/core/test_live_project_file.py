"""A live project file is opened only through SQLite: its write-ahead log survives other
processes, whatever this process opens and closes beside it."""

from __future__ import annotations

import ast
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from belannot.core.store import Store

ROOT = Path(__file__).resolve().parents[2]

# Holds the project open, commits, opens and closes a second Store on it (as a window's
# background task does), then commits again on command; each commit is acknowledged.
HOLDER = textwrap.dedent(
    """
    import sys
    from belannot.core.model import User
    from belannot.core.store import Store

    path = sys.argv[1]
    store = Store.open(path)
    if sys.argv[2] == "edit":  # else its log is still empty when the second Store opens
        store.add_user(User("first"))
    print("committed first", flush=True)
    sys.stdin.readline()
    second = Store.open(path)
    second.document_count()
    second.close()
    print("reopened", flush=True)
    sys.stdin.readline()
    store.add_user(User("second"))
    print("committed second", flush=True)
    sys.stdin.readline()
    """
)

# Another belannot process: opens the project, reads, goes away.
VISITOR = textwrap.dedent(
    """
    import sys
    from belannot.core.store import Store

    store = Store.open(sys.argv[1])
    store.document_count()
    store.close()
    """
)


def python(script: str, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", script, *args], env=env, text=True, **kwargs)


@pytest.mark.parametrize("first", ["edit", "no-edit"])
def test_the_write_ahead_log_survives_a_second_store_and_another_process(tmp_path, first):
    path = tmp_path / "live.belannot"
    Store.open(path).close()
    holder = python(HOLDER, str(path), first, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "committed first"
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "reopened"
        visitor = python(VISITOR, str(path))
        assert visitor.wait(timeout=60) == 0
        # The holder still has the project open: its log must still be there.
        assert path.with_name(path.name + "-wal").exists()
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "committed second"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=60)
    check = sqlite3.connect(path)
    try:
        users = {row[0] for row in check.execute("SELECT name FROM users")}
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    assert {"first", "second"} <= users if first == "edit" else "second" in users
    assert verdict == "ok"


# What may not touch a project path in the modules that open, back up and restore
# projects: Python's own file calls. Copies of files that no connection holds go
# through belannot.core.fileio, which checks that first.
BANNED_CALLS = {"open", "copyfile", "copy", "copy2", "copyfileobj", "read_bytes", "file_digest"}


def file_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id in BANNED_CALLS:
            found.append((node.lineno, f"{function.id}()"))
        elif isinstance(function, ast.Attribute) and function.attr in BANNED_CALLS:
            owner = ast.unparse(function.value)
            # Store.open and cls.open open a project through SQLite; PostgresStore.open a
            # team project through its server (no file at all).
            if function.attr == "open" and owner in {"Store", "cls", "PostgresStore"}:
                continue
            found.append((node.lineno, f"{owner}.{function.attr}()"))
    return [f"{call} line {line}" for line, call in sorted(found)]


PROJECT_MODULES = [
    *sorted((ROOT / "belannot" / "core" / "store").glob("*.py")),
    ROOT / "belannot" / "core" / "backup.py",
]


@pytest.mark.parametrize("module", PROJECT_MODULES, ids=lambda p: p.name)
def test_project_modules_open_no_file_except_through_sqlite(module):
    assert file_calls(module) == []


def test_the_file_call_check_sees_calls(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import shutil\nwith path.open('rb') as f: pass\nopen(p)\nshutil.copyfile(a, b)\n"
        "Store.open(p)\n"
    )
    assert file_calls(sample) == ["path.open() line 2", "open() line 3", "shutil.copyfile() line 4"]


def test_importing_the_folder_that_holds_the_project_never_reads_the_project(tmp_path, alice):
    from belannot.core.errors import InputError
    from belannot.core.importing.pipeline import import_files

    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "article.txt").write_text("Lukashenko met Putin in Minsk.", encoding="utf-8")
    store = Store.open(folder / "live.belannot")
    store.add_user(alice)
    report = import_files(store, [folder], user=alice)
    assert report.documents_added == 1
    with pytest.raises(InputError, match="belannot project"):
        import_files(store, [store.path], user=alice)
    # No descriptor of the project was opened and closed here: another process leaves
    # this one's write-ahead log alone.
    assert python(VISITOR, str(store.path)).wait(timeout=60) == 0
    assert store.path.with_name(store.path.name + "-wal").exists()
    store.close()


def test_a_file_this_process_holds_is_never_copied_byte_for_byte(tmp_path):
    from belannot.core.errors import BelannotError
    from belannot.core.fileio import copy_unheld

    store = Store.open(tmp_path / "live.belannot")
    with pytest.raises(BelannotError, match="open in this belannot"):
        copy_unheld(store.path, tmp_path / "copy.belannot")
    store.close()
    copy_unheld(store.path, tmp_path / "copy.belannot")
    assert Store.check_backup(tmp_path / "copy.belannot") == 0
