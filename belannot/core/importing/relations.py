"""Importing a record's relations: their ends are spans of the same record, their types known."""

from __future__ import annotations

from belannot.core.errors import InputError
from belannot.core.formats.records import DocumentRecord, RelationRecord
from belannot.core.importing.report import ImportReport
from belannot.core.model import Role, Span, ValidationError, new_span_id, now_iso
from belannot.core.relations import Relation, RelationType
from belannot.core.store import Store


def import_relations(
    store: Store,
    record: DocumentRecord,
    document_id: str,
    spans: dict[str, Span],
    *,
    default_annotator: str,
    users: set[str],
    report: ImportReport,
) -> None:
    """Store the record's new relations; ``spans``: the record's span ids → stored spans.

    ``users`` are the names known to exist (grown as relations name others)."""
    types: dict[str, RelationType] = {t.name: t for t in store.relation_types()}
    existing = store.relations(document_id)
    known = {(r.type, r.head, r.tail, r.annotator) for r in existing}
    known_ids = {r.id for r in existing}
    stamp = now_iso()
    new: list[Relation] = []
    for index, item in enumerate(record.relations):
        relation_type = types.get(item.type)
        if relation_type is None:
            raise relation_error(record, index, f"unknown relation type {item.type!r}", "type")
        ends = []
        for end, span_id in (("head", item.head), ("tail", item.tail)):
            span = spans.get(span_id)
            if span is None:
                raise relation_error(record, index, f"no span {span_id!r} in this record", end)
            ends.append(span)
        head, tail = ends
        if not relation_type.allows(head.label, tail.label):
            raise relation_error(
                record,
                index,
                f"a {relation_type.name} relation cannot go from {head.label} to {tail.label}",
                "type",
            )
        annotator = item.annotator or default_annotator
        for name, field_name in ((annotator, "annotator"), (item.reviewer, "reviewer")):
            if name is not None and name not in users:
                try:
                    store.ensure_user(name, Role.ANNOTATOR)
                except ValidationError as error:
                    raise relation_error(record, index, str(error), field_name) from error
                users.add(name)
        key = (relation_type.name, head.id, tail.id, annotator)
        if item.id in known_ids or key in known:
            report.relations_existing += 1
            continue
        if item.id is not None and store.relation(item.id) is not None:
            raise relation_error(record, index, f"relation id {item.id!r} is already used", "id")
        try:
            relation = Relation(
                id=item.id or new_span_id(),
                document_id=document_id,
                type=relation_type.name,
                head=head.id,
                tail=tail.id,
                annotator=annotator,
                status=item.status,
                reviewer=item.reviewer,
                created=item.created or stamp,
                updated=item.updated or item.created or stamp,
            )
        except ValidationError as error:
            raise relation_error(record, index, str(error), None) from error
        new.append(relation)
        known.add(key)
        known_ids.add(relation.id)
    report.relations_added += store.insert_relations(new)


def relation_error(
    record: DocumentRecord, index: int, message: str, name: str | None
) -> InputError:
    """An error at ``relations[2].type``, or at the relation's own place and line where its
    source has them (brat's ``R1`` on line 9)."""
    item: RelationRecord = record.relations[index]
    if item.place is not None and item.line is not None:
        return InputError(message, path=record.path, line=item.line, field=item.place)
    if item.place is not None:
        return record.error(message, item.place)
    where = f"relations[{index}]"
    return record.error(message, where if name is None else f"{where}.{name}")
