"""The fast import path: new documents that touch nothing stored, written a table at a time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from belannot.core.errors import ConflictError, ValidationError
from belannot.core.formats.records import DocumentRecord
from belannot.core.importing.careful import ImportRun, import_record
from belannot.core.importing.checks import span_fault, states_of
from belannot.core.importing.lean import LeanRecord, queue_lean
from belannot.core.model import OrderedSpanIds, SpanStatus, content_hash, now_iso

# Documents per batch: big enough that a statement per table costs little per row,
# small enough that the records held in memory stay a few megabytes.
BATCH_DOCUMENTS = 1000
_JSON_EMPTY = "{}"
_PENDING, _APPROVED = SpanStatus.PENDING, SpanStatus.APPROVED
# Span ids taken at once for lean records (a call per record costs more).
_ID_POOL = 4096


class Batch:
    """Records waiting to be stored, and the rows of those that take the fast path."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self.store = run.store
        self.report = run.report
        self.records: list[DocumentRecord | LeanRecord] = []
        self.new_span_id = OrderedSpanIds()
        # Ids taken ahead for lean records (lean.take_lean), and how many are used.
        self.lean_ids: list[str] = []
        self.lean_at = 0
        self._clear_rows()

    def _clear_rows(self) -> None:
        self.fast: list[DocumentRecord | LeanRecord] = []
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
            [
                span.id
                for record in records
                if not isinstance(record, LeanRecord)  # a lean record's spans have no id
                for span in record.spans
                if span.id is not None
            ]
        )
        for record, digest in zip(records, digests, strict=True):
            if isinstance(record, LeanRecord):
                if digest is not None and self._take_lean(record, digest):
                    self.known_hashes.add(digest)
                    if record.id is not None:
                        self.known_ids.add(record.id)
                    self.known_ids.add(f"doc-{digest[:16]}")
                    continue
                record = record.full()  # what the careful reader makes of its line
            self.lean_ids = []  # taken before this record's ids: later lean spans take new ones
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
        import_record(self.run, record)
        store.append_audit(
            user=self.run.user.name,
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
        except (ConflictError, ValidationError):
            fast = self.fast
            self._clear_rows()
            for record in fast:
                self._one_by_one(record.full() if isinstance(record, LeanRecord) else record)
            return
        report = self.report
        report.documents_added += len(documents)
        report.document_ids.extend(row[0] for row in documents)
        report.spans_added += self.fast_spans
        self._clear_rows()

    def _take_lean(self, record: LeanRecord, digest: str) -> bool:
        """Queue the rows of a lean record whose document is new; False: it needs care."""
        document_id = record.id or f"doc-{digest[:16]}"
        if digest in self.known_hashes or document_id in self.known_ids:
            return False
        run = self.run
        annotator = run.as_annotator or run.user.name
        count = len(record.spans)
        if count and annotator not in run.users:
            return False  # the careful path makes the user first
        # From the pool, refilled when short; emptied whenever another path takes ids,
        # so that ids still follow the order spans are written.
        at = self.lean_at
        if len(self.lean_ids) - at < count:
            self.lean_ids, at = self.new_span_id.take(max(count, _ID_POOL)), 0
        self.lean_at = at + count
        ids = self.lean_ids[at : at + count]
        queue_lean(self, record, digest, document_id, annotator, ids, run.user.name)
        return True

    def _take_fast(self, record: DocumentRecord, digest: str) -> bool:
        """Queue the rows of a new document that needs no query; False: it needs care."""
        text = record.text
        if not text or digest in self.known_hashes or record.relations:
            return False  # relations are matched to their spans the careful way
        document_id = record.id or f"doc-{digest[:16]}"
        if document_id in self.known_ids:
            return False
        run = self.run
        users, labels = run.users, run.labels
        known_span_ids, new_span_id = self.known_span_ids, self.new_span_id
        length = len(text)
        stamp = now_iso()
        default_annotator = run.as_annotator or run.user.name
        span_rows: list[tuple[Any, ...]] = []
        seen_ids: set[str] = set()
        seen_keys: set[tuple[int, int, str, str]] = set()
        annotators: set[str] = set()
        fresh_ids: list[str] = []
        for span in record.spans:
            if span.actor is not None or span.actor_ref is not None:
                return False  # links are checked against the registry the careful way
            start, end, label = span.start, span.end, span.label
            # Plain ints only (an int subclass is the careful path's to store), then the
            # rules the careful path words when they fail: the usual span passes in a few
            # comparisons, any other is asked of span_fault.
            if type(start) is not int or type(end) is not int:
                return False
            if not (
                0 <= start < end <= length
                and label in labels
                and not span.attributes
                and span.text is None
            ) and (span_fault(text, span, labels) is not None):
                return False
            annotator = span.annotator or default_annotator
            if annotator not in users or (span.reviewer is not None and span.reviewer not in users):
                return False
            key = (start, end, label, annotator)
            span_id = span.id
            if span_id is None:
                if not fresh_ids:  # taken many at once (a call per id costs 3 times more)
                    fresh_ids = new_span_id.take(len(record.spans))
                    fresh_ids.reverse()  # popped from the end: in the order of the spans
                span_id = fresh_ids.pop()
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
            # Plain text: SQLite binds a StrEnum member slower (and hashing one calls Python).
            status: str = span.status
            if status is _PENDING:
                status = "pending"
            elif status is _APPROVED:
                status = "approved"
            elif isinstance(status, SpanStatus):
                status = status.value
            span_rows.append(
                (
                    span_id,
                    document_id,
                    start,
                    end,
                    label,
                    annotator,
                    status,
                    span.reviewer,
                    span.reviewed_at,
                    created,
                    span.updated or created,
                    attributes,
                    span.corrects,
                )
            )
        states = states_of(record, annotators, default_annotator)
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
        name = run.user.name
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
