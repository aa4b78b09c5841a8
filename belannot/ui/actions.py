"""Every QAction of the window, built in one registry keyed by ActionId; shortcuts live here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from belannot.core.model import Label
from belannot.ui.plain import plain_mnemonic, plain_tooltip


class ActionId(Enum):
    IMPORT = auto()
    EXPORT = auto()
    QUIT = auto()
    UNDO = auto()
    REDO = auto()
    FIND = auto()
    LABEL_ALL_MATCHES = auto()
    DELETE_SPAN = auto()
    NEXT_SPAN = auto()
    PREVIOUS_SPAN = auto()
    END_LEFT = auto()
    END_RIGHT = auto()
    START_LEFT = auto()
    START_RIGHT = auto()
    END_WORD_LEFT = auto()
    END_WORD_RIGHT = auto()
    START_WORD_LEFT = auto()
    START_WORD_RIGHT = auto()
    STICKY_LABEL = auto()
    SNAPPING = auto()
    DONE_AND_NEXT = auto()
    NEXT_DOCUMENT = auto()
    PREVIOUS_DOCUMENT = auto()
    FOCUS_DOCUMENTS = auto()
    FOCUS_TEXT = auto()
    SHORTCUTS = auto()
    LABEL_1 = auto()
    LABEL_2 = auto()
    LABEL_3 = auto()
    LABEL_4 = auto()
    LABEL_5 = auto()
    LABEL_6 = auto()
    LABEL_7 = auto()
    LABEL_8 = auto()
    LABEL_9 = auto()
    APPROVE_SPAN = auto()
    REJECT_SPAN = auto()
    RESET_REVIEW = auto()
    NEXT_UNDECIDED = auto()
    PREVIOUS_UNDECIDED = auto()
    ACCEPT_AGREED = auto()
    AGREEMENT = auto()
    SHARE_LAYERS = auto()
    # First run, guidelines, label schema and preferences.
    EDIT_LABEL_SCHEMA = auto()
    PREFERENCES = auto()
    GUIDELINES = auto()
    WELCOME = auto()
    EDIT_ATTRIBUTES = auto()
    # Relations between spans.
    LINK_TO = auto()
    JUMP_TO_OTHER_END = auto()
    # Actor spans and the registry.
    LINK_ACTOR = auto()
    UNLINK_ACTOR = auto()
    ACTOR_MENTIONS = auto()
    ACTOR_REGISTRY = auto()
    # Suggestions: step through, accept, reject, accept a recommender's, the panel.
    NEXT_SUGGESTION = auto()
    PREVIOUS_SUGGESTION = auto()
    ACCEPT_SUGGESTION = auto()
    REJECT_SUGGESTION = auto()
    ACCEPT_RECOMMENDER = auto()
    RECOMMENDERS = auto()


LABEL_ACTIONS: tuple[ActionId, ...] = tuple(ActionId[f"LABEL_{n}"] for n in range(1, 10))


class Scope(Enum):
    # Anywhere in the window.
    WINDOW = auto()
    # Only while the article view or the span list has focus, so that typing in the
    # filter box or the notes field never labels, deletes or jumps.
    EDITOR = auto()


@dataclass(frozen=True, slots=True)
class ActionSpec:
    text: str
    group: str
    shortcuts: tuple[str, ...] = ()
    tip: str = ""
    scope: Scope = Scope.WINDOW
    checkable: bool = False


# Boundary nudges on [ ] (the start) and , . (the end), shifted ({ } < >) for a word: window
# managers take Alt+Shift+arrows and Ctrl+Alt+arrows (openbox, XFCE, KDE, GNOME). Every
# shortcut but the label hotkeys can be remapped in Preferences (keymap / set_keymap).
SPECS: dict[ActionId, ActionSpec] = {
    ActionId.IMPORT: ActionSpec("&Import…", "File", ("Ctrl+Shift+I",), "Import articles or spans"),
    ActionId.EXPORT: ActionSpec(
        "&Export…", "File", ("Ctrl+Shift+E",), "Export spans for NLP tools"
    ),
    ActionId.QUIT: ActionSpec("&Quit", "File", ("Ctrl+Q",)),
    ActionId.UNDO: ActionSpec("&Undo", "Edit", ("Ctrl+Z",)),
    ActionId.REDO: ActionSpec("&Redo", "Edit", ("Ctrl+Shift+Z", "Ctrl+Y")),
    ActionId.FIND: ActionSpec("&Find in article…", "Edit", ("Ctrl+F",)),
    ActionId.LABEL_ALL_MATCHES: ActionSpec(
        "Label every &match",
        "Edit",
        ("Ctrl+H",),
        "Label every match of the search with the current label, as one undo step",
    ),
    ActionId.DELETE_SPAN: ActionSpec(
        "&Delete span", "Span", ("Delete", "Backspace"), scope=Scope.EDITOR
    ),
    ActionId.NEXT_SPAN: ActionSpec("Ne&xt span", "Span", ("Tab",), scope=Scope.EDITOR),
    ActionId.PREVIOUS_SPAN: ActionSpec(
        "Pre&vious span", "Span", ("Shift+Tab",), scope=Scope.EDITOR
    ),
    ActionId.END_LEFT: ActionSpec("Move end left", "Span", (",",), "One character", Scope.EDITOR),
    ActionId.END_RIGHT: ActionSpec("Move end right", "Span", (".",), "One character", Scope.EDITOR),
    ActionId.START_LEFT: ActionSpec(
        "Move start left", "Span", ("[",), "One character", Scope.EDITOR
    ),
    ActionId.START_RIGHT: ActionSpec(
        "Move start right", "Span", ("]",), "One character", Scope.EDITOR
    ),
    ActionId.END_WORD_LEFT: ActionSpec(
        "Move end left by a word", "Span", ("<",), scope=Scope.EDITOR
    ),
    ActionId.END_WORD_RIGHT: ActionSpec(
        "Move end right by a word", "Span", (">",), scope=Scope.EDITOR
    ),
    ActionId.START_WORD_LEFT: ActionSpec(
        "Move start left by a word", "Span", ("{",), scope=Scope.EDITOR
    ),
    ActionId.START_WORD_RIGHT: ActionSpec(
        "Move start right by a word", "Span", ("}",), scope=Scope.EDITOR
    ),
    ActionId.STICKY_LABEL: ActionSpec(
        "S&ticky label",
        "Span",
        ("Ctrl+K",),
        "Every selection becomes a span of the chosen label; clicking a label only chooses "
        "it. Shift+click on a label turns this on with that label. Neither changes a span",
        checkable=True,
    ),
    ActionId.SNAPPING: ActionSpec(
        "Snap to &words",
        "Span",
        ("Ctrl+Shift+W",),
        "Selections snap to whole words (hold Ctrl or Alt while dragging for exact characters)",
        checkable=True,
    ),
    ActionId.DONE_AND_NEXT: ActionSpec(
        "Mark &done and next", "Document", ("Ctrl+Return", "Ctrl+Enter")
    ),
    ActionId.NEXT_DOCUMENT: ActionSpec("&Next document", "Document", ("Ctrl+PgDown",)),
    ActionId.PREVIOUS_DOCUMENT: ActionSpec("&Previous document", "Document", ("Ctrl+PgUp",)),
    ActionId.FOCUS_DOCUMENTS: ActionSpec("Filter documents", "Document", ("Ctrl+Shift+F",)),
    ActionId.FOCUS_TEXT: ActionSpec("Go to the article", "Document", ("Ctrl+E",)),
    ActionId.SHORTCUTS: ActionSpec("&Keyboard shortcuts", "Help", ("F1", "?")),
}
for _n, _id in enumerate(LABEL_ACTIONS, start=1):
    SPECS[_id] = ActionSpec(f"Label {_n}", "Label", (str(_n),), scope=Scope.EDITOR)
SPECS.update(
    {
        ActionId.EDIT_LABEL_SCHEMA: ActionSpec(
            "&Edit label schema…",
            "Label",
            tip="Add, rename, recolour, rebind, reorder, describe or delete labels",
        ),
        ActionId.PREFERENCES: ActionSpec("&Preferences…", "Edit", ("Ctrl+,",)),
        ActionId.GUIDELINES: ActionSpec(
            "Annotation &guidelines", "Help", ("Shift+F1",), "The whole annotation manual"
        ),
        ActionId.WELCOME: ActionSpec("&Welcome", "Help"),
    }
)

# Review (reviewers only; the core refuses them to annotators too). Label keys and
# boundary nudges on another annotator's span record the reviewer's correction.
SPECS.update(
    {
        ActionId.APPROVE_SPAN: ActionSpec(
            "&Approve span", "Review", ("A",), "Put the span into the gold", Scope.EDITOR
        ),
        ActionId.REJECT_SPAN: ActionSpec(
            "&Reject span", "Review", ("R",), "Keep the span out of the gold", Scope.EDITOR
        ),
        ActionId.RESET_REVIEW: ActionSpec(
            "Make span &undecided", "Review", ("U",), "Take back the decision", Scope.EDITOR
        ),
        ActionId.NEXT_UNDECIDED: ActionSpec(
            "&Next undecided span", "Review", ("N",), scope=Scope.EDITOR
        ),
        ActionId.PREVIOUS_UNDECIDED: ActionSpec(
            "&Previous undecided span", "Review", ("Shift+N",), scope=Scope.EDITOR
        ),
        ActionId.ACCEPT_AGREED: ActionSpec(
            "Accept a&greed spans…",
            "Review",
            ("Ctrl+Shift+A",),
            "Approve every span that enough annotators made identically (one undo step)",
        ),
        ActionId.AGREEMENT: ActionSpec(
            "Agreement &between annotators…", "Review", ("Ctrl+Shift+G",)
        ),
        ActionId.SHARE_LAYERS: ActionSpec(
            "Annotators &see each other's spans",
            "Review",
            (),
            "Off: each annotator works alone (independent layers, meaningful agreement). "
            "On: annotators also see the others' spans, read-only",
            checkable=True,
        ),
    }
)

# The selected span's typed attributes, in the tag panel (digits, Y / N, Esc goes back).
SPECS[ActionId.EDIT_ATTRIBUTES] = ActionSpec(
    "Edit &attributes",
    "Span",
    ("E",),
    "Put the keyboard on the selected span's attributes: digits pick a choice, Y / N, Esc back",
    Scope.EDITOR,
)

# Relations: link the selected span to another, and follow a relation to its other end.
SPECS.update(
    {
        ActionId.LINK_TO: ActionSpec(
            "&Link to…",
            "Span",
            ("L",),
            "Link the selected span to another: Tab chooses, typing narrows, Enter links",
            Scope.EDITOR,
        ),
        ActionId.JUMP_TO_OTHER_END: ActionSpec(
            "&Jump to the other end",
            "Span",
            ("J",),
            "Go to the span at the other end of the selected span's relation",
            Scope.EDITOR,
        ),
    }
)

# Actors: link the selected actor span to the registry, unlink it, see every mention.
SPECS.update(
    {
        ActionId.LINK_ACTOR: ActionSpec(
            "Link to an a&ctor…",
            "Span",
            ("K",),
            "Link the selected actor span to the registry: type, Up / Down, Enter",
            Scope.EDITOR,
        ),
        ActionId.UNLINK_ACTOR: ActionSpec(
            "Unlink from the actor", "Span", ("Shift+K",), scope=Scope.EDITOR
        ),
        ActionId.ACTOR_MENTIONS: ActionSpec(
            "Every &mention of the actor…",
            "Span",
            ("M",),
            "List every span linked to the selected span's actor, across the corpus",
            Scope.EDITOR,
        ),
        ActionId.ACTOR_REGISTRY: ActionSpec(
            "Actor &registry…", "Edit", ("Ctrl+Shift+R",), "Actors, their aliases, merges"
        ),
    }
)

# Suggestions: S / Shift+S step, Y (or Enter) accepts, X rejects, a label key relabels and
# accepts, Shift+Y accepts the recommender's every one. Enabled only while one is current,
# so Enter and the letters stay the widgets' otherwise.
SPECS.update(
    {
        ActionId.NEXT_SUGGESTION: ActionSpec(
            "Ne&xt suggestion", "Suggestions", ("S",), scope=Scope.EDITOR
        ),
        ActionId.PREVIOUS_SUGGESTION: ActionSpec(
            "Pre&vious suggestion", "Suggestions", ("Shift+S",), scope=Scope.EDITOR
        ),
        ActionId.ACCEPT_SUGGESTION: ActionSpec(
            "&Accept suggestion",
            "Suggestions",
            ("Y", "Return"),
            "Make the current suggestion your span (a label key accepts it as that label)",
            Scope.EDITOR,
        ),
        ActionId.REJECT_SUGGESTION: ActionSpec(
            "&Reject suggestion",
            "Suggestions",
            ("X",),
            "Not offered again in this document",
            Scope.EDITOR,
        ),
        ActionId.ACCEPT_RECOMMENDER: ActionSpec(
            "Accept all of its &recommender",
            "Suggestions",
            ("Shift+Y",),
            "Accept every suggestion in this document of the current one's recommender",
            Scope.EDITOR,
        ),
        ActionId.RECOMMENDERS: ActionSpec(
            "Re&commenders…",
            "Suggestions",
            tip="Acceptance per recommender; switch each on or off, its threshold, the model",
        ),
    }
)

GROUPS: tuple[str, ...] = (
    "File",
    "Edit",
    "Span",
    "Label",
    "Suggestions",
    "Document",
    "Review",
    "Help",
)


def label_hotkey(label: Label, index: int) -> str | None:
    """The label's own hotkey, else 1–9 by its place in the schema."""
    if label.hotkey:
        return label.hotkey
    return str(index + 1) if index < len(LABEL_ACTIONS) else None


