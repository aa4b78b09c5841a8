"""The window's Session reports a full disk plainly and carries on once there is room."""

from __future__ import annotations

from belannot.core.commands import AddSpan, Batch
from belannot.core.importing.pipeline import import_files
from belannot.ui.session import Session
from tests.store_helpers import integrity_check


def test_disk_full_is_a_failed_message_and_the_session_recovers(qtbot, store, alice, corpus_copy):
    import_files(store, [corpus_copy], user=alice)
    session = Session(store, alice)
    document = store.document_ids()[0]
    assert session.run(AddSpan(document, 0, 4, "actor"))
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    many = Batch(
        "Label many", [AddSpan(document, i, i + 2, "actor", {"n": "x" * 400}) for i in range(150)]
    )
    with (
        qtbot.waitSignal(session.failed, timeout=2000) as failed,
        qtbot.assertNotEmitted(session.changed),
    ):
        assert session.run(many) is None
    message = failed.args[0]
    assert "full" in message and "not saved" in message and "sqlite" not in message.lower()
    assert store.span_count() == 1 and integrity_check(store) == "ok"
    assert session.history.undo_description(alice) == "Add actor span"

    store.db.execute("PRAGMA max_page_count = 1073741823")
    with qtbot.waitSignal(session.changed, timeout=2000):
        assert session.run(many)
    assert store.span_count() == 151
