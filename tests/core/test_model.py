"""Model values: ids, hashes, validation."""

from __future__ import annotations

import uuid

import pytest

from belannot.core.model import (
    Label,
    OrderedSpanIds,
    User,
    ValidationError,
    check_offsets,
    new_span_id,
)


def test_span_ids_are_distinct_version_4_uuids():
    ids = [new_span_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for value in ids[:200]:
        parsed = uuid.UUID(value)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122 and str(parsed) == value


@pytest.mark.parametrize(
    "start, end, message",
    [
        (True, 2, "integer"),
        (0, 2.0, "integer"),
        (-1, 2, "negative"),
        (3, 3, "greater"),
        (0, 11, "past the end"),
    ],
)
def test_offsets_are_checked(start, end, message):
    with pytest.raises(ValidationError, match=message):
        check_offsets(10, start, end)


@pytest.mark.parametrize("name", ["", " actor", "a\x00b", "x" * 65])
def test_label_and_user_names_are_printable_and_short(name):
    with pytest.raises(ValidationError):
        Label(name, "#000000")
    with pytest.raises(ValidationError):
        User(name)


def test_ordered_span_ids_are_increasing_distinct_version_7_uuids():
    generate = OrderedSpanIds()
    # More than the 4,096 a millisecond's counter holds: the order must survive overflow.
    ids = [generate() for _ in range(20_000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for value in ids:
        parsed = uuid.UUID(value)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122 and str(parsed) == value


def test_ordered_span_ids_taken_at_once_are_increasing_distinct_version_7_uuids():
    generate = OrderedSpanIds()
    # Runs across the 4,096 ids a millisecond's counter holds, mixed with single calls.
    ids = [generate()] + generate.take(5000) + [generate()] + generate.take(9000) + generate.take(0)
    assert len(ids) == 14_002
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    for value in ids:
        parsed = uuid.UUID(value)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122 and str(parsed) == value
