"""The label schema, and the spans a label edit moves or removes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from belannot.core.model import Label, Span
from belannot.core.store.rows import (
    INSERT_LABEL,
    SELECT_LABELS,
    UPDATE_LABEL,
    label_from_row,
    label_values,
)
from belannot.core.store.spans import SpanQueries


class LabelQueries(SpanQueries):
    """The labels table, and spans by label."""

    def labels(self) -> list[Label]:
        return self._ordered(SELECT_LABELS, label_from_row)

    def label(self, name: str) -> Label | None:
        return self._named(SELECT_LABELS, name, label_from_row)

    def add_label(self, label: Label) -> Label:
        self.db.execute(INSERT_LABEL, label_values(label))
        return label

    def update_label(self, name: str, label: Label) -> None:
        """Overwrite the label called ``name`` with ``label`` (a new name renames it).

        Spans follow a rename through the foreign key's ON UPDATE CASCADE.
        """
        self.db.execute(UPDATE_LABEL, [*label_values(label), name])

    def clear_label_hotkeys(self, names: Iterable[str]) -> None:
        """Unbind these labels' keys (so that keys can be swapped inside a transaction)."""
        for name in names:
            self.db.execute("UPDATE labels SET hotkey = NULL WHERE name = ?", [name])

    def set_label_positions(self, names: Sequence[str]) -> None:
        for position, name in enumerate(names):
            self.db.execute("UPDATE labels SET position = ? WHERE name = ?", [position, name])

    def delete_label(self, name: str) -> None:
        self.db.execute("DELETE FROM labels WHERE name = ?", [name])

    def label_span_count(self, name: str) -> int:
        return int(
            self.db.execute("SELECT count(*) FROM spans WHERE label = ?", [name]).fetchone()[0]
        )

    def spans_with_label(self, name: str) -> list[Span]:
        return self._spans_where("label = ? ORDER BY document_id, start, id", [name])
