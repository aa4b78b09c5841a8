"""Hostile text from a project is shown literally in every widget, tooltip and item of the UI.

A project whose titles, sources, article text, label names, descriptions, guidelines,
user names and notes are all markup-looking strings is opened as an annotator and as a
reviewer, with every dialog; then the whole widget tree is walked (so new widgets are
covered without touching this file) and each text is rendered the way Qt will render it.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QStatusBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

from belannot.app import create_window
from belannot.core.commands import AddSpan, SetDocumentState
from belannot.core.history import History
from belannot.core.model import (
    Document,
    DocumentMeta,
    DocumentState,
    Example,
    Guidelines,
    Label,
    Role,
)
from belannot.core.store import Store
from belannot.ui import crash_handler
from belannot.ui.dialogs.accept_agreed_dialog import AcceptAgreedDialog
from belannot.ui.dialogs.export_dialog import ExportDialog
from belannot.ui.dialogs.import_dialog import ImportDialog
from belannot.ui.dialogs.label_schema_dialog import (
    DeleteLabelDialog,
    DescribeLabelDialog,
    LabelSchemaDialog,
)
from belannot.ui.dialogs.preferences_dialog import Preferences, PreferencesDialog
from belannot.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from belannot.ui.dialogs.user_name_dialog import UserNameDialog
from belannot.ui.dialogs.welcome_dialog import WelcomeDialog
from belannot.ui.plain import plain_mnemonic
from belannot.ui.settings import Settings
from belannot.ui.widgets.guidelines_pane import GuidelinesPane

HOSTILE = (
    "<img src=x>",
    '<a href="http://example.invalid">click</a>',
    "<b>bold</b>",
    "&amp;",
    "<script>alert(1)</script>",
    "<table><tr><td>x</td></tr></table>",
)
# The reviewer needs a name of their own (a user has one role).
REVIEWER = "<i>rita</i> [r]"
CHECKED = (*HOSTILE, REVIEWER)
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
TEXT = " | ".join(HOSTILE)
Models = dict[int, QAbstractItemModel]


def rendered(markup: str) -> str:
    document = QTextDocument()
    document.setHtml(markup)
    return document.toPlainText()


def as_tooltip(text: str) -> str:
    """What QToolTip shows: it takes the text as HTML whenever Qt.mightBeRichText says so."""
    return rendered(text) if QtGui.Qt.mightBeRichText(text) else text


def as_mnemonic(text: str) -> str:
    """What a button, action or tab shows: ``&x`` underlines x, ``&&`` is one ``&``."""
    return re.sub(r"&(.)", r"\1", text)


@dataclass
class Audit:
    """Every text shown, checked against each hostile string it carries."""

    checked: int = 0
    failures: list[str] = field(default_factory=list)
    places: set[str] = field(default_factory=set)
    per_string: Counter[str] = field(default_factory=Counter)

    def shown(self, where: str, raw: str, shown: str) -> None:
        for hostile in CHECKED:
            # The raw text may carry the string as is, escaped for HTML, or doubled for a
            # mnemonic: whichever it is, the person must see the string itself.
            forms = {hostile, html.escape(hostile), html.escape(hostile, False)}
            forms.add(plain_mnemonic(hostile))
            count = max(raw.count(form) for form in forms)
            if not count:
                continue
            self.checked += 1
            self.per_string[hostile] += 1
            self.places.add(where)
            failure = f"{where}: {raw!r} is shown as {shown!r}"
            if shown.count(hostile) < count and failure not in self.failures:
                self.failures.append(failure)

    def plain(self, where: str, raw: str) -> None:
        self.shown(where, raw, raw)

    def tooltip(self, where: str, raw: str) -> None:
        self.shown(where, raw, as_tooltip(raw))

    def mnemonic(self, where: str, raw: str) -> None:
        self.shown(where, raw, as_mnemonic(raw))

    def label(self, where: str, label: QLabel) -> None:
        text, fmt = label.text(), label.textFormat()
        rich = fmt == Qt.TextFormat.RichText or (
            fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
        )
        if rich:
            self.shown(where, text, rendered(text))
        elif label.buddy() is not None:
            self.mnemonic(where, text)
        else:
            self.plain(where, text)

    def document(self, where: str, document: QTextDocument) -> None:
        """A text edit: nothing in it may have been taken as an image, link or table."""
        cursor_formats = []
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                cursor_formats.append(iterator.fragment().charFormat())
                iterator += 1
            block = block.next()
        if any(f.isImageFormat() or f.isAnchor() for f in cursor_formats):
            self.failures.append(f"{where}: holds an image or a link")
        if document.rootFrame().childFrames():
            self.failures.append(f"{where}: holds a table or frame")
        self.plain(where, document.toPlainText())

    def model(
        self, where: str, model: QAbstractItemModel, seen: dict[int, QAbstractItemModel]
    ) -> None:
        # Holding the models keeps their ids unique while the walk lasts.
        if id(model) in seen:
            return
        seen[id(model)] = model
        display, tip = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
        for orientation, count in (
            (Qt.Orientation.Horizontal, _columns(model, QModelIndex())),
            (Qt.Orientation.Vertical, model.rowCount(QModelIndex())),
        ):
            for section in range(count):
                here = f"{where}/header{int(orientation.value)}[{section}]"
                self.plain(here, _text(model.headerData(section, orientation, display)))
                self.tooltip(here + ".tooltip", _text(model.headerData(section, orientation, tip)))
        for index in _indexes(model, QModelIndex()):
            here = f"{where}[{index.row()},{index.column()}]"
            self.plain(here, _text(index.data(display)))
            self.tooltip(here + ".tooltip", _text(index.data(tip)))

    def tree(self, where: str, root: QWidget) -> None:
        """Walk ``root`` and every widget and action under it."""
        seen: Models = {}
        for widget in [root, *root.findChildren(QWidget)]:
            here = f"{where}/{type(widget).__name__}:{widget.objectName()}"
            self.tooltip(here + ".toolTip", widget.toolTip())
            if widget.isWindow():
                self.plain(here + ".windowTitle", widget.windowTitle())
            if isinstance(widget, QLabel):
                self.label(here, widget)
            elif isinstance(widget, QAbstractButton):
                self.mnemonic(here, widget.text())
            elif isinstance(widget, QLineEdit):
                self.plain(here, widget.text())
                self.plain(here + ".placeholder", widget.placeholderText())
            elif isinstance(widget, QComboBox):
                self.model(here, widget.model(), seen)
            elif isinstance(widget, QGroupBox):
                self.mnemonic(here, widget.title())
            elif isinstance(widget, QTabBar):
                for i in range(widget.count()):
                    self.mnemonic(f"{here}[{i}]", widget.tabText(i))
                    self.tooltip(f"{here}[{i}].tooltip", widget.tabToolTip(i))
            elif isinstance(widget, QTextEdit | QPlainTextEdit):
                self.document(here, widget.document())
            elif isinstance(widget, QProgressBar):
                self.plain(here, widget.text())
            elif isinstance(widget, QMenu):
                self.mnemonic(here + ".title", widget.title())
            elif isinstance(widget, QStatusBar):
                self.plain(here, widget.currentMessage())
            if isinstance(widget, QAbstractItemView) and widget.model() is not None:
                self.model(here, widget.model(), seen)
        for action in root.findChildren(QAction):
            here = f"{where}/QAction:{action.objectName()}"
            self.mnemonic(here, action.text())
            self.tooltip(here + ".toolTip", action.toolTip())
            self.plain(here + ".statusTip", action.statusTip())


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # QAbstractListModel hides it from Python: one column
        return 1


def _indexes(model: QAbstractItemModel, parent: QModelIndex, depth: int = 0) -> Iterator:
    for row in range(model.rowCount(parent)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            yield index
            if depth < 2 and column == 0 and model.rowCount(index) > 0:
                yield from _indexes(model, index, depth + 1)


def hostile_label(position: int) -> Label:
    text = HOSTILE[position]
    examples = (Example(text, True, document="d0", note=text), Example(text, False))
    return Label(text, COLORS[position], None, text, position, Guidelines(text, examples))


def occurrence(document_text: str, which: int) -> tuple[int, int]:
    start = document_text.index(HOSTILE[which], document_text.index("\n"))
    return start, start + len(HOSTILE[which])


# The project itself lives in a folder with a markup-looking name (the "/" of "</b>" makes
# it two folders): the status bar shows the path.
HOSTILE_FOLDER = HOSTILE[0] + HOSTILE[2]


@pytest.fixture
def project(tmp_path):
    folder = tmp_path / HOSTILE_FOLDER
    folder.mkdir(parents=True)
    store = Store.open(folder / "hostile.belannot", seed_labels=False)
    for position in range(len(HOSTILE)):
        store.add_label(hostile_label(position))
    annotators = [store.ensure_user(name) for name in HOSTILE]
    store.ensure_user(REVIEWER, Role.REVIEWER)
    history = History(store)
    for n, hostile in enumerate(HOSTILE):
        text = f"{hostile}\n{TEXT}"
        meta = DocumentMeta(title=hostile, source=hostile, author=hostile, published="2024-05-01")
        store.add_document(Document(f"d{n}", text, meta))
        for k, user in enumerate(annotators):
            # Everyone labels the same passage (agreement), and their own one.
            for which in {0, k}:
                start, end = occurrence(text, which)
                note = {"note": HOSTILE[k]}
                history.do(AddSpan(f"d{n}", start, end, HOSTILE[which], note), user)
            history.do(SetDocumentState(f"d{n}", DocumentState.DONE), user)
    yield store
    store.close()


@pytest.fixture
def settings(tmp_path):
    return Settings(tmp_path / "settings.ini")


def open_window(qtbot, store, name, settings):
    window = create_window(store, store.user(name), settings, document_id="d1")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def make_undo_and_redo_name_labels(window, store) -> None:
    """Two edits of one's own, one undone: Undo and Redo then name a hostile label each."""
    text = store.document("d1").text
    for which in (2, 3):
        start, end = occurrence(text, which)
        note = {"note": HOSTILE[which]}
        window.session.run(AddSpan("d1", start, end, HOSTILE[which], note))
    window.session.undo()


