"""The window's suggestion computation, now in core (the worker process runs it too)."""

from belannot.core.suggestion_work import (
    Found,
    ModelCache,
    best_per_place,
    collector_paused,
    suggest_document,
)

__all__ = ["Found", "ModelCache", "best_per_place", "collector_paused", "suggest_document"]
