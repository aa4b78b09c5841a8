"""The suggestion layer: what the project's recommenders offer an annotator in a document.

Suggestions are computed, never stored and never spans: no export, agreement or
training reads them (export only with ``--include-suggestions``). What is offered
leaves out what the annotator has already (a span with the same start, end and label),
what they rejected in that document, what scores below its recommender's threshold,
and recommenders switched off.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from operator import attrgetter
from pathlib import Path

from belannot.core.errors import BelannotError, NotFoundError
from belannot.core.progress import CancelFn, ProgressFn, stop_if_cancelled
from belannot.core.recommenders.base import Recommender, Suggestion
from belannot.core.recommenders.imported import ImportedPredictions
from belannot.core.recommenders.registry import RegistryMatcher
from belannot.core.recommenders.rules import RuleMatcher, project_rules
from belannot.core.recommenders.settings import (
    NAMES,
    RecommenderSettings,
    check_name,
    recommender_settings,
)
from belannot.core.recommenders.string_matcher import StringMatcher
from belannot.core.store import Store

_ORDER = attrgetter("start", "end", "label", "recommender")


def build_recommender(store: Store, name: str, settings: RecommenderSettings) -> Recommender:
    """The recommender ``name``, made from the project as it is now."""
    if name == "string":
        return StringMatcher.from_project(store, case_sensitive=settings.case_sensitive)
    if name == "registry":
        return RegistryMatcher.from_project(store)
    if name == "rules":
        return RuleMatcher(project_rules(store))
    if name == "imported":
        return ImportedPredictions(store)
    from belannot.core.recommenders.model import ModelRecommender

    if not settings.model:
        raise NotFoundError("the model recommender needs a model: --model MODEL_DIR")
    return ModelRecommender.load(settings.model)


class Suggester:
    """The recommenders of one project, made once, asked document by document."""

    def __init__(
        self,
        store: Store,
        annotator: str,
        names: Sequence[str] | None = None,
        model: Path | str | None = None,
    ) -> None:
        self.store = store
        self.annotator = annotator
        self.settings = recommender_settings(store)
        if model is not None:
            self.settings["model"] = RecommenderSettings(
                enabled=True, threshold=self.settings["model"].threshold, model=str(model)
            )
        # One line each about recommenders switched on that could not run (spaCy missing).
        self.notices: list[str] = []
        self.recommenders: list[Recommender] = []
        if names:
            for name in names:
                check_name(name)
                self.recommenders.append(build_recommender(store, name, self.settings[name]))
            return
        for name in NAMES:
            if not self.settings[name].enabled:
                continue
            try:
                self.recommenders.append(build_recommender(store, name, self.settings[name]))
            except BelannotError as error:
                if name == "model" and model is not None:
                    raise  # --model asked for it by name
                # Asked for by the project's settings, not by name: the others still run.
                self.notices.append(f"{name} recommender passed over: {error}")

    def raw(self, document_id: str, text: str, cancel: CancelFn | None = None) -> list[Suggestion]:
        """Every recommender's suggestions above its threshold, of the project's labels (a
        rule or a model may name one deleted since: it could not be accepted). ``cancel``
        is asked before each recommender."""
        labels = {label.name for label in self.store.labels()}
        found: list[Suggestion] = []
        for recommender in self.recommenders:
            stop_if_cancelled(cancel, "suggestions cancelled")
            threshold = self.settings[recommender.name].threshold
            found.extend(
                suggestion
                for suggestion in recommender.suggest(document_id, text)
                if suggestion.score >= threshold and suggestion.label in labels
            )
        found.sort(key=_ORDER)  # stable: ties stay in the recommenders' order
        return found

    def suggest(
        self, document_id: str, text: str | None = None, cancel: CancelFn | None = None
    ) -> list[Suggestion]:
        """What to offer the annotator in this document, in text order."""
        if text is None:
            text = self.store.document_text(document_id)
        rejected = self.store.rejected_suggestions(document_id, self.annotator)
        have = {
            (span.start, span.end, span.label)
            for span in self.store.spans(document_id)
            if span.annotator == self.annotator
        }
        return [
            suggestion
            for suggestion in self.raw(document_id, text, cancel)
            if suggestion.key not in rejected and suggestion.key not in have
        ]

    def corpus(
        self,
        document_ids: list[str] | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
    ) -> Iterator[tuple[str, list[Suggestion]]]:
        """(document id, suggestions) for each document (all of them unless named)."""
        total = len(document_ids) if document_ids is not None else self.store.document_count()
        for done, (document_id, text) in enumerate(self.store.iter_document_texts(document_ids), 1):
            stop_if_cancelled(cancel, "suggestions cancelled")
            yield document_id, self.suggest(document_id, text)
            if progress is not None:
                progress(done, total)
