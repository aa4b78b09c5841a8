"""The window fits small and large screens: readable titles, a readable article, a span
list of several rows, whole labels; a saved layout that would collapse a column is repaired."""

from __future__ import annotations

import pytest
from window_fixtures import open_window

from belannot.core.project import seed_bundled_corpus
from belannot.ui.models.document_list_model import Column as DocumentColumn
from belannot.ui.models.span_table_model import Column as SpanColumn
from belannot.ui.settings import Settings

SIZES = [(1024, 700), (1920, 1080)]
TITLE_CHARS = 16
SPAN_ROWS = 6


@pytest.fixture
def project(store):
    alice = store.ensure_user("alice")
    seed_bundled_corpus(store, alice)
    return store


@pytest.fixture
def settings(tmp_path):
    return Settings(tmp_path / "settings.ini")


def first_document(project):
    return project.document_ids()[0]


def settled(qtbot, window, size):
    """Wait for the window to take ``size`` and for its docks to give way (queued)."""
    qtbot.waitUntil(lambda: window.width() == size[0])
    wanted = min(0.45 * size[0], 420) - 30
    qtbot.waitUntil(lambda: window.article_view.width() >= wanted)
    qtbot.waitUntil(lambda: window.tag_panel.missing_span_height() == 0)


def check_fits(window, size):
    table = window.document_list.table
    chars = table.fontMetrics().averageCharWidth()
    assert not table.isColumnHidden(DocumentColumn.TITLE)
    assert table.columnWidth(DocumentColumn.TITLE) >= TITLE_CHARS * chars, size
    for column in (DocumentColumn.SPANS, DocumentColumn.STATE):
        assert not table.isColumnHidden(column)
        assert table.columnWidth(column) >= 30, (size, column)
    article = window.article_view.width()
    assert article >= window.tags_dock.width(), size
    assert article >= window.documents_dock.width(), size
    assert article >= min(0.45 * size[0], 420) - 30, size
    spans = window.tag_panel.span_table
    row = spans.verticalHeader().defaultSectionSize()
    assert spans.viewport().height() >= SPAN_ROWS * row, size
    # Whole label names: the Label column is as wide as its widest cell wants.
    model = window.tag_panel.span_model
    assert model.rowCount() > 0
    assert spans.columnWidth(SpanColumn.LABEL) >= spans.sizeHintForColumn(SpanColumn.LABEL)


def add_spans(window, project):
    from belannot.core.commands import AddSpan
    from belannot.core.history import History

    document = first_document(project)
    text = project.document_text(document)
    history = History(project)
    at = 0
    for label in ("prediction", "actor", "event", "quote"):
        at = text.index(" ", at + 1)
        history.do(AddSpan(document, at + 1, text.index(" ", at + 1), label), project.user("alice"))
    window.open_document(document)


@pytest.mark.parametrize("size", SIZES)
def test_the_window_fits(qtbot, project, settings, size):
    window = open_window(qtbot, project, "alice", settings, first_document(project), size)
    add_spans(window, project)
    settled(qtbot, window, size)
    check_fits(window, size)


def test_a_small_window_saved_then_maximised_is_laid_out_afresh(qtbot, project, settings):
    small = open_window(qtbot, project, "alice", settings, first_document(project), SIZES[0])
    add_spans(small, project)
    small.close()
    large = open_window(qtbot, project, "alice", Settings(settings.file_name), None, SIZES[1])
    settled(qtbot, large, SIZES[1])
    check_fits(large, SIZES[1])
    # The docks take the width the article cannot use: titles and span texts get room.
    qtbot.waitUntil(lambda: large.documents_dock.width() >= 0.2 * SIZES[1][0])
    assert large.tags_dock.width() >= 0.2 * SIZES[1][0]
    assert not large.document_list.table.isColumnHidden(DocumentColumn.SOURCE)


def test_a_saved_collapsed_header_is_repaired(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings, first_document(project), SIZES[1])
    add_spans(window, project)
    header = window.document_list.table.horizontalHeader()
    header.hideSection(DocumentColumn.TITLE)
    header.resizeSection(DocumentColumn.SPANS, 2)
    header.resizeSection(DocumentColumn.SOURCE, 900)
    span_header = window.tag_panel.span_table.horizontalHeader()
    span_header.hideSection(SpanColumn.TEXT)
    span_header.resizeSection(SpanColumn.LABEL, 3)
    window.close()
    assert Settings(settings.file_name).header_state("documents") is not None
    again = open_window(qtbot, project, "alice", Settings(settings.file_name), None, SIZES[1])
    settled(qtbot, again, SIZES[1])
    check_fits(again, SIZES[1])
    assert not again.tag_panel.span_table.isColumnHidden(SpanColumn.TEXT)


def test_a_reviewer_window_fits_a_small_screen(qtbot, project, settings):
    from belannot.core.model import Role

    project.ensure_user("rita", Role.REVIEWER)
    window = open_window(qtbot, project, "alice", settings, first_document(project), SIZES[0])
    add_spans(window, project)
    window.close()
    reviewer = open_window(
        qtbot, project, "rita", Settings(settings.file_name + ".rita"), None, SIZES[0]
    )
    settled(qtbot, reviewer, SIZES[0])
    reviewer.open_document(first_document(project))
    check_fits(reviewer, SIZES[0])
