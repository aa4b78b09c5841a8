"""The row mapping derived from the span's fields agrees with plain, field-by-field twins."""

from __future__ import annotations

import dataclasses

from hypothesis import given
from hypothesis import strategies as st

from belannot.core.model import Span, SpanStatus
from belannot.core.store.rows import (
    SPAN_COLUMNS,
    SPAN_FIELDS,
    SpanRow,
    dumps,
    span_from_row,
    span_from_tuple,
    span_to_row,
    span_values,
)

texts = st.text(max_size=8)
optional = st.none() | texts
spans = st.builds(
    Span,
    id=texts,
    document_id=texts,
    start=st.integers(0, 10**6),
    end=st.integers(0, 10**6),
    label=texts,
    annotator=texts,
    status=st.sampled_from(SpanStatus),
    reviewer=optional,
    reviewed_at=optional,
    created=texts,
    updated=texts,
    attributes=st.dictionaries(texts, st.integers(-(2**63), 2**63 - 1) | texts, max_size=3),
    corrects=optional,
)


def plain_row(span: Span) -> dict:
    row = dataclasses.asdict(span)
    row["status"] = span.status.value
    return row


@given(spans)
def test_the_derived_row_functions_agree_with_plain_twins(span):
    assert span_to_row(span) == plain_row(span)
    assert list(span_to_row(span)) == list(SPAN_FIELDS)
    values = span_values(span)
    assert values == tuple(
        (dumps(span.attributes) if span.attributes else "{}") if name == "attributes" else value
        for name, value in plain_row(span).items()
    )
    assert span_from_tuple(values) == span
    assert span_from_row(span_to_row(span)) == span
    assert span_from_row(dict(zip(SPAN_FIELDS, values, strict=True))) == span


def test_the_columns_read_back_in_the_fields_order(store):
    cursor = store.db.execute(f"SELECT {SPAN_COLUMNS} FROM spans")
    assert tuple(d[0] for d in cursor.description) == SPAN_FIELDS == SpanRow._fields[:-1]
