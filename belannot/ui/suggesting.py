"""Suggesting: the open document's suggestions in the window — computed in the background,
stepped through and decided by keyboard, every decision a command through the Session."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence

from belannot.core.changes import Changes, Entity
from belannot.core.commands import Batch
from belannot.core.recommenders.base import Suggestion
from belannot.core.recommenders.rules import RULES_SETTING
from belannot.core.recommenders.settings import SETTING
from belannot.core.suggestion_commands import (
    AcceptSuggestion,
    AcceptSuggestions,
    RejectSuggestion,
)
from belannot.core.suggestion_work import Found, ModelCache
from belannot.ui.actions import ActionId, ActionRegistry
from belannot.ui.overriding import override
from belannot.ui.session import Session
from belannot.ui.widgets.article_view import ArticleView
from belannot.ui.widgets.suggestion_layer import SuggestionLayer

if TYPE_CHECKING:
    from belannot.ui.suggestion_process import Running, SuggestionService

# Decisions on a current suggestion: enabled only while there is one.
DECISIONS = (ActionId.ACCEPT_SUGGESTION, ActionId.REJECT_SUGGESTION, ActionId.ACCEPT_RECOMMENDER)
# What changes the suggestions: spans (the string matcher learns from them), rejections,
# the recommenders' settings and rules.
_RELEVANT = {Entity.SPAN, Entity.SUGGESTION_REJECTION, Entity.PROVENANCE, Entity.ACTOR_LINK}
# How long after an edit its suggestions are computed again (a newer edit waits again).
AFTER_EDIT_MS = 150
# A document's own computation starts right after its first paint, or after this long if
# the view does not paint (a hidden window).
AT_MOST_AFTER_OPEN_MS = 500
# Every running task until it finishes, past its window: a closed window must not delete a
# task whose thread still emits (its signals would have no source).
_KEPT: set[Running] = set()


def in_window() -> SuggestionService:
    """Computations on a pool thread of the window's own process."""
    from belannot.ui.suggestion_process import InThread

    return InThread()


def recommender_of(suggestion: Suggestion) -> str:
    """The recommender whose suggestions "accept all" takes ("rules" for every rule)."""
    return suggestion.recommender.split(":", 1)[0]


