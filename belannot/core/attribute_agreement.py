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
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import orjson

from belannot.core.relation_agreement import FigureFormat, mean, pair_of, ratio
from belannot.core.store import Store

# How a matched copy's value as counted becomes its label's value categories.
Decode = Callable[[str, Any], tuple[Hashable, ...]]
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
        return pair_of(self.pairs, first, second)

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


def attribute_table(
    entries: Iterable[AttributeAgreement], figure: FigureFormat, percent: FigureFormat
) -> list[tuple[str, ...]]:
    """One row per attribute and pair: name, pair, spans compared, same value, percentage
    (through ``percent``), kappa (through ``figure``)."""
    return [
        (
            entry.name,
            " / ".join(pair.annotators),
            str(pair.spans),
            str(pair.agreed),
            percent(pair.percentage),
            figure(pair.kappa),
        )
        for entry in entries
        for pair in entry.pairs
    ]


def cohen_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two equally long sequences of categories; None when undefined."""
    return _kappa(Counter(zip(first, second, strict=True)))


def _kappa(table: Counter[tuple[Hashable, Hashable]]) -> float | None:
    """Cohen's kappa from a table of (first's category, second's) → count, exact until the
    final division: (N·agreed − Σ_k A_k·B_k) / (N² − Σ_k A_k·B_k)."""
    first: Counter[Hashable] = Counter()
    second: Counter[Hashable] = Counter()
    agreed = 0
    for (x, y), n in table.items():
        first[x] += n
        second[y] += n
        if x == y:
            agreed += n
    total = sum(first.values())
    chance = sum(n * second[k] for k, n in first.items())
    denominator = total * total - chance
    return (total * agreed - chance) / denominator if denominator else None


def _category(value: Any) -> Hashable:
    # Typed, so that True and 1 stay apart; lists and objects by their JSON; not given: None.
    if value is None or type(value) is str:
        return value
    if isinstance(value, list | dict):
        return ("json", orjson.dumps(value, option=orjson.OPT_SORT_KEYS))
    return (type(value).__name__, value)


# (document, annotator, label, start, end, the label's attribute values as categories).
Coded = tuple[str, str, str, int, int, tuple[Hashable, ...]]


def _coded(
    items: Iterable[AttributeItem], declared: Mapping[str, Sequence[str]]
) -> Iterator[Coded]:
    for document_id, annotator, label, start, end, attributes in items:
        names = declared.get(label)
        if names is not None:
            values = tuple(_category(attributes.get(name)) for name in names)
            yield document_id, annotator, label, start, end, values


def measure_attributes(
    annotators: Sequence[str],
    declared: Mapping[str, Sequence[str]],
    items: Iterable[AttributeItem],
) -> tuple[AttributeAgreement, ...]:
    """Attribute agreement from plain data: ``declared`` maps each label to its attribute
    names (the result lists the names in that order); ``items`` come earliest made first."""
    return measure_values(annotators, declared, _coded(items, declared))


def measure_values(
    annotators: Sequence[str],
    declared: Mapping[str, Sequence[str]],
    items: Iterable[Coded],
    names: Sequence[str] | None = None,
) -> tuple[AttributeAgreement, ...]:
    """Agreement on the values of exactly matched spans, from items already coded (each
    label's values in the order ``declared`` names them), earliest made first; one entry
    per name of ``names`` (default: every name declared)."""
    position = {name: i for i, name in enumerate(annotators)}
    # (document, start, end, label) → the values of each annotator's copy (None: no copy).
    made: dict[tuple[str, int, int, str], list[tuple[Hashable, ...] | None]] = {}
    for document_id, annotator, label, start, end, values in items:
        a = position.get(annotator)
        if a is not None:
            copies = made.setdefault((document_id, start, end, label), [None] * len(position))
            if copies[a] is None:
                copies[a] = values
    matched = MatchedValues(len(position))
    for (_d, _s, _e, label), copies in made.items():
        if sum(values is not None for values in copies) > 1:
            matched.add(label, copies)
    return matched.agreements(annotators, declared, names)


class MatchedValues:
    """The values annotators gave the spans they made exactly alike: each span's values of
    every annotator counted as one tuple (far fewer distinct than spans); each attribute's
    table per pair is derived from those counts."""

    def __init__(self, annotators: int, decode: Decode | None = None) -> None:
        self.annotators = annotators
        # How a copy's value as added becomes its label's value categories (default: it is).
        self.decode = decode
        # (label, each annotator's values or None) → spans.
        self.counts: Counter[tuple[str, tuple[Hashable, ...]]] = Counter()

    def add(self, label: str, copies: Sequence[Hashable]) -> None:
        """One span two or more annotators made, with each one's values (None: that
        annotator did not make it)."""
        self.counts[(label, tuple(copies))] += 1

    def _joint(self) -> dict[tuple[str, int, int], Counter[tuple[tuple[Hashable, ...], ...]]]:
        """(label, first, second) → (first's values, second's values) → spans."""
        joint: dict[tuple[str, int, int], Counter[tuple[tuple[Hashable, ...], ...]]] = {}
        decode = self.decode
        for (label, copies), n in self.counts.items():
            made = [a for a, values in enumerate(copies) if values is not None]
            coded: list[Any] = (
                [None if v is None else decode(label, v) for v in copies]
                if decode is not None
                else list(copies)
            )
            for a, b in combinations(made, 2):
                table = joint.get((label, a, b))
                if table is None:
                    table = joint[(label, a, b)] = Counter()
                table[(coded[a], coded[b])] += n
        return joint

    def agreements(
        self,
        annotators: Sequence[str],
        declared: Mapping[str, Sequence[str]],
        names: Sequence[str] | None = None,
    ) -> tuple[AttributeAgreement, ...]:
        """One entry per value name (default: every name ``declared``, in its order); a
        label's values come in the order ``declared`` lists its names."""
        people = tuple(annotators)
        if names is None:
            names = tuple(dict.fromkeys(n for label in declared for n in declared[label]))
        joint = self._joint()
        result = []
        for name in names:
            pairs = []
            for a, b in combinations(range(len(people)), 2):
                cells: Counter[tuple[Hashable, Hashable]] = Counter()
                for label, label_names in declared.items():
                    if name not in label_names:
                        continue
                    at = list(label_names).index(name)
                    for (x, y), n in joint.get((label, a, b), Counter()).items():
                        cells[(x[at], y[at])] += n
                spans = sum(cells.values())
                agreed = sum(n for (x, y), n in cells.items() if x == y)
                kappa = _kappa(cells) if spans else None
                pairs.append(AttributePair((people[a], people[b]), spans, agreed, kappa))
            result.append(AttributeAgreement(name, tuple(pairs)))
        return tuple(result)


def declared_attributes(store: Store, labels: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Label → its attribute names, for those of ``labels`` that declare any (schema order)."""
    chosen = set(labels)
    return {
        label.name: tuple(d.name for d in label.attributes)
        for label in store.labels()
        if label.name in chosen and label.attributes
    }


def coded_values(
    declared: Mapping[str, Sequence[str]],
) -> Callable[[str, str | None], tuple[Hashable, ...]]:
    """A decoder of a span's attributes JSON (None: none given) into its label's value
    categories; the same few texts repeat across spans, so each is decoded once per label."""
    decoded: dict[tuple[str, str | None], tuple[Hashable, ...]] = {}

    def code(label: str, raw: str | None) -> tuple[Hashable, ...]:
        values = decoded.get((label, raw))
        if values is None:
            attributes = orjson.loads(raw) if raw else {}
            values = tuple(_category(attributes.get(n)) for n in declared.get(label, ()))
            decoded[(label, raw)] = values
        return values

    return code
