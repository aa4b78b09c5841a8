"""Relations and attributes in the agreement view and in review, driven as a reviewer would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from belannot.core.agreement import compute_agreement
from belannot.core.commands import SetDocumentState
from belannot.core.history import History
from belannot.core.model import DocumentState
from belannot.core.relation_commands import AddRelation
from belannot.core.span_agreement import AgreementKind, span_agreements
from belannot.core.span_attributes import SetSpanAttribute
from belannot.ui.models.agreement_model import AttributeAgreementModel, RelationAgreementModel
from belannot.ui.models.span_table_model import CONSENSUS_COLORS, Column
from belannot.ui.widgets.agreement_view import AgreementDialog
from belannot.ui.widgets.review_panel import CONSENSUS_KEY, ReviewPanel
from tests.ui.window_fixtures import open_window, two_annotator_project

SPANS = {
    "a-growth": ("a", 67, 83, "prediction", "alice"),
    "b-growth": ("a", 67, 83, "prediction", "bob"),
    "a-macron": ("b", 0, 6, "actor", "alice"),
    "b-macron": ("b", 0, 6, "actor", "bob"),
    "a-quote": ("b", 13, 27, "quote", "alice"),
    "b-quote": ("b", 13, 27, "quote", "bob"),
}


@pytest.fixture
def project(store):
    two_annotator_project(store, SPANS)
    history = History(store)
    alice, bob = store.user("alice"), store.user("bob")
    for user, certainty in ((alice, "likely"), (bob, "possible")):
        initial = user.name[0]
        history.do(SetSpanAttribute(f"{initial}-growth", "certainty", certainty), user)
        history.do(AddRelation(f"{initial}-quote", f"{initial}-macron", "speaker"), user)
        for document_id in ("a", "b"):
            history.do(SetDocumentState(document_id, DocumentState.DONE), user)
    return store


def table(model):
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_the_agreement_view_shows_relations_and_attributes(qtbot, project):
    expected = compute_agreement(project)
    dialog = AgreementDialog(project.path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.compute()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    assert dialog.report == expected
    tabs = dialog.tabs
    bar = tabs.tabBar()
    page = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Relations and attributes")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(page).center())
    assert tabs.currentIndex() == page
    relations = table(dialog.relation_model)
    assert relations[0] == ["speaker", "alice / bob", "1 / 1", "1", "1.00", "1.00", "1.00"]
    assert relations[-1][:2] == ["overall", "alice / bob"]
    assert len(relations) == len(expected.relations.types) + 1
    certainty = next(row for row in table(dialog.attribute_model) if row[0] == "certainty")
    assert certainty == ["certainty", "alice / bob", "1", "0", "0%", "0.00"]
    assert dialog.relation_view.isVisible() and dialog.attribute_view.isVisible()


def test_the_new_models_pass_the_model_tester(qtmodeltester, project):
    report = compute_agreement(project)
    for model in (RelationAgreementModel(), AttributeAgreementModel()):
        qtmodeltester.check(model, force_py=True)
        model.set_report(report)
        qtmodeltester.check(model, force_py=True)


def test_review_shows_which_attributes_differ(qtbot, project, settings):
    reviewer = open_window(qtbot, project, "rita", settings)
    model = reviewer.tag_panel.span_model
    column = {
        model.span_at(row).id: model.data(model.index(row, Column.AGREEMENT))
        for row in range(model.rowCount())
    }
    assert column["a-growth"] == column["b-growth"] == "≠ certainty"
    assert AgreementKind.ATTRIBUTES_DIFFER in CONSENSUS_COLORS
    assert AgreementKind.ATTRIBUTES_DIFFER in dict(CONSENSUS_KEY)


def test_the_review_panel_names_the_differing_attributes(qtbot, project):
    panel = ReviewPanel([], CONSENSUS_COLORS)
    qtbot.addWidget(panel)
    panel.show()
    spans = project.spans("a")
    panel.set_attribute_differences(span_agreements(spans))
    assert panel.attributes_label.isVisible()
    assert panel.attributes_label.text() == "Attributes differ: certainty (2 spans)"
    panel.set_attribute_differences({})
    assert not panel.attributes_label.isVisible()


def test_the_reviewer_window_names_the_differing_attributes(qtbot, project, settings):
    reviewer = open_window(qtbot, project, "rita", settings)
    label = reviewer.review_dock.widget().attributes_label
    qtbot.waitUntil(label.isVisible)
    assert label.text() == "Attributes differ: certainty (2 spans)"


def test_accept_agreed_says_how_many_relations_it_approved(qtbot, project, settings, monkeypatch):
    from PySide6.QtTest import QTest

    from belannot.ui.dialogs.accept_agreed_dialog import AcceptAgreedChoice, AcceptAgreedDialog

    monkeypatch.setattr(
        AcceptAgreedDialog, "ask", lambda *args, **kwargs: AcceptAgreedChoice(2, False)
    )
    reviewer = open_window(qtbot, project, "rita", settings, document_id="b")
    QTest.keyClick(
        reviewer.article_view,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert {r.status.value for r in project.relations("b")} == {"approved", "rejected"}
    message = reviewer.statusBar().currentMessage()
    assert "1 relation approved" in message, message
