"""The rules an imported span and document state obey, stated once for both import paths."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from belannot.core.attributes import AttributeDef, attribute_fault, declared_only
from belannot.core.formats.records import DocumentRecord, SpanRecord
from belannot.core.model import DocumentState, ValidationError, check_offsets

# Each label an import may use, with the attributes it declares.
LabelDefinitions = Mapping[str, Sequence[AttributeDef]]


def span_fault(text: str, span: SpanRecord, labels: LabelDefinitions) -> tuple[str, str] | None:
    """Why ``span`` cannot be stored on ``text``, as (message, field below the span's
    place); None when it can. The fast path takes a span only when this is None; the
    careful path raises what it says, located at the record's file and line."""
    start, end = span.start, span.end
    # The usual span passes in a few comparisons; check_offsets words any other (and
    # accepts what it accepts: the fast path asks for plain ints on top of this).
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(text):
        try:
            check_offsets(len(text), start, end)
        except ValidationError as error:
            return str(error), ""
    if span.label not in labels:
        return f"unknown label {span.label!r} (known: {', '.join(sorted(labels))})", ".label"
    if span.attributes:
        attribute = attribute_fault(span.label, labels[span.label], span.attributes)
        if attribute is not None:
            return attribute[0], f".attributes.{attribute[1]}"
    if span.text is not None and span.text != text[start:end]:
        actual = text[start:end]
        return f"text {span.text!r} does not match text[{start}:{end}] = {actual!r}", ".text"
    return None


def drop_unknown_attributes(record: DocumentRecord, labels: LabelDefinitions) -> None:
    """Leave out the attributes (and values) the labels do not declare: --ignore-unknown."""
    for span in record.spans:
        if span.attributes and isinstance(span.attributes, Mapping):
            span.attributes = declared_only(labels.get(span.label, ()), span.attributes)


def states_of(
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
