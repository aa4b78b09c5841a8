"""Opening a document reads its spans once, whoever shows them (article, span list, review)."""

from __future__ import annotations

from window_fixtures import KEY, MOD, key, open_window, two_annotator_project


def test_opening_a_document_reads_its_spans_once(qtbot, store, settings, monkeypatch):
    project = two_annotator_project(store, {"a-b": ("b", 0, 6, "actor", "alice")})
    window = open_window(qtbot, project, "alice", settings)
    reads: list[tuple[str, object]] = []
    every = project.spans

    def counted(document_id, span_filter=None):
        reads.append((document_id, span_filter))
        return every(document_id, span_filter)

    monkeypatch.setattr(project, "spans", counted)
    key(qtbot, window, KEY.Key_PageDown, MOD.ControlModifier)
    assert window.current_document_id() == "b"
    assert window.tag_panel.span_table.model().rowCount() == 1
    assert reads == [("b", None)]
