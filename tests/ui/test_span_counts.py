"""The document list's span count agrees with the tag panel: one's own, or all for reviewers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from belannot.ui.models.document_list_model import Column
from tests.ui.window_fixtures import DISAGREEING_SPANS, open_window, two_annotator_project

# Two spans of alice's, three of bob's (one of them the same as alice's), all on document a.
SPANS = {k: v for k, v in DISAGREEING_SPANS.items() if k != "a-berlin"}


@pytest.fixture
def project(store):
    return two_annotator_project(store, SPANS)


def listed_count(window, document_id="a"):
    model = window.document_model
    row = model.row_of(document_id)
    return model.data(model.index(row, Column.SPANS))


def test_the_store_counts_one_annotators_spans_or_all(project):
    positions = [project.document_position("a")]
    assert project.document_list_rows("alice", positions)[0].span_count == 2
    assert project.document_list_rows("bob", positions)[0].span_count == 3
    assert project.document_list_rows("rita", positions, all_spans=True)[0].span_count == 5


def test_an_annotator_sees_their_own_count_in_both_places(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    assert listed_count(window) == "2"
    assert window.tag_panel.spans_title.text() == "Spans (2)"
    header = window.document_model.headerData(Column.SPANS, Qt.Orientation.Horizontal)
    assert header == "Spans"


def test_a_reviewer_sees_every_span_counted_and_labelled_so(qtbot, project, settings):
    window = open_window(qtbot, project, "rita", settings)
    assert listed_count(window) == "5"
    assert window.tag_panel.span_model.rowCount() == 5
    header = window.document_model.headerData(Column.SPANS, Qt.Orientation.Horizontal)
    assert header == "Spans (all)"
    table = window.document_list.table
    needed = table.horizontalHeader().sectionSizeFromContents(Column.SPANS).width()
    assert table.columnWidth(Column.SPANS) >= needed  # the header is read whole
