"""How often each recommender's suggestions were accepted, from the project's own decisions."""

from __future__ import annotations

from dataclasses import dataclass

from belannot.core.recommenders.imported import is_imported
from belannot.core.recommenders.settings import NAMES
from belannot.core.store import Store


@dataclass(frozen=True, slots=True)
class Acceptance:
    """A recommender's (or rule's) decided suggestions: accepted spans still in the project
    and rejections; ``rate`` is None before any decision."""

    recommender: str
    accepted: int
    rejected: int

    @property
    def rate(self) -> float | None:
        decided = self.accepted + self.rejected
        return self.accepted / decided if decided else None

    def to_json(self) -> dict[str, object]:
        return {
            "recommender": self.recommender,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "rate": self.rate,
        }


def acceptance(store: Store) -> list[Acceptance]:
    """One row per recommender (each rule on its own row), those without decisions too."""
    decisions = store.suggestion_decisions()
    names = sorted(set(decisions) | set(NAMES), key=_order)
    return [Acceptance(name, *decisions.get(name, (0, 0))) for name in names]


def _order(name: str) -> tuple[int, str]:
    base = "imported" if is_imported(name) else name.split(":", 1)[0]
    return (NAMES.index(base) if base in NAMES else len(NAMES), name)
