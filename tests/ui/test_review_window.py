"""Review mode driven by the keyboard as a reviewer would, the store checked after each step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from belannot.core.agreement import compute_agreement
from belannot.core.commands import SetDocumentState
from belannot.core.history import History
from belannot.core.model import Document, DocumentState, ReviewState
from belannot.core.review import SHARED_LAYERS_SETTING, ApproveSpan, RejectSpan, layers_shared
from belannot.core.store import Store
from belannot.ui.actions import ActionId
from belannot.ui.dialogs.accept_agreed_dialog import AcceptAgreedChoice, AcceptAgreedDialog
from belannot.ui.models.agreement_model import VALUE_ROLE, Metric, PairMatrixModel
from belannot.ui.models.span_table_model import Column, SpanTableModel
from belannot.ui.settings import Settings
from belannot.ui.widgets.agreement_view import AgreementDialog, group_figures
from tests.store_helpers import review_state
from tests.ui.window_fixtures import (
    DISAGREEING_SPANS,
    FIRST,
    KEY,
    MOD,
    key,
    open_window,
    two_annotator_project,
)

# The disagreements on the first document; the second document: agreed.
SPANS = {
    **DISAGREEING_SPANS,
    "a-said": ("b", 0, 6, "actor", "alice"),
    "b-said": ("b", 0, 6, "actor", "bob"),
}


@pytest.fixture
def project(store):
    two_annotator_project(store, SPANS)
    history = History(store)
    for doc in ("a", "b"):
        for user in (store.user("alice"), store.user("bob")):
            history.do(SetDocumentState(doc, DocumentState.DONE), user)
    return store


@pytest.fixture
def reviewer(qtbot, project, settings):
    return open_window(qtbot, project, "rita", settings)


def current(window):
    return window.article_view.current_span_id()


def status(store, span_id):
    return store.span(span_id).status.value


def agreement_column(window):
    model = window.tag_panel.span_model
    return {
        model.span_at(row).id: model.data(model.index(row, Column.AGREEMENT))
        for row in range(model.rowCount())
    }


def test_a_reviewer_sees_every_layer_with_its_agreement(reviewer):
    assert agreement_column(reviewer) == {
        "a-merkel": "all 2/2",
        "b-merkel": "all 2/2",
        "a-macron": "≠ bounds",
        "b-macron": "≠ bounds",
        "a-berlin": "≠ label",
        "b-berlin": "≠ label",
    }
    assert not reviewer.tag_panel.span_table.isColumnHidden(Column.AGREEMENT)
    # Each annotator's layer has its own underline; the label keeps the fill.
    style = reviewer.review.style
    project = reviewer.session.store
    alice_style, bob_style = style(project.span("a-merkel")), style(project.span("b-merkel"))
    assert alice_style.underline != bob_style.underline
    assert alice_style.marker is not None and style(project.span("a-berlin")).marker is not None
    assert style(project.span("a-berlin")).marker != alice_style.marker
    assert reviewer.review.panel.counts_label.text().startswith("6 undecided")


def test_an_annotator_sees_only_their_own_spans(qtbot, project, settings):
    window = open_window(qtbot, project, "alice", settings)
    model = window.tag_panel.span_model
    assert {s.annotator for s in model.spans()} == {"alice"} and model.rowCount() == 3
    shown = {key[2] for key in window.article_view.spans().ordered()}
    assert shown == {"a-merkel", "a-macron", "a-berlin"}
    assert window.tag_panel.span_table.isColumnHidden(Column.AGREEMENT)
    assert window.review.panel is None


def test_the_project_can_show_others_spans_read_only(qtbot, project, settings, bob):
    project.set_setting(SHARED_LAYERS_SETTING, True)
    window = open_window(qtbot, project, "alice", settings)
    assert window.tag_panel.span_model.rowCount() == 6
    others = window.review.style(project.span("b-merkel"))
    own = window.review.style(project.span("a-merkel"))
    assert others.dashed and others.fill < 1 and not own.dashed
    # Read-only: relabelling bob's span is refused by the core.
    window.review.choose("b-merkel")
    key(qtbot, window, KEY.Key_2)
    assert project.span("b-merkel").label == "actor"
    assert "cannot change a span of bob" in window.statusBar().currentMessage()


def test_a_reviewer_shares_the_layers_and_an_annotator_window_follows(
    qtbot, reviewer, project, settings, tmp_path
):
    elsewhere = Store.open(project.path)  # the annotator's own process
    alice = open_window(qtbot, elsewhere, "alice", Settings(tmp_path / "alice.ini"))
    share = alice.registry[ActionId.SHARE_LAYERS]
    assert not share.isEnabled() and not share.isChecked()
    assert alice.tag_panel.span_model.rowCount() == 3
    reviewer.registry[ActionId.SHARE_LAYERS].trigger()
    assert layers_shared(project)
    assert "see each other's spans" in reviewer.statusBar().currentMessage()
    assert alice.session.check_other_writers()
    assert share.isChecked()
    assert alice.tag_panel.span_model.rowCount() == 6
    reviewer.registry[ActionId.SHARE_LAYERS].trigger()
    assert alice.session.check_other_writers()
    assert not share.isChecked() and alice.tag_panel.span_model.rowCount() == 3
    alice.close()
    elsewhere.close()


def test_a_reviewer_approves_and_rejects_with_the_keyboard(qtbot, reviewer, project):
    key(qtbot, reviewer, KEY.Key_N)
    assert current(reviewer) == "a-merkel"
    key(qtbot, reviewer, KEY.Key_A)
    approved = project.span("a-merkel")
    assert approved.status.value == "approved" and approved.reviewer == "rita"
    assert approved.reviewed_at
    # Its identical copy is a duplicate (stored rejected); A keeps the span, N moves on.
    assert status(project, "b-merkel") == "rejected"
    assert current(reviewer) == "a-merkel"
    key(qtbot, reviewer, KEY.Key_N)
    assert current(reviewer) == "a-macron"
    key(qtbot, reviewer, KEY.Key_R)
    rejected = project.span("a-macron")
    assert rejected.status.value == "rejected" and rejected.reviewer == "rita"
    assert current(reviewer) == "a-macron"
    actions = [e.action for e in project.audit_log(user="rita")]
    assert "Approve span" in actions and "Reject span" in actions
    assert review_state(project, "a") is ReviewState.IN_REVIEW
    # U takes a decision back.
    reviewer.review.choose("a-macron")
    key(qtbot, reviewer, KEY.Key_U)
    assert status(project, "a-macron") == "pending"


def test_review_progress_follows_each_decision_and_outside_changes(qtbot, reviewer, project):
    def progress() -> str:
        return reviewer.tag_panel.progress.format()

    assert progress() == "0 / 2 documents reviewed"
    reviewer.open_document("b")
    reviewer.review.choose("a-said")
    key(qtbot, reviewer, KEY.Key_A)  # approves; its duplicate b-said is rejected
    assert review_state(project, "b") is ReviewState.REVIEWED
    assert progress() == "1 / 2 documents reviewed"
    reviewer.review.choose("a-said")
    key(qtbot, reviewer, KEY.Key_U)
    assert progress() == "0 / 2 documents reviewed"
    # Another process decides and adds a document: counted again when it is noticed.
    elsewhere = Store.open(project.path)
    History(elsewhere).do(ApproveSpan("a-said"), elsewhere.user("rita"))
    History(elsewhere).do(RejectSpan("b-said"), elsewhere.user("rita"))
    elsewhere.add_document(Document("c", "A third article."))
    elsewhere.close()
    assert reviewer.session.check_other_writers()
    assert progress() == "1 / 3 documents reviewed"


def test_a_label_key_on_an_annotators_span_records_a_correction(qtbot, reviewer, project):
    reviewer.review.choose("a-berlin")
    key(qtbot, reviewer, KEY.Key_3)  # prediction: nobody's span
    original = project.span("a-berlin")
    assert original.label == "event" and original.status.value == "rejected"
    corrections = [s for s in project.spans("a") if s.corrects == "a-berlin"]
    assert len(corrections) == 1
    correction = corrections[0]
    assert (correction.start, correction.end, correction.label) == (37, 43, "prediction")
    assert correction.annotator == "rita" and correction.status.value == "approved"
    assert current(reviewer) == correction.id
    assert agreement_column(reviewer)[correction.id] == "correction"


def test_moving_a_boundary_of_an_annotators_span_records_a_correction(qtbot, reviewer, project):
    reviewer.review.choose("a-macron")
    key(qtbot, reviewer, KEY.Key_BracketRight)  # start one character right
    assert (project.span("a-macron").start, project.span("a-macron").end) == (18, 33)
    assert status(project, "a-macron") == "rejected"
    (correction,) = [s for s in project.spans("a") if s.corrects == "a-macron"]
    assert (correction.start, correction.end) == (19, 33)


def test_accept_agreed_for_the_corpus_and_undo(qtbot, reviewer, project, monkeypatch):
    asked = []

    def ask(title, annotators, parent=None):
        asked.append((title, annotators))
        return AcceptAgreedChoice(2, this_document=False)

    monkeypatch.setattr(AcceptAgreedDialog, "ask", ask)
    key(qtbot, reviewer, KEY.Key_A, MOD.ControlModifier | MOD.ShiftModifier)
    assert asked == [("Leaders meet", 2)]
    assert status(project, "a-merkel") == status(project, "a-said") == "approved"
    assert status(project, "b-merkel") == status(project, "b-said") == "rejected"
    assert status(project, "a-macron") == status(project, "a-berlin") == "pending"
    assert review_state(project, "b") is ReviewState.REVIEWED
    assert "Accepted agreed spans" in reviewer.statusBar().currentMessage()
    key(qtbot, reviewer, KEY.Key_Z, MOD.ControlModifier)
    assert {s.status.value for d in "ab" for s in project.spans(d)} == {"pending"}


def test_accept_agreed_for_this_document_only(qtbot, reviewer, project, monkeypatch):
    monkeypatch.setattr(AcceptAgreedDialog, "ask", lambda *a, **k: AcceptAgreedChoice(2, True))
    reviewer.registry[ActionId.ACCEPT_AGREED].trigger()
    assert status(project, "a-merkel") == "approved"
    assert status(project, "a-said") == "pending"


def test_next_undecided_span_then_the_next_document(qtbot, reviewer, project):
    reviewer.review.choose("a-macron")
    key(qtbot, reviewer, KEY.Key_N, MOD.ShiftModifier)
    assert current(reviewer) == "b-merkel"
    # Order: start, end, label, annotator: the Berlin event of alice comes last.
    reviewer.review.choose("a-berlin")
    key(qtbot, reviewer, KEY.Key_N)
    assert reviewer.current_document_id() == "b"
    assert current(reviewer) == "a-said"
    assert reviewer.tag_panel.selected_span_id() == "a-said"


def test_an_annotator_cannot_approve(qtbot, project, settings):
    project.set_setting(SHARED_LAYERS_SETTING, True)
    window = open_window(qtbot, project, "alice", settings)
    assert not window.registry[ActionId.APPROVE_SPAN].isEnabled()
    window.review.choose("a-merkel")
    before = project.audit_log()
    key(qtbot, window, KEY.Key_A)
    assert status(project, "a-merkel") == "pending"
    # Past the greyed-out action, the core refuses and the window says so.
    assert not window.review.decide(ApproveSpan)
    assert status(project, "a-merkel") == "pending" and project.audit_log() == before
    assert "needs a reviewer" in window.statusBar().currentMessage()


def test_the_document_list_filters_by_review_state(qtbot, reviewer, project):
    combo = reviewer.document_list.review_combo
    model = reviewer.document_model
    assert model.data(model.index(0, 4)) == "unreviewed"
    History(project).do(ApproveSpan("a-said"), project.user("rita"))
    reviewer.session.check_other_writers()
    combo.setCurrentIndex(combo.findText("Reviewed"))
    assert model.rowCount() == 1 and model.document_id(0) == "b"
    assert model.data(model.index(0, 4)) == "reviewed"
    combo.setCurrentIndex(combo.findText("Unreviewed"))
    assert [model.document_id(r) for r in range(model.rowCount())] == ["a"]


def test_the_agreement_view_shows_what_compute_agreement_says(qtbot, reviewer, project):
    expected = compute_agreement(project)
    key(qtbot, reviewer, KEY.Key_G, MOD.ControlModifier | MOD.ShiftModifier)
    dialog = reviewer.review._agreement
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    assert dialog.report == expected
    model = dialog.model
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(2)] == ["alice", "bob"]
    pair = expected.overall.pair("alice", "bob")
    assert model.index(0, 1).data(VALUE_ROLE) == pytest.approx(pair.exact_f1)
    assert model.index(0, 1).data() == f"{pair.exact_f1:.2f}"
    dialog.label_combo.setCurrentIndex(dialog.label_combo.findData("actor"))
    dialog.metric_combo.setCurrentIndex(dialog.metric_combo.findData(Metric.KAPPA))
    actor = expected.label("actor").pair("alice", "bob")
    assert model.index(1, 0).data(VALUE_ROLE) == pytest.approx(actor.kappa)
    assert f"{expected.label('actor').alpha:.2f}" in dialog.group_label.text()
    groups = dict(dialog.chart.groups())
    assert groups["actor"] == group_figures(expected.label("actor"))
    assert groups["overall"] == group_figures(expected.overall)
    dialog.close()


def test_the_agreement_view_reports_a_failure(qtbot, store):
    dialog = AgreementDialog(store.path)
    qtbot.addWidget(dialog)
    assert dialog.compute() is not None
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=10000)
    assert dialog.report is None
    assert "at least two annotators" in dialog.summary.text()


def test_the_pair_matrix_passes_the_model_tester(qtmodeltester, project):
    model = PairMatrixModel()
    qtmodeltester.check(model, force_py=True)
    model.set_report(compute_agreement(project))
    model.set_label("actor")
    qtmodeltester.check(model, force_py=True)


def test_the_span_table_with_agreement_passes_the_model_tester(qtmodeltester, project):
    from belannot.core.span_agreement import span_agreements

    spans = project.spans("a")
    model = SpanTableModel()
    model.set_spans(FIRST, spans, span_agreements(spans))
    qtmodeltester.check(model, force_py=True)


def test_the_document_list_in_review_mode_passes_the_model_tester(qtmodeltester, project):
    from belannot.ui.models.document_list_model import DocumentListModel

    model = DocumentListModel(project, "rita")
    model.set_review_column(True)
    qtmodeltester.check(model, force_py=True)
    model.set_review_filter(ReviewState.UNREVIEWED)
    qtmodeltester.check(model, force_py=True)
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Review"
