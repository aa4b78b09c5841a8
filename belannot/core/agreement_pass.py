"""One read of the compared spans for agreement: span masks, attribute values and links."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from belannot.core.attribute_agreement import (
    AttributeAgreement,
    MatchedValues,
    coded_values,
    declared_attributes,
)
from belannot.core.link_agreement import LINK, split_links, with_link
from belannot.core.store import Store

# document → (start, end, label index) → mask of the annotators who made it.
SpanMasks = dict[str, dict[tuple[int, int, int], int]]


def span_pass(
    store: Store, annotators: Sequence[str], labels: Sequence[str], link_labels: Sequence[str]
) -> tuple[tuple[AttributeAgreement, ...], AttributeAgreement, SpanMasks]:
    """Attribute agreement, linking agreement and the span masks of ``annotators`` on
    ``labels`` over the documents all of them marked done, from one read of their spans
    (earliest made first: a repeated copy of one annotator is skipped, the earliest counts)."""
    declared = declared_attributes(store, labels)
    code = coded_values(declared)
    values_of = with_link(declared, link_labels)
    linkable = set(link_labels)
    bits = {name: 1 << i for i, name in enumerate(annotators)}
    label_index = {label: j for j, label in enumerate(labels)}
    by_document: SpanMasks = {}
    # (document, start, end, label index) → annotator index → the values of their copy.
    valued: dict[tuple[str, int, int, int], dict[int, tuple[Hashable, ...]]] = {}
    current: str | None = None
    made: dict[tuple[int, int, int], int] = {}
    rows = store.agreement_spans(annotators, labels, list(declared), link_labels)
    for document_id, annotator, label, start, end, raw, link in rows:
        if document_id != current:  # rows come grouped by document
            current = document_id
            made = by_document.setdefault(document_id, {})
        bit = bits[annotator]
        j = label_index[label]
        key = (start, end, j)
        mask = made.get(key, 0)
        if mask & bit:
            continue  # a later copy of a span this annotator already made
        made[key] = mask | bit
        if label in values_of:
            values = code(label, raw)
            if label in linkable:
                values = (*values, link)
            valued.setdefault((document_id, start, end, j), {})[bit.bit_length() - 1] = values
    matched = MatchedValues()
    for (_d, _s, _e, j), by_annotator in valued.items():
        if len(by_annotator) > 1:
            matched.add(labels[j], by_annotator)
    names = (*dict.fromkeys(n for label in declared for n in declared[label]), LINK)
    attributes, links = split_links(matched.agreements(annotators, values_of, names))
    return attributes, links, by_document
