"""A new project file written under a scratch name and renamed into place once whole."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from belannot.core.fileio import scratch_beside, sync_file
from belannot.core.store import Store
from belannot.core.store.project_file import _remove_scratch


@contextlib.contextmanager
def scratch_project(target: Path) -> Iterator[Store]:
    """A new, empty project to fill; at the end of the block it becomes ``target`` whole.

    A failure, or a killed process, leaves nothing under ``target`` (a killed one leaves
    a scratch file of a dead process, which the next backup or export there clears)."""
    part = Path(scratch_beside(target))
    os.unlink(part)  # SQLite makes the file; the name stays this process's
    store = Store.open(part, seed_labels=False)
    closed = False
    try:
        yield store
        # A backup is one self-contained file, without a -wal beside it.
        store.db.execute("PRAGMA journal_mode = DELETE")
        store.close()
        closed = True
        # No connection holds the scratch copy any more: flushing it is safe.
        sync_file(part)
        os.replace(part, target)
    except BaseException:
        if not closed:
            store.close()
        _remove_scratch(part)
        raise
