"""DocumentListModel: one annotator's lazy document list, paged by document position."""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import QModelIndex, Qt

from belannot.core.changes import Changes
from belannot.core.model import DocumentState, ReviewState
from belannot.core.reader import ProjectReader
from belannot.core.store import DocumentListRow
from belannot.ui.models import READ_ONLY_ITEM_FLAGS
from belannot.ui.models.table import FlatTableModel, ModelIndex
from belannot.ui.overriding import override
from belannot.ui.plain import plain_tooltip

PAGE_SIZE = 200
DOCUMENT_ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
STATE_ROLE = int(Qt.ItemDataRole.UserRole) + 2

STATE_TEXT = {
    DocumentState.NEW: "new",
    DocumentState.IN_PROGRESS: "in progress",
    DocumentState.DONE: "done",
}
REVIEW_TEXT = {
    ReviewState.UNANNOTATED: "no spans",
    ReviewState.UNREVIEWED: "unreviewed",
    ReviewState.IN_REVIEW: "in review",
    ReviewState.REVIEWED: "reviewed",
}


class Column(IntEnum):
    TITLE = 0
    SOURCE = 1
    DATE = 2
    SPANS = 3
    STATE = 4


HEADERS = {
    Column.TITLE: "Title",
    Column.SOURCE: "Source",
    Column.DATE: "Date",
    Column.SPANS: "Spans",
    Column.STATE: "Status",
}