class ActionRegistry(QObject):
    """Builds every action once; the window looks them up by ActionId."""

    def __init__(self, parent: QWidget, labels: Sequence[Label] = ()) -> None:
        super().__init__(parent)
        self._window = parent
        self._actions: dict[ActionId, QAction] = {}
        for action_id, spec in SPECS.items():
            action = QAction(spec.text, parent)
            action.setObjectName(action_id.name.lower())
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setCheckable(spec.checkable)
            if spec.tip:
                action.setToolTip(spec.tip)
                action.setStatusTip(spec.tip)
            if spec.scope is Scope.EDITOR:
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            else:
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
                parent.addAction(action)
            self._actions[action_id] = action
        self._labels: list[Label] = []
        self.set_labels(labels)

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def __iter__(self) -> Iterator[tuple[ActionId, QAction]]:
        return iter(self._actions.items())

    def toolbar(
        self, title: str, name: str, entries: Sequence[ActionId | None], parent: QWidget
    ) -> QToolBar:
        """A fixed toolbar of text buttons for ``entries`` (None: a separator)."""
        toolbar = QToolBar(title, parent)
        toolbar.setObjectName(name)  # saved and restored with the window's layout
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for entry in entries:
            if entry is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(self._actions[entry])
        return toolbar

    def bind_editor(self, widget: QWidget) -> None:
        """Make the editor-scope shortcuts work while ``widget`` (or a child) has focus."""
        for action_id, spec in SPECS.items():
            if spec.scope is Scope.EDITOR:
                widget.addAction(self._actions[action_id])

    def set_labels(self, labels: Sequence[Label]) -> None:
        """Bind LABEL_1.. to the labels in schema order, with their hotkeys."""
        self._labels = list(labels)[: len(LABEL_ACTIONS)]
        for index, action_id in enumerate(LABEL_ACTIONS):
            action = self._actions[action_id]
            if index < len(self._labels):
                label = self._labels[index]
                key = label_hotkey(label, index)
                action.setText(f"Label as {plain_mnemonic(label.name)}")
                action.setToolTip(plain_tooltip(f"Label as {label.name}"))
                action.setShortcuts([QKeySequence(key)] if key else [])
                action.setData(label.name)
                action.setVisible(True)
                action.setEnabled(True)
            else:
                action.setText(SPECS[action_id].text)
                action.setShortcuts([])
                action.setData(None)
                action.setVisible(False)
                action.setEnabled(False)

    def set_undo_texts(self, undo: str | None, redo: str | None) -> None:
        """Name what Undo and Redo would do ('Add actor span'); None disables the action."""
        for action_id, description in ((ActionId.UNDO, undo), (ActionId.REDO, redo)):
            verb = "Undo" if action_id is ActionId.UNDO else "Redo"
            action = self._actions[action_id]
            # The description names a label, which is user text: no mnemonic, no markup.
            what = plain_mnemonic(description.lower()) if description else ""
            action.setText(f"&{verb} {what}" if description else f"&{verb}")
            # The toolbar keeps a short, steady caption; the menu says what will be undone.
            action.setIconText(verb)
            action.setToolTip(
                plain_tooltip(f"{verb} {description.lower()}") if description else verb
            )
            action.setEnabled(description is not None)

    def keymap(self) -> Keymap:
        """Every action's keys now, its default keys and name (for the Preferences editor)."""
        return Keymap(
            {action_id: _texts(action) for action_id, action in self._actions.items()},
            {action_id: spec.shortcuts for action_id, spec in SPECS.items()},
            {
                action_id: (
                    f"Label as {action.data()}"
                    if action_id in LABEL_ACTIONS
                    else SPECS[action_id].text.replace("&", "").rstrip("…")
                )
                for action_id, action in self._actions.items()
                if action.isVisible()
            },
        )

    def set_keymap(self, overrides: Mapping[ActionId, Sequence[str]]) -> None:
        """Bind remapped keys (portable text); label hotkeys belong to the schema."""
        for action_id, keys in overrides.items():
            if action_id not in LABEL_ACTIONS and action_id in self._actions:
                self._actions[action_id].setShortcuts([QKeySequence(k) for k in keys])

    def label_for(self, action_id: ActionId) -> str | None:
        data = self._actions[action_id].data()
        return str(data) if data else None

    def group_of(self, action_id: ActionId) -> str:
        return SPECS[action_id].group

    def bound_keys(self) -> dict[str, list[ActionId]]:
        """Each key sequence (portable text) and the actions bound to it."""
        keys: dict[str, list[ActionId]] = defaultdict(list)
        for action_id, action in self._actions.items():
            for sequence in action.shortcuts():
                if not sequence.isEmpty():
                    keys[_normalised(sequence)].append(action_id)
        return dict(keys)

    def conflicts(self) -> dict[str, list[ActionId]]:
        return {key: ids for key, ids in self.bound_keys().items() if len(ids) > 1}

    def shortcut_rows(self) -> list[tuple[str, str, str]]:
        """(group, what it does, keys) for the help dialog, in menu order."""
        rows: list[tuple[str, str, str]] = []
        for group in GROUPS:
            for action_id, action in self._actions.items():
                if SPECS[action_id].group != group or not action.isVisible():
                    continue
                keys = ", ".join(
                    s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
                )
                # Label actions name their label; the others keep their fixed wording
                # (Undo's menu text changes with what it would undo).
                if action_id in LABEL_ACTIONS:
                    text = f"Label as {action.data()}"
                else:
                    text = SPECS[action_id].text.replace("&", "").rstrip("…")
                if keys:
                    rows.append((group, text, keys))
        return rows


