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
    OrderedSpanIds,
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


# fail(message, field=None): an InputError located where the reader is.
Fail = Callable[..., InputError]


def locator(path: str | None, line: int | None) -> Fail:
    """A ``fail`` that places its errors at ``path:line``."""

    def fail(message: str, field: str | None = None) -> InputError:
        return InputError(message, path=path, line=line, field=field)

    return fail


def object_with_text(data: Any, fail: Fail) -> tuple[dict[str, Any], str]:
    """A JSON-lines record: an object whose "text" is a string."""
    if not isinstance(data, dict):
        raise fail(f"expected a JSON object, got {type(data).__name__}")
    text = data.get("text")
    if text is None:
        raise fail("missing", "text")
    if not isinstance(text, str):
        raise fail(f"must be a string, got {type(text).__name__}", "text")
    return data, text


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
    # Files found in a folder and left alone, with why ("not text", "not a regular file").
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    # One line each: documents long enough to be slow to export and to show.
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.documents_added} documents added, {self.documents_existing} already present; "
            f"{self.spans_added} spans added, {self.spans_existing} already present"
        )
        if self.skipped:
            text += f"; {len(self.skipped)} skipped"
        if self.warnings:
            text += f"; {len(self.warnings)} very long documents"
        return text

    def notes(self) -> list[str]:
        """What the summary counts, one line per file."""
        return [f"skipped {path}: {reason}" for path, reason in self.skipped] + [
            f"warning: {line}" for line in self.warnings
        ]


# Above this many characters an import warns: spaCy refuses longer texts by default,
# and the window takes seconds to lay one out.
WARN_CHARS = 1_000_000


def import_records(
    store: Store,
    records: Iterable[DocumentRecord],
    *,
    user: User,
    as_annotator: str | None = None,
    cancel: CancelFn | None = None,
    warn_chars: int = WARN_CHARS,
) -> ImportReport:
    """Store ``records`` in one transaction; on any error nothing is kept.

    A text longer than ``warn_chars`` (0: no limit) is stored with a line in
    ``report.warnings``.

    Records are taken in batches of :data:`BATCH_DOCUMENTS`: the new documents that
    touch nothing already stored are checked in Python and written with one statement
    per table. Any other record (a known text or id, a span id in use, a new user, a
    problem) goes through :func:`_import_record` one at a time, in order, so that what
    is stored and the error reported (with the record's file and line) are the same.
    """
    report = ImportReport()
    labels = {label.name for label in store.labels()}
    # Users known to exist: ensure_user is a query, and a big import names few people.
    users: set[str] = set()
    with store.transaction():
        store.ensure_user(user.name, user.role)
        batch = _Batch(store, labels, user, as_annotator, report, users)
        for record in records:
            if cancel is not None and cancel():
                raise CancelledError("import cancelled; the project is unchanged")
            length = len(record.text) if isinstance(record.text, str) else 0
            if warn_chars and length > warn_chars:
                where = record.path if record.line is None else f"{record.path}:{record.line}"
                report.warnings.append(
                    f"{where}: {length:,} characters; exports and the window may be slow "
                    "on a document this long"
                )
            batch.records.append(record)
            if len(batch.records) >= BATCH_DOCUMENTS:
                batch.store_all()
        batch.store_all()
    return report


# Documents per batch: big enough that a statement per table costs little per row,
# small enough that the records held in memory stay a few megabytes.
BATCH_DOCUMENTS = 1000
_JSON_EMPTY = "{}"


