"""The Recommenders panel has a checkbox per rule: clicking it switches the rule in the
store, and undoing the switch unticks it again."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from window_fixtures import KEY, LEFT, MOD, key, open_window, two_annotator_project

from belannot.core.recommenders.rules import project_rules
from belannot.ui.actions import ActionId
from belannot.ui.widgets.recommender_panel import RecommenderPanel


def enabled(store) -> dict[str, bool]:
    return {rule.name: rule.enabled for rule in project_rules(store)}


def test_a_rules_checkbox_switches_it_in_the_store_and_undo_puts_it_back(qtbot, store, settings):
    project = two_annotator_project(store, {})
    window = open_window(qtbot, project, "alice", settings)
    window.registry[ActionId.RECOMMENDERS].trigger()
    panel = window.findChild(RecommenderPanel)
    boxes = panel.rule_switches
    assert (
        {name: box.isChecked() for name, box in boxes.items()}
        == enabled(project)
        == {
            "quote-marks": True,
            "speech-verbs": False,
            "prediction-cues": False,
        }
    )
    box = boxes["speech-verbs"]
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
    assert enabled(project)["speech-verbs"] is True
    assert box.isChecked()
    qtbot.mouseClick(boxes["quote-marks"], LEFT, pos=QPoint(8, box.height() // 2))
    assert enabled(project)["quote-marks"] is False
    # Undo in the window: the last switch is taken back and its box follows the store.
    key(qtbot, window, KEY.Key_Z, MOD.ControlModifier)
    assert enabled(project) == {"quote-marks": True, "speech-verbs": True, "prediction-cues": False}
    qtbot.waitUntil(lambda: boxes["quote-marks"].isChecked())
