"""The window's dialogs, each imported when first asked for: the first paint needs none."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QWidget

from belannot.ui.session import Session
from belannot.ui.settings import Settings


def export(session: Session, parent: QWidget, settings: Settings) -> None:
    from belannot.ui.dialogs.export_dialog import ExportDialog

    ExportDialog.ask(session, parent, settings)


def import_files(session: Session, parent: QWidget, opened: Callable[[str], None]) -> None:
    from belannot.ui.dialogs.import_dialog import ImportDialog

    ImportDialog.ask(session, parent, opened)


def shortcuts(rows: Sequence[tuple[str, str, str]], parent: QWidget) -> None:
    from belannot.ui.dialogs.shortcuts_dialog import ShortcutsDialog

    ShortcutsDialog.show_for(rows, parent)


def label_schema(session: Session, parent: QWidget) -> None:
    from belannot.ui.dialogs.label_schema_dialog import LabelSchemaDialog

    LabelSchemaDialog.ask(session, parent)
