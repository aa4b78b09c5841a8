"""Linking agreement: how often two annotators linked exactly matched actor spans alike.

The spans compared are those of the linkable labels (the registry's actor labels) that
both annotators of a pair made exactly (same document, start, end and label; a repeated
copy of one annotator counts once, the earliest made). A span's value is what it is
linked to: an actor id, one of the NIL markers (each a value of its own), or "not
linked" (also a value of its own, so two annotators who both left a span unlinked
agree on it). Percentage agreement and Cohen's kappa as for attributes
(core/attribute_agreement.py), pooled over the linkable labels: a link is an
attribute-like value of the span, counted by the same machinery.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from belannot.core.attribute_agreement import AttributeAgreement, measure_values

# The link's place among a label's values: never an attribute's name (those are identifiers).
LINK = "actor link"
# (document, annotator, label, start, end, actor id, NIL marker or None).
LinkItem = tuple[str, str, str, int, int, str | None]


def with_link(
    declared: dict[str, tuple[str, ...]], linkable: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """``declared`` (label → attribute names) with the link as the last value of each
    linkable label."""
    result = dict(declared)
    for label in linkable:
        result[label] = (*result.get(label, ()), LINK)
    return result


def split_links(
    entries: tuple[AttributeAgreement, ...],
) -> tuple[tuple[AttributeAgreement, ...], AttributeAgreement]:
    """The attributes' entries and the link's, from ``MatchedValues.agreements`` over
    :func:`with_link` names (the link's entry last)."""
    return entries[:-1], entries[-1]


def measure_links(
    annotators: Sequence[str], labels: Sequence[str], items: Iterable[LinkItem]
) -> AttributeAgreement:
    """Linking agreement from plain data: ``labels`` are the linkable ones; ``items`` come
    earliest made first. Items of other labels or annotators are ignored."""
    linkable = set(labels)
    coded = (
        (d, annotator, label, start, end, (link,))
        for d, annotator, label, start, end, link in items
        if label in linkable
    )
    declared = {label: (LINK,) for label in labels}
    [entry] = measure_values(annotators, declared, coded, (LINK,))
    return entry
