"""``belannot suggest --evaluate``: each recommender's suggestions scored against one
annotator's finished layer (the documents they marked done), changing nothing.

Precision, recall and F1 per label and overall (micro), exact (same start, end and
label) and overlap (same label and overlapping, matched one to one by overlap size, as
agreement matches them). The string matcher learns from every document but the one it
is scored on, so it is never scored on the spans it projects from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from belannot.core.errors import BelannotError
from belannot.core.model import SpanStatus
from belannot.core.progress import ProgressFn
from belannot.core.recommenders.string_matcher import StringMatcher
from belannot.core.span_tally import greedy_matches
from belannot.core.store import SpanFilter, Store
from belannot.core.suggestions import Suggester

OVERALL = "(all)"


def _prf(
    matched: int, predicted: int, gold: int
) -> tuple[float | None, float | None, float | None]:
    precision = matched / predicted if predicted else None
    recall = matched / gold if gold else None
    f1 = 2 * matched / (predicted + gold) if predicted + gold else None
    return precision, recall, f1


@dataclass
class Score:
    """Counts for one recommender and label; the ratios derive from them."""

    predicted: int = 0
    gold: int = 0
    exact: int = 0
    overlap: int = 0

    def to_json(self) -> dict[str, Any]:
        exact = _prf(self.exact, self.predicted, self.gold)
        overlap = _prf(self.overlap, self.predicted, self.gold)
        return {
            "predicted": self.predicted,
            "gold": self.gold,
            "exact": dict(zip(("p", "r", "f1"), exact, strict=True)),
            "overlap": dict(zip(("p", "r", "f1"), overlap, strict=True)),
        }


@dataclass
class Evaluation:
    annotator: str
    documents: int
    # recommender (each rule its own) → label (and OVERALL) → score
    scores: dict[str, dict[str, Score]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "annotator": self.annotator,
            "documents": self.documents,
            "recommenders": {
                name: {label: score.to_json() for label, score in labels.items()}
                for name, labels in self.scores.items()
            },
        }


def total(scores: Iterable[Score]) -> Score:
    """The micro-average's counts: every label's summed."""
    summed = Score()
    for score in scores:
        summed.predicted += score.predicted
        summed.gold += score.gold
        summed.exact += score.exact
        summed.overlap += score.overlap
    return summed


def evaluate(
    store: Store,
    annotator: str,
    names: Sequence[str] | None = None,
    model: Path | str | None = None,
    progress: ProgressFn | None = None,
) -> Evaluation:
    """Score the recommenders (those switched on unless named) against ``annotator``."""
    documents = store.done_documents(annotator)
    if not documents:
        raise BelannotError(f"{annotator} has marked no document done: nothing to score against")
    # Suggestions for nobody: no one's rejections or spans are left out.
    suggester = Suggester(store, "", names, model)
    wanted = SpanFilter(annotators=(annotator,), statuses=(SpanStatus.PENDING, SpanStatus.APPROVED))
    gold_total: Counter[str] = Counter()
    # source → label → [predicted, exact, overlap]
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for done, (document_id, text) in enumerate(store.iter_document_texts(documents), 1):
        gold: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for span in store.spans(document_id, wanted):
            gold[span.label].add((span.start, span.end))
        for label, ranges in gold.items():
            gold_total[label] += len(ranges)
        for source, by_label in _predicted(suggester, document_id, text).items():
            for label, ranges in by_label.items():
                tally = counts[source][label]
                tally[0] += len(ranges)
                tally[1] += len(ranges & gold[label])
                tally[2] += greedy_matches(sorted(ranges), sorted(gold[label]))
        if progress is not None:
            progress(done, len(documents))
    result = Evaluation(annotator, len(documents))
    for source in sorted(counts):
        labels = counts[source]
        scores = {
            label: Score(n[0], gold_total[label], n[1], n[2]) for label, n in sorted(labels.items())
        }
        # Overall: over the labels this recommender suggests (each is made for a few).
        scores[OVERALL] = total(scores.values())
        result.scores[source] = scores
    return result


def _predicted(
    suggester: Suggester, document_id: str, text: str
) -> dict[str, dict[str, set[tuple[int, int]]]]:
    """Source (each rule its own) → label → the ranges it suggests, above its threshold."""
    predicted: dict[str, dict[str, set[tuple[int, int]]]] = defaultdict(lambda: defaultdict(set))
    for recommender in suggester.recommenders:
        threshold = suggester.settings[recommender.name].threshold
        found = (
            recommender.suggest_unseen(document_id, text)
            if isinstance(recommender, StringMatcher)
            else recommender.suggest(document_id, text)
        )
        for suggestion in found:
            if suggestion.score >= threshold:
                predicted[suggestion.recommender][suggestion.label].add(
                    (suggestion.start, suggestion.end)
                )
    return predicted
