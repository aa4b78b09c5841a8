"""ImportDialog: pick files or folders and a format; the import runs as one background task."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
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
from belannot.core.formats.registry import IMPORT_FORMATS
from belannot.core.importer import import_files
from belannot.core.store import Store
from belannot.ui.session import Session
from belannot.ui.tasks import Task, run_with_progress


class ImportDialog(QDialog):
    """Import into the open project: all the chosen files, or on any error none of them."""

    imported = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.session = session
        self.task: Task | None = None
        self.paths = QListWidget()
        add_files = QPushButton("Add files…")
        add_files.clicked.connect(self._add_files)
        add_folder = QPushButton("Add folder…")
        add_folder.clicked.connect(self._add_folder)
        path_buttons = QHBoxLayout()
        path_buttons.addWidget(add_files)
        path_buttons.addWidget(add_folder)
        path_buttons.addStretch()

        self.format_box = QComboBox()
        self.format_box.addItem("Detect from content", "auto")
        for fmt in IMPORT_FORMATS.values():
            self.format_box.addItem(fmt.title, fmt.name)
        self.encoding_edit = QLineEdit("utf-8")
        self.annotator_edit = QLineEdit()
        self.annotator_edit.setPlaceholderText(
            f"spans naming no annotator become {session.user.name}'s"
        )

        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Text encoding", self.encoding_edit)
        form.addRow("As annotator", self.annotator_edit)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
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
    def ask(cls, session: Session, parent: QWidget | None = None) -> QDialog.DialogCode:
        return QDialog.DialogCode(cls(session, parent).exec())

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
        if self.session.store.path is None:
            self.message.setText("This project has no file to import into.")
            return
        user = self.session.user
        fmt = self.format_box.currentData()
        encoding = self.encoding_edit.text().strip() or "utf-8"
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

        self.task = Task(self.session.store.path, work, self)
        self.task.succeeded.connect(self._finished)
        self.task.failed.connect(
            lambda message: self.message.setText(f"Nothing imported: {message}")
        )
        self.task.cancelled.connect(lambda: self.message.setText("Cancelled; nothing imported."))
        self.import_button.setEnabled(False)
        self.task.finished.connect(lambda: self.import_button.setEnabled(True))
        run_with_progress(self.task, self, "Importing")

    def _finished(self, report: ImportReport) -> None:
        self.message.setText(f"{report.files} files: {report.summary()}")
        # The task wrote through its own connection: let every view reload.
        self.session.check_other_writers()
        self.imported.emit(report)
