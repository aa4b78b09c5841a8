"""RecommenderPanel: each recommender's acceptance, on / off, threshold, the model folder, and
each rule on / off."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from belannot.core.changes import Changes
from belannot.core.recommenders.imported import is_imported
from belannot.core.recommenders.model import INSTALL
from belannot.core.recommenders.rules import RULES_SETTING, project_rules
from belannot.core.recommenders.settings import NAMES, SetRecommender, recommender_settings
from belannot.core.suggestion_stats import Acceptance, acceptance
from belannot.ui.session import Session
from belannot.ui.suggesting import Suggesting
from belannot.ui.tasks import Task

TITLES = {
    "string": "Earlier labels (string matcher)",
    "registry": "Actor registry",
    "rules": "Rules (quote and prediction cues)",
    "model": "Trained model (spaCy)",
    "imported": "Imported predictions (Label Studio)",
}


def rate_text(row: Acceptance | None) -> str:
    if row is None or row.rate is None:
        return "no decisions yet"
    # Rounded down: 313 of 314 is not "100%".
    percent = math.floor(row.rate * 100)
    return f"{percent}% accepted ({row.accepted} of {row.accepted + row.rejected})"


def has_spacy() -> bool:
    return importlib.util.find_spec("spacy") is not None


class RecommenderPanel(QDialog):
    """Changes go through the Session (SetRecommender); the rates come from a background task."""

    def __init__(self, session: Session, suggesting: Suggesting, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.session, self.suggesting = session, suggesting
        self.setWindowTitle("Recommenders")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Suggestions are drawn dashed over the article: S / Shift+S step through them, "
            "Y accepts, X rejects, a label key accepts as that label. The rates count your "
            "project's accepted and rejected suggestions.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        layout.addLayout(grid)
        for column, title in enumerate(("Recommender", "Threshold", "Acceptance")):
            heading = QLabel(f"<b>{title}</b>", self)
            grid.addWidget(heading, 0, column)
        settings = recommender_settings(session.store)
        self.switches: dict[str, QCheckBox] = {}
        self.thresholds: dict[str, QDoubleSpinBox] = {}
        self.rates: dict[str, QLabel] = {}
        for row, name in enumerate(NAMES, start=1):
            switch = self.switches[name] = QCheckBox(TITLES[name], self)
            switch.setObjectName(f"recommender_{name}")
            switch.setChecked(settings[name].enabled)
            switch.toggled.connect(lambda on, n=name: self._set(n, enabled=on))
            threshold = self.thresholds[name] = QDoubleSpinBox(self)
            threshold.setRange(0.0, 1.0)
            threshold.setSingleStep(0.05)
            threshold.setDecimals(2)
            threshold.setKeyboardTracking(False)  # one change per step or Enter, not per digit
            threshold.setValue(settings[name].threshold)
            threshold.setToolTip("Suggestions scoring below this are not offered")
            threshold.valueChanged.connect(lambda v, n=name: self._set(n, threshold=v))
            rate = self.rates[name] = QLabel("…", self)
            grid.addWidget(switch, row, 0)
            grid.addWidget(threshold, row, 1)
            grid.addWidget(rate, row, 2)
        model_row = QGridLayout()
        layout.addLayout(model_row)
        self.model_path = QLineEdit(settings["model"].model or "", self)
        self.model_path.setReadOnly(True)
        self.model_path.setPlaceholderText("no model chosen: belannot train -o FOLDER makes one")
        choose = QPushButton("Choose model folder…", self)
        choose.clicked.connect(self.choose_model)
        model_row.addWidget(QLabel("Model:", self), 0, 0)
        model_row.addWidget(self.model_path, 0, 1)
        model_row.addWidget(choose, 0, 2)
        self.model_note = QLabel(self)
        self.model_note.setWordWrap(True)
        self.model_note.setTextFormat(Qt.TextFormat.PlainText)
        if not has_spacy():
            self.model_note.setText(f"The model needs spaCy, which is not installed: {INSTALL}")
        model_row.addWidget(self.model_note, 1, 0, 1, 3)
        # One checkbox per rule: a rule switched off suggests nothing (an undoable step).
        rules_box = QVBoxLayout()
        layout.addLayout(rules_box)
        rules_box.addWidget(QLabel("<b>Rules</b>", self))
        self.rule_switches: dict[str, QCheckBox] = {}
        for rule in project_rules(session.store):
            box = self.rule_switches[rule.name] = QCheckBox(
                f"{rule.name} ({rule.label}, {rule.extent})", self
            )
            box.setObjectName(f"rule_{rule.name}")
            box.setChecked(rule.enabled)
            box.toggled.connect(lambda on, n=rule.name: self._set("rules", enabled=on, rule=n))
            rules_box.addWidget(box)
        session.changed.connect(self._on_changed)
        self.rules_rates = QLabel(self)
        self.rules_rates.setTextFormat(Qt.TextFormat.PlainText)
        self.rules_rates.setWordWrap(True)
        layout.addWidget(self.rules_rates)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        suggesting.notice.connect(self._on_notice)
        self.load_rates()

    @classmethod
    def ask(cls, session: Session, suggesting: Suggesting, parent: QWidget) -> RecommenderPanel:
        panel = cls(session, suggesting, parent)
        panel.setMinimumWidth(620)
        panel.adjustSize()
        # Over the window's middle: some window managers place a shown dialog at 0, 0.
        panel.move(parent.geometry().center() - panel.rect().center())
        panel.show()
        return panel

    def _set(self, name: str, **values: object) -> None:
        self.session.run(SetRecommender(name, **values), self)  # type: ignore[arg-type]

    def load_rates(self) -> Task | None:
        path = self.session.store.location
        if path is None:
            return None
        task = Task(path, lambda store, _p, _c: acceptance(store))
        task.succeeded.connect(self._show_rates)
        self.suggesting.keep(task)
        task.start()
        return task

    def _show_rates(self, rows: list[Acceptance]) -> None:
        by_name = {row.recommender: row for row in rows}
        # The imported recommender's sources are its models ("label-studio:ner-v1"): summed.
        imported = [row for row in rows if is_imported(row.recommender)]
        if imported:
            by_name["imported"] = Acceptance(
                "imported", sum(r.accepted for r in imported), sum(r.rejected for r in imported)
            )
        for name, label in self.rates.items():
            label.setText(rate_text(by_name.get(name)))
        rules = [row for row in rows if row.recommender.startswith("rules:")]
        self.rules_rates.setText("\n".join(f"{row.recommender}: {rate_text(row)}" for row in rules))

    @classmethod
    def choose_folder(cls, parent: QWidget, start: str) -> str | None:
        folder = QFileDialog.getExistingDirectory(parent, "A spaCy pipeline folder", start)
        return folder or None

    def choose_model(self) -> None:
        folder = self.choose_folder(self, self.model_path.text() or str(Path.home()))
        if folder is None:
            return
        if self.session.run(SetRecommender("model", model=folder), self) is not None:
            self.model_path.setText(folder)
            self.switches["model"].blockSignals(True)
            self.switches["model"].setChecked(True)
            self.switches["model"].blockSignals(False)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if not (changes.everything or RULES_SETTING in changes.settings):
            return
        for rule in project_rules(self.session.store):
            box = self.rule_switches.get(rule.name)
            if box is not None and box.isChecked() != rule.enabled:
                box.blockSignals(True)  # showing the store's state is not a new switch
                box.setChecked(rule.enabled)
                box.blockSignals(False)

    def _on_notice(self, text: str) -> None:
        if text.startswith("model recommender passed over"):
            self.model_note.setText(text)
