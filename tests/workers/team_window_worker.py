"""A reviewer's window among the team concurrency test's clients (offscreen, the real one).

    python team_window_worker.py PROJECT STOPFILE SETTINGS DOCUMENTS

The window is made as the app makes it, on the team project, for its login. It shows the
project's first DOCUMENTS documents in turn and prints WARM once it is shown. When
STOPFILE appears it keeps the document it shows and prints FINAL. A line on stdin
(every client has stopped) starts the last check: the window must come to show, by
itself, what the project now holds; it prints 'SHOWN <document id> <documents>
<spans digest>' once its span list and its article view both do, or 'STALE …' if they
still differ after a minute. BELANNOT_TEST_WINDOW_UNWATCHED=1 stops its watcher (the
test's proof that it can fail).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from crash_journal import fingerprint  # noqa: E402
from crash_worker import say  # noqa: E402
from PySide6.QtCore import QEventLoop, QSocketNotifier, QTimer  # noqa: E402

from belannot.app import application, create_window  # noqa: E402
from belannot.core.model import Span  # noqa: E402
from belannot.core.store import Store, open_store, span_to_row  # noqa: E402
from belannot.ui.settings import Settings  # noqa: E402

# How often the window turns to the next document while the others work.
TURN_MS = 1500
SETTLE_WITHIN_MS = 60_000


def digest(spans: list[Span]) -> str:
    return fingerprint({s.id: span_to_row(s) for s in spans}, {})


def shown(window) -> tuple[str, int, str, str]:
    """(document, documents listed, span list digest, article view digest)."""
    index = window.article_view.spans()
    in_view = [s for _, _, i in index.ordered() if (s := index.get(i)) is not None]
    return (
        window.article_view.document_id(),
        window.document_model.total(),
        digest(window.tag_panel.span_model.spans()),
        digest(in_view),
    )


def held(truth: Store, document_id: str) -> tuple[str, int, str, str]:
    spans = digest(truth.spans(document_id))
    return document_id, truth.document_count(), spans, spans


def main(project: str, stop_file: str, settings: str, shared: int) -> int:
    app = application()
    store = open_store(project)
    window = create_window(store, store.ensure_user(store.login), Settings(Path(settings)))
    if os.environ.get("BELANNOT_TEST_WINDOW_UNWATCHED"):
        window.session.stop_watching()
    window.show()
    documents = store.document_ids()[:shared]
    window.open_document(documents[0])
    turn = QTimer()
    turn.setInterval(TURN_MS)
    shown_count = [1]

    def next_document() -> None:
        if os.path.exists(stop_file):
            turn.stop()
            say("FINAL", window.article_view.document_id())
            return
        window.open_document(documents[shown_count[0] % len(documents)])
        shown_count[0] += 1

    turn.timeout.connect(next_document)
    turn.start()
    done = QEventLoop()
    stdin = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)

    def settle() -> None:
        stdin.setEnabled(False)
        sys.stdin.readline()
        # Read once: nobody writes any more. The window must come to it by itself.
        truth = open_store(project)
        want = held(truth, window.article_view.document_id())
        truth.close()
        waited = QTimer()
        waited.setSingleShot(True)
        look = QTimer()
        look.setInterval(50)

        def compare() -> None:
            now = shown(window)
            if now == want:
                say("SHOWN", *now[:3])
            elif waited.isActive():
                return
            else:
                say("STALE", "shows", *now, "holds", *want)
            look.stop()
            done.quit()

        look.timeout.connect(compare)
        waited.start(SETTLE_WITHIN_MS)
        look.start()
        compare()

    stdin.activated.connect(settle)
    say("WARM")
    done.exec()
    window.session.stop_watching()
    window.close()
    store.close()
    del app
    return 0


if __name__ == "__main__":
    project, stop_file, settings, shared = sys.argv[1:]
    sys.exit(main(project, stop_file, settings, int(shared)))
