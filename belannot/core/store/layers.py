"""What an annotator's layer export asks: the documents they have started or annotated."""

from __future__ import annotations

from belannot.core.store.connection import Connected


class LayerQueries(Connected):
    def documents_worked_on(self, annotator: str) -> list[str]:
        """Ids of the documents ``annotator`` has spans in or has marked in progress or
        done, in document order."""
        rows = self.db.execute(
            "SELECT d.id FROM documents d WHERE EXISTS (SELECT 1 FROM spans s WHERE "
            "s.document_id = d.id AND s.annotator = ?) OR EXISTS (SELECT 1 FROM "
            "document_states t WHERE t.document_id = d.id AND t.annotator = ? "
            "AND t.state != 'new') ORDER BY d.position",
            [annotator, annotator],
        )
        return [str(row[0]) for row in rows]
