"""ArticleSearch: the find bar over the article — find, step through hits, label them all."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from belannot.ui.widgets.article_view import ArticleView
from belannot.ui.widgets.find_bar import FindBar


class ArticleSearch(QObject):
    """Runs the find bar's queries in the view; "label all" goes to ``label_all``."""

    def __init__(
        self,
        view: ArticleView,
        bar: FindBar,
        current_label: Callable[[], str | None],
        label_all: Callable[[str, str | None], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view, self.bar = view, bar
        self._current_label = current_label
        self._label_all = label_all
        bar.find_requested.connect(self.find)
        bar.query_edited.connect(lambda query: self.find(query, False, True))
        bar.label_all_requested.connect(self.label_all)
        bar.closed.connect(self.close)

    def show(self) -> None:
        """Open the bar on the selected text (one line of it), else on the last query."""
        selected = self.view.selected_range()
        text = self.view.text()
        query = text[selected[0] : selected[1]] if selected else None
        self.bar.open_bar(query if query and "\n" not in query else None)

    def find(self, query: str, backwards: bool, incremental: bool = False) -> None:
        hit = self.view.find_text(query, backwards=backwards, incremental=incremental)
        matches = self.view.find_all(query)
        if hit is None:
            self.bar.set_status("No match")
        else:
            self.bar.set_status(f"{matches.index(hit) + 1} of {len(matches)}")

    def label_all_from_bar(self) -> None:
        query = self.bar.query() if self.bar.isVisible() else ""
        if query:
            self.label_all(query)
        else:
            self.show()  # nothing to match yet: ask for it

    def label_all(self, query: str) -> None:
        # The label the find bar shows, which follows the current label.
        self._label_all(query, self.bar.label() or self._current_label())

    def close(self) -> None:
        self.bar.hide()
        self.view.setFocus()
