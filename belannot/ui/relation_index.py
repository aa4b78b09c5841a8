"""RelationIndex: the open document's relations, by id and by span, kept from change notices."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from belannot.core.relations import Relation, relation_order


class RelationIndex:
    """One document's relations in memory: painting and the list never query the store."""

    def __init__(self) -> None:
        self.document_id: str | None = None
        self._by_id: dict[str, Relation] = {}
        self._by_span: dict[str, set[str]] = {}
        # Reads the relations when first asked for (load_later).
        self._read: Callable[[], Iterable[Relation]] | None = None

    def load_later(self, document_id: str | None, read: Callable[[], Iterable[Relation]]) -> None:
        """Forget the shown relations; ``read()`` gives the new ones when first needed, so
        that a document's text shows before its 5,000 relations are read."""
        self.document_id, self._by_id, self._by_span, self._read = document_id, {}, {}, read

    def ensure(self) -> bool:
        """Read the relations now if they are still to be read; whether they were."""
        read, self._read = self._read, None
        if read is None:
            return False
        self.load(self.document_id, read())
        return True

    def load(self, document_id: str | None, relations: Iterable[Relation]) -> None:
        self.document_id, self._read = document_id, None
        self._by_id = by_id = {relation.id: relation for relation in relations}
        by_span: dict[str, set[str]] = {}
        self._by_span = by_span
        for relation in by_id.values():
            for end in (relation.head, relation.tail):
                ids = by_span.get(end)
                if ids is None:
                    by_span[end] = {relation.id}
                else:
                    ids.add(relation.id)

    def update(self, changed: Iterable[Relation], removed: Collection[str] = ()) -> None:
        """Show ``changed`` relations (new or edited) and drop ``removed`` ids."""
        self.ensure()
        for relation_id in removed:
            self._drop(relation_id)
        for relation in changed:
            self._drop(relation.id)
            self._by_id[relation.id] = relation
            for end in relation.ends():
                self._by_span.setdefault(end, set()).add(relation.id)

    def _drop(self, relation_id: str) -> None:
        old = self._by_id.pop(relation_id, None)
        if old is None:
            return
        for end in old.ends():
            ids = self._by_span.get(end)
            if ids is not None:
                ids.discard(relation_id)
                if not ids:
                    del self._by_span[end]

    def get(self, relation_id: str | None) -> Relation | None:
        if relation_id:
            self.ensure()
        return self._by_id.get(relation_id) if relation_id else None

    def of_span(self, span_id: str | None) -> list[Relation]:
        """The relations with ``span_id`` at either end, in a steady order."""
        if not span_id:
            return []
        self.ensure()
        ids = self._by_span.get(span_id)
        if not ids:
            return []
        return sorted((self._by_id[i] for i in ids), key=relation_order)

    def touches(self, span_ids: Iterable[str]) -> bool:
        self.ensure()
        return any(span_id in self._by_span for span_id in span_ids)

    def all(self) -> list[Relation]:
        self.ensure()
        return list(self._by_id.values())

    def __len__(self) -> int:
        self.ensure()
        return len(self._by_id)
