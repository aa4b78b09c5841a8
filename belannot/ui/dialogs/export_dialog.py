"""ExportDialog: choose a format, filters and a file; the export runs as a background task."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from belannot.core.errors import BelannotError
from belannot.core.formats import CancelFn, ProgressFn
from belannot.core.formats.exporting import (
    DocumentSelection,
    ExportOptions,
    ExportReport,
    OverlapPolicy,
    parse_splits,
    split_path,
)
from belannot.core.formats.registry import EXPORT_FORMATS, ExportFormat, export
from belannot.core.model import SpanStatus
from belannot.core.store import SpanFilter, Store
from belannot.ui.dialogs.form_parts import checkable_list, checked, message_label
from belannot.ui.session import Session
from belannot.ui.settings import Settings
from belannot.ui.tasks import Task, run_with_progress

# The module each optional extra provides: a format whose extra is missing is shown disabled.
_EXTRA_MODULES = {"spacy": "spacy", "hf": "datasets"}


_DOCUMENT_CHOICES = {
    DocumentSelection.ALL: "All documents",
    DocumentSelection.REVIEWED: "Reviewed documents (no pending span)",
    DocumentSelection.DONE: "Documents an annotator marked done",
}


def extra_installed(extra: str | None) -> bool:
    return extra is None or importlib.util.find_spec(_EXTRA_MODULES[extra]) is not None


def _checkable_list(names: list[str]) -> QListWidget:
    widget = checkable_list(names)
    widget.setMaximumHeight(90)
    return widget


class ExportDialog(QDialog):
    """Export the project; nothing already on disk is replaced without asking."""

    # The reports of a finished export (one per split).
    exported = Signal(list)

    def __init__(
        self, session: Session, parent: QWidget | None = None, settings: Settings | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.session = session
        self.settings = settings if settings is not None else Settings()
        self.task: Task | None = None
        store = session.store

        self.format_box = QComboBox()
        for fmt in EXPORT_FORMATS.values():
            self.format_box.addItem(fmt.title, fmt.name)
            if not extra_installed(fmt.extra):
                index = self.format_box.count() - 1
                item = self.format_box.model().item(index)  # type: ignore[attr-defined]
                item.setEnabled(False)
                item.setToolTip(f"needs: pip install 'belannot[{fmt.extra}]'")
        self.output_edit = QLineEdit()
        # Wide enough to read a path, not only its start.
        self.output_edit.setMinimumWidth(self.output_edit.fontMetrics().averageCharWidth() * 60)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        output_row = QHBoxLayout()
        output_row.addWidget(self.output_edit)
        output_row.addWidget(browse)

        self.approved_only = QCheckBox("Approved spans only (the gold)")
        self.documents_box = QComboBox()
        for selection, title in _DOCUMENT_CHOICES.items():
            self.documents_box.addItem(title, selection.value)
        self.documents_box.setCurrentIndex(self.documents_box.findData("all"))
        # As in the terminal: the gold comes from reviewed documents unless chosen otherwise.
        self.approved_only.toggled.connect(
            lambda on: self.documents_box.setCurrentIndex(
                self.documents_box.findData("reviewed" if on else "all")
            )
        )
        self.annotators = _checkable_list([user.name for user in store.users()])
        self.labels = _checkable_list([label.name for label in store.labels()])
        self.statuses = _checkable_list([status.value for status in SpanStatus])
        self.split_edit = QLineEdit()
        self.split_edit.setPlaceholderText("e.g. train=0.8,dev=0.1,test=0.1 (empty: one file)")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.overlap_box = QComboBox()
        for policy in OverlapPolicy:
            self.overlap_box.addItem(policy.value, policy)

        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Output", output_row)
        form.addRow("", self.approved_only)
        form.addRow("Documents", self.documents_box)
        form.addRow("Annotators (none: all)", self.annotators)
        form.addRow("Labels (none: all)", self.labels)
        form.addRow("Statuses (none: all)", self.statuses)
        form.addRow("Split", self.split_edit)
        form.addRow("Split seed", self.seed)
        form.addRow("Overlaps (CoNLL, tags)", self.overlap_box)

        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        self.show_folder = QPushButton("Show in folder")
        self.show_folder.setVisible(False)
        self.show_folder.clicked.connect(self._show_folder)
        self.written_folder: Path | None = None

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.show_folder, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.buttons)
        self.format_box.currentIndexChanged.connect(self._suggest_output)
        self._suggest_output()

    @classmethod
    def ask(
        cls, session: Session, parent: QWidget | None = None, settings: Settings | None = None
    ) -> QDialog.DialogCode:
        return QDialog.DialogCode(cls(session, parent, settings).exec())

    @classmethod
    def confirm_overwrite(cls, parent: QWidget, path: Path) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Replace file?", "", parent=parent)
        # A file name may look like markup.
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"{path} exists. Replace it with this export?")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def selected_format(self) -> ExportFormat:
        return EXPORT_FORMATS[self.format_box.currentData()]

    def _default_folder(self) -> Path:
        """The last folder exported to, else Documents, else home (never the data folder)."""
        remembered = self.settings.export_folder()
        if remembered is not None:
            return remembered
        documents = Path.home() / "Documents"
        return documents if documents.is_dir() else Path.home()

    def _suggest_output(self) -> None:
        fmt = self.selected_format()
        project = self.session.store.path
        current = self.output_edit.text().strip()
        folder = Path(current).parent if current else self._default_folder()
        stem = project.stem if project is not None else "export"
        self.output_edit.setText(str(folder / f"{stem}-{fmt.name}{fmt.suffix}"))

    def _browse(self) -> None:
        fmt = self.selected_format()
        if fmt.folder:
            start = str(Path(self.output_edit.text()).parent)
            chosen = QFileDialog.getExistingDirectory(self, "Export to folder", start)
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.output_edit.text())
        if chosen:
            self.output_edit.setText(chosen)

    def span_filter(self) -> SpanFilter:
        statuses = tuple(SpanStatus(s) for s in checked(self.statuses))
        if self.approved_only.isChecked():
            statuses = (SpanStatus.APPROVED,)
        return SpanFilter(
            annotators=checked(self.annotators), labels=checked(self.labels), statuses=statuses
        )

    def start_export(self) -> None:
        """Check the choices, confirm any overwrite, and run the export in the background."""
        text = self.output_edit.text().strip()
        if not text:
            self.message.setText("Choose where to write the export.")
            return
        path = Path(text)
        try:
            splits = (
                parse_splits(self.split_edit.text()) if self.split_edit.text().strip() else None
            )
        except BelannotError as error:
            self.message.setText(str(error))
            return
        overwrite = False
        targets = [split_path(path, name) for name in splits] if splits else [path]
        existing = [target for target in targets if target.exists()]
        if existing:
            # Asked here: the exporter's own refusal names a command-line option.
            if not self.confirm_overwrite(self, existing[0]):
                self.message.setText("Nothing was written.")
                return
            overwrite = True
        location = self.session.store.location
        if location is None:
            self.message.setText("This project has no file to export from.")
            return
        name = self.selected_format().name
        span_filter = self.span_filter()
        overlap = self.overlap_box.currentData()
        seed = self.seed.value()
        documents = DocumentSelection(self.documents_box.currentData())

        def work(store: Store, progress: ProgressFn, cancelled: CancelFn) -> list[ExportReport]:
            options = ExportOptions(
                span_filter=span_filter,
                overwrite=overwrite,
                progress=progress,
                cancel=cancelled,
                overlap=overlap,
                documents=documents,
            )
            return export(store, name, path, options, splits=splits, seed=seed)

        self.task = Task(location, work, self)
        self.task.succeeded.connect(self._finished)
        self.task.failed.connect(self.message.setText)
        self.task.cancelled.connect(
            lambda: self.message.setText("Export cancelled; nothing written.")
        )
        self.buttons.setEnabled(False)
        self.task.finished.connect(lambda: self.buttons.setEnabled(True))
        run_with_progress(self.task, self, f"Exporting {self.selected_format().title}")

    def _finished(self, reports: list[ExportReport]) -> None:
        files = len(reports)
        documents = sum(report.documents for report in reports)
        spans = sum(report.spans for report in reports)
        lines = [
            f"Wrote {files} {'file' if files == 1 else 'files'}: {documents} documents, "
            f"{spans} spans."
        ]
        lines += [report.summary() for report in reports]
        for report in reports:
            lines.extend(report.notes[:5])
        self.message.setText("\n".join(lines))
        self.written_folder = reports[0].path.parent if reports else None
        if self.written_folder is not None:
            self.settings.set_export_folder(self.written_folder)
            self.show_folder.setVisible(True)
        # Done: the way out says Close, not Cancel (another export can still be started).
        self.buttons.removeButton(self.buttons.button(QDialogButtonBox.StandardButton.Cancel))
        if self.buttons.button(QDialogButtonBox.StandardButton.Close) is None:
            self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.exported.emit(reports)

    def _show_folder(self) -> None:
        if self.written_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written_folder)))