@dataclass(frozen=True)
class Keymap:
    """Keys (portable text) per action, the defaults, and the names the person reads."""

    keys: dict[ActionId, tuple[str, ...]]
    defaults: dict[ActionId, tuple[str, ...]]
    names: dict[ActionId, str]

    def remappable(self) -> list[ActionId]:
        # Label hotkeys are the schema's (Label → Edit label schema…).
        return [a for a in self.names if a not in LABEL_ACTIONS]

    def holder(self, key: str, besides: ActionId) -> ActionId | None:
        """The action other than ``besides`` that ``key`` is bound to, if any."""
        wanted = _normalised(QKeySequence(key))
        for action_id, keys in self.keys.items():
            if action_id != besides and any(_normalised(QKeySequence(k)) == wanted for k in keys):
                return action_id
        return None

    def overrides(self) -> dict[ActionId, tuple[str, ...]]:
        """The remappable actions whose keys differ from their defaults."""
        return {
            a: self.keys[a] for a in self.remappable() if self.keys[a] != self.defaults.get(a, ())
        }


def _texts(action: QAction) -> tuple[str, ...]:
    return tuple(
        s.toString(QKeySequence.SequenceFormat.PortableText)
        for s in action.shortcuts()
        if not s.isEmpty()
    )


def _normalised(sequence: QKeySequence) -> str:
    # Ctrl+Return and Ctrl+Enter differ; Shift+Tab is what Qt calls Backtab with Shift.
    return sequence.toString(QKeySequence.SequenceFormat.PortableText).replace(
        "Backtab", "Shift+Tab"
    )
