"""Every export format, byte for byte, of one fixed project: refactors must not change a byte.

The project is the bundled corpus plus the two-annotator fixture with fixed span ids and
times. A change that means to alter an export regenerates the digests on purpose:
``BELANNOT_REGENERATE_EXPORTS=1 pytest tests/core/test_export_stability.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from belannot.core.formats.exporting import ExportOptions
from belannot.core.formats.registry import EXPORT_FORMATS, export
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.packaged import corpus_path
from belannot.core.store import SpanFilter, Store
from tests.core.formats_fixtures import fill

DIGESTS = Path(__file__).parent.parent / "golden" / "export_digests.json"
STAMP = "2024-01-02T03:04:05.006+00:00"
# Written afresh on every export: a random fingerprint, not data.
VOLATILE = {"state.json"}


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def backend(request) -> str:
    """One project per backend for the whole module: both must give the same bytes."""
    return request.param


@pytest.fixture(scope="module")
def project(backend, request, tmp_path_factory) -> Iterator[Store]:
    if backend == "sqlite":
        store = Store.open(tmp_path_factory.mktemp("stable") / "p.belannot")
    else:
        from belannot.core.store.postgres import PostgresStore
        from tests.postgres_server import drop_database, fresh_database

        admin_url = request.getfixturevalue("postgres_admin_url")
        store = PostgresStore.open(fresh_database(admin_url))
    import_files(store, [corpus_path()], user=User("alice"), fmt="txt")
    fill(store, span_id=lambda number: f"span-{number:03d}", stamp=STAMP)
    yield store
    location = store.location
    store.close()
    if backend == "postgresql":
        drop_database(admin_url, str(location))


def digest(path: Path) -> str | dict[str, str]:
    if path.is_dir():
        return {
            str(file.relative_to(path)): hashlib.sha256(file.read_bytes()).hexdigest()
            for file in sorted(path.rglob("*"))
            if file.is_file() and file.name not in VOLATILE
        }
    return hashlib.sha256(path.read_bytes()).hexdigest()


CASES = [(name, approved) for name in EXPORT_FORMATS for approved in (False, True)]


def case_name(name: str, approved: bool) -> str:
    return f"{name}-approved" if approved else name


def exported(project: Store, tmp_path: Path, name: str, approved: bool) -> str | dict[str, str]:
    target = tmp_path / (case_name(name, approved) + EXPORT_FORMATS[name].suffix)
    span_filter = SpanFilter.approved_only() if approved else SpanFilter()
    export(project, name, target, ExportOptions(span_filter=span_filter))
    return digest(target)


@pytest.mark.file_project  # written once, from the file; the team project must match it
@pytest.mark.skipif(
    os.environ.get("BELANNOT_REGENERATE_EXPORTS") != "1", reason="regenerates the digests"
)
def test_regenerate_export_digests(project, tmp_path):
    found = {case_name(n, a): exported(project, tmp_path, n, a) for n, a in CASES}
    DIGESTS.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@pytest.mark.parametrize(("name", "approved"), CASES, ids=[case_name(*c) for c in CASES])
def test_every_export_is_byte_for_byte_what_it_was(project, tmp_path, name, approved):
    expected = json.loads(DIGESTS.read_text(encoding="utf-8"))
    assert exported(project, tmp_path, name, approved) == expected[case_name(name, approved)]
