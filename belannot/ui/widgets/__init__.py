"""The window's widgets: article view, tag panel, document list, find bar, guidelines pane."""

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSignalBlocker
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def select_row_quietly(table: QTableView, row: int | None) -> None:
    """Make ``row`` the current, selected row of ``table`` (None: no row), scrolled to,
    without the selection model announcing it: the caller is following the other view."""
    selection = table.selectionModel()
    with QSignalBlocker(selection):
        if row is None:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        else:
            index = table.model().index(row, 0)
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            table.scrollTo(index)
    # The viewport does not repaint a blocked selection change by itself.
    table.viewport().update()


def row_table(parent: QWidget) -> QTableView:
    """A read-only table chosen by whole rows, one at a time: the look the window's lists share."""
    table = QTableView(parent)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(22)
    return table
