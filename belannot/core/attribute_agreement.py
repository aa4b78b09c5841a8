"""Attribute agreement: how often two annotators gave exactly matched spans the same value.

For each pair of annotators, the spans compared are those both made exactly (same
document, start, end and label; a repeated copy of one annotator counts once, the
earliest made). For each attribute the span's label declares, the two values are
compared; an unset value is a value of its own ("not given"). Per attribute name
(pooled over the labels that declare it): the percentage of compared spans with the
same value, and Cohen's kappa over those values. Kappa is ``None`` when undefined
(both gave one and the same value throughout), the percentage when nothing was
compared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import orjson

from belannot.core.relation_agreement import mean, ratio
from belannot.core.store import Store

# (document, annotator, label, start, end, attributes).
AttributeItem = tuple[str, str, str, int, int, Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class AttributePair:
    """How far two annotators agree on one attribute of the spans both made."""

    annotators: tuple[str, str]
    # Exactly matched spans whose label declares the attribute.
    spans: int
    agreed: int
    kappa: float | None

    @property
    def percentage(self) -> float | None:
        share = ratio(self.agreed, self.spans)
        return None if share is None else 100 * share

    def to_json(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "spans": self.spans,
            "agreed": self.agreed,
            "percentage": self.percentage,
            "kappa": self.kappa,
        }


@dataclass(frozen=True, slots=True)
class AttributeAgreement:
    """Every pair, for one attribute name."""

    name: str
    pairs: tuple[AttributePair, ...]

    def pair(self, first: str, second: str) -> AttributePair:
        for pair in self.pairs:
            if set(pair.annotators) == {first, second}:
                return pair
        raise KeyError((first, second))

    @property
    def mean_percentage(self) -> float | None:
        return mean(p.percentage for p in self.pairs)

    @property
    def mean_kappa(self) -> float | None:
        return mean(p.kappa for p in self.pairs)

    def to_json(self) -> dict[str, Any]:
        return {
            "pairs": [p.to_json() for p in self.pairs],
            "group": {"mean_percentage": self.mean_percentage, "mean_kappa": self.mean_kappa},
        }


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two equally long sequences of categories, exact until the final
    division: (N·agreed − Σ_k A_k·B_k) / (N² − Σ_k A_k·B_k); None when undefined."""
    total = len(first)
    agreed = sum(1 for a, b in zip(first, second, strict=True) if a == b)
    counts = Counter(second)
    chance = sum(n * counts[k] for k, n in Counter(first).items())
    denominator = total * total - chance
    return (total * agreed - chance) / denominator if denominator else None


def _category(value: Any) -> Hashable:
    # Typed, so that True and 1 stay apart; lists and objects by their JSON.
    if isinstance(value, list | dict):
        return ("json", orjson.dumps(value, option=orjson.OPT_SORT_KEYS))
    return (type(value).__name__, value)


def measure_attributes(
    annotators: Sequence[str],
    declared: Mapping[str, Sequence[str]],
    items: Iterable[AttributeItem],
) -> tuple[AttributeAgreement, ...]:
    """Attribute agreement from plain data: ``declared`` maps each label to its attribute
    names (the result lists the names in that order); ``items`` come earliest made first."""
    names = tuple(annotators)
    position = {name: i for i, name in enumerate(names)}
    # (document, start, end, label) → annotator index → that annotator's attributes.
    made: dict[tuple[str, int, int, str], dict[int, Mapping[str, Any]]] = {}
    for document_id, annotator, label, start, end, attributes in items:
        a = position.get(annotator)
        if a is None or label not in declared:
            continue
        made.setdefault((document_id, start, end, label), {}).setdefault(a, attributes)
    attribute_names = list(dict.fromkeys(n for label in declared for n in declared[label]))
    # (attribute, first, second) → the two values of each compared span.
    compared: dict[tuple[str, int, int], tuple[list[Hashable], list[Hashable]]] = {}
    for (_d, _s, _e, label), by_annotator in made.items():
        for a, b in combinations(sorted(by_annotator), 2):
            for name in declared[label]:
                values = compared.setdefault((name, a, b), ([], []))
                values[0].append(_category(by_annotator[a].get(name)))
                values[1].append(_category(by_annotator[b].get(name)))
    result = []
    for name in attribute_names:
        pairs = []
        for a, b in combinations(range(len(names)), 2):
            first, second = compared.get((name, a, b), ([], []))
            agreed = sum(1 for x, y in zip(first, second, strict=True) if x == y)
            kappa = cohen_kappa(first, second) if first else None
            pairs.append(AttributePair((names[a], names[b]), len(first), agreed, kappa))
        result.append(AttributeAgreement(name, tuple(pairs)))
    return tuple(result)


def attribute_agreement(
    store: Store, annotators: Sequence[str], labels: Sequence[str]
) -> tuple[AttributeAgreement, ...]:
    """Attribute agreement of ``annotators`` on the spans of ``labels`` (in schema order)
    over the documents all of them marked done."""
    chosen = set(labels)
    declared = {
        label.name: tuple(d.name for d in label.attributes)
        for label in store.labels()
        if label.name in chosen and label.attributes
    }
    items = (
        (d, a, label, s, e, {} if raw == "{}" else orjson.loads(raw))
        for d, a, label, s, e, raw in store.attribute_items(annotators, list(declared))
    )
    return measure_attributes(annotators, declared, items)
