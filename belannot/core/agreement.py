"""Inter-annotator agreement: span F1 (exact and overlap), Cohen's kappa, Krippendorff's alpha.

What is compared:

- The **documents** are those every compared annotator marked done; the
  **annotators** default to every user in the annotator role who marked at least
  one document done. Only annotators' own spans count (reviewer corrections do
  not); a span's review status does not matter. Repeated identical spans of one
  annotator count once.
- **Span F1, exact**: a match is the same (start, end, label).
  F1 = 2 · matches / (spans of one + spans of the other); it is symmetric.
- **Span F1, overlap**: same label and overlapping ranges, matched one to one,
  greedily by overlap size (ties: identical ranges first, then earlier spans).
- **Cohen's kappa** (per pair) and **Krippendorff's alpha**, nominal (for the
  group): the unit is the character of the included documents. Per label, a
  character's category is binary: inside a span of that label or not.
- **Overall**: for F1, all labels together (a match still needs the same label),
  i.e. the micro-average over labels. For kappa and alpha, a character's category
  is the set of labels it is inside (none; actor; actor + quote; …), so overlapping
  spans of different labels are a category of their own rather than a tie to break.
- The **group** figures are alpha, and the means over pairs of F1 and kappa
  (pairs where the figure is undefined are left out of the mean).
- A figure is ``None`` when it is undefined: F1 when neither annotator made a span,
  kappa and alpha when every character has the same category for everyone.

The character-level figures come from one sweep per document over span
boundaries, counting run lengths of each combination of annotators' label sets,
never a loop over characters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from belannot.core.agreement_pass import span_pass
from belannot.core.attribute_agreement import AttributeAgreement
from belannot.core.errors import BelannotError, CancelledError, NotFoundError
from belannot.core.formats import CancelFn, ProgressFn
from belannot.core.relation_agreement import RelationAgreement, pair_of, relation_agreement
from belannot.core.span_tally import SpanTally, State
from belannot.core.store import Interval, Store

_PROGRESS_EVERY = 500


class AgreementError(BelannotError):
    """Agreement cannot be computed as asked (fewer than two annotators)."""


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """How far two annotators agree, for one label or overall."""

    annotators: tuple[str, str]
    # Distinct spans each of the two made.
    spans: tuple[int, int]
    exact_matches: int
    overlap_matches: int
    exact_f1: float | None
    overlap_f1: float | None
    kappa: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "annotators": list(self.annotators),
            "spans": list(self.spans),
            "exact_matches": self.exact_matches,
            "overlap_matches": self.overlap_matches,
            "exact_f1": self.exact_f1,
            "overlap_f1": self.overlap_f1,
            "kappa": self.kappa,
        }


@dataclass(frozen=True, slots=True)
class LabelAgreement:
    """Every pair and the group, for one label (``label`` None: overall)."""

    label: str | None
    pairs: tuple[PairAgreement, ...]
    alpha: float | None

    def pair(self, first: str, second: str) -> PairAgreement:
        return pair_of(self.pairs, first, second)

    @property
    def mean_exact_f1(self) -> float | None:
        return _mean(p.exact_f1 for p in self.pairs)

    @property
    def mean_overlap_f1(self) -> float | None:
        return _mean(p.overlap_f1 for p in self.pairs)

    @property
    def mean_kappa(self) -> float | None:
        return _mean(p.kappa for p in self.pairs)

    def to_json(self) -> dict[str, Any]:
        return {
            "pairs": [pair.to_json() for pair in self.pairs],
            "group": {
                "alpha": self.alpha,
                "mean_exact_f1": self.mean_exact_f1,
                "mean_overlap_f1": self.mean_overlap_f1,
                "mean_kappa": self.mean_kappa,
            },
        }


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Agreement over ``documents`` (all marked done by every one of ``annotators``)."""

    annotators: tuple[str, ...]
    documents: tuple[str, ...]
    # Documents of the project left out because not every annotator marked them done.
    excluded_documents: int
    characters: int
    labels: tuple[LabelAgreement, ...]
    overall: LabelAgreement
    # Relations and attributes (core/relation_agreement.py, core/attribute_agreement.py):
    # None from measure(), which sees only spans.
    relations: RelationAgreement | None = None
    attributes: tuple[AttributeAgreement, ...] | None = None
    # Linking agreement over the matched spans of ``link_labels`` (core/link_agreement.py).
    links: AttributeAgreement | None = None
    link_labels: tuple[str, ...] = ()

    def label(self, name: str) -> LabelAgreement:
        for entry in self.labels:
            if entry.label == name:
                return entry
        raise KeyError(name)

    def attribute(self, name: str) -> AttributeAgreement:
        return next(entry for entry in self.attributes or () if entry.name == name)

    def to_json(self) -> dict[str, Any]:
        data = {
            "annotators": list(self.annotators),
            "documents": list(self.documents),
            "excluded_documents": self.excluded_documents,
            "characters": self.characters,
            "labels": {entry.label: entry.to_json() for entry in self.labels},
            "overall": self.overall.to_json(),
        }
        if self.relations is not None:
            data["relations"] = self.relations.to_json()
        if self.attributes is not None:
            data["attributes"] = {entry.name: entry.to_json() for entry in self.attributes}
        if self.links is not None:
            data["links"] = {"labels": list(self.link_labels), **self.links.to_json()}
        return data


