"""Import and export. Readers turn files into records; ``import_records`` stores them.

Every reader yields :class:`DocumentRecord` objects that remember the file
and line they came from, so that a problem found while storing them is
reported there. An import is one transaction: on any error, the project is
exactly as it was before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from belannot.core.errors import CancelledError, ConflictError, InputError
from belannot.core.model import (
    Document,
    DocumentMeta,
    DocumentState,
    Role,
    Span,
    SpanStatus,
    User,
    ValidationError,
    check_offsets,
    content_hash,
    new_span_id,
    now_iso,
)
from belannot.core.store import Store, span_to_row

# progress(done, total): units are the reader's own (bytes, documents).
ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


@dataclass(slots=True)
class SpanRecord:
    start: int
    end: int
    label: str
    id: str | None = None
    annotator: str | None = None
    status: SpanStatus = SpanStatus.PENDING
    reviewer: str | None = None
    reviewed_at: str | None = None
    created: str | None = None
    updated: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)
    corrects: str | None = None
    # The text the source says the span covers; checked against text[start:end].
    text: str | None = None


@dataclass(slots=True)
class DocumentRecord:
    text: str
    id: str | None = None
    meta: DocumentMeta = DocumentMeta()
    spans: list[SpanRecord] = field(default_factory=list)
    # None: done for the span annotators when spans are present (an imported layer).
    done: bool | None = None
    states: Mapping[str, DocumentState] = field(default_factory=dict)
    path: str | None = None
    line: int | None = None

    def error(self, message: str, field_name: str | None = None) -> InputError:
        return InputError(message, path=self.path, line=self.line, field=field_name)


@dataclass(slots=True)
class ImportReport:
    documents_added: int = 0
    documents_existing: int = 0
    spans_added: int = 0
    spans_existing: int = 0
    files: int = 0
    document_ids: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.documents_added} documents added, {self.documents_existing} already present; "
            f"{self.spans_added} spans added, {self.spans_existing} already present"
        )


def import_records(
    store: Store,
    records: Iterable[DocumentRecord],
    *,
    user: User,
    as_annotator: str | None = None,
    cancel: CancelFn | None = None,
) -> ImportReport:
    """Store ``records`` in one transaction; on any error nothing is kept."""
    report = ImportReport()
    labels = {label.name for label in store.labels()}
    # Users known to exist: ensure_user is a query, and a big import names few people.
    users: set[str] = set()
    with store.transaction():
        store.ensure_user(user.name, user.role)
        for record in records:
            if cancel is not None and cancel():
                raise CancelledError("import cancelled; the project is unchanged")
            _import_record(store, record, labels, user, as_annotator, report, users)
            store.append_audit(
                user=user.name,
                action="import",
                entity="document",
                entity_id=report.document_ids[-1],
                document_id=report.document_ids[-1],
                after={"source_file": record.path, "line": record.line, "spans": len(record.spans)},
            )
    return report


def _import_record(
    store: Store,
    record: DocumentRecord,
    labels: set[str],
    user: User,
    as_annotator: str | None,
    report: ImportReport,
    users: set[str],
) -> None:
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
        report.documents_added += 1
    report.document_ids.append(document_id)

    # A document stored just now has no spans yet: no need to ask.
    existing = [] if new_document else store.spans(document_id)
    existing_ids = {span.id for span in existing}
    existing_keys = {(s.start, s.end, s.label, s.annotator) for s in existing}
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
        existing_ids.add(span.id)
        existing_keys.add(key)
    try:
        store.insert_spans(new_spans)
    except ConflictError as error:  # a span id already used by another document
        raise record.error(str(error), "spans") from error
    except orjson.JSONEncodeError as error:  # attributes nested too deep to write
        raise record.error(f"nested too deeply to store ({error})", "spans") from error
    report.spans_added += len(new_spans)
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
    labels: set[str],
    stamp: str,
) -> Span:
    try:
        start, end = check_offsets(len(record.text), span_record.start, span_record.end)
    except ValidationError as error:
        raise record.error(str(error), where) from error
    if span_record.label not in labels:
        known = ", ".join(sorted(labels))
        raise record.error(
            f"unknown label {span_record.label!r} (known: {known})", f"{where}.label"
        )
    actual = record.text[start:end]
    if span_record.text is not None and span_record.text != actual:
        raise record.error(
            f"text {span_record.text!r} does not match text[{start}:{end}] = {actual!r}",
            f"{where}.text",
        )
    return Span(
        id=span_record.id or new_span_id(),
        document_id=document_id,
        start=start,
        end=end,
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
    states = dict(record.states)
    if record.done is not False:
        marked = annotators or ({importer} if record.done else set())
        for annotator in marked:
            states.setdefault(annotator, DocumentState.DONE)
    elif annotators:
        for annotator in annotators:
            states.setdefault(annotator, DocumentState.IN_PROGRESS)
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


def span_json(span: Span, text: str) -> dict[str, Any]:
    """A span as belannot JSONL writes it, with its text for readers to check."""
    row = span_to_row(span)
    del row["document_id"]
    row["text"] = span.text_in(text)
    return row


def read_paths(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to their files (sorted, hidden ones skipped); keep files as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                # A symlink inside the folder must not pull in a file from outside it.
                and p.resolve().is_relative_to(root)
            )
        elif path.exists():
            files.append(path)
        else:
            raise InputError("no such file or folder", path=path)
    return files
