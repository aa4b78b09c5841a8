"""pytest side of the throwaway PostgreSQL server: --sqlite-only, the postgres mark, fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.postgres_server import (
    ENV,
    MISSING,
    Cluster,
    ServerError,
    drop_database,
    find_bindir,
    fresh_database,
)

SQLITE_ONLY = "--sqlite-only"
SKIPPED = f"needs PostgreSQL; {SQLITE_ONLY} runs the SQLite half only"


class _Server:
    """The cluster this run owns, started on first use (at once when xdist workers share it)."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.cluster: Cluster | None = None

    def admin_url(self) -> str:
        if self.cluster is None:
            try:
                self.cluster = Cluster(self.bindir).start()
            except ServerError as error:
                raise pytest.UsageError(
                    f"could not start the test PostgreSQL server: {error}"
                ) from None
            # Workers and the subprocesses tests start inherit it: one server for the run.
            os.environ[ENV] = self.cluster.admin_url
        return self.cluster.admin_url

    def stop(self) -> None:
        if self.cluster is not None:
            os.environ.pop(ENV, None)
            self.cluster.stop()
            self.cluster = None


_SERVER = pytest.StashKey[_Server]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        SQLITE_ONLY,
        action="store_true",
        help="run without PostgreSQL: skip the tests marked postgres (CI never passes it)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption(SQLITE_ONLY) or config.option.help or config.option.version:
        return
    # An xdist worker uses the controller's server (in the environment), never its own.
    if hasattr(config, "workerinput") or os.environ.get(ENV):
        return
    bindir = find_bindir()
    if bindir is None:
        raise pytest.UsageError(MISSING)
    server = config.stash[_SERVER] = _Server(bindir)
    if getattr(config.option, "numprocesses", None):
        server.admin_url()  # before the workers are spawned, so they inherit its URL


def pytest_unconfigure(config: pytest.Config) -> None:
    server = config.stash.get(_SERVER, None)
    if server is not None:
        server.stop()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "postgres_admin_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)
    if config.getoption(SQLITE_ONLY):
        skip = pytest.mark.skip(reason=SKIPPED)
        for item in items:
            if item.get_closest_marker("postgres"):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def postgres_admin_url(request: pytest.FixtureRequest) -> str:
    """The test server's superuser URL (role postgres, maintenance database postgres)."""
    if request.config.getoption(SQLITE_ONLY):
        pytest.skip(SKIPPED)
    server = request.config.stash.get(_SERVER, None)
    if server is not None:
        return server.admin_url()
    url = os.environ.get(ENV)
    if not url:
        pytest.fail(f"no test PostgreSQL server: {ENV} is not set in this worker")
    return url


@pytest.fixture
def postgres_database(postgres_admin_url: str):
    """The URL of a new, empty database (UTF8, C collation), dropped after the test."""
    url = fresh_database(postgres_admin_url)
    yield url
    drop_database(postgres_admin_url, url)
