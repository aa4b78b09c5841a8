"""A whole project copied between a file and a server, either way, into a new or empty project."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from belannot.core.errors import BelannotError, ConflictError
from belannot.core.progress import ProgressFn
from belannot.core.store import Store, is_team_location, open_store


@dataclass
class CopyReport:
    """How many rows of each table the copy wrote."""

    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def summary(self) -> str:
        return (
            f"{self.rows.get('documents', 0)} documents, {self.rows.get('spans', 0)} spans, "
            f"{self.rows.get('relations', 0)} relations, {self.total} rows in all"
        )


def copy_project(
    source: Store, destination: Store, where: str, progress: ProgressFn | None = None
) -> CopyReport:
    """Every row of every table of ``source`` into ``destination`` (named ``where`` in
    messages), in one transaction on the destination, then its search index rebuilt.

    The destination must hold nothing but a new project's seeds (labels, relation types,
    settings); those are replaced by the source's. ``progress(rows, total)``."""
    tables = destination.copy_table_names()
    if source.copy_table_names() != tables:
        missing = sorted(set(source.copy_table_names()) ^ set(tables))
        raise BelannotError(f"{where}: the two projects' tables differ ({', '.join(missing)})")
    if destination.holds_work():
        raise ConflictError(
            f"{where} is not empty: copy into a new project file or an empty database; "
            "nothing was written"
        )
    report = CopyReport()
    with source.reading_snapshot():
        total = sum(source.table_row_count(name) for name in tables)
        done = 0
        if progress is not None:
            progress(0, total)
        with destination.transaction():
            destination.clear_seeds()
            for name in tables:
                # The destination's own columns, in its order: the source is asked for those.
                columns = destination.table_columns(name)
                report.rows[name] = 0
                for rows in source.iter_copy_rows(name, columns):
                    destination.write_copy_rows(name, columns, rows)
                    report.rows[name] += len(rows)
                    done += len(rows)
                    if progress is not None:
                        progress(done, total)
            destination.finish_copy()
    return report


def copy_locations(
    source: Path | str, destination: Path | str, progress: ProgressFn | None = None
) -> CopyReport:
    """Open both ends and copy; a project file this call made goes again if the copy fails."""
    shown_source, shown_destination = shown(source), shown(destination)
    if not is_team_location(source) and not Path(source).exists():
        raise BelannotError(f"{shown_source} does not exist: nothing to copy")
    if str(source) == str(destination) or (
        not is_team_location(source)
        and not is_team_location(destination)
        and Path(destination).exists()
        and Path(source).resolve() == Path(destination).resolve()
    ):
        raise BelannotError(f"{shown_destination} is the source itself: copy into another project")
    made = not is_team_location(destination) and not Path(destination).exists()
    from_store = open_store(source, seed_labels=False)
    to_store: Store | None = None
    try:
        to_store = open_store(destination, seed_labels=False)
        return copy_project(from_store, to_store, shown_destination, progress)
    except BaseException:
        if to_store is not None:
            to_store.close()
            to_store = None
        if made:
            _remove_project_file(Path(destination))
        raise
    finally:
        from_store.close()
        if to_store is not None:
            to_store.close()


def shown(location: Path | str) -> str:
    if is_team_location(location):
        from belannot.core.store.postgres import shown_url

        return shown_url(str(location))
    return str(location)


def _remove_project_file(path: Path) -> None:
    """The file this copy made (closed by now), with SQLite's files beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
