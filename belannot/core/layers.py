"""A layer file brought back: the annotator's new and newer rows, as one undoable step.

Idempotent by span and relation ids: a row the project holds with the same content is
left alone; one the file holds with a newer ``updated`` stamp is the annotator's edit.
Someone else's rows are never touched: a row of another annotator is refused. A row the
file lacks is kept (the file cannot say whether it was deleted or never exported).
New rows come in pending: review decisions are made in the project, not in a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from belannot.core.actor_commands import check_target
from belannot.core.changes import Edit, Entity
from belannot.core.commands import Command
from belannot.core.errors import BelannotError
from belannot.core.formats.records import DocumentRecord
from belannot.core.importing.checks import span_fault
from belannot.core.layer_file import LayerLine, read_layer
from belannot.core.model import Document, DocumentState, Span, User, now_iso
from belannot.core.operations import run
from belannot.core.relations import Relation
from belannot.core.store import Store, span_to_row
from belannot.core.store.actors import link_row
from belannot.core.store.rows import relation_to_row


@dataclass(slots=True)
class LayerImport:
    """What a layer import did."""

    user: str
    documents_added: int = 0
    added: int = 0
    edited: int = 0
    unchanged: int = 0
    # Rows the project holds in a newer version than the file's: the project's stay.
    kept_newer: int = 0

    def summary(self) -> str:
        return (
            f"{self.user}'s layer: {self.added} rows added, {self.edited} edited, "
            f"{self.unchanged} unchanged, {self.kept_newer} kept (newer here), "
            f"{self.documents_added} documents added"
        )


@dataclass(frozen=True)
class ImportLayer(Command):
    path: str
    lines: Sequence[LayerLine]
    report: LayerImport = field(compare=False, hash=False)
    description: ClassVar[str] = "Import layer"

    def edits(self, store: Store, user: User) -> list[Edit]:
        edits: list[Edit] = []
        for line in self.lines:
            edits += _document_edits(store, user.name, line, self.report)
        return edits


def import_layer(store: Store, path: Path | str) -> LayerImport:
    """Bring the layer file at ``path`` into ``store`` as its annotator's one undoable step."""
    user, lines = read_layer(path)
    report = LayerImport(user)
    known = store.user(user)
    run(store, ImportLayer(str(path), lines, report), known or User(user))
    return report


def _document_edits(store: Store, user: str, line: LayerLine, report: LayerImport) -> list[Edit]:
    record = line.record
    document_id = _document(store, user, line, report)
    labels = {label.name: label.attributes for label in store.labels()}
    edits: list[Edit] = []
    stamp = now_iso()
    for index, span_record in enumerate(record.spans):
        where = f"spans[{index}]"
        _check_own(record, span_record.annotator, user, where)
        fault = span_fault(record.text, span_record, labels)
        if fault is not None:
            raise record.error(fault[0], where + fault[1])
        created, updated = _stamps(span_record.created, span_record.updated, stamp)
        span = Span(
            _layer_id(record, span_record.id, where),
            document_id,
            span_record.start,
            span_record.end,
            span_record.label,
            user,
            created=created,
            updated=updated,
            attributes=dict(span_record.attributes),
            corrects=span_record.corrects,
        )
        edits += _span_edits(store, record, where, span, report)
        if span_record.actor is not None:
            edits += _link_edits(store, record, where, span, span_record.actor)
    for index, relation_record in enumerate(record.relations):
        where = f"relations[{index}]"
        _check_own(record, relation_record.annotator, user, where)
        if store.relation_type(relation_record.type) is None:
            raise record.error(f"unknown relation type {relation_record.type!r}", f"{where}.type")
        created, updated = _stamps(relation_record.created, relation_record.updated, stamp)
        relation = Relation(
            _layer_id(record, relation_record.id, where),
            document_id,
            relation_record.type,
            relation_record.head,
            relation_record.tail,
            user,
            created=created,
            updated=updated,
        )
        edits += _relation_edits(store, record, where, relation, report)
    state = record.states.get(user)
    if state is not None:
        edits += _state_edits(store, document_id, user, state)
    return edits


def _check_own(record: DocumentRecord, annotator: str | None, user: str, where: str) -> None:
    if (annotator or user) != user:
        raise record.error(
            f"{annotator!r} is not the layer's annotator ({user})", f"{where}.annotator"
        )


