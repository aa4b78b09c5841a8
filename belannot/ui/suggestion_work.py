"""One document's suggestions computed for the window off its thread; models kept loaded."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from belannot.core.errors import BelannotError
from belannot.core.recommenders.base import Recommender, Suggestion
from belannot.core.recommenders.settings import NAMES, recommender_settings
from belannot.core.store import Store
from belannot.core.suggestions import Suggester


class ModelCache:
    """Loaded spaCy pipelines by folder: loading one takes seconds, a document far less."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._models: dict[tuple[str, int | None], Recommender] = {}

    def get(self, model: str) -> Recommender:
        # A folder trained again (belannot train -o the same folder) is loaded again.
        key = (model, _stamp(model))
        # Held while loading: two tasks must not load the same pipeline twice at once.
        with self._lock:
            if key not in self._models:
                from belannot.core.recommenders.model import ModelRecommender

                self._models = {key: ModelRecommender.load(model)}  # one kept loaded
            return self._models[key]


def _stamp(model: str) -> int | None:
    """When the pipeline folder's meta.json was written (None: an installed pipeline's name)."""
    try:
        return (Path(model) / "meta.json").stat().st_mtime_ns
    except OSError:
        return None


@dataclass(frozen=True)
class Found:
    """One document's suggestions for the annotator, and lines about recommenders passed over."""

    document_id: str
    suggestions: list[Suggestion]
    notices: list[str] = field(default_factory=list)


def suggest_document(store: Store, annotator: str, document_id: str, models: ModelCache) -> Found:
    """What the project's recommenders switched on offer ``annotator`` in the document."""
    settings = recommender_settings(store)
    names = [n for n in NAMES if n != "model" and settings[n].enabled]
    model = settings["model"]
    notices: list[str] = []
    extra: list[Recommender] = []
    if model.enabled and model.model:
        try:
            extra.append(models.get(model.model))
        except BelannotError as error:
            notices.append(f"model recommender passed over: {error}")
    if not names and not extra:
        return Found(document_id, [], notices)
    # Named, so the model is not loaded again: the cached one is added instead.
    suggester = Suggester(store, annotator, names=names or ["string"])
    if not names:
        suggester.recommenders = []
    suggester.recommenders.extend(extra)
    return Found(document_id, suggester.suggest(document_id), notices)
