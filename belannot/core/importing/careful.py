"""The careful import path: one record at a time, asking the store, naming any fault."""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson

from belannot.core.errors import ConflictError, InputError
from belannot.core.formats.records import DocumentRecord, SpanRecord
from belannot.core.importing.checks import LabelDefinitions, span_fault, states_of
from belannot.core.importing.links import import_links, wants_links
from belannot.core.importing.relations import import_relations
from belannot.core.importing.report import ImportReport
from belannot.core.model import (
    Document,
    Role,
    Span,
    User,
    ValidationError,
    content_hash,
    new_span_id,
    now_iso,
)
from belannot.core.store import Store


@dataclass(slots=True)
class ImportRun:
    """What the records of one import share: where they go, who imports, what is known."""

    store: Store
    user: User
    as_annotator: str | None
    report: ImportReport
    labels: LabelDefinitions
    # Users known to exist: ensure_user is a query, and a big import names few people.
    users: set[str] = field(default_factory=set)
    # Actors a span names that the registry lacks are made, not refused.
    create_actors: bool = False


def import_record(run: ImportRun, record: DocumentRecord) -> None:
    """Store ``record`` (its document unless known, its new spans, its states), counting
    in ``run.report``; a fault raises an InputError at the record's file and line."""
    store, user, as_annotator, report = run.store, run.user, run.as_annotator, run.report
    labels, users = run.labels, run.users
    if not record.text:
        raise record.error("the text is empty", "text")
    digest = content_hash(record.text)
    document_id = store.document_id_for_hash(digest)
    new_document = document_id is None
    if document_id is not None:
        report.documents_existing += 1
    else:
        document_id = record.id or f"doc-{digest[:16]}"
        if store.has_document(document_id):
            if record.id is not None:
                raise record.error(
                    f"id {record.id!r} is already used by a document with a different text", "id"
                )
            document_id = f"doc-{digest[:16]}"
        try:
            store.add_document(Document(document_id, record.text, record.meta), user=user.name)
        except ConflictError as error:
            raise record.error(str(error), "id") from error
        except orjson.JSONEncodeError as error:  # nested deeper than JSON can be written
            raise record.error(f"nested too deeply to store ({error})", "meta") from error
        except ValidationError as error:  # a value this backend cannot hold (a team's NUL)
            raise record.error(str(error), "text" if "\x00" in record.text else "meta") from error
        report.documents_added += 1
    report.document_ids.append(document_id)

    # A document stored just now has no spans yet: no need to ask.
    existing = [] if new_document else store.spans(document_id)
    existing_ids = {span.id: span for span in existing}
    existing_keys = {(s.start, s.end, s.label, s.annotator): s for s in existing}
    # The record's span ids as stored: a span already present may be stored under another.
    stored_ids: dict[str, Span] = {}
    # Each record span as stored (None: a duplicate within the record), for its link.
    stored: list[Span | None] = []
    annotators: set[str] = set()
    stamp = now_iso()
    new_spans: list[Span] = []
    for index, span_record in enumerate(record.spans):
        where = f"spans[{index}]"
        annotator = span_record.annotator or as_annotator or user.name
        span = _checked_span(record, span_record, where, document_id, annotator, labels, stamp)
        key = (span.start, span.end, span.label, span.annotator)
        annotators.add(annotator)
        if span.id in existing_ids or key in existing_keys:
            report.spans_existing += 1
            known = existing_ids.get(span.id) or existing_keys[key]
            stored.append(known)
            if span_record.id is not None:
                stored_ids[span_record.id] = known
            continue
        elsewhere = store.span(span.id)
        if elsewhere is not None:
            # Span ids are unique across the project, not per document.
            raise record.error(
                f"span id {span.id!r} is already used by a span of document "
                f"{elsewhere.document_id!r}",
                f"{where}.id",
            )
        for name in (annotator, span.reviewer):
            if name is not None and name not in users:
                _ensure_user(store, record, name, f"{where}.annotator")
                users.add(name)
        new_spans.append(span)
        stored.append(span)
        existing_ids[span.id] = span
        existing_keys[key] = span
        if span_record.id is not None:
            stored_ids[span_record.id] = span
    try:
        store.insert_spans(new_spans)
    except ConflictError as error:  # a span id already used by another document
        raise record.error(str(error), "spans") from error
    except orjson.JSONEncodeError as error:  # attributes nested too deep to write
        raise record.error(f"nested too deeply to store ({error})", "spans") from error
    report.spans_added += len(new_spans)
    if record.relations:
        import_relations(
            store,
            record,
            document_id,
            stored_ids,
            default_annotator=as_annotator or user.name,
            users=users,
            report=report,
        )
    if wants_links(record):
        import_links(store, record, stored, create_actors=run.create_actors, report=report)
    _import_states(store, record, document_id, annotators, as_annotator or user.name, users)


def _ensure_user(store: Store, record: DocumentRecord, name: str, field_name: str) -> None:
    try:
        store.ensure_user(name, Role.ANNOTATOR)
    except ValidationError as error:
        raise record.error(str(error), field_name) from error


def _checked_span(
    record: DocumentRecord,
    span_record: SpanRecord,
    where: str,
    document_id: str,
    annotator: str,
    labels: LabelDefinitions,
    stamp: str,
) -> Span:
    fault = span_fault(record.text, span_record, labels)
    if fault is not None:
        message, field_name = fault
        if span_record.place is not None:  # brat's T3 on its own line
            line = span_record.line if span_record.line is not None else record.line
            place = span_record.place + ("" if field_name == ".label" else field_name)
            raise InputError(message, path=record.path, line=line, field=place)
        raise record.error(message, where + field_name)
    return Span(
        id=span_record.id or new_span_id(),
        document_id=document_id,
        start=span_record.start,
        end=span_record.end,
        label=span_record.label,
        annotator=annotator,
        status=span_record.status,
        reviewer=span_record.reviewer,
        reviewed_at=span_record.reviewed_at,
        created=span_record.created or stamp,
        updated=span_record.updated or span_record.created or stamp,
        attributes=dict(span_record.attributes),
        corrects=span_record.corrects,
    )


def _import_states(
    store: Store,
    record: DocumentRecord,
    document_id: str,
    annotators: set[str],
    importer: str,
    users: set[str],
) -> None:
    states = states_of(record, annotators, importer)
    for annotator, state in states.items():
        if annotator not in users:
            _ensure_user(store, record, annotator, "states")
            users.add(annotator)
        row = {
            "document_id": document_id,
            "annotator": annotator,
            "state": state.value,
            "updated": now_iso(),
        }
        store.write_document_state(row)
