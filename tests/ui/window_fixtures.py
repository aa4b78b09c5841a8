"""Shared helpers for window tests: a two-annotator project, opening a window, real events."""

from __future__ import annotations

from PySide6.QtCore import Qt

from belannot.app import create_window
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document, DocumentMeta, Role

KEY = Qt.Key
MOD = Qt.KeyboardModifier
LEFT = Qt.MouseButton.LeftButton

FIRST = "Angela Merkel met Emmanuel Macron in Berlin on Monday.\nThey expect growth to return."
SECOND = "Macron said: “We will win.” Macron left Paris for Brussels."

# id: (document, start, end, label, annotator). Merkel: agreed; Macron: other boundaries;
# Berlin: same range, other labels.
DISAGREEING_SPANS = {
    "a-merkel": ("a", 0, 13, "actor", "alice"),
    "b-merkel": ("a", 0, 13, "actor", "bob"),
    "a-macron": ("a", 18, 33, "actor", "alice"),
    "b-macron": ("a", 27, 33, "actor", "bob"),
    "a-berlin": ("a", 37, 43, "event", "alice"),
    "b-berlin": ("a", 37, 43, "actor", "bob"),
}


def two_annotator_project(store, spans):
    """Documents a and b, users alice, bob (annotators) and rita (reviewer), and ``spans``:
    id -> (document, start, end, label, annotator)."""
    store.add_document(Document("a", FIRST, DocumentMeta(title="Leaders meet", source="Wire")))
    store.add_document(Document("b", SECOND, DocumentMeta(title="Macron speaks", source="Wire")))
    users = {name: store.ensure_user(name) for name in ("alice", "bob")}
    store.ensure_user("rita", Role.REVIEWER)
    history = History(store)
    for span_id, (doc, start, end, label, who) in spans.items():
        history.do(AddSpan(doc, start, end, label, span_id=span_id), users[who])
    return store


def string_matcher_project(store):
    """:func:`two_annotator_project` without spans, suggesting by the string matcher alone
    (the registry's and rules' suggestions would only add noise)."""
    from belannot.core import operations
    from belannot.core.recommenders.settings import SetRecommender

    project = two_annotator_project(store, {})
    alice = project.user("alice")
    for name in ("registry", "rules"):
        operations.run(project, SetRecommender(name, enabled=False), alice)
    return project


def offered(window):
    """The suggestions the window shows: (start, end, label, recommender)."""
    return [(s.start, s.end, s.label, s.recommender) for s in window.suggesting.layer.suggestions()]


def label_macron_by_hand(qtbot, window):
    # "Emmanuel Macron" in the first document: drag over Macron, press 1 (actor).
    drag(qtbot, window.article_view, 27, 32)
    key(qtbot, window, KEY.Key_1)


def next_document_with_suggestions(qtbot, window, project):
    """Macron labelled by hand in document a, then document b open with its two Macrons
    suggested by the string matcher."""
    label_macron_by_hand(qtbot, window)
    assert [(s.start, s.end, s.label) for s in project.spans("a")] == [(27, 33, "actor")]
    key(qtbot, window, KEY.Key_PageDown, MOD.ControlModifier)
    assert window.current_document_id() == "b"
    qtbot.waitUntil(lambda: len(offered(window)) == 2)


def open_window(qtbot, store, user, settings, document_id="a", size=None):
    """A shown, focused window for ``user`` (a name or a User) on ``document_id``."""
    user = store.user(user) if isinstance(user, str) else user
    window = create_window(store, user, settings, document_id=document_id)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.article_view.setFocus()
    qtbot.waitUntil(window.article_view.hasFocus)
    return window


def drag(qtbot, view, first, last, modifier=MOD.NoModifier):
    """Press on code point ``first``, release on code point ``last`` (both inclusive)."""
    start = view.viewport_point_for(first)
    end = view.viewport_point_for(last)
    viewport = view.viewport()
    qtbot.mousePress(viewport, LEFT, modifier, start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, LEFT, modifier, end)


def key(qtbot, window, code, modifier=MOD.NoModifier, times=1):
    for _ in range(times):
        qtbot.keyClick(window.article_view, code, modifier)
