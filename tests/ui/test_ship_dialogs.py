"""Welcome, guidelines pane, label schema and preferences: offscreen, plain text throughout."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel

from belannot.core.changes import Changes
from belannot.core.commands import AddSpan
from belannot.core.model import DEFAULT_LABELS, Document, Label
from belannot.core.schema_edits import SpanPolicy
from belannot.ui.dialogs import label_schema_dialog as lsd
from belannot.ui.dialogs.preferences_dialog import (
    Preferences,
    PreferencesDialog,
    Theme,
    apply_theme,
)
from belannot.ui.dialogs.welcome_dialog import WelcomeDialog, welcome_wanted
from belannot.ui.session import Session
from belannot.ui.settings import Key
from belannot.ui.widgets.guidelines_pane import (
    GuidelinesPane,
    guideline_text,
    label_tooltip,
    label_tooltip_text,
)

TRICKY = Label("<b>bold</b> & co", "#123456", "9", "<i>desc</i>")


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def session(store, alice, qtbot):
    store.add_document(Document("d1", "Lukashenko spoke."))
    return Session(store, alice)


def rendered_as(tooltip: str) -> str:
    document = QTextDocument()
    document.setHtml(tooltip)
    return document.toPlainText()


def test_tooltip_shows_a_label_name_literally():
    assert label_tooltip_text(TRICKY).startswith("<b>bold</b> & co (key 9)\n\n<i>desc</i>")
    assert rendered_as(label_tooltip(TRICKY)).startswith("<b>bold</b> & co (key 9)")


def test_tooltip_of_a_default_label_carries_its_guideline():
    actor = DEFAULT_LABELS[0]
    shown = rendered_as(label_tooltip(actor))
    assert "actor (key 1)" in shown and "Out: pronouns" in shown


def test_guidelines_pane_shows_the_selected_label(qtbot):
    pane = GuidelinesPane()
    qtbot.addWidget(pane)
    assert pane.title.text() == "Guidelines"
    quote = DEFAULT_LABELS[3]
    pane.set_label(quote)
    assert pane.title.text() == "quote  ·  key 4"
    body = pane.body.toPlainText()
    assert "✓ “Putin needs support,”" in body
    assert 'Not this label\n✗ "training exercises"' in body
    assert body == guideline_text(quote)
    pane.set_label(TRICKY)
    assert pane.title.text().startswith("<b>bold</b> & co")
    assert pane.title.textFormat() == Qt.TextFormat.PlainText
    assert pane.body.toPlainText().startswith("<i>desc</i>")


def test_welcome_lists_every_label_with_its_key(qtbot, settings):
    dialog = WelcomeDialog([*DEFAULT_LABELS, TRICKY])
    qtbot.addWidget(dialog)
    keys = [dialog.findChild(QLabel, f"welcome_key_{i}") for i in range(5)]
    assert [k.text() for k in keys] == ["1", "2", "3", "4", "9"]
    assert welcome_wanted(settings)


def test_welcome_ask_remembers_dont_show_again(qtbot, settings, monkeypatch):
    def fake_exec(dialog):
        dialog.dont_show.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(WelcomeDialog, "exec", fake_exec)
    assert WelcomeDialog.ask(DEFAULT_LABELS, settings) is True
    assert not welcome_wanted(settings)


def test_welcome_dismissed_once_shows_again(qtbot, settings, monkeypatch):
    monkeypatch.setattr(WelcomeDialog, "exec", lambda dialog: QDialog.DialogCode.Accepted)
    assert WelcomeDialog.ask(DEFAULT_LABELS, settings) is False
    assert welcome_wanted(settings)


def test_preferences_round_trip_through_settings(settings):
    assert Preferences.load(settings) == Preferences()
    chosen = Preferences(16, Theme.DARK, False, frozenset({"bob"}))
    chosen.save(settings)
    settings.sync()
    assert Preferences.load(settings) == chosen
    settings.setValue(Key.FONT_SIZE, "huge")
    assert Preferences.load(settings).font_size == Preferences().font_size


def test_preferences_dialog_edits_every_field(qtbot, settings, monkeypatch):
    def fake_exec(dialog):
        dialog.font_size.setValue(18)
        dialog.theme.setCurrentIndex(dialog.theme.findData("light"))
        dialog.snap.setChecked(False)
        dialog.annotators.item(1).setCheckState(Qt.CheckState.Unchecked)
        return QDialog.DialogCode.Accepted

    Preferences(hidden_annotators=frozenset({"gone"})).save(settings)
    monkeypatch.setattr(PreferencesDialog, "exec", fake_exec)
    chosen = PreferencesDialog.ask(settings, ["alice", "<b>bob</b>"])
    assert chosen == Preferences(18, Theme.LIGHT, False, frozenset({"<b>bob</b>", "gone"}))
    assert Preferences.load(settings) == chosen


def test_preferences_cancel_saves_nothing(qtbot, settings, monkeypatch):
    monkeypatch.setattr(PreferencesDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert PreferencesDialog.ask(settings, ["alice"]) is None
    assert not settings.contains(Key.FONT_SIZE)


def test_apply_theme_sets_the_colour_scheme(qapp):
    apply_theme(Theme.DARK)
    apply_theme(Theme.SYSTEM)


def names(dialog):
    return [dialog.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dialog.list.count())]


def test_schema_dialog_changes_go_through_core_and_announce(qtbot, session):
    dialog = lsd.LabelSchemaDialog(session)
    qtbot.addWidget(dialog)
    assert names(dialog) == ["actor", "event", "prediction", "quote"]
    with qtbot.waitSignal(session.changed) as blocker:
        assert dialog.add_label("claim", "#112233", "5")
    # A label edit says which label it changed: the window does not reload everything.
    assert blocker.args[0] == Changes(labels=frozenset({"claim"})) and blocker.args[1] is dialog
    assert dialog.rename_label("claim", "assertion")
    assert dialog.recolor_label("assertion", "#445566")
    assert dialog.rebind_hotkey("assertion", "6")
    assert dialog.move_label("assertion", 0)
    assert dialog.describe_label("assertion", "Claims", "Mark claims.")
    assert names(dialog) == ["assertion", "actor", "event", "prediction", "quote"]
    assert dialog.current_name() == "assertion"
    label = session.store.label("assertion")
    assert (label.color, label.hotkey, label.description, label.guidelines.text) == (
        "#445566",
        "6",
        "Claims",
        "Mark claims.",
    )


def test_schema_dialog_shows_refusals_without_changing_anything(qtbot, session):
    dialog = lsd.LabelSchemaDialog(session)
    qtbot.addWidget(dialog)
    assert not dialog.rebind_hotkey("actor", "2")
    assert "already bound to label 'event'" in dialog.status.text()
    assert session.store.label("actor").hotkey == "1"
    assert not dialog.add_label("<b>x</b>", "not a colour")
    assert dialog.status.textFormat() == Qt.TextFormat.PlainText


def test_schema_dialog_buttons_track_the_selection(qtbot, session):
    dialog = lsd.LabelSchemaDialog(session)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(0)
    assert not dialog.buttons["up"].isEnabled() and dialog.buttons["down"].isEnabled()
    dialog.buttons["down"].click()
    assert names(dialog)[1] == "actor" and dialog.list.currentRow() == 1
    dialog.list.setCurrentRow(3)
    assert not dialog.buttons["down"].isEnabled()


def test_schema_dialog_rename_button_asks_for_the_name(qtbot, session, monkeypatch):
    dialog = lsd.LabelSchemaDialog(session)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("agent", True))
    dialog.list.setCurrentRow(0)
    dialog.buttons["rename"].click()
    assert names(dialog)[0] == "agent"


def test_deleting_a_label_with_spans_asks_what_to_do(qtbot, session, monkeypatch):
    session.run(AddSpan("d1", 0, 10, "actor"))
    dialog = lsd.LabelSchemaDialog(session)
    qtbot.addWidget(dialog)
    asked = []

    def fake_ask(label, count, others, parent=None):
        asked.append((label, count, others))
        return lsd.DeleteChoice.CANCEL, None

    monkeypatch.setattr(
        lsd.DeleteLabelDialog, "ask", classmethod(lambda cls, *a, **k: fake_ask(*a, **k))
    )
    dialog.list.setCurrentRow(0)
    dialog.buttons["delete"].click()
    assert asked == [("actor", 1, ["event", "prediction", "quote"])]
    assert session.store.label("actor") is not None

    monkeypatch.setattr(
        lsd.DeleteLabelDialog,
        "ask",
        classmethod(lambda cls, *a, **k: (lsd.DeleteChoice.REASSIGN, "quote")),
    )
    dialog.buttons["delete"].click()
    assert session.store.label("actor") is None
    assert [s.label for s in session.store.spans("d1")] == ["quote"]
    assert names(dialog) == ["event", "prediction", "quote"]


def test_delete_label_dialog_offers_reassign_or_delete(qtbot):
    dialog = lsd.DeleteLabelDialog("actor", 2, ["event", "quote"])
    qtbot.addWidget(dialog)
    assert dialog.choice() == (lsd.DeleteChoice.REASSIGN, "event")
    dialog.delete_spans.setChecked(True)
    assert dialog.choice() == (lsd.DeleteChoice.DELETE_SPANS, None)
    lonely = lsd.DeleteLabelDialog("actor", 1, [])
    qtbot.addWidget(lonely)
    assert lonely.choice() == (lsd.DeleteChoice.DELETE_SPANS, None)


def test_delete_without_spans_needs_no_question(qtbot, session):
    dialog = lsd.LabelSchemaDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.delete_label("quote")
    assert names(dialog) == ["actor", "event", "prediction"]
    assert not dialog.delete_label("nope", SpanPolicy.DELETE)
    assert "no label" in dialog.status.text()
