"""First run: the welcome at start-up, and a screenshot of it over the window."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from belannot.core.model import Label
from belannot.core.reader import ProjectReader
from belannot.ui.settings import Settings

if TYPE_CHECKING:
    from belannot.ui.session import Session


class WelcomeHost(Protocol):
    """What the welcome needs of a window: its settings, the project and its labels."""

    settings: Settings
    session: Session

    def labels(self) -> list[Label]: ...


def show_welcome_if_wanted(window: WelcomeHost) -> bool:
    """Show the welcome unless the annotator ticked "Don't show this again"; True if shown."""
    assert isinstance(window, QWidget)
    return offer_welcome(window.labels(), window.settings, window, window.session.store)


def offer_welcome(
    labels: Sequence[Label],
    settings: Settings,
    parent: QWidget,
    store: ProjectReader | None = None,
) -> bool:
    """The welcome over ``parent``, unless it was turned off; True if shown."""
    if not settings.welcome_wanted():
        return False
    from belannot.ui.dialogs.welcome_dialog import WelcomeDialog

    WelcomeDialog.ask(labels, settings, parent, store)
    settings.sync()
    return True


def grab_with_welcome(window: WelcomeHost) -> QPixmap:
    """The window with the welcome drawn over it, centred and dimming what is behind.

    Offscreen there is no window manager to composite a dialog over its parent, so the
    screenshot does it: the dialog is grabbed alone and painted onto the window's grab.
    """
    assert isinstance(window, QWidget)
    from belannot.ui.dialogs.welcome_dialog import WelcomeDialog

    dialog = WelcomeDialog(window.labels(), window, store=window.session.store)
    dialog.adjustSize()
    dialog.show()
    QApplication.processEvents()
    # Wrapped labels: the first size guess can be too short for the width it got.
    layout = dialog.layout()
    height = layout.totalHeightForWidth(dialog.width()) if layout is not None else -1
    if height > dialog.height():
        dialog.resize(dialog.width(), height)
        QApplication.processEvents()
    background = window.grab()
    card = dialog.grab()
    dialog.close()
    ratio = background.devicePixelRatio()
    size = background.deviceIndependentSize()
    card_size = card.deviceIndependentSize()
    top_left = QPoint(
        int((size.width() - card_size.width()) / 2), int((size.height() - card_size.height()) / 3)
    )
    painter = QPainter(background)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(QRectF(0, 0, size.width(), size.height()), QColor(0, 0, 0, 70))
    frame = QRectF(top_left.x(), top_left.y(), card_size.width(), card_size.height())
    for grow, alpha in ((6, 18), (3, 30), (1, 60)):
        path = QPainterPath()
        path.addRoundedRect(frame.adjusted(-grow, -grow + 2, grow, grow + 2), 8, 8)
        painter.fillPath(path, QColor(0, 0, 0, alpha))
    painter.drawPixmap(top_left, card)
    painter.setPen(QColor(0, 0, 0, 90))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(frame.adjusted(-0.5, -0.5, 0.5, 0.5))
    painter.end()
    background.setDevicePixelRatio(ratio)
    return background
