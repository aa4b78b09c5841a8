"""The window's first paint loads only what it shows: no command modules, formats, import
pipeline or dialogs, and no scan of installed packages for sqlite-utils plugins."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from belannot.core.model import Document, DocumentMeta
from belannot.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
# Starts the real entry point; prints the loaded modules at the article's first paint.
AT_FIRST_PAINT = r"""
import os, sys
from PySide6.QtCore import QEvent, QObject
import belannot.app as app

class Stop(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and type(watched.parent()).__name__ == "ArticleView":
            import linecache
            print("\n".join(sorted(sys.modules)), flush=True)
            print("SOURCES", "\n".join(sorted(linecache.cache)), flush=True)
            os._exit(0)
        return False

made = app.application
def application():
    qt = made()
    qt._stop = Stop()
    qt.installEventFilter(qt._stop)
    return qt
app.application = application
from belannot.cli import cli
cli(["--db", sys.argv[1], "--user", "alice", "gui"], prog_name="belannot")
"""

NOT_BEFORE_THE_FIRST_PAINT = (
    "belannot.cli.importing",
    "belannot.cli.exporting",
    "belannot.cli.actors",
    "belannot.core.formats.registry",
    "belannot.core.importing.pipeline",
    "belannot.core.restoring",
    "belannot.ui.dialogs.export_dialog",
    "belannot.ui.dialogs.import_dialog",
    "belannot.ui.dialogs.label_schema_dialog",
    "belannot.ui.widgets.agreement_view",
    "importlib.metadata",
    # The crash log opens at the first error (with pickle, queue and socket, ~1.5 MB).
    "logging.handlers",
    # A file project never loads the team backend's driver.
    "psycopg",
    # sqlite-utils' date parser (for its own CLI) loads at its first use.
    "dateutil.parser._parser",
    # Tooltips escape five characters without html's 2,000 entity names.
    "html.entities",
    # The dialogs open on demand; the theme is applied without the Preferences dialog.
    "belannot.ui.dialogs.user_name_dialog",
    "belannot.ui.dialogs.preferences_dialog",
    "belannot.ui.dialogs.shortcut_editor",
    # The suggestion machinery names imported predictions without the format's reader.
    "belannot.core.formats.label_studio_predictions",
    # The recommenders load with the first suggestion computation, after the paint.
    "belannot.core.suggestions",
    "belannot.core.recommenders.registry",
    # The suggestion worker's window side (with subprocess and pickle) loads with it.
    "belannot.ui.suggestion_process",
    "belannot.core.suggestion_worker",
    # `override` is a marker for the type checker (~1.2 MB at run time).
    "typing_extensions",
)


@pytest.fixture(scope="module")
def at_first_paint(tmp_path_factory) -> tuple[set[str], set[str]]:
    """The modules loaded and the files whose lines linecache holds at the first paint."""
    path = tmp_path_factory.mktemp("start") / "p.belannot"
    store = Store.open(path)
    store.add_document(Document("a", "Angela Merkel met Macron.", DocumentMeta(title="A")))
    store.close()
    done = subprocess.run(
        [sys.executable, "-c", AT_FIRST_PAINT, str(path)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    modules, _, sources = done.stdout.partition("SOURCES")
    loaded = set(modules.split())
    assert "belannot.ui.main_window" in loaded, done.stderr
    return loaded, set(sources.split())


def test_the_first_paint_loads_no_dialog_format_or_command_module(at_first_paint):
    loaded, _ = at_first_paint
    assert sorted(loaded & set(NOT_BEFORE_THE_FIRST_PAINT)) == []


def test_the_first_paint_keeps_no_module_source_in_memory(at_first_paint):
    # PySide's import hook reads every module's source; linecache would keep ~5 MB of it.
    _, sources = at_first_paint
    assert sorted(sources) == []
