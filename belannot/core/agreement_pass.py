"""One read of the compared spans for agreement: span masks, attribute values and links."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

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
    values_of = with_link(declared, link_labels)
    bits = {name: 1 << i for i, name in enumerate(annotators)}
    label_index = {label: j for j, label in enumerate(labels)}
    valued = {label_index[label] for label in values_of}
    matched = MatchedValues(len(annotators), _decoder(declared, link_labels))
    flush = _Matches(annotators, labels, matched)
    by_document: SpanMasks = {}
    current: str | None = None
    made: dict[tuple[int, int, int], int] = {}
    # Per document, the copies of valued labels: the first of each span, and those that
    # match one already seen. Only the matched ones are decoded, once the document is read.
    firsts: dict[tuple[int, int, int], Any] = {}
    later: list[Any] = []
    for row in store.agreement_spans(annotators, labels, list(declared), link_labels):
        document_id, annotator, label, start, end, _raw, _link = row
        if document_id != current:  # rows come grouped by document
            if later:
                flush(firsts, later)
            current = document_id
            made = by_document.setdefault(document_id, {})
            firsts, later = {}, []
        bit = bits[annotator]
        j = label_index[label]
        key = (start, end, j)
        mask = made.get(key, 0)
        if mask & bit:
            continue  # a later copy of a span this annotator already made
        made[key] = mask | bit
        if j in valued:
            if mask:
                later.append(row)
            else:
                firsts[key] = row
    if later:
        flush(firsts, later)
    names = (*dict.fromkeys(n for label in declared for n in declared[label]), LINK)
    attributes, links = split_links(matched.agreements(annotators, values_of, names))
    return attributes, links, by_document


def _decoder(
    declared: dict[str, tuple[str, ...]], link_labels: Sequence[str]
) -> Callable[[str, Any], tuple[Hashable, ...]]:
    """Decodes a copy's (attributes JSON, link) into its label's value categories: only
    once per distinct combination counted, not per span."""
    code = coded_values(declared)
    linkable = set(link_labels)

    def decode(label: str, value: Any) -> tuple[Hashable, ...]:
        raw, link = value
        values = code(label, raw)
        return (*values, link) if label in linkable else values

    return decode


class _Matches:
    """Adds one document's matched copies to ``matched``, as (attributes JSON, link)."""

    def __init__(
        self, annotators: Sequence[str], labels: Sequence[str], matched: MatchedValues
    ) -> None:
        self.position = {name: i for i, name in enumerate(annotators)}
        self.labels = labels
        self.label_index = {label: j for j, label in enumerate(labels)}
        self.matched = matched

    def __call__(self, firsts: dict[tuple[int, int, int], Any], later: list[Any]) -> None:
        position, label_index = self.position, self.label_index
        groups: dict[tuple[int, int, int], list[Hashable]] = {}
        for row in later:
            key = (row[3], row[4], label_index[row[2]])
            copies = groups.get(key)
            if copies is None:
                first = firsts[key]
                copies = groups[key] = [None] * len(position)
                copies[position[first[1]]] = (first[5], first[6])
            copies[position[row[1]]] = (row[5], row[6])
        add, labels = self.matched.add, self.labels
        for key, copies in groups.items():
            add(labels[key[2]], copies)
