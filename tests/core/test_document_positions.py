"""The document list's positions: a range when they have no gap, read one by one otherwise,
the same numbers either way."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belannot.core.model import Document, DocumentMeta
from belannot.core.store import Store
from tests.core.shared_project_fixtures import undone_after


def plain_positions(store: Store) -> list[int]:
    return [row[0] for row in store.db.execute("SELECT position FROM documents ORDER BY position")]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(count=st.integers(0, 12), gap_after=st.integers(0, 12), gap=st.integers(0, 5))
def test_positions_are_those_stored_with_or_without_gaps(store, count, gap_after, gap):
    with undone_after(store):
        with store.transaction():
            for n in range(count):
                store.add_document(Document(f"d{n}", f"Article {n}.", DocumentMeta(title=f"{n}")))
            # A gap, as other tools editing the file (or a future deletion) could leave.
            # (Through negatives: the column is unique at every row of an UPDATE.)
            store.db.execute(
                "UPDATE documents SET position = -(position + ?) WHERE position > ?",
                [gap, gap_after],
            )
            store.db.execute("UPDATE documents SET position = -position WHERE position < 0")
        positions = store.document_list_positions("alice")
        assert list(positions) == plain_positions(store)
        if count and not (gap and gap_after < count):
            assert isinstance(positions, range)  # nothing read, nothing held
        rows = store.document_list_rows("alice", positions[:5])
        assert [r.position for r in rows] == plain_positions(store)[:5]


@pytest.mark.file_project
def test_the_unfiltered_list_reads_no_row_of_a_big_project(tmp_path):
    # The window's start asks for the positions of every document: their count and ends
    # come from the indexes (count(*) and a lone min() or max() read no row), so SQLite's
    # work does not grow with the project. Counted in virtual machine steps, not time.
    project = Store.open(tmp_path / "big.belannot")
    with project.transaction():
        for n in range(3000):
            project.add_document(Document(f"d{n}", f"Article {n}.", DocumentMeta(title=f"{n}")))
    steps = []
    project.db.conn.set_progress_handler(lambda: steps.append(1), 1)
    try:
        positions = project.document_list_positions("alice")
    finally:
        project.db.conn.set_progress_handler(None, 1)
    project.close()
    assert positions == range(1, 3001)
    assert len(steps) < 300
