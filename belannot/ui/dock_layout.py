"""DockLayout: the docks' widths and heights, so that the article keeps a readable column."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

# The article keeps this share of the window's width, up to ARTICLE_MIN_WIDTH: the docks
# give way first. Docks start at DOCK_SHARE of the width, within DOCK_WIDTHS.
ARTICLE_SHARE = 0.45
ARTICLE_MIN_WIDTH = 420
DOCK_SHARE = 0.25
DOCK_WIDTHS = (260, 520)
# The article's margins and scroll bar around its reading column.
ARTICLE_MARGINS = 48
SCREEN_FRAME = 40  # a window manager's title bar and borders, roughly


class DockLayout:
    """Sizes ``window``'s docks around its ``centre``; the widgets say what they need."""

    def __init__(
        self,
        window: QMainWindow,
        centre: QWidget,
        documents: QDockWidget,
        tags: QDockWidget,
        guidelines: QDockWidget,
        readable_list_width: Callable[[], int],
        missing_span_height: Callable[[], int],
        reading_width: Callable[[], int],
    ) -> None:
        self.window, self.centre = window, centre
        self.documents, self.tags, self.guidelines = documents, tags, guidelines
        self._list_width = readable_list_width
        self._missing_span_height = missing_span_height
        self._reading_width = reading_width

    def restore(self, geometry: QByteArray | None, state: QByteArray | None) -> bool:
        """The saved geometry and dock layout, else defaults; False if none was saved."""
        if geometry is not None:
            self.window.restoreGeometry(geometry)
        else:
            self.fit_screen()
        if state is not None:
            self.window.restoreState(state)
            return True
        self.default_dock_widths()
        return False

    def fit_screen(self) -> None:
        # The default size is for a large screen: on a small one, the screen's size (less
        # a window manager's title bar), never a window reaching past its edges.
        window = self.window
        screen = window.screen()
        if screen is None:
            return
        room = screen.availableGeometry()
        width = min(window.width(), room.width())
        height = min(window.height(), room.height() - SCREEN_FRAME)
        if (width, height) != (window.width(), window.height()):
            window.resize(width, height)
            window.move(room.topLeft())

    def default_dock_widths(self) -> None:
        """Both docks at DOCK_SHARE of the window's width (within DOCK_WIDTHS)."""
        low, high = DOCK_WIDTHS
        width = max(low, min(high, round(self.window.width() * DOCK_SHARE)))
        documents = max(width, self._list_width())
        self.window.resizeDocks(
            [self.documents, self.tags], [documents, width], Qt.Orientation.Horizontal
        )
        self.keep_article_readable()

    def keep_article_readable(self) -> None:
        """Narrow the docks (down to their minimums) until the article has its share, and
        shorten the Guidelines dock until the span list shows its rows.

        Not minimum sizes on the article or the list: they would stop the window from
        shrinking."""
        window, guidelines, tags = self.window, self.guidelines, self.tags
        missing = self._missing_span_height()
        room = guidelines.height() - guidelines.minimumSizeHint().height()
        if missing and room > 0 and guidelines.isVisible() and tags.isVisible():
            step = min(missing, room)
            window.resizeDocks(
                [tags, guidelines],
                [tags.height() + step, guidelines.height() - step],
                Qt.Orientation.Vertical,
            )
        wanted = min(round(window.width() * ARTICLE_SHARE), ARTICLE_MIN_WIDTH)
        deficit = wanted - self.centre.width()
        docks = [d for d in (self.documents, tags) if d.isVisible()]
        if not docks or window.isMinimized():
            return
        if deficit < 0:
            self._grow_docks(docks, wanted)
            return
        floors = {self.documents: self._list_width()}
        spare = [
            max(0, d.width() - max(d.minimumSizeHint().width(), floors.get(d, 0))) for d in docks
        ]
        total = sum(spare)
        if total == 0:
            return
        # Each dock gives way in proportion to what it can spare.
        widths = [
            d.width() - round(min(deficit, total) * room / total)
            for d, room in zip(docks, spare, strict=True)
        ]
        window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)

    def _grow_docks(self, docks: list[QDockWidget], wanted: int) -> None:
        # Width the article cannot use (past its reading column) goes to docks narrower
        # than their share: a layout saved on a small screen, then maximised.
        useful = max(wanted, self._reading_width() + ARTICLE_MARGINS)
        surplus = self.centre.width() - useful
        low, high = DOCK_WIDTHS
        target = max(low, min(high, round(self.window.width() * DOCK_SHARE)))
        short = [target - d.width() for d in docks]
        if surplus <= 0 or max(short) <= 0:
            return
        total = sum(max(0, gap) for gap in short)
        widths = [
            d.width() + round(min(surplus, total) * max(0, gap) / total)
            for d, gap in zip(docks, short, strict=True)
        ]
        self.window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)