class _Batch:
    """Records waiting to be stored, and the rows of those that take the fast path."""

    def __init__(
        self,
        store: Store,
        labels: set[str],
        user: User,
        as_annotator: str | None,
        report: ImportReport,
        users: set[str],
    ) -> None:
        self.store = store
        self.labels = labels
        self.user = user
        self.as_annotator = as_annotator
        self.report = report
        self.users = users
        self.records: list[DocumentRecord] = []
        self.new_span_id = OrderedSpanIds()
        self._clear_rows()

    def _clear_rows(self) -> None:
        self.fast: list[DocumentRecord] = []
        self.documents: list[tuple[Any, ...]] = []
        self.texts: list[tuple[str, str]] = []
        self.spans: list[tuple[Any, ...]] = []
        self.states: list[tuple[str, str, str, str]] = []
        self.audit: list[tuple[Any, ...]] = []
        self.fast_spans = 0

    def store_all(self) -> None:
        records, self.records = self.records, []
        if not records:
            return
        digests = [_digest(record.text) for record in records]
        # What is stored already, asked once for the whole batch. A record that meets any
        # of it goes the careful way; these sets only grow (a superset is always safe).
        hashes = [digest for digest in digests if digest is not None]
        self.known_hashes = self.store.known_content_hashes(hashes)
        self.known_ids = self.store.known_document_ids(
            [record.id for record in records if record.id is not None]
            + [f"doc-{digest[:16]}" for digest in hashes]
        )
        self.known_span_ids = self.store.known_span_ids(
            [span.id for record in records for span in record.spans if span.id is not None]
        )
        for record, digest in zip(records, digests, strict=True):
            if digest is None or not self._take_fast(record, digest):
                self._flush()
                self._one_by_one(record)
                if digest is None:
                    continue
            self.known_hashes.add(digest)
            if record.id is not None:
                self.known_ids.add(record.id)
            self.known_ids.add(f"doc-{digest[:16]}")
            self.known_span_ids.update(span.id for span in record.spans if span.id is not None)
        self._flush()

    def _one_by_one(self, record: DocumentRecord) -> None:
        store, report = self.store, self.report
        _import_record(store, record, self.labels, self.user, self.as_annotator, report, self.users)
        store.append_audit(
            user=self.user.name,
            action="import",
            entity="document",
            entity_id=report.document_ids[-1],
            document_id=report.document_ids[-1],
            after={"source_file": record.path, "line": record.line, "spans": len(record.spans)},
        )

    def _flush(self) -> None:
        if not self.documents:
            return
        store = self.store
        first = store.next_document_position()
        documents = [
            (row[0], first + offset, *row[1:]) for offset, row in enumerate(self.documents)
        ]
        try:
            # A savepoint: should the database refuse a row all the same (a case the
            # checks above did not foresee), these records are redone one at a time,
            # which stores them or names the record at fault.
            with store.transaction():
                store.insert_import_batch(
                    documents, self.texts, self.spans, self.states, self.audit
                )
        except ConflictError:
            fast = self.fast
            self._clear_rows()
            for record in fast:
                self._one_by_one(record)
            return
        report = self.report
        report.documents_added += len(documents)
        report.document_ids.extend(row[0] for row in documents)
        report.spans_added += self.fast_spans
        self._clear_rows()

    def _take_fast(self, record: DocumentRecord, digest: str) -> bool:
        """Queue the rows of a new document that needs no query; False: it needs care."""
        text = record.text
        if not text or digest in self.known_hashes:
            return False
        document_id = record.id or f"doc-{digest[:16]}"
        if document_id in self.known_ids:
            return False
        users, labels = self.users, self.labels
        known_span_ids, new_span_id = self.known_span_ids, self.new_span_id
        length = len(text)
        stamp = now_iso()
        default_annotator = self.as_annotator or self.user.name
        span_rows: list[tuple[Any, ...]] = []
        seen_ids: set[str] = set()
        seen_keys: set[tuple[int, int, str, str]] = set()
        annotators: set[str] = set()
        for span in record.spans:
            start, end, label = span.start, span.end, span.label
            # The checks of check_offsets and _checked_span; bool is not int here.
            if type(start) is not int or type(end) is not int:
                return False
            if start < 0 or end <= start or end > length or label not in labels:
                return False
            if span.text is not None and span.text != text[start:end]:
                return False
            annotator = span.annotator or default_annotator
            if annotator not in users or (span.reviewer is not None and span.reviewer not in users):
                return False
            key = (start, end, label, annotator)
            span_id = span.id
            if span_id is None:
                span_id = new_span_id()
            elif span_id in seen_ids or span_id in known_span_ids:
                return False
            if key in seen_keys:
                return False  # a duplicate within the record: counted, not stored
            seen_ids.add(span_id)
            seen_keys.add(key)
            annotators.add(annotator)
            attributes = _try_dumps(span.attributes) if span.attributes else _JSON_EMPTY
            if attributes is None:
                return False  # too deep to write: the careful path says where
            created = span.created or stamp
            span_rows.append(
                (
                    span_id,
                    document_id,
                    start,
                    end,
                    label,
                    annotator,
                    # A StrEnum member: SQLite stores its text (.value costs a descriptor call).
                    span.status,
                    span.reviewer,
                    span.reviewed_at,
                    created,
                    span.updated or created,
                    attributes,
                    span.corrects,
                )
            )
        states = _states_of(record, annotators, default_annotator)
        if any(name not in users for name in states):
            return False
        meta = record.meta
        extra = _try_dumps(meta.extra)
        if extra is None:
            return False
        self.fast.append(record)
        self.documents.append(
            (
                document_id,
                meta.title,
                meta.source,
                meta.url,
                meta.author,
                meta.published,
                digest,
                length,
                extra,
                stamp,
            )
        )
        self.texts.append((document_id, text))
        self.spans.extend(span_rows)
        self.fast_spans += len(span_rows)
        self.states.extend(
            (document_id, annotator, state.value, stamp) for annotator, state in states.items()
        )
        # The two audit rows the careful path writes: add_document's and the import's.
        added = {"title": meta.title, "content_hash": digest, "chars": length}
        source = {"source_file": record.path, "line": record.line, "spans": len(record.spans)}
        name = self.user.name
        self.audit.append(
            (stamp, name, "add document", "document", document_id, document_id, None, _dumps(added))
        )
        self.audit.append(
            (stamp, name, "import", "document", document_id, document_id, None, _dumps(source))
        )
        return True


