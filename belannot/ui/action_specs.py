"""What each action of the window is: its id, menu group, text, default keys, tip and scope."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from belannot.core.model import Label


class ActionId(Enum):
    OPEN_TEAM_PROJECT = auto()
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
    ActionId.OPEN_TEAM_PROJECT: ActionSpec(
        "Open &team project…", "File", (), "Open a project on a PostgreSQL server"
    ),
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
