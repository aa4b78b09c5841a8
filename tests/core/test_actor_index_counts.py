"""Completion follows each new link at once, without building the index again."""

from __future__ import annotations

from belannot.core.actor_matching import ActorIndex
from belannot.core.actors import Actor


def test_add_count_reranks_at_once():
    index = ActorIndex(
        [
            Actor("kremlin", "Kremlin", aliases=("Moscow",)),
            Actor("russia", "Russia", aliases=("Moscow",)),
        ],
        {},
    )
    assert [m.actor_id for m in index.complete("mosc")] == ["kremlin", "russia"]
    index.add_count("russia", 1)
    assert [(m.actor_id, m.count) for m in index.complete("mosc")] == [
        ("russia", 1),
        ("kremlin", 0),
    ]
    index.add_count("russia", -2)
    assert [m.count for m in index.complete("mosc")] == [0, 0]
