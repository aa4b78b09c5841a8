"""A throwaway PostgreSQL cluster for a test run, on a Unix socket only; fresh databases in it."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

# An existing server's admin URL here is used instead of starting one (and set by the run that
# started one, so xdist workers and subprocesses reach the same server).
ENV = "BELANNOT_TEST_POSTGRES"
PG_CONFIG = "pg_config"
ROOTS = Path("/usr/lib/postgresql")  # Debian's layout: one bin folder per major version
# initdb and postgres refuse to run as root: as root the cluster belongs to this system user.
SYSTEM_USER = "postgres"
DATABASE_PREFIX = "belannot_test_"
FOLDER_PREFIX = "belannot-pg-"
OWNER = "owner.pid"  # the test run's process: once it is gone, so should its cluster be
MISSING = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found: install them "
    "(apt-get install postgresql) or run the SQLite half only with --sqlite-only"
)


class ServerError(RuntimeError):
    """The throwaway cluster could not be created or started."""


def find_bindir(pg_config: str | None = None, roots: Path | None = None) -> Path | None:
    """The folder holding initdb and pg_ctl: pg_config's, else the newest Debian version's."""
    pg_config = pg_config or PG_CONFIG
    roots = roots or ROOTS
    if shutil.which(pg_config):
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidate = Path(found.stdout.strip())
        if found.returncode == 0 and _has_server(candidate):
            return candidate
    versions = [p / "bin" for p in roots.glob("*") if p.name.isdigit() and _has_server(p / "bin")]
    return max(versions, key=lambda p: int(p.parent.name), default=None)


def _has_server(bindir: Path) -> bool:
    return all((bindir / name).is_file() for name in ("initdb", "pg_ctl", "postgres"))


def _free_port() -> int:
    # The server listens on no TCP port; a free one keeps its socket name unlike any other's.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_owner() -> list[str]:
    """The command prefix that runs a server binary as an unprivileged user."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        raise ServerError(
            f"running as root needs the '{SYSTEM_USER}' system user to own the test cluster "
            "(apt-get install postgresql creates it)"
        ) from None
    if shutil.which("runuser"):
        return ["runuser", "-u", SYSTEM_USER, "--"]
    return ["setpriv", f"--reuid={SYSTEM_USER}", f"--regid={SYSTEM_USER}", "--init-groups"]


class Cluster:
    """One initdb'd, running cluster in its own temporary folder; stop() removes every trace."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.prefix = _as_owner()
        # Under /tmp: a Unix socket path must stay short (about 100 bytes), and the system
        # user must be able to reach the folder, which a private TMPDIR may not allow.
        _remove_abandoned(self.bindir, self.prefix)
        self.folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=_short_temp()))
        (self.folder / OWNER).write_text(str(os.getpid()))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = _free_port()
        self.running = False

    @property
    def admin_url(self) -> str:
        """The superuser over the socket, in the maintenance database."""
        host = quote(str(self.folder), safe="")
        return f"postgresql://postgres@/postgres?host={host}&port={self.port}"

    def start(self) -> Cluster:
        try:
            if self.prefix:
                owner = pwd.getpwnam(SYSTEM_USER)
                os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._run(
                "initdb", "-D", self.data, "-U", "postgres", "-A", "trust",
                "--locale=C", "--encoding=UTF8", "--no-sync",
            )  # fmt: skip
            settings = {
                "listen_addresses": "''",
                "unix_socket_directories": f"'{self.folder}'",
                "port": str(self.port),
                # Throwaway data: durability only costs time.
                "fsync": "off",
                "synchronous_commit": "off",
                "full_page_writes": "off",
            }
            with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
                conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
            self._run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "start")
            self.running = True
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        try:
            if self.running:
                # Immediate: nothing in it is kept, so there is nothing to flush.
                self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
                self.running = False
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, binary: str, *args: object) -> None:
        command = [*self.prefix, str(self.bindir / binary), *map(str, args)]
        done = subprocess.run(
            command, cwd=self.folder, stdin=subprocess.DEVNULL, capture_output=True, text=True
        )
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise ServerError(f"{binary} failed ({done.returncode}): {done.stderr.strip()}\n{log}")


def _short_temp() -> str | None:
    return "/tmp" if os.path.isdir("/tmp") else None


def _remove_abandoned(bindir: Path, prefix: list[str]) -> None:
    """Stop and remove the clusters of runs that died without cleaning up (killed, timed out)."""
    for folder in Path(_short_temp() or tempfile.gettempdir()).glob(FOLDER_PREFIX + "*"):
        try:
            owner = int((folder / OWNER).read_text())
            os.kill(owner, 0)
            continue  # its run is still going
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue  # not ours to judge: being created, or another user's
        if (folder / "data" / "postmaster.pid").exists():
            stop = [*prefix, str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate"]
            subprocess.run([*stop, "-w", "stop"], cwd=folder, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def start_cluster(bindir: Path) -> Cluster:
    return Cluster(bindir).start()


def _connect(admin_url: str):  # noqa: ANN202 - psycopg is imported lazily
    import psycopg

    return psycopg.connect(admin_url, autocommit=True)


def database_name(url: str) -> str:
    return unquote(urlsplit(url).path.lstrip("/"))


def fresh_database(admin_url: str) -> str:
    """A new, empty, uniquely named database (UTF8, C collation); its URL."""
    from psycopg import sql

    name = f"{DATABASE_PREFIX}{uuid.uuid4().hex[:16]}"
    create = sql.SQL(
        "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
    ).format(sql.Identifier(name))
    with _connect(admin_url) as connection:
        connection.execute(create)
    return urlsplit(admin_url)._replace(path="/" + quote(name)).geturl()


def drop_database(admin_url: str, url: str) -> None:
    """Drop a database fresh_database made, closing whatever connections a test left open."""
    from psycopg import sql

    name = database_name(url)
    # Only ours: BELANNOT_TEST_POSTGRES may point at a server holding other databases.
    if not name.startswith(DATABASE_PREFIX):
        raise ValueError(f"not a test database: {name!r}")
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with _connect(admin_url) as connection:
        connection.execute(drop)
