"""The actor links an export writes: those of the spans it exports, counted in its report."""

from __future__ import annotations

from collections.abc import Iterable

from belannot.core.formats.exporting import ExportReport
from belannot.core.store import Store


class ExportedLinks:
    """Span id → actor id (or NIL marker), a document at a time; a project without links is
    asked once and writes what it wrote before links."""

    def __init__(self, store: Store, report: ExportReport) -> None:
        self.store = store
        self.report = report
        self.present = store.link_count() > 0

    def of(self, document_id: str, span_ids: Iterable[str]) -> dict[str, str]:
        """The links of ``span_ids`` in the document, counted as written."""
        taken = self._taken(document_id, span_ids)
        self.report.links += len(taken)
        return taken

    def leave_out(self, document_id: str, span_ids: Iterable[str]) -> int:
        """Count the links of ``span_ids`` as left out (a format that cannot carry them)."""
        count = len(self._taken(document_id, span_ids))
        self.report.links_left_out += count
        return count

    def _taken(self, document_id: str, span_ids: Iterable[str]) -> dict[str, str]:
        if not self.present:
            return {}
        links = self.store.document_links(document_id)
        if not links:
            return {}
        return {span_id: links[span_id] for span_id in span_ids if span_id in links}
