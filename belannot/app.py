"""The composition root (the cli starts it): builds Store, Session and MainWindow, runs Qt."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from belannot.core.identity import login_name
from belannot.core.model import User
from belannot.core.store import Store, is_team_location

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from belannot.core.background_backup import BackgroundBackup
    from belannot.ui.main_window import MainWindow
    from belannot.ui.session import Session
    from belannot.ui.settings import Settings
    from belannot.ui.suggestion_process import SuggestionService

DEFAULT_SIZE = (1480, 900)
NO_TEAM_BACKUPS = (
    "A team project lives on its server: belannot makes no backup copies of it "
    "(back it up with `belannot --db URL backup` or the server's pg_dump)."
)


def application() -> QApplication:
    """The one QApplication of the process, made on first call."""
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is not None:
        return cast("QApplication", existing)
    # Qt's raster engine hands every big blended fill to its own thread pool and waits
    # for it. For widget-sized fills the hand-off costs more than the fill: serial fills
    # made opening a short article 1-4 ms faster (bench_window.py, 2 cores).
    # Qt reads the variable once, at the first such fill; a value set by the user is kept.
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")
    return QApplication(sys.argv[:1])


def resolve_user(store: Store, user: User | None, settings: Settings, *, ask: bool) -> User | None:
    """Who works: --user, else the remembered name, else (first launch) ask; None if cancelled.

    On a team project the server said who works: its login, never asked nor remembered."""
    login = store.login
    if login is not None:
        return store.ensure_user(login)
    if user is not None:
        return store.ensure_user(user.name, user.role)
    name = settings.user_name()
    if name is None:
        if not ask:
            # A screenshot runs as the OS user and remembers nothing.
            return store.ensure_user(login_name())
        from belannot.ui.dialogs.user_name_dialog import UserNameDialog

        name = UserNameDialog.ask(login_name())
        if not name:
            return None
        settings.set_user_name(name)
        settings.sync()
    return store.ensure_user(name)


def create_window(
    store: Store,
    user: User,
    settings: Settings,
    *,
    document_id: str | None = None,
    backups: BackgroundBackup | None = None,
    suggestions: SuggestionService | None = None,
) -> MainWindow:
    """A MainWindow on ``store`` for ``user`` with its layout and last document restored.

    ``backups``: the project's background backup (the command's, which the process waits
    for at its end); one of the window's own otherwise. ``suggestions``: where the
    window's suggestions are computed (the process's worker unless given)."""
    from belannot.ui.main_window import MainWindow
    from belannot.ui.session import Session

    session = Session(store, user)
    window = MainWindow(session, settings)
    session.setParent(window)
    if suggestions is not None:
        window.suggesting.service = suggestions
    else:  # the worker's module loads with the first computation, after the first paint
        window.suggesting.make_service = suggestion_worker
    backups = backups or _backups_of(store)
    if backups is not None:
        back_up_after_first_edit(session, backups)
    elif is_team_location(store.location):
        window.show_message(NO_TEAM_BACKUPS)
    session.watch_other_writers()
    _wire_open_team_project(window, settings)
    window.resize(*DEFAULT_SIZE)
    window.restore_state(document_id)
    return window


def suggestion_worker() -> SuggestionService:
    """The process's one suggestion worker, owned by the application (its windows share
    it; it starts at the first computation and ends when the application does)."""
    from PySide6.QtCore import QObject

    from belannot.ui.suggestion_process import SuggestionWorker

    app = application()
    worker = app.findChild(QObject, "suggestion_worker")
    if not isinstance(worker, SuggestionWorker):
        worker = SuggestionWorker(app)
        app.aboutToQuit.connect(worker.close)
    return worker


def _wire_open_team_project(window: MainWindow, settings: Settings) -> None:
    from belannot.ui.actions import ActionId

    window.registry[ActionId.OPEN_TEAM_PROJECT].triggered.connect(
        lambda: open_team_project(window, settings)
    )


def open_team_project(opener: MainWindow, settings: Settings) -> MainWindow | None:
    """File → Open team project…: the chosen team project in a window of its own, beside
    ``opener`` (whose project stays open); None if cancelled or the server said no."""
    from PySide6.QtCore import Qt

    from belannot.core.errors import BelannotError
    from belannot.core.store import open_store
    from belannot.ui.dialogs.open_team_dialog import OpenTeamDialog

    url = OpenTeamDialog.ask(settings, opener)
    if url is None:
        return None
    try:
        store = open_store(url)
    except BelannotError as error:
        opener.show_message(str(error))
        return None
    user = resolve_user(store, None, settings, ask=True)
    assert user is not None  # a team project's user is its login: nothing to cancel
    window = create_window(store, user, settings)
    # Kept alive by its opener, yet a window of its own; it closes its connection with it.
    window.setParent(opener, Qt.WindowType.Window)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.destroyed.connect(store.close)
    window.show()
    return window


def _backups_of(store: Store) -> BackgroundBackup | None:
    from belannot.core.background_backup import BackgroundBackup

    return None if store.path is None else BackgroundBackup(store.path)


def back_up_after_first_edit(session: Session, backups: BackgroundBackup) -> None:
    """After the session's first edit, back up unless a backup of today holds documents:
    a project that was empty when it was opened is protected from its first work on.

    The copy runs in the background on its own connection: on a big project it takes
    most of a second, which the edit that asked for it must not wait for."""

    def once(*_: object) -> None:
        session.changed.disconnect(once)
        backups.request()

    session.changed.connect(once)


# Allocations between two young-generation passes of the cyclic collector (CPython's
# default is 700). Opening a 10,000-span document makes ~100,000 objects, none of them
# cyclic: with the default, the collector ran ~140 times and took 12 ms of a 97 ms open.
GC_YOUNG_THRESHOLD = 50_000


def freeze_startup_objects() -> None:
    """Take everything built so far (modules, Qt wrappers, the window) out of the cyclic
    garbage collector's passes: it lives as long as the app, and a full collection over it
    stalled opening a document or adding a span by 50-100 ms at random moments. Then let
    the collector run less often (GC_YOUNG_THRESHOLD)."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, older, oldest)


