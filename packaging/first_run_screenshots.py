"""Render docs/first-run*.png and docs/guidelines*.png at 100 % and 200 % (offscreen).

    python packaging/first_run_screenshots.py docs

first-run: `belannot gui --screenshot --welcome` on a brand-new default project (a fresh
HOME), i.e. what a new annotator sees after typing their name. guidelines: the article
with a few spans and the right-hand docks, the Guidelines pane on the quote label.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from belannot.core.store import Store

SCALES = {"": "1", "@2x": "2"}


def first_run(out: Path, suffix: str, scale: str) -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "HOME": home,
            "XDG_DATA_HOME": f"{home}/.local/share",
            "XDG_CONFIG_HOME": f"{home}/.config",
            "QT_QPA_PLATFORM": "offscreen",
            "QT_SCALE_FACTOR": scale,
            "BELANNOT_USER": "alice",
        }
        target = out / f"first-run{suffix}.png"
        command = [sys.executable, "-m", "belannot", "gui", "--screenshot", str(target)]
        subprocess.run([*command, "--welcome"], env=env, check=True)
        print(target)


def guidelines(out: Path, suffix: str, scale: str) -> None:
    # In a child process: QT_SCALE_FACTOR is read once, when QApplication starts.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale}
    target = out / f"guidelines{suffix}.png"
    subprocess.run([sys.executable, __file__, "--guidelines", str(target)], env=env, check=True)
    print(target)


def render_guidelines(target: Path) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    from belannot.app import create_window
    from belannot.core.commands import AddSpan
    from belannot.core.history import History
    from belannot.core.model import User
    from belannot.core.project import seed_bundled_corpus
    from belannot.core.store import Store
    from belannot.ui.icons import app_icon
    from belannot.ui.settings import Settings

    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "project.belannot")
        alice = store.ensure_user("alice")
        seed_bundled_corpus(store, alice)
        document_id = _quoting_document(store)
        text = store.document(document_id).text
        history = History(store)
        # As the guidelines say: an attribution that interrupts a quotation splits it in two.
        marks = [
            ("Lukashenko", "actor"),
            ("the NATO official", "actor"),
            ("“Putin needs support,”", "quote"),
            ("“Anything would help.”", "quote"),
            ("could soon send its own fighters into the fray", "prediction"),
            ("launch attacks", "event"),
        ]
        for phrase, label in marks:
            start = text.find(phrase)
            if start >= 0:
                history.do(AddSpan(document_id, start, start + len(phrase), label), alice)
        window = create_window(store, User("alice"), Settings(Path(folder) / "s.ini"))
        window.resize(1480, 900)
        window.show()
        app.processEvents()
        span = next(s for s in store.spans(document_id) if s.label == "quote")
        window.editor.span_chosen.emit(span.id)
        window.tag_panel.set_current_label("quote")
        app.processEvents()
        # The article and the right-hand docks, without toolbar and status bar.
        left = window.centralWidget().geometry().left()
        top = window.centralWidget().geometry().top()
        bottom = window.statusBar().geometry().top()
        area = QRect(left, top, window.width() - left, bottom - top)
        window.grab(area).save(str(target))
        window.close()
        store.close()


def _quoting_document(store: Store) -> str:
    for document_id in store.document_ids():
        if "NATO official" in store.document(document_id).text:
            return document_id
    raise SystemExit("the bundled corpus has no article quoting the NATO official")


def main() -> int:
    if sys.argv[1:2] == ["--guidelines"]:
        render_guidelines(Path(sys.argv[2]))
        return 0
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    for suffix, scale in SCALES.items():
        first_run(out, suffix, scale)
        guidelines(out, suffix, scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
