"""First run, guidelines dock, label schema and preferences, driven through the real window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, QSize, Qt
from PySide6.QtGui import QEnterEvent, QImage
from PySide6.QtWidgets import QApplication, QDialog

from belannot.app import create_window, run_window, start_window
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document, DocumentMeta, User
from belannot.core.project import seed_bundled_corpus
from belannot.core.review import SHARED_LAYERS_SETTING
from belannot.ui.actions import LABEL_ACTIONS, ActionId
from belannot.ui.dialogs.label_schema_dialog import LabelSchemaDialog
from belannot.ui.dialogs.manual_dialog import ManualDialog
from belannot.ui.dialogs.preferences_dialog import PreferencesDialog, apply_theme
from belannot.ui.dialogs.user_name_dialog import UserNameDialog
from belannot.ui.dialogs.welcome_dialog import WelcomeDialog
from belannot.ui.first_run import show_welcome_if_wanted
from belannot.ui.icons import app_icon
from belannot.ui.settings import Key, Preferences, Settings, Theme
from belannot.ui.widgets.guidelines_pane import label_tooltip
from belannot.ui.widgets.tag_panel import color_icon

TEXT = "Lukashenko said Belarus would not join the war."


@pytest.fixture
def settings(tmp_path):
    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def project(store):
    store.add_document(Document("a", TEXT, DocumentMeta(title="One")))
    store.add_document(Document("b", "Second article.", DocumentMeta(title="Two")))
    return store


@pytest.fixture(autouse=True)
def system_theme(qapp):
    # A test that picks the dark theme must not leave the whole application dark.
    yield
    apply_theme(Theme.SYSTEM)


def open_window(qtbot, store, user, settings):
    window = create_window(store, store.ensure_user(user), settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, project, settings):
    return open_window(qtbot, project, "alice", settings)


# -- first run ---------------------------------------------------------------------------


def test_first_run_asks_the_name_once_then_seeds_the_corpus_as_that_annotator(
    qtbot, store, settings, monkeypatch
):
    asked = []
    monkeypatch.setattr(UserNameDialog, "ask", lambda *a, **k: asked.append(1) or "Zoe")
    window = start_window(store, None, settings, seed_corpus=True)
    qtbot.addWidget(window)
    assert asked == [1] and settings.user_name() == "Zoe"
    assert window.session.user.name == "Zoe"
    assert store.document_count() == 5 and window.document_model.rowCount() == 5
    assert window.current_document_id() is not None
    # The import is Zoe's: no stray OS account among the annotators.
    assert [u.name for u in store.users()] == ["Zoe"]
    again = start_window(store, None, Settings(settings.file_name), seed_corpus=True)
    qtbot.addWidget(again)
    assert asked == [1] and store.document_count() == 5


def test_a_refused_name_still_leaves_the_default_project_seeded(store, settings, monkeypatch):
    monkeypatch.setattr(UserNameDialog, "ask", lambda *a, **k: None)
    assert start_window(store, None, settings, seed_corpus=True) is None
    assert store.document_count() == 5
    assert run_window(store, None, settings=settings) == 1


def test_welcome_shows_at_start_until_dismissed_for_good(qtbot, window, settings, monkeypatch):
    shown = []

    def fake_exec(dialog):
        shown.append([dialog.findChild(type(dialog.dont_show)).text()])
        dialog.dont_show.setChecked(len(shown) == 2)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(WelcomeDialog, "exec", fake_exec)
    assert show_welcome_if_wanted(window)
    assert settings.welcome_wanted()
    assert show_welcome_if_wanted(window)
    assert not settings.welcome_wanted()
    assert not show_welcome_if_wanted(window)
    assert len(shown) == 2
    settings.sync()
    assert not Settings(settings.file_name).welcome_wanted()
    # Help > Welcome still shows it on request.
    window.registry[ActionId.WELCOME].trigger()
    assert len(shown) == 3


def test_screenshot_never_shows_the_welcome_unless_asked(
    qtbot, project, settings, tmp_path, monkeypatch
):
    monkeypatch.setattr(WelcomeDialog, "exec", lambda d: pytest.fail("modal welcome"))
    plain, welcomed = tmp_path / "plain.png", tmp_path / "welcome.png"
    alice = User("alice")
    # Separate settings: a restored geometry is clamped to the small offscreen screen.
    assert run_window(project, alice, screenshot=plain, settings=settings) == 0
    other = Settings(tmp_path / "other.ini")
    assert run_window(project, alice, screenshot=welcomed, settings=other, welcome=True) == 0
    first, second = QImage(str(plain)), QImage(str(welcomed))
    assert first.size() == second.size() and first.width() > 800
    # The welcome card sits in the middle: the picture there differs.
    middle = first.width() // 2, first.height() // 3
    assert first.pixel(*middle) != second.pixel(*middle)


# -- guidelines --------------------------------------------------------------------------


def hover(button, inside=True):
    if inside:
        event = QEnterEvent(QPointF(2, 2), QPointF(2, 2), QPointF(2, 2))
    else:
        event = QEvent(QEvent.Type.Leave)
    QApplication.sendEvent(button, event)


def test_guidelines_pane_follows_the_chosen_hovered_and_selected_label(qtbot, window, project):
    pane = window.guidance.pane
    assert window.guidance.dock.widget() is pane and window.guidance.dock.isVisible()
    assert window.guidance.shown_label() == "actor"
    qtbot.mouseClick(window.tag_panel.button_for("quote"), Qt.MouseButton.LeftButton)
    assert pane.title.text() == "quote  ·  key 4"
    hover(window.tag_panel.button_for("prediction"))
    assert window.guidance.shown_label() == "prediction"
    hover(window.tag_panel.button_for("prediction"), inside=False)
    assert window.guidance.shown_label() == "quote"
    # A hotkey chooses a label too.
    window.article_view.setFocus()
    qtbot.waitUntil(window.article_view.hasFocus)
    window.article_view.select_range(0, 10)
    qtbot.keyClick(window.article_view, Qt.Key.Key_2)
    assert window.guidance.shown_label() == "event"
    # Selecting an existing span shows its label.
    span = History(project).do(AddSpan("a", 16, 23, "actor"), User("alice"))
    assert span
    window.session.changed.emit(span, None)
    window.tag_panel.span_table.selectRow(
        next(r for r in range(2) if window.tag_panel.span_model.span_at(r).label == "actor")
    )
    assert window.guidance.shown_label() == "actor"
    assert "Who acts" in pane.body.toPlainText()


def test_label_buttons_carry_the_guideline_tooltip(window, project):
    for label in project.labels():
        assert window.tag_panel.button_for(label.name).toolTip() == label_tooltip(label)


def test_help_opens_the_manual_and_the_projects_plain_text_guidelines(qtbot, window, project):
    window.registry[ActionId.GUIDELINES].trigger()
    dialog = window.findChild(ManualDialog)
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    manual = dialog.manual.toPlainText()
    assert "General rules" in manual and "**" not in manual  # rendered, not raw Markdown
    assert not dialog.manual.openLinks()
    LabelSchemaDialog(window.session).describe_label("actor", "<b>who</b> & co", "Mark <i>x</i>.")
    window.registry[ActionId.GUIDELINES].trigger()
    assert window.findChildren(ManualDialog) == [dialog]
    project_text = dialog.project.toPlainText()
    assert "<b>who</b> & co" in project_text and "Mark <i>x</i>." in project_text


# -- label schema ------------------------------------------------------------------------


def test_schema_edits_from_the_window_rebuild_buttons_colours_and_hotkeys(
    qtbot, window, project, monkeypatch
):
    def edit(dialog):
        assert dialog.rename_label("actor", "agent")
        assert dialog.recolor_label("agent", "#112233")
        assert dialog.rebind_hotkey("agent", "7")
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(LabelSchemaDialog, "exec", edit)
    window.registry[ActionId.EDIT_LABEL_SCHEMA].trigger()
    button = window.tag_panel.button_for("agent")
    assert button.text() == "7  agent" and "agent (key 7)" in button.toolTip()
    assert window.article_view.highlighter.colors["agent"].name() == "#112233"
    assert "actor" not in window.article_view.highlighter.colors
    keys = window.registry.bound_keys()
    assert keys["7"] == [LABEL_ACTIONS[0]] and "1" not in keys
    assert window.registry.conflicts() == {}
    assert window.guidance.shown_label() == "agent"
    # The rebound key labels with the renamed label.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.article_view.setFocus()
    qtbot.waitUntil(window.article_view.hasFocus)
    window.article_view.select_range(0, 10)
    qtbot.keyClick(window.article_view, Qt.Key.Key_7)
    assert [(s.start, s.end, s.label) for s in project.spans("a")] == [(0, 10, "agent")]


# -- preferences -------------------------------------------------------------------------


def choose(font_size=18, theme="dark", snap=False, hide=("bob",)):
    def fake_exec(dialog):
        dialog.font_size.setValue(font_size)
        dialog.theme.setCurrentIndex(dialog.theme.findData(theme))
        dialog.snap.setChecked(snap)
        for row in range(dialog.annotators.count()):
            item = dialog.annotators.item(row)
            hidden = item.text() in hide
            item.setCheckState(Qt.CheckState.Unchecked if hidden else Qt.CheckState.Checked)
        return QDialog.DialogCode.Accepted

    return fake_exec


def test_preferences_apply_to_the_window_and_survive_a_restart(
    qtbot, project, settings, monkeypatch
):
    # An annotator sees others' layers only where the project shows them read-only.
    project.set_setting(SHARED_LAYERS_SETTING, True)
    history = History(project)
    history.do(AddSpan("a", 0, 10, "actor"), project.ensure_user("alice"))
    history.do(AddSpan("a", 16, 23, "actor"), project.ensure_user("bob"))
    window = open_window(qtbot, project, "alice", settings)
    assert window.preferences.annotators() == ["bob"]  # one's own layer always shows
    assert len(window.article_view.spans()) == 2
    monkeypatch.setattr(PreferencesDialog, "exec", choose())
    window.registry[ActionId.PREFERENCES].trigger()

    def applied(w):
        assert w.article_view.font().pointSizeF() == 18
        assert w.article_view.is_dark()
        assert not w.article_view.snapping()
        assert not w.registry[ActionId.SNAPPING].isChecked()
        assert [s.annotator for s in w.article_view.spans().spans_at(3)] == ["alice"]
        assert w.article_view.spans().spans_at(18) == []
        assert w.tag_panel.span_model.rowCount() == 1

    applied(window)
    assert settings.preferences() == Preferences(18, Theme.DARK, False, frozenset({"bob"}))
    assert settings.snapping() is False
    window.close()
    apply_theme(Theme.SYSTEM)
    applied(open_window(qtbot, project, "alice", Settings(settings.file_name)))


def test_showing_a_hidden_layer_again_brings_its_spans_back(qtbot, window, project, monkeypatch):
    project.set_setting(SHARED_LAYERS_SETTING, True)
    History(project).do(AddSpan("a", 16, 23, "event"), project.ensure_user("bob"))
    window.session.check_other_writers()
    monkeypatch.setattr(PreferencesDialog, "exec", choose(12, "light", True, ("bob",)))
    window.registry[ActionId.PREFERENCES].trigger()
    assert len(window.article_view.spans()) == 0 and not window.article_view.is_dark()
    monkeypatch.setattr(PreferencesDialog, "exec", choose(12, "system", True, ()))
    window.registry[ActionId.PREFERENCES].trigger()
    assert len(window.article_view.spans()) == 1
    assert window.registry[ActionId.SNAPPING].isChecked() and settings_snapping(window)


def settings_snapping(window):
    return window.settings.snapping() and window.article_view.snapping()


def test_the_snapping_toggle_and_the_preference_are_one_setting(window, settings):
    window.registry[ActionId.SNAPPING].setChecked(False)
    assert settings.preferences().snap_to_words is False
    assert settings.qsettings.value(Key.SNAPPING) in (False, "false")


# -- HiDPI -------------------------------------------------------------------------------


def test_icons_are_drawn_for_the_screens_pixel_ratio(qapp):
    pixmap = color_icon("#0072B2", 12, ratio=2.0).pixmap(QSize(12, 12), 2.0)
    assert (pixmap.width(), pixmap.devicePixelRatio()) == (24, 2.0)
    sizes = {size.width() for size in app_icon().availableSizes()}
    assert {16, 32, 64, 256, 512} <= sizes


def test_the_default_project_seeding_is_idempotent(store, alice):
    assert seed_bundled_corpus(store, alice) is not None
    assert seed_bundled_corpus(store, alice) is None


def test_the_status_bar_shows_a_project_under_home_with_a_tilde(tmp_path, monkeypatch):
    from belannot.ui.project_place import display_path

    monkeypatch.setenv("HOME", str(tmp_path))
    assert display_path(tmp_path / "data" / "p.belannot") == "~/data/p.belannot"
    assert display_path(None) == "in memory"
    elsewhere = tmp_path.parent / "other.belannot"
    assert display_path(elsewhere) == str(elsewhere)


def _intro(dialog: WelcomeDialog) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def test_the_welcome_of_an_empty_project_says_how_to_bring_articles_in(qtbot, store, settings):
    # A project opened with --db that holds nothing: no "bundled articles are open".
    window = open_window(qtbot, store, "alice", settings)
    dialog = WelcomeDialog(store.labels(), window, store=window.session.store)
    qtbot.addWidget(dialog)
    text = _intro(dialog)
    assert "bundled news articles" not in text
    assert "no articles yet" in text and "File → Import…" in text


def test_the_welcome_of_another_project_names_its_articles_not_the_bundled_ones(qtbot, window):
    dialog = WelcomeDialog(window.session.store.labels(), window, store=window.session.store)
    qtbot.addWidget(dialog)
    text = _intro(dialog)
    assert "bundled news articles" not in text
    assert "This project's 2 articles are in the list on the left." in text


def test_the_welcome_of_the_default_project_names_the_bundled_articles(qtbot, window, monkeypatch):
    import belannot.core.project as project_module

    monkeypatch.setattr(
        project_module, "default_project_path", lambda: window.session.store.location
    )
    dialog = WelcomeDialog(window.session.store.labels(), window, store=window.session.store)
    qtbot.addWidget(dialog)
    assert "The bundled news articles are open in the default project." in _intro(dialog)