def audit_window(qtbot, window, audit: Audit, where: str) -> None:
    # A span selected: the note field shows its note; the find bar reports on a query.
    window.find_bar.open_bar(HOSTILE[2])
    window.find_bar.edit.returnPressed.emit()
    model = window.tag_panel.span_model
    noted = model.span_at(model.rowCount() - 1)
    window.tag_panel.select_span(noted.id)
    assert window.tag_panel.note_edit.text() == noted.attributes["note"]
    spans = window.session.store.spans("d1")
    view = window.article_view
    for span in spans:
        audit.tooltip(
            f"{where}/article hover", view.tooltip_at(view.viewport_point_for(span.start))
        )
    audit.tree(where, window)


def audit_modal(qtbot, open_it, audit: Audit, where: str) -> None:
    """Run a blocking dialog (QMessageBox statics, exec) and walk it while it is up."""
    walked = []

    def walk() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(10, walk)
            return
        audit.tree(where, modal)
        walked.append(modal)
        modal.reject() if isinstance(modal, QDialog) else modal.close()

    QTimer.singleShot(0, walk)
    open_it()
    assert walked, f"{where} never showed"


def audit_dialogs(qtbot, window, audit: Audit, tmp_path: Path) -> None:
    session, store = window.session, window.session.store
    labels = store.labels()
    schema = LabelSchemaDialog(session, window)
    # A schema edit that fails quotes the label name in the status line.
    assert not schema.add_label(HOSTILE[2], "#000000")
    dialogs = {
        "schema": schema,
        "describe": DescribeLabelDialog(labels[1], window),
        "delete": DeleteLabelDialog(HOSTILE[1], 3, list(HOSTILE[2:]), window),
        "welcome": WelcomeDialog(labels, window),
        "preferences": PreferencesDialog(
            Preferences.load(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)),
            [user.name for user in store.users()],
            window,
        ),
        "shortcuts": ShortcutsDialog(window.registry.shortcut_rows(), window),
        "accept agreed": AcceptAgreedDialog(HOSTILE[3], 6, window),
        # A name too long for a user: the error quotes it.
        "user name": UserNameDialog(HOSTILE[1] * 2, window),
        "import": ImportDialog(session, window),
        "export": ExportDialog(session, window),
    }
    dialogs["import"].add_paths([Path(HOSTILE[0]), Path(HOSTILE[2])])
    pane = GuidelinesPane(window)
    pane.set_label(labels[5])
    dialogs["guidelines"] = pane
    for name, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        dialog.show()
        audit.tree(name, dialog)
    audit_modal(
        qtbot,
        lambda: ExportDialog.confirm_overwrite(window, Path(HOSTILE[2]) / HOSTILE[3]),
        audit,
        "confirm overwrite",
    )
    audit_modal(
        qtbot,
        lambda: crash_handler.show_error(window, HOSTILE[0], HOSTILE[1], HOSTILE[4]),
        audit,
        "error dialog",
    )
    for dialog in dialogs.values():
        dialog.close()
    # The confirm box must be gone before the next scene.
    assert not any(
        isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
    )


