"""Relation agreement: exact precision, recall and F1 of relations, per type and overall.

A relation of one annotator matches one of another when both are in the same
document, have the same type, and the same head and tail: each end the same
(start, end, label). For a symmetric type the ends may be either way round.
Repeated identical relations of one annotator count once. For a pair (first,
second) the first is the reference: precision is matches over the second's
relations, recall matches over the first's; F1 = 2 · matches / (both counts) is
symmetric. *Overall* pools every type (micro-average). A figure is ``None`` when
its denominator is zero.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Protocol, TypeVar

from belannot.core.store import Store

# An end of a relation reduced to what agreement compares: (start, end, label).
SpanKey = tuple[int, int, str]
# (document, annotator, relation type, head, tail).
RelationItem = tuple[str, str, str, SpanKey, SpanKey]


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def mean(values: Iterable[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


class _Paired(Protocol):
    @property
    def annotators(self) -> tuple[str, str]: ...


Pair = TypeVar("Pair", bound=_Paired)
# How a table shows a figure that may be undefined.
FigureFormat = Callable[[float | None], str]


def pair_of(pairs: Iterable[Pair], first: str, second: str) -> Pair:
    """The pair of ``first`` and ``second``, in either order."""
    for pair in pairs:
        if set(pair.annotators) == {first, second}:
            return pair
    raise KeyError((first, second))


@dataclass(frozen=True, slots=True)
class RelationPair:
    """How far two annotators' relations match, for one type or overall."""

    annotators: tuple[str, str]
    # Distinct relations each of the two made.
    relations: tuple[int, int]
    matches: int

    @property
    def precision(self) -> float | None:
        return ratio(self.matches, self.relations[1])

    @property
    def recall(self) -> float | None:
        return ratio(self.matches, self.relations[0])

    @property
    def f1(self) -> float | None:
        return ratio(2 * self.matches, sum(self.relations))

    def to_json(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "relations": list(self.relations),
            "matches": self.matches,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True, slots=True)
class RelationTypeAgreement:
    """Every pair, for one relation type (``type`` None: overall)."""

    type: str | None
    pairs: tuple[RelationPair, ...]

    def pair(self, first: str, second: str) -> RelationPair:
        return pair_of(self.pairs, first, second)

    @property
    def mean_f1(self) -> float | None:
        return mean(p.f1 for p in self.pairs)

    def to_json(self) -> dict[str, Any]:
        return {"pairs": [p.to_json() for p in self.pairs], "group": {"mean_f1": self.mean_f1}}


@dataclass(frozen=True, slots=True)
class RelationAgreement:
    """Relation agreement per type (in schema order) and overall."""

    types: tuple[RelationTypeAgreement, ...]
    overall: RelationTypeAgreement

    def type(self, name: str) -> RelationTypeAgreement:
        for entry in self.types:
            if entry.type == name:
                return entry
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        return {
            "types": {entry.type: entry.to_json() for entry in self.types},
            "overall": self.overall.to_json(),
        }

    def table(self, figure: FigureFormat) -> list[tuple[str, ...]]:
        """One row per type and pair, then overall: type, pair, relations, matches,
        precision, recall, F1 (figures through ``figure``)."""
        return [
            (
                entry.type or "overall",
                " / ".join(pair.annotators),
                " / ".join(str(n) for n in pair.relations),
                str(pair.matches),
                figure(pair.precision),
                figure(pair.recall),
                figure(pair.f1),
            )
            for entry in (*self.types, self.overall)
            for pair in entry.pairs
        ]


def measure_relations(
    annotators: Sequence[str],
    types: Sequence[tuple[str, bool]],
    relations: Iterable[RelationItem],
) -> RelationAgreement:
    """Relation agreement from plain data: ``types`` as (name, directed) in schema order.
    Relations of other annotators or unknown types are ignored."""
    rows = ((d, a, kind, *head, *tail) for d, a, kind, head, tail in relations)
    return measure_relation_rows(annotators, types, rows)


def measure_relation_rows(
    annotators: Sequence[str],
    types: Sequence[tuple[str, bool]],
    rows: Iterable[Sequence[Any]],
) -> RelationAgreement:
    """:func:`measure_relations` from flat rows, as the store gives them: (document,
    annotator, type, head start, end, label, tail start, end, label)."""
    names = tuple(annotators)
    index = {name: 1 << i for i, name in enumerate(names)}
    symmetric = {name for name, directed in types if not directed}
    known = {name for name, _ in types}
    # (document, type, head start, end, label, tail start, end, label) → mask of makers.
    made: dict[tuple[Any, ...], int] = {}
    for row in rows:
        bit = index.get(row[1])
        kind = row[2]
        if bit is None or kind not in known:
            continue
        if kind in symmetric and tuple(row[6:9]) < tuple(row[3:6]):
            # A symmetric relation has no head: one order for both.
            key: tuple[Any, ...] = (row[0], kind, *row[6:9], *row[3:6])
        else:
            key = (row[0], *row[2:9])
        made[key] = made.get(key, 0) | bit
    by_type: Counter[tuple[str, int]] = Counter((key[1], mask) for key, mask in made.items())
    return _from_counts(names, types, by_type)


def _from_counts(
    names: tuple[str, ...], types: Sequence[tuple[str, bool]], by_type: Counter[tuple[str, int]]
) -> RelationAgreement:
    """The figures from (type, mask of the annotators who made it) → distinct relations."""
    pairs = list(combinations(range(len(names)), 2))

    def entry(kind: str | None) -> RelationTypeAgreement:
        counted = [(mask, n) for (t, mask), n in by_type.items() if kind is None or t == kind]
        result = []
        for a, b in pairs:
            first, second = 1 << a, 1 << b
            result.append(
                RelationPair(
                    (names[a], names[b]),
                    (
                        sum(n for mask, n in counted if mask & first),
                        sum(n for mask, n in counted if mask & second),
                    ),
                    sum(n for mask, n in counted if mask & first and mask & second),
                )
            )
        return RelationTypeAgreement(kind, tuple(result))

    return RelationAgreement(tuple(entry(name) for name, _ in types), entry(None))


def relation_agreement(store: Store, annotators: Sequence[str]) -> RelationAgreement:
    """Relation agreement of ``annotators`` over the documents all of them marked done,
    counted in SQL: only the few (type, who made it) counts leave SQLite."""
    names = tuple(annotators)
    types = [(t.name, t.directed) for t in store.relation_types()]
    known = {name for name, _ in types}
    symmetric = [name for name, directed in types if not directed]
    by_type: Counter[tuple[str, int]] = Counter()
    for kind, *made, n in store.relation_match_counts(names, symmetric):
        if kind in known:
            by_type[(kind, sum(1 << a for a, flag in enumerate(made) if flag))] += n
    return _from_counts(names, types, by_type)
