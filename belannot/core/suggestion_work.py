"""One document's suggestions computed for the window (in its worker); models kept loaded."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from belannot.core.errors import BelannotError
from belannot.core.progress import CancelFn, stop_if_cancelled
from belannot.core.recommenders.base import Recommender, Suggestion
from belannot.core.recommenders.settings import NAMES, recommender_settings
from belannot.core.store import Store


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
    # One per place, made here so the UI thread need not sort 20,000 of them.
    places: list[Suggestion] = field(default_factory=list)
    # The process that computed them (the window's worker, or the window's own).
    computed_by: int = field(default_factory=os.getpid)


def best_per_place(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """One suggestion per (start, end, label), the best scored (the first of equals), in
    text order: two recommenders suggesting one span are one decision."""
    best: dict[tuple[int, int, str], Suggestion] = {}
    for s in suggestions:
        key = (s.start, s.end, s.label)
        if key not in best or s.score > best[key].score:
            best[key] = s
    places = list(best.values())
    places.sort(key=attrgetter("start", "end", "label"))
    return places


_collector_lock = threading.Lock()
_collector_pausers = 0


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while suggestions are computed: a 1 MB document makes
    ~200,000 objects, and the full collections they trigger ran in the worker holding the
    interpreter 60-90 ms at a time, which the window's thread waited out. Nested and
    overlapping computations count; a collector switched off by someone else stays off."""
    global _collector_pausers
    with _collector_lock:
        if _collector_pausers == 0 and not gc.isenabled():
            paused = False
        else:
            paused = True
            _collector_pausers += 1
            gc.disable()
    try:
        yield
    finally:
        if paused:
            with _collector_lock:
                _collector_pausers -= 1
                if _collector_pausers == 0:
                    gc.enable()


def suggest_document(
    store: Store,
    annotator: str,
    document_id: str,
    models: ModelCache,
    cancel: CancelFn | None = None,
) -> Found:
    """What the project's recommenders switched on offer ``annotator`` in the document
    (``cancel`` is asked between steps: a superseded computation stops early)."""
    with collector_paused():
        return _suggest_document(store, annotator, document_id, models, cancel)


def _suggest_document(
    store: Store,
    annotator: str,
    document_id: str,
    models: ModelCache,
    cancel: CancelFn | None,
) -> Found:
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
    stop_if_cancelled(cancel, "suggestions cancelled")
    # The recommenders (matchers, rules, imported predictions) load with the first
    # computation, which runs after the window's first paint.
    from belannot.core.suggestions import Suggester

    # Named, so the model is not loaded again: the cached one is added instead.
    suggester = Suggester(store, annotator, names=names or ["string"])
    if not names:
        suggester.recommenders = []
    suggester.recommenders.extend(extra)
    found = suggester.suggest(document_id, cancel=cancel)
    return Found(document_id, found, notices, best_per_place(found))
