"""An import that must be refused: its error, with the project checked to be unchanged."""

from __future__ import annotations

import pytest

from belannot.core.errors import InputError
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store
from tests.core.test_hostile_input import dump


def refused(project: Store, paths: list, fmt: str = "auto", **options) -> InputError:
    before = dump(project)
    with pytest.raises(InputError) as caught:
        import_files(project, paths, user=User("alice"), fmt=fmt, **options)
    assert dump(project) == before
    return caught.value