class Suggesting(QObject):
    """Owns the open document's suggestion layer; every decision goes through Session.run."""

    # What the status bar says while a suggestion is current ("" clears it).
    status = Signal(str)
    # "12 suggestions", for a permanent place in the status bar.
    counted = Signal(str)
    # Something to read once (a decision made, a recommender passed over).
    notice = Signal(str)
    # The span to select (None: leave spans while a suggestion is current).
    span_chosen = Signal(object)
    # A document's suggestions arrived and are painted (tests and benchmarks wait on it).
    shown = Signal(str)

    def __init__(
        self,
        session: Session,
        registry: ActionRegistry,
        view: ArticleView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.registry, self.view = session, registry, view
        self.layer = SuggestionLayer(view)
        self.models = ModelCache()
        # Where the computations run, made at the first one (after the first paint): the
        # composition root gives the window its worker process.
        self.make_service: Callable[[], SuggestionService] = in_window
        self._service: SuggestionService | None = None
        self._document_id: str | None = None
        # Bumped by each computation asked for: only the latest one's result is shown.
        self._generation = 0
        # This window's computation still running: one at a time, so edits in a row on a
        # big document do not pile computations up beside each other. Asked for again
        # meanwhile, it is cancelled and the next one starts when it has stopped.
        self._running: Running | None = None
        self._again = False
        self._announced = False  # a current suggestion is in the status bar
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.timeout.connect(self.compute)
        self._opening = False  # a document's own computation waits for its first paint
        view.viewport().installEventFilter(self)
        registry[ActionId.NEXT_SUGGESTION].triggered.connect(lambda: self.step(False))
        registry[ActionId.PREVIOUS_SUGGESTION].triggered.connect(lambda: self.step(True))
        registry[ActionId.ACCEPT_SUGGESTION].triggered.connect(self.accept)
        registry[ActionId.REJECT_SUGGESTION].triggered.connect(self.reject)
        registry[ActionId.ACCEPT_RECOMMENDER].triggered.connect(self.accept_recommender)
        view.current_span_changed.connect(self._on_span)
        view.selection_changed.connect(self._on_selection)
        self._enable(False)

    # --- computing ---------------------------------------------------------------------

    def set_document(self, document_id: str | None) -> None:
        """A document opened: its suggestions are computed in the background."""
        self._document_id = document_id
        self.layer.set_suggestions([])
        self._set_current(None)
        self.counted.emit("")
        self._generation += 1  # whatever runs now is for what was shown before
        if self._running is not None:
            self._running.cancel()
        if document_id is not None:
            # Started after the document's first paint (it would hold the interpreter
            # while the window lays out and paints 1 MB of text), superseding an edit's
            # recomputation still waiting to start.
            self._opening = True
            self._later.start(AT_MOST_AFTER_OPEN_MS)

    @property
    def service(self) -> SuggestionService:
        if self._service is None:
            self._service = self.make_service()
        return self._service

    @service.setter
    def service(self, service: SuggestionService) -> None:
        self._service = service

    def compute(self) -> Running | None:
        """Compute the open document's suggestions on a connection of their own, in the
        service's worker (None: one is still stopping; this one starts when it has)."""
        self._later.stop()
        self._opening = False
        document_id, path = self._document_id, self.session.store.location
        if document_id is None or path is None:
            return None
        self._generation += 1
        if self._running is not None:
            self._running.cancel()  # its result would be dropped anyway
            self._again = True
            return None
        task = self.service.computation(
            path, self.session.user.name, document_id, self._generation, self.models
        )
        self._running = task
        task.finished.connect(self._on_finished)
        self.keep(task)
        # Bound slots, not lambdas: a closed window's slots are disconnected with it.
        task.succeeded.connect(self._on_found)
        task.failed.connect(self._on_failed)
        task.start()
        return task

    def _on_finished(self) -> None:
        self._running = None
        if self._again:
            self._again = False
            self.compute()

    def _on_failed(self, message: str) -> None:
        self.notice.emit(f"No suggestions: {message}")

    def _on_found(self, result: tuple[int, Found]) -> None:
        generation, found = result
        # A document no longer shown, or an older computation: dropped.
        if generation != self._generation or found.document_id != self._document_id:
            return
        current = self.layer.current
        self.layer.set_suggestions(found.suggestions, found.places)
        if current is not None and current in self.layer.suggestions():
            self._set_current(current)
        else:
            self._set_current(None)
        self._count()
        for line in found.notices:
            self.notice.emit(line)
        self.shown.emit(found.document_id)

    def _count(self) -> None:
        found, current = self.layer.suggestions(), self.layer.current
        if current is not None and current in found:
            self.counted.emit(f"suggestion {found.index(current) + 1} of {len(found)}")
            return
        count = len(found)
        self.counted.emit(f"{count} suggestion{'s' if count != 1 else ''}" if count else "")

    def on_changed(self, changes: Changes) -> None:
        """Spans made or accepted anywhere teach the string matcher: this document's
        suggestions again, soon (others are computed when opened)."""
        if self._document_id is None:
            return
        if (
            changes.everything
            or changes.labels
            or changes.settings & {SETTING, RULES_SETTING}
            or changes.entities & _RELEVANT
        ) and not self._opening:
            # A short pause first: spans added in a row are learnt from once.
            self._later.start(AFTER_EDIT_MS)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._opening and event.type() == QEvent.Type.Paint:
            self._later.start(0)  # after this paint, not inside it
        return False

    def keep(self, task: Running) -> None:
        """Hold ``task`` until it finishes (its window or dialog may close first)."""
        _KEPT.add(task)
        task.finished.connect(lambda: _KEPT.discard(task))

    def is_busy(self) -> bool:
        """A computation runs or is due."""
        return self._running is not None or self._again or self._later.isActive()

    # --- the current suggestion ----------------------------------------------------------

    def current(self) -> Suggestion | None:
        return self.layer.current

    def step(self, backwards: bool) -> None:
        """Make the next (previous) suggestion after the caret, or the current one, current."""
        found = self.layer.suggestions()
        if not found:
            self.notice.emit("No suggestions in this document.")
            return
        current = self.layer.current
        if current is not None and current in found:
            at = found.index(current) + (-1 if backwards else 1)
            chosen = found[at % len(found)]
        else:
            caret = self.view.caret()
            after = [s for s in found if (s.start < caret if backwards else s.start >= caret)]
            chosen = (
                (after[-1] if backwards else after[0]) if after else found[-1 if backwards else 0]
            )
        self._choose(chosen)

    def _choose(self, suggestion: Suggestion | None) -> None:
        if suggestion is not None:
            self.span_chosen.emit(None)
            self.view.select_range(suggestion.start, suggestion.start)
            self.view.ensureCursorVisible()
        self._set_current(suggestion)

    def _set_current(self, suggestion: Suggestion | None) -> None:
        # The layer drops a current suggestion that went with its list: the status bar and
        # the keys follow what was announced, not the layer.
        if suggestion is None and not self._announced:
            return
        self._announced = suggestion is not None
        self.layer.set_current(suggestion)
        self._count()
        self._enable(suggestion is not None)
        self.status.emit(self._status_text(suggestion) if suggestion is not None else "")

    def _enable(self, on: bool) -> None:
        for action_id in DECISIONS:
            self.registry[action_id].setEnabled(on)

    def _key(self, action_id: ActionId) -> str:
        shortcut = self.registry[action_id].shortcut()
        return shortcut.toString(QKeySequence.SequenceFormat.NativeText)

    def _status_text(self, s: Suggestion) -> str:
        # Parts in the order they are needed: the window drops the last ones first where the
        # status bar has no room for them (a 1024-pixel window).
        text = " ".join(self.view.text()[s.start : s.end].split())
        if len(text) > 24:
            text = text[:23] + "…"
        k = self._key
        return (
            f"{s.label} “{text}” {recommender_of(s)} {s.score:.2f} — "
            f"{k(ActionId.ACCEPT_SUGGESTION)} accept · {k(ActionId.REJECT_SUGGESTION)} reject · "
            f"{k(ActionId.NEXT_SUGGESTION)} next · label key: as that label · "
            f"{k(ActionId.ACCEPT_RECOMMENDER)} all of {recommender_of(s)}"
        )

    def _on_span(self, span_id: object) -> None:
        if span_id is not None:
            self._set_current(None)  # a span chosen: the keys are the span's again

    def _on_selection(self) -> None:
        if self.view.textCursor().hasSelection():
            self._set_current(None)

    # --- decisions -----------------------------------------------------------------------

    def _decided(self, suggestion: Suggestion, done: str) -> None:
        """Take the decided suggestion (and its copies from other recommenders) off the layer
        at once and make the following one current; the recomputation confirms it."""
        self.layer.remove({suggestion.key})
        after = (suggestion.start, suggestion.end)
        nxt = next((s for s in self.layer.suggestions() if (s.start, s.end) > after), None)
        self._choose(nxt)
        if nxt is None:
            self.notice.emit(done)  # else the status names the next one and the keys
        self._count()

    def accept(self) -> None:
        s = self.layer.current
        if s is not None and self.session.run(AcceptSuggestion(s), self) is not None:
            self._decided(s, f"Accepted the {s.label} suggestion of {s.recommender}.")

    def reject(self) -> None:
        s = self.layer.current
        if s is not None and self.session.run(RejectSuggestion(s), self) is not None:
            self._decided(s, f"Rejected: {s.label} is not offered there again.")

    def relabel(self, label: str) -> bool:
        """A label key while a suggestion is current: accept it as ``label``. The suggestion
        as it was is rejected in the same step, or it would be offered again."""
        s = self.layer.current
        if s is None:
            return False
        if label == s.label:
            self.accept()
            return True
        command = Batch(
            f"Accept {s.label} suggestion as {label}",
            [AcceptSuggestion(s, label=label), RejectSuggestion(s)],
        )
        if self.session.run(command, self) is not None:
            self._decided(s, f"Accepted as {label} (suggested: {s.label}).")
        return True

    def accept_recommender(self) -> None:
        s = self.layer.current
        if s is None:
            return
        name = recommender_of(s)
        command = AcceptSuggestions.of_recommender(self.layer.every(), name)
        changes = self.session.run(command, self)
        if changes is not None:
            # Those the annotator had already were passed over: count the spans made.
            self.notice.emit(f"Accepted {len(changes.span_ids)} suggestions of {name}.")
            accepted = {x.key for x in command.suggestions}
            self.layer.remove(accepted)
            self._set_current(None)
            self._count()