def start_window(
    store: Store,
    user: User | None,
    settings: Settings,
    *,
    ask: bool = True,
    document_id: str | None = None,
    seed_corpus: bool = False,
    backups: BackgroundBackup | None = None,
) -> MainWindow | None:
    """Who works (asking on first launch), the corpus if the project is new, the window.

    ``seed_corpus``: a new default project, filled with the bundled articles once the
    annotator's name is known (so the import is theirs). None if the name was refused.
    """
    resolved = resolve_user(store, user, settings, ask=ask)
    if seed_corpus:
        from belannot.core.project import seed_new_project

        # Even when the name was refused: the default project is never left empty.
        seed_new_project(store, resolved or User(login_name()))
    if resolved is None:
        return None
    return create_window(store, resolved, settings, document_id=document_id, backups=backups)


def open_after_restore(path: Path, error: Exception) -> Store | None:
    """The project at ``path`` is damaged: offer its newest backup in a window, showing
    what the backup and the current file hold.

    Returns the restored project, or None when the file is not damaged (newer, read-only,
    a full disk: a backup is no answer), there is no backup or the user declines (the
    caller then reports the original error).
    """
    from belannot.core import restoring
    from belannot.core.errors import DamagedProjectError
    from belannot.ui.dialogs.restore_dialog import RestoreDialog

    if not isinstance(error, DamagedProjectError):
        return None
    application()
    offer = restoring.restore_offer(path)
    if not RestoreDialog.ask(str(error), offer) or offer.backup is None:
        return None
    restoring.restore(path, offer.backup.path)
    return Store.open(path)


def run_window(
    store: Store,
    user: User | None,
    *,
    screenshot: Path | None = None,
    document_id: str | None = None,
    settings: Settings | None = None,
    seed_corpus: bool = False,
    welcome: bool = False,
    backups: BackgroundBackup | None = None,
) -> int:
    """Show the main window on ``store`` as ``user``; with ``screenshot``, render and exit.

    ``welcome``: draw the welcome into the screenshot (a window shows it by itself at
    start-up until it is dismissed for good). ``backups``: the command's background
    backup of ``store`` (it waits for it before the process ends); else the window's own.
    """
    from PySide6.QtCore import QTimer

    from belannot.ui.crash_handler import CrashHandler
    from belannot.ui.first_paint import after_first_paint
    from belannot.ui.icons import app_icon
    from belannot.ui.module_sources import forget_module_sources
    from belannot.ui.settings import Settings

    forget_module_sources()
    app = application()
    app.setApplicationName("belannot")
    app.setOrganizationName("belannot")
    app.setWindowIcon(app_icon())
    crash_handler = CrashHandler(parent=app)
    crash_handler.install()
    app.aboutToQuit.connect(crash_handler.uninstall)
    settings = settings or Settings()
    backups = backups or _backups_of(store)
    window = start_window(
        store,
        user,
        settings,
        ask=screenshot is None,
        document_id=document_id,
        seed_corpus=seed_corpus,
        backups=backups,
    )
    if window is None:
        crash_handler.uninstall()
        if backups is not None:
            backups.request()
        return 1
    crash_handler.parent_widget = window
    # 'At most once a day while working': the check is cheap, so look every hour.
    backup_timer = QTimer(window)
    if backups is not None:
        backup_timer.timeout.connect(backups.request)
    backup_timer.start(60 * 60 * 1000)
    if screenshot is not None:
        # Same picture on every machine, and the user's saved layout left as it was.
        window.resize(*DEFAULT_SIZE)
        window.show()
        # Twice: the first pass runs zero-delay timers (first-launch layout), the second
        # lays out what they changed.
        app.processEvents()
        app.processEvents()
        from belannot.ui.first_run import grab_with_welcome

        picture = grab_with_welcome(window) if welcome else window.grab()
        ok = picture.save(str(screenshot))
        if backups is not None:
            backups.request()
        window.session.stop_watching()
        window.hide()
        return 0 if ok else 1
    window.show()

    def after_paint() -> None:
        # The collection before the freeze takes tens of ms, and the copy of a big
        # project most of a second: neither may delay the first picture.
        freeze_startup_objects()
        if backups is not None:
            backups.request()

    after_first_paint(window.article_view.viewport(), after_paint)
    QTimer.singleShot(0, lambda: _welcome(window))
    return app.exec()


def _welcome(window: MainWindow) -> None:
    # The welcome's module loads only when it is to be shown (until it is dismissed).
    if window.settings.welcome_wanted():
        from belannot.ui.first_run import show_welcome_if_wanted

        show_welcome_if_wanted(window)

