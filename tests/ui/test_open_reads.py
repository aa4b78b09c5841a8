"""Opening a document reads its spans once, whoever shows them (article, span list, review)."""

from __future__ import annotations

from window_fixtures import KEY, MOD, key, open_window, two_annotator_project

from belannot.ui.models import span_table_model
from belannot.ui.models.span_table_model import SPAN_ID_ROLE


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


def test_opening_a_document_sorts_its_spans_once(qtbot, store, settings, monkeypatch):
    """The store hands the spans over in list order; the span list takes that order as it is
    (sorting 10,000 spans again cost ~2.5 ms of every open) and still shows them in order."""
    starts = enumerate((34, 0, 13))
    spans = {f"s{k}": ("b", start, start + 6, "actor", "alice") for k, start in starts}
    project = two_annotator_project(store, spans)
    window = open_window(qtbot, project, "alice", settings)
    keyed: list[object] = []
    order = span_table_model.span_order

    def counted(span):
        keyed.append(span)
        return order(span)

    monkeypatch.setattr(span_table_model, "span_order", counted)
    key(qtbot, window, KEY.Key_PageDown, MOD.ControlModifier)
    assert window.current_document_id() == "b"
    model = window.tag_panel.span_table.model()
    shown = [model.index(row, 0).data(SPAN_ID_ROLE) for row in range(model.rowCount())]
    assert shown == ["s1", "s2", "s0"]
    assert keyed == []
