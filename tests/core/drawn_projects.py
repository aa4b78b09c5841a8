"""Hypothesis over whole projects on both backends: fewer draws where a project costs more."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, settings

from belannot.core.store import Store

# A new team project (a database and its schema) costs about what ten projects in memory do:
# its half draws that many times fewer examples, so it takes about as long as the SQLite half.
TEAM_COST = 10
FEWEST = 4


def drawing(backend: str, examples: int, *checks: HealthCheck) -> settings:
    """The settings of a test drawing ``examples`` projects on SQLite, fewer on PostgreSQL."""
    count = examples if backend == "sqlite" else max(FEWEST, examples // TEAM_COST)
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, *checks],
    )


@pytest.fixture
def scratch(backend, new_project) -> Callable[[], Store]:
    """Makes a project for one drawn example: in memory on SQLite, a new database on the
    server; the example closes it, the test's end drops the databases."""
    return Store.memory if backend == "sqlite" else new_project