def _digest(text: str) -> str | None:
    """The content hash, or None for a text that cannot be hashed (the careful path
    then raises what it always raised, in the order records come)."""
    try:
        return content_hash(text)
    except (UnicodeError, AttributeError, TypeError):
        return None


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def _try_dumps(value: Mapping[str, Any]) -> str | None:
    """JSON text of ``value``, or None when orjson cannot write it (nested too deep)."""
    try:
        return _dumps(dict(value))
    except orjson.JSONEncodeError:
        return None


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


def _states_of(
    record: DocumentRecord, annotators: set[str], importer: str
) -> dict[str, DocumentState]:
    """The document states an imported record sets: its own, else done (or in progress)
    for the annotators of its spans."""
    states = dict(record.states)
    if record.done is not False:
        marked = annotators or ({importer} if record.done else set())
        for annotator in marked:
            states.setdefault(annotator, DocumentState.DONE)
    elif annotators:
        for annotator in annotators:
            states.setdefault(annotator, DocumentState.IN_PROGRESS)
    return states


def _import_states(
    store: Store,
    record: DocumentRecord,
    document_id: str,
    annotators: set[str],
    importer: str,
    users: set[str],
) -> None:
    states = _states_of(record, annotators, importer)
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
    """Expand folders to their regular files (sorted, hidden ones skipped); keep files as
    given. FIFOs, sockets and devices in a folder are left out (see :func:`special_files`)."""
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


def special_files(folder: Path) -> list[Path]:
    """What :func:`read_paths` leaves out of ``folder`` for not being a regular file or a
    folder (FIFOs, sockets, devices, or links to them); hidden ones are not listed."""
    return [
        p
        for p in sorted(folder.rglob("*"))
        if not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.exists()
        and not p.is_file()
        and not p.is_dir()
    ]
