"""Linking agreement in the window's agreement view, driven as a reviewer would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from belannot.core.actor_commands import LinkSpan
from belannot.core.agreement import compute_agreement
from belannot.core.commands import SetDocumentState
from belannot.core.history import History
from belannot.core.model import DocumentState
from belannot.ui.models.agreement_model import LinkAgreementModel
from belannot.ui.widgets.agreement_view import AgreementDialog
from tests.ui.window_fixtures import two_annotator_project

SPANS = {
    "a-macron": ("b", 0, 6, "actor", "alice"),
    "b-macron": ("b", 0, 6, "actor", "bob"),
    "a-other": ("a", 0, 4, "actor", "alice"),
    "b-other": ("a", 0, 4, "actor", "bob"),
}


@pytest.fixture
def project(store):
    two_annotator_project(store, SPANS)
    history = History(store)
    alice, bob = store.user("alice"), store.user("bob")
    history.do(LinkSpan("a-macron", "NIL"), alice)
    history.do(LinkSpan("b-macron", "NIL"), bob)
    history.do(LinkSpan("a-other", "NIL:ambiguous"), alice)
    for user in (alice, bob):
        for document_id in ("a", "b"):
            history.do(SetDocumentState(document_id, DocumentState.DONE), user)
    return store


def rows(model):
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_the_agreement_view_shows_linking_agreement(qtbot, project):
    dialog = AgreementDialog(project.path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.compute()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    tabs = dialog.tabs
    bar = tabs.tabBar()
    page = next(i for i in range(tabs.count()) if tabs.tabText(i) == "Relations and attributes")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(page).center())
    assert dialog.link_view.isVisible()
    assert rows(dialog.link_model) == [["actor link", "alice / bob", "2", "1", "50%", "0.33"]]
    assert "not linked" in dialog.link_caption.text()


def test_the_link_model_passes_the_model_tester(qtmodeltester, project):
    model = LinkAgreementModel()
    qtmodeltester.check(model, force_py=True)
    model.set_report(compute_agreement(project))
    qtmodeltester.check(model, force_py=True)