class DocumentListModel(FlatTableModel):
    """Rows appear page by page (fetchMore); a page is read by its position keys.

    On reset only the ordered positions of the matching documents are read (integers,
    one indexed query); titles, counts and states are read a page at a time when a view
    first asks for them, so a jump to any row reads one page, never the rows before it.
    """

    def __init__(self, store: ProjectReader, annotator: str, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._store = store
        self._annotator = annotator
        self._search = ""
        self._state: DocumentState | None = None
        self._positions: Sequence[int] = ()
        self._shown = 0
        self._pages: dict[int, list[DocumentListRow]] = {}
        # Reviewers: the status column shows the review state, which can also filter.
        self._review_column = False
        self._review_filter: ReviewState | None = None
        self._review_states: dict[str, ReviewState] = {}
        # Only the documents that mention this actor (a span linked to it), if set.
        self._actor: str | None = None
        self.reload()

    # -- filters -----------------------------------------------------------------

    def set_search(self, search: str) -> None:
        if search.strip() != self._search:
            self._search = search.strip()
            self.reload()

    def set_state_filter(self, state: DocumentState | None) -> None:
        if state is not self._state:
            self._state = state
            self.reload()

    def set_review_column(self, on: bool) -> None:
        """Show each document's review state in the status column (for reviewers)."""
        self.beginResetModel()
        self._review_column = on
        self._review_states.clear()
        self._pages.clear()  # the span counts change meaning: every layer's spans
        self.endResetModel()

    def set_review_filter(self, state: ReviewState | None) -> None:
        if state is not self._review_filter:
            self._review_filter = state
            self.reload()

    def set_actor_filter(self, actor_id: str | None) -> None:
        if actor_id != self._actor:
            self._actor = actor_id
            self.reload()

    def actor_filter(self) -> str | None:
        return self._actor

    def review_filter(self) -> ReviewState | None:
        return self._review_filter

    def search(self) -> str:
        return self._search

    def state_filter(self) -> DocumentState | None:
        return self._state

    def reload(self) -> None:
        self.beginResetModel()
        self._positions = self._store.document_list_positions(
            self._annotator, search=self._search or None, state=self._state
        )
        if self._review_filter is not None:
            allowed = set(self._store.review_state_positions(self._review_filter))
            self._positions = array("q", (p for p in self._positions if p in allowed))
        if self._actor is not None:
            mentioning = set(self._store.actor_document_positions(self._actor))
            self._positions = array("q", (p for p in self._positions if p in mentioning))
        self._pages.clear()
        self._review_states.clear()
        self._shown = min(PAGE_SIZE, len(self._positions))
        self.endResetModel()

    def total(self) -> int:
        """How many documents match the filters (shown or not yet fetched)."""
        return len(self._positions)

    # -- lookups -----------------------------------------------------------------------

    def row_data(self, row: int) -> DocumentListRow | None:
        if not 0 <= row < self._shown:
            return None
        page_number, offset = divmod(row, PAGE_SIZE)
        page = self._pages.get(page_number)
        if page is None:
            keys = self._positions[page_number * PAGE_SIZE : (page_number + 1) * PAGE_SIZE]
            page = self._store.document_list_rows(
                self._annotator, keys, all_spans=self._review_column
            )
            self._pages[page_number] = page
            if self._review_column:
                self._review_states.update(self._store.review_states_of([r.id for r in page]))
        return page[offset] if offset < len(page) else None

    def review_state(self, row: int) -> ReviewState | None:
        data = self.row_data(row)
        return self._review_states.get(data.id) if data and self._review_column else None

    def document_id(self, row: int) -> str | None:
        data = self.row_data(row)
        return data.id if data else None

    def row_of(self, document_id: str) -> int | None:
        """The row showing ``document_id`` (fetching up to it), or None if filtered out."""
        position = self._store.document_position(document_id)
        if position is None:
            return None
        row = bisect.bisect_left(self._positions, position)
        if row >= len(self._positions) or self._positions[row] != position:
            return None
        self.fetch_to(row)
        return row

    def fetch_to(self, row: int) -> None:
        """Show rows up to ``row`` without reading the pages in between."""
        target = min(row + 1, len(self._positions))
        if target > self._shown:
            self.beginInsertRows(QModelIndex(), self._shown, target - 1)
            self._shown = target
            self.endInsertRows()

    def refresh(self, changes: Changes) -> None:
        """Re-read only the loaded pages that hold a changed document."""
        if changes.everything:
            self.reload()
            return
        if (self._state is not None or self._review_filter is not None) and changes.document_ids:
            # A state change can move a document in or out of a state filter.
            self.reload()
            return
        for page_number, page in self._pages.items():
            rows = [i for i, r in enumerate(page) if r.id in changes.document_ids]
            if not rows:
                continue
            # The changed rows only: an edit touches one document of a page.
            positions = [page[i].position for i in rows]
            fresh = self._store.document_list_rows(
                self._annotator, positions, all_spans=self._review_column
            )
            by_position = {row.position: row for row in fresh}
            for i in rows:
                page[i] = by_position.get(page[i].position, page[i])
            if self._review_column:
                self._review_states.update(self._store.review_states_of([page[i].id for i in rows]))
            first = page_number * PAGE_SIZE + rows[0]
            last = page_number * PAGE_SIZE + rows[-1]
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1), [])

    # -- Qt model ---------------------------------------------------------------------

    @override
    def row_total(self) -> int:
        return self._shown

    @override
    def column_total(self) -> int:
        return len(Column)

    @override
    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and self._shown < len(self._positions)

    @override
    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:
        if parent.isValid():
            return
        self.fetch_to(self._shown + PAGE_SIZE - 1)

    @override
    def header(self, section: int, orientation: Qt.Orientation) -> object:
        if orientation is not Qt.Orientation.Horizontal or section >= len(Column):
            return None
        if self._review_column and section == Column.STATE:
            return "Review"
        if self._review_column and section == Column.SPANS:
            return "Spans (all)"  # a reviewer sees every layer; annotators their own
        return HEADERS[Column(section)]

    @override
    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # Painting asks ~8 roles per cell: reject the unused ones before any work.
        role = int(role)
        if role not in _ROLES or not index.isValid():
            return None
        row = self.row_data(index.row())
        if row is None:
            return None
        column = index.column()
        if role == _DISPLAY:
            if self._review_column and column == Column.STATE:
                state = self._review_states.get(row.id)
                return REVIEW_TEXT[state] if state else ""
            return _display(row, column)
        if role == _TOOLTIP:
            return plain_tooltip(
                f"{row.title or row.id}\n{row.source or ''} {row.published or ''}".strip()
            )
        if role == _ALIGNMENT:
            return _RIGHT if column == Column.SPANS else None
        if role == DOCUMENT_ID_ROLE:
            return row.id
        return row.state.value

    @override
    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return READ_ONLY_ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, int(DOCUMENT_ID_ROLE), int(STATE_ROLE)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _display(row: DocumentListRow, column: int) -> str:
    if column == Column.TITLE:
        return row.title or row.id
    if column == Column.SOURCE:
        return row.source or ""
    if column == Column.DATE:
        return (row.published or "")[:10]
    if column == Column.SPANS:
        return str(row.span_count)
    return STATE_TEXT[row.state]
