"""Every QAction of the window, built in one registry keyed by ActionId; shortcuts live here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar, QWidget

from belannot.core.model import Label
from belannot.ui.action_specs import (
    GROUPS,
    LABEL_ACTIONS,
    SPECS,
    ActionId,
    ActionSpec,
    Scope,
    label_hotkey,
)
from belannot.ui.plain import plain_mnemonic, plain_tooltip

# The specs are read from here too (one import for the window's parts).
__all__ = [
    "GROUPS",
    "LABEL_ACTIONS",
    "SPECS",
    "ActionId",
    "ActionRegistry",
    "ActionSpec",
    "Keymap",
    "Scope",
    "label_hotkey",
]


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
