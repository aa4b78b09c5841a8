"""Render the ship-it widgets to PNGs for review: welcome, guidelines pane, schema, preferences.

    QT_QPA_PLATFORM=offscreen python packaging/screenshots.py OUTDIR
    QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=2 python packaging/screenshots.py OUTDIR
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from belannot.core.model import User
from belannot.core.store import Store
from belannot.ui.dialogs.label_schema_dialog import LabelSchemaDialog
from belannot.ui.dialogs.preferences_dialog import Preferences, PreferencesDialog
from belannot.ui.dialogs.welcome_dialog import WelcomeDialog
from belannot.ui.session import Session
from belannot.ui.widgets.guidelines_pane import GuidelinesPane


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    suffix = "@2x" if os.environ.get("QT_SCALE_FACTOR") == "2" else ""
    app = QApplication(sys.argv[:1])
    store = Store.memory()
    session = Session(store, User("alice"))
    labels = store.labels()
    pane = GuidelinesPane()
    pane.set_label(labels[3])
    pane.resize(420, 640)
    settings = QSettings(str(out / "settings.ini"), QSettings.Format.IniFormat)
    widgets = {
        "welcome": WelcomeDialog(labels),
        "guidelines": pane,
        "label_schema": LabelSchemaDialog(session),
        "preferences": PreferencesDialog(Preferences.load(settings), ["alice", "bob", "rita"]),
    }
    for name, widget in widgets.items():
        widget.show()
        app.processEvents()
        path = out / f"{name}{suffix}.png"
        widget.grab().save(str(path))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
