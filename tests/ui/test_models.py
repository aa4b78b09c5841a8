"""The item models: qtmodeltester, lazy paging by key, filters and refresh."""

from __future__ import annotations

from belannot.core.changes import Changes
from belannot.core.commands import AddSpan, SetDocumentState
from belannot.core.history import History
from belannot.core.model import DEFAULT_LABELS, Document, DocumentMeta, DocumentState, Span
from belannot.ui.models import document_list_model as dlm
from belannot.ui.models.document_list_model import DOCUMENT_ID_ROLE, DocumentListModel
from belannot.ui.models.span_table_model import SPAN_ID_ROLE, SpanTableModel


def add_documents(store, count):
    with store.transaction():
        for n in range(count):
            topic = "elections" if n % 3 == 0 else "weather"
            store.add_document(
                Document(
                    f"d{n:04}",
                    f"Article {n} on {topic}.",
                    DocumentMeta(title=f"Title {n}", source="Wire", published="2024-05-01T10:00"),
                )
            )


def test_document_list_passes_the_model_tester(qtmodeltester, store):
    add_documents(store, 30)
    model = DocumentListModel(store, "alice")
    qtmodeltester.check(model, force_py=True)


def test_document_list_fetches_more_page_by_page(store):
    add_documents(store, dlm.PAGE_SIZE * 2 + 5)
    model = DocumentListModel(store, "alice")
    assert model.rowCount() == dlm.PAGE_SIZE
    assert model.total() == dlm.PAGE_SIZE * 2 + 5
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == model.total()
    assert not model.canFetchMore()
    last = model.index(model.rowCount() - 1, dlm.Column.TITLE)
    assert model.data(last) == f"Title {model.total() - 1}"


def test_jumping_to_a_far_document_reads_only_its_page(store):
    add_documents(store, dlm.PAGE_SIZE * 5)
    model = DocumentListModel(store, "alice")
    row = model.row_of(f"d{dlm.PAGE_SIZE * 4 + 7:04}")
    assert row == dlm.PAGE_SIZE * 4 + 7
    assert model.rowCount() == row + 1
    assert model.data(model.index(row, 0), DOCUMENT_ID_ROLE) == f"d{row:04}"
    assert set(model._pages) == {4}


def test_filters_by_text_and_state_and_refreshes_counts(store, alice):
    add_documents(store, 9)
    model = DocumentListModel(store, "alice")
    model.set_search("elections")
    assert [model.document_id(r) for r in range(model.rowCount())] == ["d0000", "d0003", "d0006"]
    model.set_search("")
    history = History(store)
    history.do(SetDocumentState("d0002", DocumentState.DONE), alice)
    model.set_state_filter(DocumentState.DONE)
    assert model.rowCount() == 1 and model.document_id(0) == "d0002"
    model.set_state_filter(None)
    assert model.data(model.index(1, dlm.Column.SPANS)) == "0"
    changes = history.do(AddSpan("d0001", 0, 7, "actor"), alice)
    model.refresh(changes)
    assert model.data(model.index(1, dlm.Column.SPANS)) == "1"
    assert model.data(model.index(1, dlm.Column.STATE)) == "in progress"
    assert model.data(model.index(2, dlm.Column.STATE)) == "done"
    model.refresh(Changes.all())
    assert model.rowCount() == 9


def test_an_edit_rereads_only_the_changed_row(store, alice, monkeypatch):
    add_documents(store, 12)
    model = DocumentListModel(store, "alice")
    assert model.data(model.index(5, dlm.Column.SPANS)) == "0"
    asked = []
    read_rows = store.document_list_rows

    def spy(annotator, positions, **options):
        asked.append(list(positions))
        return read_rows(annotator, positions, **options)

    monkeypatch.setattr(store, "document_list_rows", spy)
    model.refresh(History(store).do(AddSpan("d0005", 0, 7, "actor"), alice))
    assert asked == [[store.document_position("d0005")]]
    assert model.data(model.index(5, dlm.Column.SPANS)) == "1"
    assert model.data(model.index(5, dlm.Column.STATE)) == "in progress"
    assert [model.document_id(r) for r in range(model.rowCount())] == [
        f"d{n:04}" for n in range(12)
    ]


def test_span_table_passes_the_model_tester(qtmodeltester):
    text = "Alice met Bob\nin Paris 😊 today."
    spans = [
        Span("s2", "d", 10, 13, "actor", "alice"),
        Span("s1", "d", 0, 5, "actor", "bob"),
        Span("s3", "d", 17, 25, "event", "alice"),
    ]
    model = SpanTableModel()
    model.set_labels(DEFAULT_LABELS)
    model.set_spans(text, spans)
    qtmodeltester.check(model, force_py=True)
    assert [model.data(model.index(r, 0), SPAN_ID_ROLE) for r in range(3)] == ["s1", "s2", "s3"]
    assert model.data(model.index(2, 1)) == "Paris 😊"
    assert model.row_of("s3") == 2 and model.row_of("nope") is None
