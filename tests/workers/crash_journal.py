"""What the crash tests compare: a project's edit state, and its replay from the audit log."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import orjson

from belannot.core.store import Store, span_from_row, span_to_row
from belannot.core.store.rows import SPAN_COLUMNS

StateKey = tuple[str, str]


def current_state(store: Store) -> tuple[dict[str, dict], dict[StateKey, dict]]:
    """Every span and document state, as the rows the audit log records."""
    cursor = store.db.execute(f"SELECT {SPAN_COLUMNS} FROM spans")
    names = [d[0] for d in cursor.description]
    spans = {}
    for row in cursor:
        span = span_from_row(dict(zip(names, row, strict=True)))
        spans[span.id] = span_to_row(span)
    states = {
        (row[0], row[1]): {
            "document_id": row[0],
            "annotator": row[1],
            "state": row[2],
            "updated": row[3],
        }
        for row in store.db.execute(
            "SELECT document_id, annotator, state, updated FROM document_states"
        )
    }
    return spans, states


def fingerprint(spans: dict[str, dict], states: dict[StateKey, dict]) -> str:
    body: Any = [
        sorted(spans.values(), key=lambda r: r["id"]),
        sorted(states.values(), key=lambda r: (r["document_id"], r["annotator"])),
    ]
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def store_fingerprint(store: Store) -> str:
    return fingerprint(*current_state(store))


def own_fingerprint(store: Store, annotator: str) -> tuple[int, str]:
    """How many spans ``annotator`` has, and a digest of them (no lost update check)."""
    spans, _ = current_state(store)
    own = {key: row for key, row in spans.items() if row["annotator"] == annotator}
    return len(own), fingerprint(own, {})


def own_subset(
    spans: dict[str, dict], states: dict[StateKey, dict], annotator: str
) -> tuple[dict[str, dict], dict[StateKey, dict]]:
    """Only ``annotator``'s spans and document states (what no other writer may touch)."""
    return (
        {key: row for key, row in spans.items() if row["annotator"] == annotator},
        {key: row for key, row in states.items() if row["annotator"] == annotator},
    )


def own_record(store: Store, annotator: str) -> str:
    """A digest of ``annotator``'s spans and document states as they are now."""
    return fingerprint(*own_subset(*current_state(store), annotator))


# What a reviewer's decision writes on an annotator's span: the rest is its annotator's alone.
REVIEW_FIELDS = ("status", "reviewer", "reviewed_at")


def owned(
    spans: dict[str, dict], states: dict[StateKey, dict], annotator: str
) -> tuple[dict[str, dict], dict[StateKey, dict]]:
    """``annotator``'s spans and states without the review fields: what only they may write
    on a team project where reviewers decide on their spans at the same time."""
    mine, own_states = own_subset(spans, states, annotator)
    content = {
        key: {k: v for k, v in row.items() if k not in REVIEW_FIELDS} for key, row in mine.items()
    }
    return content, own_states


def owned_record(store: Store, annotator: str) -> str:
    return fingerprint(*owned(*current_state(store), annotator))


def touched_digest(rows: dict[str, dict | None]) -> str:
    """A digest of some spans' rows (None: absent), in the order of their sorted ids."""
    present = {key: row for key, row in rows.items() if row is not None}
    absent = ",".join(key for key in sorted(rows) if rows[key] is None)
    return f"{fingerprint(present, {})}/{absent}"


def last_audit_id(store: Store) -> int:
    return int(store.db.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0])


def replay_audit(
    store: Store, up_to: int | None = None, at: Callable[[int, Any, Any], None] | None = None
) -> tuple[dict[str, dict], dict[StateKey, dict]]:
    """Rebuild spans and states from the audit log alone, checking each step's 'before'.

    A 'before' that does not match what the earlier entries left means an edit
    was half-applied or recorded out of order. ``at(id, spans, states)`` sees the
    replayed state before each entry is applied (so after every earlier one).
    """
    spans: dict[str, dict] = {}
    states: dict[StateKey, dict] = {}
    for entry in store.audit_log():
        if up_to is not None and entry.id > up_to:
            break
        if at is not None:
            at(entry.id, spans, states)
        if entry.entity == "span":
            table: dict[Any, dict] = spans
            key: Any = entry.entity_id
        elif entry.entity == "document_state":
            table, key = states, (entry.document_id, entry.entity_id)
        else:
            continue
        assert table.get(key) == entry.before, f"audit {entry.id}: 'before' does not chain"
        if entry.after is None:
            table.pop(key, None)
        else:
            table[key] = entry.after
    return spans, states
