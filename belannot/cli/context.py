"""What every command gets: the project file, who works, and errors as one line."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

import click

from belannot.core import identity, project
from belannot.core.background_backup import BackgroundBackup
from belannot.core.errors import BelannotError
from belannot.core.model import User, ValidationError
from belannot.core.store import Store, is_team_location, translate_error


def shown(url: str) -> str:
    """A team project's URL without its password."""
    from belannot.core.store.postgres import shown_url

    return shown_url(url)


class Context:
    """What every command gets: where the project is and who is working."""

    def __init__(
        self,
        db: Path | str | None,
        user_name: str | None,
        user_source: identity.Source = identity.Source.OPTION,
    ) -> None:
        # A team project's URL, else the project file's path (None: the default project).
        self.team_url = db if isinstance(db, str) and is_team_location(db) else None
        self.db_path = None if db is None or self.team_url else Path(db)
        self.user_name = user_name
        self.user_source = user_source
        self._store: Store | None = None
        # This command made the --db file: if it fails, the file goes again.
        self._created = False
        # The daily backup, beside the command on its own connection: close() waits for it.
        self.backups: BackgroundBackup | None = None

    @property
    def where(self) -> str:
        """The project as messages name it: its file, or a team project's URL sans password."""
        return shown(self.team_url) if self.team_url is not None else str(self.path)

    @property
    def path(self) -> Path:
        """The project file; a team project has none, and a command that needs one says so."""
        if self.team_url is not None:
            raise BelannotError(
                f"{shown(self.team_url)} is a team project: this command works on a project "
                "file (back a team project up with `belannot --db URL backup`)"
            )
        return self.db_path or project.default_project_path()

    def store(self, seed: bool = True, *, back_up_now: bool = True) -> Store:
        """The project, opened once. Its daily backup starts in the background now, or
        with ``back_up_now=False`` when the caller requests it (the window, once painted)."""
        if self._store is None and self.team_url is not None:
            self._store = project.open_project(self.team_url)
        if self._store is None:
            path = self.path
            fresh = not path.exists()
            self._store = project.open_project(path)
            self._created = fresh and self.db_path is not None
            if fresh and self.db_path is None and seed:
                project.seed_new_project(self._store, self.user())
            elif seed or not fresh:
                # A new default project is backed up once the window has seeded it.
                self.backups = BackgroundBackup(path)
                if back_up_now:
                    self.backups.request()
        return self._store

    def adopt(self, store: Store) -> Store:
        """Use ``store`` (opened elsewhere, e.g. after a restore) as this command's project."""
        self._store = store
        return store

    def user(self) -> User:
        """The current user as stored (their role); a new one is added as an annotator by
        the command's write, and only if it commits."""
        if self.team_url is not None:
            return self._team_user(self.store())
        # Without --user or BELANNOT_USER: the name the window remembered, else the login.
        name = project.user_name(self.user_name)
        store = self._store
        if store is None:
            return User(name)
        try:
            return store.ensure_user_on_write(name)
        except ValidationError as error:
            raise BelannotError(f"--user: {error}") from error

    def _team_user(self, store: Store) -> User:
        """On a team project you are the login the server authenticated, whatever --user says,
        in the role its owner gave it (`belannot team add-user`); a login new to it is refused."""
        from belannot.core import team

        login = store.login or ""
        if self.user_name and self.user_name != login:
            raise BelannotError(
                f"--user {self.user_name}: on a team project you work as the login you "
                f"connected with ({login}); connect as {self.user_name} instead"
            )
        return team.member(store, login)

    def close(self) -> None:
        """Close the project, then wait for its backup: the answer is out by now, and the
        process must not end with the backup half-written."""
        if self._store is not None:
            self._store.close()
            self._store = None
        if self.backups is not None:
            self.backups.wait()

    def discard_new_project(self) -> None:
        """A failed command leaves nothing new on disk: not even the --db file it created,
        as long as it still holds no document (nothing anyone could have put there)."""
        store = self._store
        if store is None or not self._created or store.document_count():
            return
        self.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.path}{suffix}")


class BelannotGroup(click.Group):
    """Shows BelannotError as a one-line message on stderr (exit 1), never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.Exit as done:
            if done.exit_code:
                _discard_new_project(ctx)
            raise
        except BelannotError as error:
            _discard_new_project(ctx)
            raise click.ClickException(str(error)) from error
        except Exception as error:
            _discard_new_project(ctx)
            # A damaged file can fail any read, long after it opened: say so, plainly.
            translated = translate_error(error, None)
            if isinstance(translated, BelannotError):
                raise click.ClickException(str(translated)) from error
            raise


def _discard_new_project(ctx: click.Context) -> None:
    context = ctx.find_object(Context)
    if context is not None:
        context.discard_new_project()


pass_context = click.make_pass_decorator(Context)