def _layer_id(record: DocumentRecord, given: str | None, where: str) -> str:
    """A layer's rows are matched by id: one without is refused, not given a new one."""
    if not given:
        raise record.error("a layer's row needs its id", f"{where}.id")
    return given


def _stamps(created: str | None, updated: str | None, now: str) -> tuple[str, str]:
    return created or now, updated or created or now


def _document(store: Store, user: str, line: LayerLine, report: LayerImport) -> str:
    """The record's document here: the same id with the same text, or added now."""
    record = line.record
    document_id = record.id or ""
    if store.has_document(document_id):
        if store.document(document_id).content_hash != line.content_hash:
            raise record.error(
                f"document {document_id!r} holds another text in this project", "content_hash"
            )
        return document_id
    elsewhere = store.document_id_for_hash(line.content_hash)
    if elsewhere is not None:
        raise record.error(f"this text is document {elsewhere!r} in this project", "id")
    # Documents are not undoable rows: the layer's text comes in as an import would add it.
    store.add_document(Document(document_id, record.text, record.meta), user=user)
    report.documents_added += 1
    return document_id


def _span_edits(
    store: Store, record: DocumentRecord, where: str, span: Span, report: LayerImport
) -> list[Edit]:
    existing = store.span(span.id)
    if existing is None:
        report.added += 1
        return [Edit(Entity.SPAN, None, span_to_row(span))]
    _check_same_owner(record, where, existing.annotator, existing.document_id, span)
    content = (span.start, span.end, span.label, dict(span.attributes))
    if content == (existing.start, existing.end, existing.label, dict(existing.attributes)):
        report.unchanged += 1
        return []
    if span.updated <= existing.updated:
        report.kept_newer += 1
        return []
    report.edited += 1
    # The annotator's content; the review fields stay the project's, as UpdateSpan keeps them.
    after = existing.with_changes(
        start=span.start,
        end=span.end,
        label=span.label,
        attributes=dict(span.attributes),
        updated=span.updated,
    )
    return [Edit(Entity.SPAN, span_to_row(existing), span_to_row(after))]


def _relation_edits(
    store: Store, record: DocumentRecord, where: str, relation: Relation, report: LayerImport
) -> list[Edit]:
    for end in (relation.head, relation.tail):
        if store.span(end) is None and not any(s.id == end for s in record.spans):
            raise record.error(f"no span {end!r} for this relation", where)
    existing = store.relation(relation.id)
    if existing is None:
        report.added += 1
        return [Edit(Entity.RELATION, None, relation_to_row(relation))]
    _check_same_owner(record, where, existing.annotator, existing.document_id, relation)
    if (existing.type, existing.head, existing.tail) == (
        relation.type,
        relation.head,
        relation.tail,
    ):
        report.unchanged += 1
        return []
    if relation.updated <= existing.updated:
        report.kept_newer += 1
        return []
    report.edited += 1
    after = existing.with_changes(type=relation.type, updated=relation.updated)
    return [Edit(Entity.RELATION, relation_to_row(existing), relation_to_row(after))]


def _check_same_owner(
    record: DocumentRecord, where: str, annotator: str, document_id: str, row: Span | Relation
) -> None:
    if annotator != row.annotator:
        raise record.error(f"{row.id!r} is {annotator}'s here: it is not changed", f"{where}.id")
    if document_id != row.document_id:
        raise record.error(f"{row.id!r} belongs to document {document_id!r} here", f"{where}.id")


def _link_edits(
    store: Store, record: DocumentRecord, where: str, span: Span, target: str
) -> list[Edit]:
    try:
        check_target(store, target)
    except BelannotError as error:
        raise record.error(str(error), f"{where}.actor") from error
    before = store.span_link_row(span.id)
    after = link_row(span.id, span.document_id, target)
    return [] if before == after else [Edit(Entity.ACTOR_LINK, before, after)]


def _state_edits(store: Store, document_id: str, user: str, state: DocumentState) -> list[Edit]:
    before = store.document_state_row(document_id, user)
    if before is not None and before["state"] == state.value:
        return []
    after = {"document_id": document_id, "annotator": user, "state": state.value}
    return [Edit(Entity.DOCUMENT_STATE, before, {**after, "updated": now_iso()})]
