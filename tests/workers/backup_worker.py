"""A CLI command whose daily backup sticks halfway, for the backup kill test.

    python backup_worker.py PROJECT COMMAND...

The backup's copy is written to its scratch file, then the backup stops before it is
flushed and renamed into place, printing STUCK to stderr: the parent kills it there.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from belannot.cli import cli  # noqa: E402
from belannot.core.store import project_file  # noqa: E402


def stuck(path: str) -> None:
    print(f"STUCK {path}", file=sys.stderr, flush=True)
    threading.Event().wait()


project_file.sync_file = stuck  # type: ignore[assignment]
cli(["--db", sys.argv[1], "--user", "alice", *sys.argv[2:]], prog_name="belannot")