def test_hostile_text_is_shown_literally_everywhere(qtbot, project, settings, tmp_path, capsys):
    audit = Audit()
    annotator = open_window(qtbot, project, HOSTILE[0], settings)
    make_undo_and_redo_name_labels(annotator, project)
    audit_window(qtbot, annotator, audit, "annotator")
    audit_dialogs(qtbot, annotator, audit, tmp_path)
    annotator.close()

    reviewer = open_window(qtbot, project, REVIEWER, settings)
    agreement = reviewer.review.show_agreement()
    qtbot.waitUntil(lambda: agreement.report is not None, timeout=10_000)
    audit_window(qtbot, reviewer, audit, "reviewer")
    audit.tree("agreement", agreement)

    with capsys.disabled():
        print(
            f"\nplain text: {audit.checked} hostile strings × places checked "
            f"({len(audit.places)} places, {len(CHECKED)} strings)"
        )
    assert not audit.failures, "\n".join(audit.failures)
    # The walk really met each string, in many places (the reviewer's name in few: the
    # window title, the status bar).
    assert all(audit.per_string[hostile] >= 30 for hostile in HOSTILE), audit.per_string
    assert audit.per_string[REVIEWER] >= 2, audit.per_string


def test_the_project_path_is_shown_literally_in_the_status_bar(qtbot, project, settings):
    window = open_window(qtbot, project, HOSTILE[0], settings)
    path = str(project.path)
    assert HOSTILE_FOLDER in path
    audit = Audit()
    audit.tree("annotator", window)
    assert not audit.failures, "\n".join(audit.failures)
    # The walk met the path: in the status label and in its tooltip, as Qt shows them.
    tips = [as_tooltip(label.toolTip()) for label in window.statusBar().findChildren(QLabel)]
    assert path in tips, tips
    assert "annotator/QLabel:project_status.toolTip" in audit.places, sorted(audit.places)


def test_undo_and_redo_name_a_label_literally(qtbot, project, settings):
    audit = Audit()
    window = open_window(qtbot, project, HOSTILE[0], settings)
    make_undo_and_redo_name_labels(window, project)
    audit.tree("annotator", window)
    assert audit.checked and not audit.failures, "\n".join(audit.failures)


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_confirm_overwrite_still_answers(qtbot, answer):
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        box.button(answer).click()

    QTimer.singleShot(0, click)
    chosen = ExportDialog.confirm_overwrite(None, Path(HOSTILE[2]))
    assert chosen is (answer == QMessageBox.StandardButton.Yes)
