"""ManualDialog: the bundled annotation manual and this project's own label guidelines."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from belannot.core.errors import BelannotError
from belannot.core.model import Label
from belannot.core.packaged import resource
from belannot.ui.widgets.guidelines_pane import guideline_text

MANUAL = "guidelines.md"


def manual_markdown() -> str:
    """The bundled manual's Markdown source (or a line saying it is missing)."""
    try:
        return resource(MANUAL).read_text(encoding="utf-8")
    except (BelannotError, OSError, UnicodeDecodeError) as error:
        return f"The annotation manual could not be read: {error}"


def project_guidelines_text(labels: Sequence[Label]) -> str:
    """Every label's guideline as this project has it (plain text)."""
    parts = []
    for label in labels:
        key = f" (key {label.hotkey})" if label.hotkey else ""
        heading = f"{label.name}{key}"
        parts.append(f"{heading}\n{'=' * len(heading)}\n\n{guideline_text(label)}")
    return "\n\n\n".join(parts) or "This project has no labels yet."


class ManualDialog(QDialog):
    """Two tabs: the manual as shipped, and the project's (possibly edited) guidelines.

    The manual is our own file, shipped read-only with the package, so it is rendered as
    Markdown (its tables and lists read much better that way), with links not followed and
    nothing fetched. The project's guidelines are user data, edited per project and
    imported from files: they are shown as plain text, never interpreted.
    """

    def __init__(self, labels: Sequence[Label], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manual_dialog")
        self.setWindowTitle("Annotation guidelines")
        self.manual = QTextBrowser(self)
        self.manual.setObjectName("manual_text")
        self.manual.setOpenLinks(False)
        self.manual.setOpenExternalLinks(False)
        self.manual.setMarkdown(manual_markdown())
        self.project = QPlainTextEdit(self)
        self.project.setObjectName("project_guidelines")
        self.project.setReadOnly(True)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.manual, "Manual")
        self.tabs.addTab(self.project, "This project's labels")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.set_labels(labels)
        width = self.fontMetrics().averageCharWidth() * 96
        self.resize(width, int(width * 0.8))

    def set_labels(self, labels: Sequence[Label]) -> None:
        self.project.setPlainText(project_guidelines_text(labels))

    @classmethod
    def open_for(cls, labels: Sequence[Label], parent: QWidget | None = None) -> ManualDialog:
        """Show the manual beside the window (not modal: read it while annotating)."""
        existing = parent.findChild(cls) if parent is not None else None
        dialog = existing if isinstance(existing, cls) else cls(labels, parent)
        dialog.set_labels(labels)
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.show()
        dialog.raise_()
        return dialog
