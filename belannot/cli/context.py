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
from belannot.core.store import Store, translate_error


class Context:
    """What every command gets: where the project is and who is working."""

    def __init__(
        self,
        db: Path | None,
        user_name: str | None,
        user_source: identity.Source = identity.Source.OPTION,
    ) -> None:
        self.db_path = db
        self.user_name = user_name
        self.user_source = user_source
        self._store: Store | None = None
        # This command made the --db file: if it fails, the file goes again.
        self._created = False
        # The daily backup, beside the command on its own connection: close() waits for it.
        self.backups: BackgroundBackup | None = None

    @property
    def path(self) -> Path:
        return self.db_path or project.default_project_path()

    def store(self, seed: bool = True, *, back_up_now: bool = True) -> Store:
        """The project, opened once. Its daily backup starts in the background now, or
        with ``back_up_now=False`` when the caller requests it (the window, once painted)."""
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
        # Without --user or BELANNOT_USER: the name the window remembered, else the login.
        name = project.user_name(self.user_name)
        store = self._store
        if store is None:
            return User(name)
        try:
            return store.ensure_user_on_write(name)
        except ValidationError as error:
            raise BelannotError(f"--user: {error}") from error

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
