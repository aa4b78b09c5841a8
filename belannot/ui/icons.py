"""The application icon, built from the bundled SVG and PNG sizes so every scale is crisp."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from belannot.core.errors import BelannotError
from belannot.core.packaged import resource

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """Every shipped PNG size (Qt picks the nearest for each scale), then the SVG."""
    icon = QIcon()
    for size in ICON_SIZES:
        try:
            path = resource(f"icons/belannot-{size}.png")
        except BelannotError:
            continue
        icon.addFile(str(path), QSize(size, size))
    try:
        icon.addFile(str(resource("icons/belannot.svg")))
    except BelannotError:
        pass
    return icon