def _mean(values: Iterable[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def _f1(matches: int, first: int, second: int) -> float | None:
    return 2 * matches / (first + second) if first + second else None


def compute_agreement(
    store: Store,
    *,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> AgreementReport:
    """Agreement between ``annotators`` (default: every annotator with a done document)
    on ``labels`` (default: every label), over the documents all of them marked done."""
    if annotators:
        names = tuple(sorted(set(annotators)))
        for name in names:
            if store.user(name) is None:
                raise NotFoundError(f"no user {name!r}")
    else:
        names = tuple(store.annotators_with_done_documents())
    if len(names) < 2:
        found = ", ".join(names) or "none"
        raise AgreementError(
            f"agreement needs at least two annotators with documents marked done (found: {found})"
        )
    known = [label.name for label in store.labels()]
    if labels:
        unknown = [name for name in labels if name not in known]
        if unknown:
            raise NotFoundError(f"unknown label {', '.join(unknown)}")
        chosen = [name for name in known if name in set(labels)]
    else:
        chosen = known
    documents = store.documents_done_by_all(names)
    linkable = set(store.actor_labels())
    link_labels = tuple(name for name in chosen if name in linkable)
    attributes, links, by_document = span_pass(store, names, chosen, link_labels)
    report = _report(names, chosen, documents, by_document, progress, cancel)
    excluded = store.document_count() - len(documents)
    return AgreementReport(
        report.annotators,
        report.documents,
        excluded,
        report.characters,
        report.labels,
        report.overall,
        relation_agreement(store, names),
        attributes,
        links,
        link_labels,
    )


def measure(
    annotators: Sequence[str],
    labels: Sequence[str],
    documents: Sequence[tuple[str, int]],
    intervals: Iterable[Interval],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> AgreementReport:
    """Agreement from plain data: ``documents`` as (id, length), ``intervals`` as
    (document, annotator, label, start, end). Intervals of other documents,
    annotators or labels are ignored."""
    names = tuple(annotators)
    m = len(names)
    if m < 2:
        raise AgreementError("agreement needs at least two annotators")
    index = {name: 1 << i for i, name in enumerate(names)}
    label_index = {label: j for j, label in enumerate(labels)}
    lengths = dict(documents)

    # document → (start, end, label index) → mask of the annotators who made it.
    by_document: dict[str, dict[tuple[int, int, int], int]] = {}
    current: str | None = None
    made: dict[tuple[int, int, int], int] | None = None
    for document_id, annotator, label, start, end in intervals:
        if document_id != current:  # intervals usually come grouped by document
            current = document_id
            made = by_document.setdefault(document_id, {}) if document_id in lengths else None
        a = index.get(annotator)
        j = label_index.get(label)
        if made is None or a is None or j is None:
            continue
        key = (start, end, j)
        made[key] = made.get(key, 0) | a

    return _report(names, labels, documents, by_document, progress, cancel)


def _report(
    names: tuple[str, ...],
    labels: Sequence[str],
    documents: Sequence[tuple[str, int]],
    by_document: dict[str, dict[tuple[int, int, int], int]],
    progress: ProgressFn | None,
    cancel: CancelFn | None,
) -> AgreementReport:
    """The span figures from each document's spans: (start, end, label index) → mask of
    the annotators who made it."""
    m = len(names)
    lengths = dict(documents)
    tally = SpanTally(m, len(labels))
    total = len(documents)
    for number, (document_id, length) in enumerate(documents, start=1):
        if number % _PROGRESS_EVERY == 0:
            if cancel is not None and cancel():
                raise CancelledError("agreement cancelled")
            if progress is not None:
                progress(number, total)
        tally.add(by_document.get(document_id), length)
    if progress is not None:
        progress(total, total)

    states = tally.states()
    characters = sum(lengths[d] for d, _ in documents)
    per_label = tuple(
        _label_agreement(label, names, states, tally, (j,)) for j, label in enumerate(labels)
    )
    overall = _label_agreement(None, names, states, tally, tuple(range(len(labels))))
    return AgreementReport(names, tuple(d for d, _ in documents), 0, characters, per_label, overall)


def _label_agreement(
    label: str | None,
    names: tuple[str, ...],
    states: Counter[State],
    tally: SpanTally,
    label_indexes: tuple[int, ...],
) -> LabelAgreement:
    """Pairs and group for the labels in ``label_indexes``: a character's category is
    the set of those labels it is inside (for one label: inside it or not)."""
    if len(label_indexes) == tally.label_count:
        projected = states
    else:
        select = sum(1 << j for j in label_indexes)
        projected = Counter()
        for state, count in states.items():
            projected[tuple(mask & select for mask in state)] += count
    m = len(names)
    made = [0] * m
    pair_exact: Counter[tuple[int, int]] = Counter()
    for (mask, j), count in tally.exact.items():
        if j not in label_indexes:
            continue
        members = [a for a in range(m) if mask >> a & 1]
        for a in members:
            made[a] += count
        for a, b in combinations(members, 2):
            pair_exact[(a, b)] += count
    pairs = []
    for a, b in tally.pairs:
        exact = pair_exact[(a, b)]
        matched = exact + sum(tally.overlap[(a, b, j)] for j in label_indexes)
        pairs.append(
            PairAgreement(
                annotators=(names[a], names[b]),
                spans=(made[a], made[b]),
                exact_matches=exact,
                overlap_matches=matched,
                exact_f1=_f1(exact, made[a], made[b]),
                overlap_f1=_f1(matched, made[a], made[b]),
                kappa=_kappa(projected, a, b),
            )
        )
    return LabelAgreement(label, tuple(pairs), _alpha(projected, m))


def _kappa(states: Counter[State], a: int, b: int) -> float | None:
    """Cohen's kappa of annotators ``a`` and ``b`` over character runs, exact until the
    final division: (N·agreed − Σ_k A_k·B_k) / (N² − Σ_k A_k·B_k)."""
    first: Counter[int] = Counter()
    second: Counter[int] = Counter()
    agreed = total = 0
    for state, count in states.items():
        first[state[a]] += count
        second[state[b]] += count
        total += count
        if state[a] == state[b]:
            agreed += count
    chance = sum(count * second[k] for k, count in first.items())
    denominator = total * total - chance
    if denominator == 0:
        return None
    return (total * agreed - chance) / denominator


def _alpha(states: Counter[State], m: int) -> float | None:
    """Krippendorff's alpha, nominal, every unit coded by all ``m`` annotators:
    1 − (n − 1) · Σ_u count·(m² − Σ_c m_uc²) / ((m − 1) · (n² − Σ_c n_c²))."""
    values: Counter[int] = Counter()
    disagreement = 0
    for state, count in states.items():
        in_unit = Counter(state)
        for value, times in in_unit.items():
            values[value] += times * count
        disagreement += count * (m * m - sum(t * t for t in in_unit.values()))
    n = sum(values.values())
    expected = (m - 1) * (n * n - sum(c * c for c in values.values()))
    if expected == 0:
        return None
    return 1 - (n - 1) * disagreement / expected
