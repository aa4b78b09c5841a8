"""The Relations list in a narrow dock: Type as wide as what it shows, Status a mark, From
and To share the rest, and the whole texts (and the status word) are in the tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from belannot.ui.models.relation_table_model import Column
from tests.ui.test_arc_routes import SPANS
from tests.ui.test_arc_routes import project as project  # noqa: F401 (the fixture)
from tests.ui.test_layout import settled
from tests.ui.window_fixtures import LEFT, open_window

FROM_CHARS = 11  # at 1024 px: enough to tell "the NATO official" from "the sources"


def _relations_tab(qtbot, window):
    bar = window.tag_panel.list_tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(1).center())
    qtbot.waitUntil(lambda: window.linking.list.model.rowCount() > 0)


@pytest.mark.parametrize("size", [(1024, 700), (1920, 1080)])
def test_from_and_to_get_the_width_type_and_status_do_not_need(qtbot, project, settings, size):
    window = open_window(qtbot, project, "alice", settings, project.document_ids()[0], size)
    settled(qtbot, window, size)
    _relations_tab(qtbot, window)
    table = window.linking.list.table
    qtbot.waitUntil(lambda: table.isVisible())
    width = table.columnWidth
    chars = table.fontMetrics().averageCharWidth()
    # Whole: as wide as its widest cell wants, and no wider; the status is a mark.
    hint = table.sizeHintForColumn(Column.TYPE)
    assert hint <= width(Column.TYPE) <= hint + 2
    assert table.sizeHintForColumn(Column.STATUS) <= width(Column.STATUS) <= 5 * chars
    rest = table.viewport().width() - width(Column.TYPE) - width(Column.STATUS)
    assert abs(width(Column.HEAD) - width(Column.TAIL)) <= 1
    assert width(Column.HEAD) + width(Column.TAIL) >= rest - 1
    assert width(Column.HEAD) >= FROM_CHARS * chars, size


def test_the_tooltip_has_both_whole_texts(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings, project.document_ids()[0], (1024, 700))
    _relations_tab(qtbot, window)
    model = window.linking.list.model
    row = model.row_of("r3")
    tip = model.index(row, Column.HEAD).data(Qt.ItemDataRole.ToolTipRole)
    assert SPANS["p2"][0] in tip  # longer than the cells ever show
    assert SPANS["a4"][0] in tip
    assert "pending" in tip
    status = model.index(row, Column.STATUS)
    assert status.data() == "○"
    assert status.data(Qt.ItemDataRole.AccessibleTextRole) == "pending"
