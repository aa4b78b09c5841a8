"""ReviewController: layers (whose spans a user sees) and review mode (approve, reject,
correct, next undecided, accept agreed, agreement view) wired into the main window."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Collection
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSignalBlocker, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolBar, QWidget

from belannot.core.changes import Changes
from belannot.core.commands import Command
from belannot.core.model import ReviewState, Role, Span, SpanStatus, new_span_id, span_order
from belannot.core.review import (
    AcceptAgreed,
    ApproveSpan,
    CorrectSpan,
    RejectSpan,
    ResetReview,
    ShareLayers,
    duplicate_ids,
    layers_shared,
    rejected_duplicates,
    shown_status,
)
from belannot.core.span_agreement import SpanAgreement, document_annotators, span_agreements
from belannot.ui.actions import ActionId, ActionRegistry
from belannot.ui.models.span_table_model import CONSENSUS_COLORS
from belannot.ui.models.span_table_model import Column as SpanColumn
from belannot.ui.session import Session
from belannot.ui.widgets.article_view import ArticleView
from belannot.ui.widgets.review_panel import ReviewPanel
from belannot.ui.widgets.span_highlighter import PLAIN, SpanStyle
from belannot.ui.widgets.tag_panel import TagPanel

if TYPE_CHECKING:
    from belannot.ui.widgets.agreement_view import AgreementDialog

REVIEW_ACTIONS = (
    ActionId.APPROVE_SPAN,
    ActionId.REJECT_SPAN,
    ActionId.RESET_REVIEW,
    ActionId.NEXT_UNDECIDED,
    ActionId.PREVIOUS_UNDECIDED,
    ActionId.ACCEPT_AGREED,
    ActionId.SHARE_LAYERS,
)
# Underline colours of annotators' layers: dark, so they read apart from the label fills.
ANNOTATOR_COLORS = (
    QColor("#3f37c9"),
    QColor("#1f1f1f"),
    QColor("#00796b"),
    QColor("#8d5524"),
    QColor("#5e35b1"),
    QColor("#455a64"),
)

OTHERS_COLOR = QColor("#9aa0a6")
# Toolbar and button captions: short, the menu keeps the full wording.
SHORT_TEXT = {
    ActionId.APPROVE_SPAN: "Approve",
    ActionId.REJECT_SPAN: "Reject",
    ActionId.RESET_REVIEW: "Undecide",
    ActionId.NEXT_UNDECIDED: "Next undecided",
    ActionId.PREVIOUS_UNDECIDED: "Previous undecided",
    ActionId.ACCEPT_AGREED: "Accept agreed…",
    ActionId.AGREEMENT: "Agreement…",
}
# Room for the agreement column; small enough that the article keeps its width at 1024 px
# (the span list scrolls sideways when the columns need more).
REVIEW_PANEL_WIDTH = 320
# Documents one change may touch before the review progress is counted again from scratch.
PROGRESS_RECOUNT_LIMIT = 500
REJECTED_FILL = 0.3
OTHERS_FILL = 0.45


class ReviewController(QObject):
    """Owns what review adds to the window; the window asks it which spans to show.

    For a reviewer it builds ``panel`` and ``toolbar``, which the window lays out."""

    # Something the person should read.
    notice = Signal(str)
    # A span to select in the article and the span list (None: none).
    span_chosen = Signal(object)
    # Go to this document (the next one with undecided spans).
    document_wanted = Signal(str)
    # Whose spans show changed (hidden annotators): read the spans again.
    layers_changed = Signal()

    def __init__(
        self,
        session: Session,
        registry: ActionRegistry,
        view: ArticleView,
        tags: TagPanel,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.session, self.registry, self.view, self.tags = session, registry, view, tags
        self._parent = parent
        self.user = session.user
        self.is_reviewer = self.user.role is Role.REVIEWER
        self.agreements: dict[str, SpanAgreement] = {}
        self._colors: dict[str, QColor] = {}
        self._spans: list[Span] = []
        # The shown spans by id, built on the first incremental change (changed_spans).
        self._by_id: dict[str, Span] | None = None
        self._document_id: str | None = None
        # Shown spans that are duplicates (rejected, an identical copy approved): they are
        # shown merged into the gold, never as rejected.
        self.duplicates: set[str] = set()
        self._agreement: AgreementDialog | None = None
        # The reviewed documents, counted for the progress bar: read whole once, then
        # kept up to date from the documents each change touched.
        self._reviewed: set[str] | None = None
        self._document_count = 0
        # Annotators whose spans are not shown (Preferences); one's own always are.
        self.hidden_annotators: frozenset[str] = frozenset()
        self.panel: ReviewPanel | None = None
        # Set by the window: a decision key on the relation chosen in the Relations list.
        self.relation_decider: Callable[[type[Command]], bool] | None = None
        self.toolbar: QToolBar | None = None
        for action_id in REVIEW_ACTIONS:
            # Greyed out for annotators; the core refuses them anyway (History).
            registry[action_id].setEnabled(self.is_reviewer)
        registry[ActionId.APPROVE_SPAN].triggered.connect(lambda: self.decide(ApproveSpan))
        registry[ActionId.REJECT_SPAN].triggered.connect(lambda: self.decide(RejectSpan))
        registry[ActionId.RESET_REVIEW].triggered.connect(lambda: self.decide(ResetReview))
        registry[ActionId.NEXT_UNDECIDED].triggered.connect(lambda: self.next_undecided())
        registry[ActionId.PREVIOUS_UNDECIDED].triggered.connect(
            lambda: self.next_undecided(backwards=True)
        )
        registry[ActionId.ACCEPT_AGREED].triggered.connect(self.accept_agreed)
        registry[ActionId.AGREEMENT].triggered.connect(self.show_agreement)
        registry[ActionId.SHARE_LAYERS].setChecked(layers_shared(self.session.store))
        registry[ActionId.SHARE_LAYERS].toggled.connect(self.share_layers)
        view.set_span_styler(self.style)
        view.status_text = self.status_text
        tags.span_model.status_text = self.status_text
        self.session.changed.connect(self._after_change)
        if self.is_reviewer:
            self._build_review_mode()

    def _build_review_mode(self) -> None:
        registry = self.registry
        for action_id, text in SHORT_TEXT.items():
            registry[action_id].setIconText(text)
        self.tags.set_review_mode(True)
        # Room for the agreement column beside the span text.
        self.tags.setMinimumWidth(REVIEW_PANEL_WIDTH)
        self.panel = ReviewPanel(
            [
                registry[a]
                for a in (
                    ActionId.APPROVE_SPAN,
                    ActionId.REJECT_SPAN,
                    ActionId.NEXT_UNDECIDED,
                    ActionId.RESET_REVIEW,
                    ActionId.ACCEPT_AGREED,
                    ActionId.AGREEMENT,
                )
            ],
            CONSENSUS_COLORS,
            self._parent,
        )
        self.toolbar = registry.toolbar(
            "Review",
            "review_toolbar",
            [
                ActionId.APPROVE_SPAN,
                ActionId.REJECT_SPAN,
                ActionId.NEXT_UNDECIDED,
                ActionId.ACCEPT_AGREED,
                ActionId.AGREEMENT,
            ],
            self._parent,
        )
        self._update_progress()

    def set_hidden_annotators(self, names: frozenset[str]) -> None:
        if names != self.hidden_annotators:
            self.hidden_annotators = names
            self.layers_changed.emit()

    # -- layers ----------------------------------------------------------------------

    def _updated(self, document_id: str, changed: Collection[str]) -> list[Span]:
        # Unchanged spans stay the same objects, so views can tell what moved.
        changed = set(changed)
        spans = [span for span in self._spans if span.id not in changed]
        sees = self._sees()
        for span_id in changed:
            span = self.session.store.span(span_id)
            if span is not None and span.document_id == document_id and sees(span):
                insort(spans, span, key=span_order)
        return spans

    def changed_spans(
        self, document_id: str, changed: Collection[str]
    ) -> tuple[list[Span], set[str]] | None:
        """What edits to the ``changed`` span ids did to the spans shown: (spans shown now,
        new or edited; ids no longer shown). None when every span must be read again:
        another document, or a reviewer, whose agreement cues depend on all of them."""
        if self.is_reviewer or document_id != self._document_id:
            return None
        if self._by_id is None:
            self._by_id = {span.id: span for span in self._spans}
        sees, store = self._sees(), self.session.store
        shown: list[Span] = []
        gone: set[str] = set()
        for span_id in changed:
            if (old := self._by_id.pop(span_id, None)) is not None:
                del self._spans[bisect_left(self._spans, span_order(old), key=span_order)]
            span = store.span(span_id)
            self.duplicates.discard(span_id)
            if span is not None and span.document_id == document_id and sees(span):
                shown.append(span)
                self._by_id[span_id] = span
                insort(self._spans, span, key=span_order)
                copies = store.identical_spans(document_id, span.start, span.end, span.label)
                self.duplicates |= duplicate_ids([span], copies)
            else:
                gone.add(span_id)
        return shown, gone

    def _sees(self) -> Callable[[Span], bool]:
        """Own spans always; others' when the role or project allows and the user
        has not hidden that annotator (Preferences)."""
        me, hidden = self.user.name, self.hidden_annotators
        if not self.shows_others():
            return lambda span: span.annotator == me
        return lambda span: span.annotator == me or span.annotator not in hidden

    def shows_others(self) -> bool:
        return self.is_reviewer or layers_shared(self.session.store)

    def share_layers(self, shared: bool) -> None:
        """Let annotators see each other's spans, read-only (or stop); a reviewer's choice."""
        changes = self.session.run(ShareLayers(shared), initiator=self)
        if changes is None:  # refused: the session said why
            self._show_layers_setting()
        elif changes:
            self._notice(
                "Annotators now see each other's spans, read-only."
                if shared
                else "Annotators now see only their own spans."
            )

    def _show_layers_setting(self) -> None:
        action = self.registry[ActionId.SHARE_LAYERS]
        with QSignalBlocker(action):
            action.setChecked(layers_shared(self.session.store))

    def visible_spans(self, document_id: str, changed: Collection[str] | None = None) -> list[Span]:
        """The spans of ``document_id`` this user sees (for a reviewer, with how the
        annotators agree on each).

        With ``changed`` span ids, only those are read again: adding a span to a
        10,000-span document must not read the other 9,999.
        """
        store = self.session.store
        every: list[Span] | None = None
        if changed is not None and self._document_id == document_id:
            spans = self._updated(document_id, changed)
        else:
            sees = self._sees()
            every = store.spans(document_id)
            spans = [s for s in every if sees(s)]
            # Whose span it is says something only when others' spans show: else the
            # column's room goes to the span text.
            self.tags.span_table.setColumnHidden(
                SpanColumn.ANNOTATOR, not self.shows_others()
            )
        self._document_id = document_id
        self._spans = spans
        self._by_id = None
        gold = every.copy if every is not None else partial(store.gold_spans, document_id)
        self.duplicates = rejected_duplicates(spans, gold)  # from the one read, when made
        if not self.is_reviewer:
            self.agreements = {}
            return spans
        roles = {user.name: user.role for user in store.users()}
        done = [a for a, state in store.document_states(document_id).items() if state == "done"]
        annotators = [
            a for a in document_annotators(spans, done) if roles.get(a) is not Role.REVIEWER
        ]
        self.agreements = span_agreements(spans, annotators)
        names = sorted(roles)
        self._colors = {
            name: ANNOTATOR_COLORS[i % len(ANNOTATOR_COLORS)] for i, name in enumerate(names)
        }
        if self.panel is not None:
            layers = sorted({*annotators, *(s.annotator for s in spans)})
            self.panel.set_layers(
                {name: self._colors[name] for name in layers if name in self._colors},
                Counter(s.annotator for s in spans),
            )
            statuses = Counter(s.status for s in spans if s.id not in self.duplicates)
            conflicts = sum(
                1
                for s in spans
                if s.status is SpanStatus.PENDING and self.agreements[s.id].is_conflict
            )
            self.panel.set_counts(
                statuses[SpanStatus.PENDING],
                statuses[SpanStatus.APPROVED],
                statuses[SpanStatus.REJECTED],
                conflicts,
            )
            self.panel.set_attribute_differences(self.agreements)
        return spans

    def style(self, span: Span) -> SpanStyle:
        """How the article view draws ``span`` for this user."""
        if not self.is_reviewer:
            if span.annotator == self.user.name:
                return PLAIN
            return SpanStyle(underline=OTHERS_COLOR, fill=OTHERS_FILL, dashed=True)
        color = self._colors.get(span.annotator, OTHERS_COLOR)
        if span.status is SpanStatus.REJECTED and span.id not in self.duplicates:
            return SpanStyle(underline=color, fill=REJECTED_FILL, dashed=True)
        found = self.agreements.get(span.id)
        marker = (
            CONSENSUS_COLORS[found.kind]
            if found is not None and span.status is SpanStatus.PENDING
            else None
        )
        return SpanStyle(underline=color, marker=marker)

    def status_text(self, span: Span) -> str:
        """The status as the span list and the hover show it ("duplicate", not rejected)."""
        return shown_status(span, self.duplicates)

    # -- review actions -----------------------------------------------------------------

    def current_span(self) -> Span | None:
        span_id = self.view.current_span_id()
        return self.session.store.span(span_id) if span_id else None

    def _notice(self, text: str) -> None:
        self.notice.emit(text)

    def choose(self, span_id: str | None) -> None:
        self.span_chosen.emit(span_id)

    def decide(self, command_type: type[Command]) -> bool:
        """Run a review command on the current span, which stays selected so that its new
        status shows; N then goes to the next undecided span (none is skipped)."""
        if self.relation_decider is not None and self.relation_decider(command_type):
            return True
        span = self.current_span()
        if span is None:
            self._notice("Select a span first (N goes to the next undecided one).")
            return False
        if self.session.run(command_type(span.id), self) is None:  # type: ignore[call-arg]
            return False
        self.choose(span.id)
        return True

    def correct(self, span: Span, fields: dict[str, Any]) -> None:
        """Record the reviewer's version of another annotator's span; the original is kept."""
        command = CorrectSpan(span.id, new_span_id=new_span_id(), **fields)
        if self.session.run(command, self) is None:
            return
        store = self.session.store
        if store.span(command.new_span_id or "") is not None:
            self.choose(command.new_span_id)
            self._notice(f"Corrected {span.annotator}'s span; the original is kept, rejected.")
            return
        # Someone had made exactly this version: their span was approved instead.
        corrected = store.span(span.id) or span
        start, end = fields.get("start", corrected.start), fields.get("end", corrected.end)
        label = fields.get("label", corrected.label)
        gold = [
            s
            for s in store.identical_spans(span.document_id, start, end, label)
            if s.status is SpanStatus.APPROVED
        ]
        self.choose(gold[0].id if gold else None)
        who = gold[0].annotator if gold else "an annotator"
        self._notice(f"Approved {who}'s identical span; {span.annotator}'s is kept, rejected.")

    def next_undecided(self, *, backwards: bool = False) -> None:
        """Select the next (previous) undecided span; past the last, the next document's first."""
        document_id = self._document_id
        if document_id is None:
            return
        pending = sorted((s for s in self._spans if s.status is SpanStatus.PENDING), key=span_order)
        current = self.current_span()
        if current is not None:
            key = span_order(current)
            if backwards:
                pending = [s for s in pending if span_order(s) < key][::-1]
            else:
                # Past the last one, N moves on to the next document.
                pending = [s for s in pending if span_order(s) > key]
        elif backwards:
            pending.reverse()
        if pending:
            self.choose(pending[0].id)
            return
        if backwards:
            self._notice("No undecided span before this one.")
            return
        following = self.session.store.next_document_with_pending(document_id)
        if following is None:
            self._notice("No undecided span left in the project.")
            return
        self.document_wanted.emit(following)
        first = next(
            iter(
                sorted((s for s in self._spans if s.status is SpanStatus.PENDING), key=span_order)
            ),
            None,
        )
        self.choose(first.id if first else None)

    def accept_agreed(self) -> None:
        store = self.session.store
        document_id = self._document_id
        title = store.document(document_id).meta.title or document_id if document_id else None
        annotators = sum(1 for user in store.users() if user.role is Role.ANNOTATOR)
        from belannot.ui.dialogs.accept_agreed_dialog import AcceptAgreedDialog

        choice = AcceptAgreedDialog.ask(title, annotators, self._parent)
        if choice is None:
            return
        scope = [document_id] if choice.this_document and document_id else None
        changes = self.session.run(AcceptAgreed(choice.min_annotators, scope), self)
        if changes is None:
            return
        if not changes:
            self._notice("Nothing to accept: no undecided span has that much agreement.")
            return
        relations = sum(
            1
            for relation_id in changes.relation_ids
            if (relation := store.relation(relation_id)) is not None
            and relation.status is SpanStatus.APPROVED
        )
        approved = f", {relations} relation{'s' if relations != 1 else ''} approved"
        self._notice(
            f"Accepted agreed spans: {len(changes.span_ids)} spans decided"
            f"{approved if relations else ''} in "
            f"{len(changes.document_ids)} document(s). Undo takes it back."
        )

    def show_agreement(self) -> AgreementDialog | None:
        path = self.session.store.location
        if path is None:
            self._notice("Agreement needs a project file.")
            return None
        if self._agreement is None:
            from belannot.ui.widgets.agreement_view import AgreementDialog

            self._agreement = AgreementDialog(path, self._parent)
        self._agreement.show()
        self._agreement.raise_()
        self._agreement.compute()
        return self._agreement

    # -- refresh ---------------------------------------------------------------------------

    def _after_change(self, changes: Changes, _initiator: object) -> None:
        if changes.everything or changes.settings:  # another process may have changed it
            self._show_layers_setting()
        self._update_progress(changes)

    def _update_progress(self, changes: Changes | None = None) -> None:
        if not self.is_reviewer:
            return
        store = self.session.store
        if (
            self._reviewed is None
            or changes is None
            or changes.everything
            or len(changes.document_ids) > PROGRESS_RECOUNT_LIMIT
        ):
            # Reading every document's state took 0.2-0.5 s in a 100,000-document project:
            # once, and again only after whole-project changes, never per decision.
            self._reviewed = store.reviewed_documents()
            self._document_count = store.document_count()
        else:
            for document_id, state in store.review_states_of(list(changes.document_ids)).items():
                if state is ReviewState.REVIEWED:
                    self._reviewed.add(document_id)
                else:
                    self._reviewed.discard(document_id)
        reviewed, total = len(self._reviewed), self._document_count
        progress = self.tags.progress
        progress.setRange(0, max(total, 1))
        progress.setValue(reviewed)
        progress.setFormat(f"{reviewed} / {total} documents reviewed")
