"""ImportDialog: pick files or folders and a format; the import runs as one background task."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from belannot.core.formats import CancelFn, ImportReport, ProgressFn
from belannot.core.formats.decoding import OTHER_ENCODING
from belannot.core.formats.registry import IMPORT_FORMATS
from belannot.core.importing.pipeline import import_files
from belannot.core.store import Store
from belannot.ui.dialogs.form_parts import message_label
from belannot.ui.overriding import override
from belannot.ui.session import Session
from belannot.ui.tasks import Task, run_with_progress

# Offered in the chooser (any other codec name can be typed); Cyrillic ones for the
# Belarusian and Russian press.
ENCODINGS = (
    "utf-8", "utf-16", "cp1251", "koi8-r", "cp1252", "iso-8859-1", "iso-8859-2", "cp1250"
)  # fmt: skip


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


class ImportDialog(QDialog):
    """Import into the open project: all the chosen files, or on any error none of them."""

    imported = Signal(object)
    # The first document an import brought into an empty project: the window opens it.
    first_document = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.session = session
        self.task: Task | None = None
        self.paths = QListWidget()
        self.paths.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.paths.installEventFilter(self)
        add_files = QPushButton("Add files…")
        add_files.clicked.connect(self._add_files)
        add_folder = QPushButton("Add folder…")
        add_folder.clicked.connect(self._add_folder)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Take the selected files off the list (Delete)")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.paths.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.paths.selectedItems()))
        )
        path_buttons = QHBoxLayout()
        path_buttons.addWidget(add_files)
        path_buttons.addWidget(add_folder)
        path_buttons.addWidget(self.remove_button)
        path_buttons.addStretch()

        self.format_box = QComboBox()
        self.format_box.addItem("Detect from content", "auto")
        for fmt in IMPORT_FORMATS.values():
            self.format_box.addItem(fmt.title, fmt.name)
        self.encoding_box = QComboBox()
        self.encoding_box.setEditable(True)
        self.encoding_box.addItems(ENCODINGS)
        self.annotator_edit = QLineEdit()
        self.annotator_edit.setPlaceholderText(
            f"spans naming no annotator become {session.user.name}'s"
        )

        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Text encoding", self.encoding_box)
        form.addRow("As annotator", self.annotator_edit)
        self.message = message_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Files and folders (folders are read recursively)"))
        layout.addWidget(self.paths)
        layout.addLayout(path_buttons)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    @classmethod
    def ask(
        cls,
        session: Session,
        parent: QWidget | None = None,
        open_document: Callable[[str], None] | None = None,
    ) -> QDialog.DialogCode:
        dialog = cls(session, parent)
        if open_document is not None:
            dialog.first_document.connect(open_document)
        return QDialog.DialogCode(dialog.exec())

    def remove_selected(self) -> None:
        for item in self.paths.selectedItems():
            self.paths.takeItem(self.paths.row(item))

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.paths
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    def add_paths(self, paths: list[Path]) -> None:
        for path in paths:
            self.paths.addItem(str(path))

    def chosen_paths(self) -> list[Path]:
        return [Path(self.paths.item(row).text()) for row in range(self.paths.count())]

    def _add_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import files")
        self.add_paths([Path(f) for f in files])

    def _add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import folder")
        if folder:
            self.add_paths([Path(folder)])

    def start_import(self) -> None:
        paths = self.chosen_paths()
        if not paths:
            self.message.setText("Add the files or folders to import.")
            return
        location = self.session.store.location
        if location is None:
            self.message.setText("This project has no file to import into.")
            return
        user = self.session.user
        fmt = self.format_box.currentData()
        encoding = self.encoding_box.currentText().strip() or "utf-8"
        was_empty = self.session.store.document_count() == 0
        as_annotator = self.annotator_edit.text().strip() or None

        def work(store: Store, progress: ProgressFn, cancelled: CancelFn) -> ImportReport:
            return import_files(
                store,
                paths,
                user=user,
                fmt=fmt,
                as_annotator=as_annotator,
                encoding=encoding,
                progress=progress,
                cancel=cancelled,
            )

        self.task = Task(location, work, self)
        self.task.succeeded.connect(lambda report: self._finished(report, was_empty))
        self.task.failed.connect(self._failed)
        self.task.cancelled.connect(lambda: self.message.setText("Cancelled; nothing imported."))
        self.import_button.setEnabled(False)
        self.task.finished.connect(lambda: self.import_button.setEnabled(True))
        run_with_progress(self.task, self, "Importing")

    def _failed(self, message: str) -> None:
        if OTHER_ENCODING in message:
            message += ": choose it under Text encoding"
        self.message.setText(f"Nothing imported: {message}")

    def _finished(self, report: ImportReport, was_empty: bool = False) -> None:
        lines = [f"{plural(report.files, 'file')}: {report.summary()}", *report.lines()[:20]]
        if report.skipped:
            lines.append(f"skipped {plural(len(report.skipped), 'file')}:")
            lines += [f"  {path}: {reason}" for path, reason in report.skipped[:20]]
            if len(report.skipped) > 20:
                lines.append(f"  … and {len(report.skipped) - 20} more")
        lines += [f"warning: {line}" for line in report.warnings[:20]]
        self.message.setText("\n".join(lines))
        # The task wrote through its own connection: let every view reload.
        self.session.check_other_writers()
        self.imported.emit(report)
        if was_empty and report.document_ids:
            self.first_document.emit(report.document_ids[0])
