"""What the SQLite import does for speed: a larger page cache while it runs, its own after."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store

LEAD = User("lead")


def _write(path: Path, count: int) -> Path:
    lines = [
        orjson.dumps({"id": f"d{i}", "text": f"Putin met Lukashenko {i}.",
                      "spans": [{"start": 0, "end": 5, "label": "actor"}]})
        for i in range(count)
    ]  # fmt: skip
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.mark.file_project  # the page cache is the project file's connection's
def test_the_import_runs_with_a_larger_page_cache_and_gives_the_connection_its_own_back(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "p.belannot")
    try:
        store.db.execute("PRAGMA cache_size = -3000")
        seen: list[int] = []

        def cancel() -> bool:  # asked once a record: what the connection has then
            seen.append(int(store.db.execute("PRAGMA cache_size").fetchone()[0]))
            return False

        source = _write(tmp_path / "in.jsonl", 3)
        import_files(store, [source], user=LEAD, cancel=cancel)
        # Negative: KiB. More than the connection had, the same all through.
        assert seen and len(set(seen)) == 1 and seen[0] < -3000
        assert store.db.execute("PRAGMA cache_size").fetchone()[0] == -3000
        # A refused import gives it back too.
        bad = tmp_path / "bad.jsonl"
        bad.write_bytes(b'{"text": "x", "spans": [{"start": 0, "end": 9, "label": "actor"}]}\n')
        with pytest.raises(Exception, match="bad.jsonl"):
            import_files(store, [bad], user=LEAD)
        assert store.db.execute("PRAGMA cache_size").fetchone()[0] == -3000
        assert store.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    finally:
        store.close()
