"""LinkMode: "link to…" by keyboard — choose the tail among the spans the type allows."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from shiboken6 import isValid

from belannot.core.model import Span, User
from belannot.core.relation_commands import in_layer
from belannot.core.relations import RelationType
from belannot.ui.overriding import override
from belannot.ui.relation_index import RelationIndex
from belannot.ui.widgets.article_view import ArticleView
from belannot.ui.widgets.relation_arcs import Preview, RelationArcs

K = Qt.Key
NEXT_KEYS = (K.Key_Tab, K.Key_Right)
PREVIOUS_KEYS = (K.Key_Backtab, K.Key_Left)
TYPE_KEYS = (K.Key_Up, K.Key_Down)
COMMIT_KEYS = (K.Key_Return, K.Key_Enter)
QUOTED = 16  # a span in the status bar message: two of them share it with the keys
KEEP_ON_FOCUS_OUT = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)


def head_types(types: Sequence[RelationType], head: Span) -> list[RelationType]:
    """The types that may start at ``head`` (a symmetric one from either of its ends)."""
    return [
        t
        for t in types
        if head.label in t.head_labels or (not t.directed and head.label in t.tail_labels)
    ]


def quoted(text: str) -> str:
    # A quote's own marks would double ours, and take two of the few characters.
    text = " ".join(text.split()).strip("“”\"")
    return f"“{text if len(text) <= QUOTED else text[: QUOTED - 1] + '…'}”"


def _nearest(spans: list[Span], at: int) -> str | None:
    """The span (in reading order) starting nearest to ``at``; the earlier on a tie."""
    if not spans:
        return None
    i = bisect_left(spans, at, key=lambda s: s.start)
    near = spans[max(i - 1, 0) : i + 1]
    return min(near, key=lambda s: (abs(s.start - at), s.start)).id


class LinkMode(QObject):
    """While active, owns the article's keys: Tab and arrows move, typing narrows."""

    notice = Signal(str)
    finished = Signal()

    def __init__(
        self,
        view: ArticleView,
        arcs: RelationArcs,
        index: RelationIndex,
        user: User,
        types: Callable[[], Sequence[RelationType]],
        link: Callable[[str, str, str], bool],
    ) -> None:
        super().__init__(view)
        self.view, self.arcs, self.index, self.user = view, arcs, index, user
        self._all_types, self._link = types, link
        self.active = False
        self._head: Span | None = None
        self._types: list[RelationType] = []
        self._type = 0
        self._typed = ""
        self._candidates: list[str] = []
        self._current: str | None = None
        # The spans each (type, head label) may link to, in reading order: one pass over
        # 10,000 spans, kept until the shown spans change (invalidate).
        self._cache: dict[tuple[str, str], list[Span]] = {}
        view.installEventFilter(self)

    def invalidate(self) -> None:
        """The shown spans changed: work the candidates out again when next asked."""
        self._cache.clear()
        if self.active and self.view.spans().get(self._head.id if self._head else "") is None:
            self.cancel()

    # -- state ------------------------------------------------------------------------------

    def start(self, head_id: str | None, type_name: str | None = None) -> bool:
        head = self.view.spans().get(head_id) if head_id else None
        if head is None:
            self.notice.emit("Select a span first (Tab), then press the link key.")
            return False
        if not in_layer(head, self.user):
            self.notice.emit(f"You can link only spans of your layer; this is {head.annotator}'s.")
            return False
        types = head_types(self._all_types(), head)
        if type_name is not None:
            types = [t for t in types if t.name == type_name]
        if not types:
            self.notice.emit(
                f"A {type_name} relation cannot start at a {head.label} span."
                if type_name
                else f"No relation type starts at a {head.label} span."
            )
            return False
        self.active, self._head, self._types, self._type, self._typed = True, head, types, 0, ""
        self._choose_candidates()
        return True

    def relation_type(self) -> str | None:
        return self._types[self._type].name if self.active else None

    def candidates(self) -> list[str]:
        return list(self._candidates) if self.active else []

    def candidate(self) -> str | None:
        return self._current if self.active else None

    def _allowed(self, kind: RelationType, head_label: str) -> list[Span]:
        key = (kind.name, head_label)
        allowed = self._cache.get(key)
        if allowed is None:
            spans, user = self.view.spans(), self.user
            allowed = self._cache[key] = [
                span
                for _start, _end, span_id in spans.ordered()
                if (span := spans.get(span_id)) is not None
                and kind.allows(head_label, span.label)
                and in_layer(span, user)
            ]
        return allowed

    def _choose_candidates(self, keep: bool = False) -> None:
        head, kind = self._head, self._types[self._type]
        assert head is not None
        text, typed = self.view.text(), self._typed.casefold()
        skip = {head.id} | {
            r.tail if r.head == head.id else r.head
            for r in self.index.of_span(head.id)
            if r.type == kind.name and r.annotator == self.user.name
        }
        found = [s for s in self._allowed(kind, head.label) if s.id not in skip]
        if typed:
            found = [s for s in found if typed in text[s.start : s.end].casefold()]
        self._candidates = [s.id for s in found]
        if not (keep and self._current in self._candidates):
            self._current = _nearest(found, head.start)
        self._show()

    def move(self, step: int) -> None:
        if not self._candidates:
            return
        at = self._candidates.index(self._current) if self._current in self._candidates else -1
        self._current = self._candidates[(at + step) % len(self._candidates)]
        self._show()

    def cycle_type(self, step: int) -> None:
        self._type = (self._type + step) % len(self._types)
        self._choose_candidates()

    def commit(self) -> bool:
        head, tail, kind = self._head, self._current, self.relation_type()
        if head is None or tail is None or kind is None:
            self.notice.emit("No span to link to: Backspace widens, Esc cancels.")
            return False
        self._stop()
        return self._link(head.id, tail, kind)

    def cancel(self) -> None:
        if self.active:
            self._stop()
            self.notice.emit("Linking cancelled.")

    def _stop(self) -> None:
        self.active, self._head, self._candidates, self._current = False, None, [], None
        self.arcs.preview = None
        self.arcs.refresh()
        self.finished.emit()

    def _show(self) -> None:
        head, kind = self._head, self._types[self._type]
        assert head is not None
        self.arcs.preview = Preview(head.id, self._current, kind.name)
        if self._current is not None:
            self.view.show_span(self._current)
        self.arcs.refresh()
        text = self.view.text()
        # What links to what first, then the keys: short enough for a 1024 px status bar
        # beside the permanent widgets.
        parts = [f"Link {kind.name}: {quoted(text[head.start : head.end])} →"]
        tail = self.view.spans().get(self._current) if self._current else None
        if tail is not None:
            at = self._candidates.index(tail.id) + 1
            parts.append(f"{quoted(text[tail.start : tail.end])} ({at}/{len(self._candidates)})")
        else:
            parts.append("(no span matches)" if self._typed else f"(no {kind.name} candidate)")
        if self._typed:
            parts.append(f"typed “{self._typed}”")
        keys = "· Tab next · Enter link · Esc cancel"
        if len(self._types) > 1:
            keys += " · ↑↓ type"  # the type is named first
        parts.append(keys)
        self.notice.emit(" ".join(parts))

    # -- keys ---------------------------------------------------------------------------------

    def _typing(self, event: QKeyEvent) -> bool:
        text = event.text()
        control = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        return bool(text) and text.isprintable() and not event.modifiers() & control

    def _handles(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (*NEXT_KEYS, *PREVIOUS_KEYS, *TYPE_KEYS, *COMMIT_KEYS):
            return True
        return key in (K.Key_Escape, K.Key_Backspace) or self._typing(event)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The view's last events come while it is being deleted.
        if not self.active or watched is not self.view or not isValid(self.view):
            return False
        kind = event.type()
        if kind == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
            # A menu popping up or another window takes the focus for a while only; a
            # click or a key elsewhere in this window ends the mode.
            if event.reason() not in KEEP_ON_FOCUS_OUT:
                self.cancel()
            return False
        if not isinstance(event, QKeyEvent):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            if self._handles(event):
                event.accept()  # our key, not the window's shortcut
                return True
            self.cancel()  # any other shortcut ends the mode first
            return False
        if kind == QEvent.Type.KeyPress and self._handles(event):
            self._key(event)
            return True
        return False

    def _key(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in NEXT_KEYS:
            self.move(1)
        elif key in PREVIOUS_KEYS:
            self.move(-1)
        elif key in TYPE_KEYS:
            if len(self._types) > 1:
                self.cycle_type(1 if key == K.Key_Down else -1)
            else:
                self.move(1 if key == K.Key_Down else -1)
        elif key in COMMIT_KEYS:
            self.commit()
        elif key == K.Key_Escape:
            self.cancel()
        elif key == K.Key_Backspace:
            self._typed = self._typed[:-1]
            self._choose_candidates(keep=True)
        else:
            self._typed += event.text()
            self._choose_candidates(keep=True)
