"""The test PostgreSQL server: fresh UTF8/C databases, a socket only, one per run, --sqlite-only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from tests.postgres_server import (
    ENV,
    FOLDER_PREFIX,
    MISSING,
    OWNER,
    Cluster,
    _short_temp,
    database_name,
    drop_database,
    find_bindir,
    fresh_database,
)

ROOT = Path(__file__).resolve().parents[1]


def _pytest(folder: Path, *args: str, own_server: bool = False):
    """A separate pytest run over `folder` with only the PostgreSQL plugin of this suite.

    It uses this run's server unless `own_server`: then it looks for the binaries itself.
    """
    env = {key: value for key, value in os.environ.items() if not (own_server and key == ENV)}
    # Only the plugins these runs need: the others (Qt, hypothesis...) cost seconds to load.
    env.update(PYTHONPATH=str(ROOT), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "xdist.plugin",
        "-p",
        "tests.postgres_fixtures",
    ]
    return subprocess.run(
        [*command, "-p", "no:cacheprovider", "-q", "-rs", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_the_fixture_database_is_utf8_with_c_collation(postgres_database):
    with psycopg.connect(postgres_database) as connection:
        row = connection.execute(
            "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database"
            " WHERE datname = current_database()"
        ).fetchone()
    assert row == ("UTF8", "C", "C")


def test_fresh_databases_are_empty_and_distinct(postgres_admin_url):
    first, second = fresh_database(postgres_admin_url), fresh_database(postgres_admin_url)
    try:
        assert database_name(first) != database_name(second)
        with psycopg.connect(first) as connection:
            connection.execute("CREATE TABLE only_in_first (x int)")
        with psycopg.connect(second) as connection:
            tables = connection.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            ).fetchall()
        assert tables == []
    finally:
        drop_database(postgres_admin_url, first)
        drop_database(postgres_admin_url, second)
    with psycopg.connect(postgres_admin_url) as connection:
        left = connection.execute(
            "SELECT count(*) FROM pg_database WHERE datname = ANY(%s)",
            [[database_name(first), database_name(second)]],
        ).fetchone()
    assert left == (0,)


def test_the_server_listens_on_no_tcp_port(postgres_admin_url):
    host = parse_qs(urlsplit(postgres_admin_url).query).get("host", [""])[0]
    if "belannot-pg-" not in host:
        pytest.skip(f"{ENV} names an existing server, not the suite's own")
    with psycopg.connect(postgres_admin_url) as connection:
        assert connection.execute("SHOW listen_addresses").fetchone() == ("",)


def test_only_test_databases_are_dropped(postgres_admin_url):
    with pytest.raises(ValueError, match="not a test database"):
        drop_database(postgres_admin_url, postgres_admin_url)


def test_the_newest_debian_server_is_found_without_pg_config(tmp_path):
    for version in ("9", "15", "16"):
        folder = tmp_path / version / "bin"
        folder.mkdir(parents=True)
        for name in ("initdb", "pg_ctl", "postgres") if version != "16" else ("pg_ctl",):
            (folder / name).touch()
    assert find_bindir("no-such-pg_config", tmp_path) == tmp_path / "15" / "bin"
    assert find_bindir("no-such-pg_config", tmp_path / "none") is None


def test_sqlite_only_skips_the_postgres_tests(tmp_path):
    (tmp_path / "test_tiny.py").write_text(
        textwrap.dedent(
            """
            import pytest

            @pytest.mark.postgres
            def test_marked():
                pass

            def test_by_fixture(postgres_database):
                pass

            def test_sqlite():
                pass
            """
        )
    )
    result = _pytest(tmp_path, "--sqlite-only", "-W", "ignore::pytest.PytestUnknownMarkWarning")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 2 skipped" in result.stdout
    assert result.stdout.count("--sqlite-only runs the SQLite half only") == 2


def test_without_postgres_the_run_stops_at_once_with_one_line(tmp_path):
    (tmp_path / "conftest.py").write_text(
        "import tests.postgres_server as server\n"
        "server.PG_CONFIG = 'no-such-pg_config'\n"
        f"server.ROOTS = server.Path({str(tmp_path / 'none')!r})\n"
    )
    (tmp_path / "test_tiny.py").write_text("def test_never_runs():\n    raise AssertionError\n")
    result = _pytest(tmp_path, own_server=True)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert result.stderr.strip().splitlines() == [f"ERROR: {MISSING}"]
    assert "never_runs" not in result.stdout


@pytest.mark.postgres
def test_xdist_workers_share_one_server_that_is_removed_at_the_end(tmp_path):
    record = tmp_path / "seen"
    record.mkdir()
    (tmp_path / "test_tiny.py").write_text(
        textwrap.dedent(
            f"""
            import os
            from pathlib import Path

            def test_record(postgres_admin_url):
                Path({str(record)!r}, str(os.getpid())).write_text(postgres_admin_url)
            """
        )
    )
    result = _pytest(tmp_path, "-n", "2", "--dist", "each", own_server=True)
    assert result.returncode == 0, result.stdout + result.stderr
    urls = {path.read_text() for path in record.iterdir()}
    assert len(list(record.iterdir())) == 2 and len(urls) == 1
    (socket_folder,) = parse_qs(urlsplit(urls.pop()).query)["host"]
    assert not Path(socket_folder).exists()


def test_a_cluster_left_by_a_killed_run_is_removed_by_the_next(tmp_path):
    abandoned, running = (
        Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=_short_temp())) for _ in range(2)
    )
    (abandoned / OWNER).write_text(str(_dead_pid()))
    (running / OWNER).write_text(str(os.getpid()))
    cluster = Cluster(find_bindir() or tmp_path)
    try:
        assert not abandoned.exists() and running.exists()
    finally:
        cluster.stop()
        shutil.rmtree(running, ignore_errors=True)
