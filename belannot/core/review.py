"""Review commands: a reviewer decides which annotated spans become a document's gold.

Words (see docs/GLOSSARY.md):

- A span is **pending** (undecided) until a reviewer **approves** or **rejects** it.
  A document is **reviewed** when none of its spans is pending; its approved spans
  are its **gold**.
- **Identical copies** are spans of one document with the same start, end and label,
  whoever made them. A review decision is about that content, so it is recorded on
  every copy:

  * approve: the chosen span is approved; its other pending copies are rejected as
    **duplicates**. The gold never holds the same (start, end, label) twice, so
    ``export --approved-only`` writes each gold span once, with the annotator whose
    copy was chosen. A duplicate is therefore not a disagreement: a rejected span
    with an approved identical copy is a duplicate, one without is a real rejection
    (derived, nothing extra is stored). Approving a span whose content is already
    approved through another copy marks it a duplicate.
  * reject: the span and its pending or approved copies are rejected.
  * reset: the span and its copies go back to pending.

  A duplicate is stored rejected but always *shown* as "duplicate" (merged into the
  approved copy, :func:`shown_status`): an annotator never sees a correct span called
  rejected.
- A **correction** is the reviewer's version of an annotator's span (another label
  or other boundaries): a new span annotated by the reviewer, with
  ``corrects=<original id>``, approved. The original is kept, rejected by the
  reviewer (with its copies), so the audit and the annotator still see it. When an
  annotator already made exactly the reviewer's version, that span is approved
  instead (its other copies become duplicates) and no new span is made.
- **Accept agreed** (auto-merge): in the chosen documents, every (start, end, label)
  that at least N distinct annotators made and that is still pending becomes gold:
  one representative copy (the earliest made) is approved, the other pending copies
  become duplicates. Content a reviewer already rejected is left alone. Relations
  that enough annotators made identically follow once both their ends are in the
  gold (core/relation_review.py). It is one command, so one undo reverts all of it.

Every command needs the reviewer role (checked by History) and records who and when
in ``reviewer`` / ``reviewed_at``; the audit log keeps every step.

- **Shared layers** is a project setting a reviewer turns on or off: annotators then see
  each other's spans, read-only. Off by default, so that each layer is made on its own
  and agreement between them means something. Reviewers always see every layer.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import ClassVar

from belannot.core.attributes import compared_values, declared_only
from belannot.core.changes import Changes, Edit, Entity
from belannot.core.commands import Command, _existing_span
from belannot.core.errors import PermissionDeniedError
from belannot.core.model import (
    Role,
    Span,
    SpanStatus,
    User,
    ValidationError,
    check_offsets,
    new_span_id,
    now_iso,
)
from belannot.core.operations import Operation, run
from belannot.core.reader import ProjectReader
from belannot.core.relation_review import agreed_relation_edits, spans_after
from belannot.core.store import Store, span_to_row

_STATUS = attrgetter("status")


def _copies(store: Store, span: Span) -> list[Span]:
    """The span's identical copies (itself excluded), earliest made first."""
    found = store.identical_spans(span.document_id, span.start, span.end, span.label)
    return [copy for copy in found if copy.id != span.id]


def _decide(span: Span, status: SpanStatus, reviewer: str | None, stamp: str | None) -> Edit:
    decided = span.with_changes(status=status, reviewer=reviewer, reviewed_at=stamp)
    return Edit(Entity.SPAN, span_to_row(span), span_to_row(decided))


def _decide_all(
    store: Store, span: Span, status: SpanStatus, reviewer: str | None, stamp: str | None
) -> list[Edit]:
    """Give ``span`` and its identical copies ``status``, skipping those that have it."""
    return [
        _decide(copy, status, reviewer, stamp)
        for copy in [span, *_copies(store, span)]
        if copy.status is not status
    ]


def _approve(span: Span, others: Iterable[Span], user: User, stamp: str) -> list[Edit]:
    """Approve ``span`` (unless already approved) and make its pending copies duplicates."""
    edits = []
    if span.status is not SpanStatus.APPROVED:
        edits.append(_decide(span, SpanStatus.APPROVED, user.name, stamp))
    edits.extend(
        _decide(copy, SpanStatus.REJECTED, user.name, stamp)
        for copy in others
        if copy.status is SpanStatus.PENDING
    )
    return edits


class ReviewCommand(Command):
    """A reviewer's decision; refused to annotators by History."""

    required_role: ClassVar[Role | None] = Role.REVIEWER


@dataclass(frozen=True)
class _SpanDecision(ReviewCommand):
    """A decision on one span's content; ``decide`` gets the span, looked up once."""

    span_id: str

    @abstractmethod
    def decide(self, store: Store, span: Span, user: User) -> list[Edit]:
        """The row edits of this decision on ``span`` and its copies."""

    def edits(self, store: Store, user: User) -> list[Edit]:
        return self.decide(store, _existing_span(store, self.span_id), user)


class ApproveSpan(_SpanDecision):
    """Put the span's content into the gold (once: its copies become duplicates)."""

    description: ClassVar[str] = "Approve span"

    def decide(self, store: Store, span: Span, user: User) -> list[Edit]:
        copies = _copies(store, span)
        already_gold = next((c for c in copies if c.status is SpanStatus.APPROVED), None)
        if already_gold is not None:
            # The content is gold through another copy: this one is a duplicate.
            return _approve(already_gold, [span, *copies], user, now_iso())
        return _approve(span, copies, user, now_iso())


class RejectSpan(_SpanDecision):
    """Keep the span's content out of the gold (all its copies are rejected)."""

    description: ClassVar[str] = "Reject span"

    def decide(self, store: Store, span: Span, user: User) -> list[Edit]:
        return _decide_all(store, span, SpanStatus.REJECTED, user.name, now_iso())


class ResetReview(_SpanDecision):
    """Take back the decision on the span's content: it and its copies are pending again."""

    description: ClassVar[str] = "Reset review"

    def decide(self, store: Store, span: Span, user: User) -> list[Edit]:
        return _decide_all(store, span, SpanStatus.PENDING, None, None)


@dataclass(frozen=True)
class CorrectSpan(ReviewCommand):
    """Replace a span by the reviewer's version; the original is kept, rejected.

    ``new_span_id`` fixes the correction's id (tests, scripted reviews).
    """

    span_id: str
    start: int | None = None
    end: int | None = None
    label: str | None = None
    new_span_id: str | None = None
    description: ClassVar[str] = "Correct span"

    def edits(self, store: Store, user: User) -> list[Edit]:
        original = _existing_span(store, self.span_id)
        start = original.start if self.start is None else self.start
        end = original.end if self.end is None else self.end
        label = original.label if self.label is None else self.label
        check_offsets(len(store.document_text(original.document_id)), start, end)
        target_label = store.label(label)
        if target_label is None:
            raise ValidationError(f"unknown label {label!r}")
        if (start, end, label) == (original.start, original.end, original.label):
            raise ValidationError("the correction is the same as the span: approve it instead")
        targets = store.identical_spans(original.document_id, start, end, label)
        if any(t.status is SpanStatus.APPROVED for t in targets):
            raise ValidationError(
                f"{label} [{start}, {end}) is already in the gold: reject this span instead"
            )
        stamp = now_iso()
        rejected = _decide_all(store, original, SpanStatus.REJECTED, user.name, stamp)
        if targets:
            # An annotator made exactly this: their span becomes the gold (the earliest
            # made), not a new one that would call theirs rejected.
            chosen = next((t for t in targets if t.status is SpanStatus.PENDING), targets[0])
            others = [t for t in targets if t.id != chosen.id]
            return [*rejected, *_approve(chosen, others, user, stamp)]
        correction = Span(
            id=self.new_span_id or new_span_id(),
            document_id=original.document_id,
            start=start,
            end=end,
            label=label,
            annotator=user.name,
            status=SpanStatus.APPROVED,
            reviewer=user.name,
            reviewed_at=stamp,
            created=stamp,
            updated=stamp,
            # A correction to another label keeps only what that label declares.
            attributes=declared_only(target_label.attributes, original.attributes),
            corrects=original.id,
        )
        return [*rejected, Edit(Entity.SPAN, None, span_to_row(correction))]


DUPLICATE = "duplicate"


def duplicate_ids(spans: Iterable[Span], gold: Iterable[Span]) -> set[str]:
    """The ids of the ``spans`` that are duplicates: rejected, with an approved identical
    copy among ``gold`` (the document's approved spans)."""
    approved = {(g.start, g.end, g.label) for g in gold if g.status is SpanStatus.APPROVED}
    return {
        s.id
        for s in spans
        if s.status is SpanStatus.REJECTED and (s.start, s.end, s.label) in approved
    }


def rejected_duplicates(spans: Sequence[Span], gold: Callable[[], Iterable[Span]]) -> set[str]:
    """:func:`duplicate_ids`, asking for the ``gold`` only when one of ``spans`` is rejected:
    only a rejected span can be a duplicate (reading 10,000 spans again took ~30 ms)."""
    # `in` over the statuses runs in C: a generator over 10,000 spans took ~1.5 ms an open.
    if SpanStatus.REJECTED not in map(_STATUS, spans):
        return set()
    return duplicate_ids(spans, gold())


def shown_status(span: Span, duplicates: Collection[str]) -> str:
    """What a span's status is called wherever a person reads it: a duplicate is merged
    into the gold, never "rejected"."""
    return DUPLICATE if span.id in duplicates else span.status.value


def agreed_groups(spans: Iterable[Span], min_annotators: int) -> list[list[Span]]:
    """The groups of identical copies, made by at least ``min_annotators`` distinct
    annotators (reviewer corrections do not count), that accept-agreed would decide:
    some copy is pending and the content was not rejected without being approved.
    Identical means the same offsets, label and attribute values (a note aside): copies
    that differ on, say, certainty are a disagreement for the reviewer to settle.
    Each group is sorted earliest made first."""
    groups: dict[tuple[int, int, str, str], list[Span]] = defaultdict(list)
    for span in spans:
        values = json.dumps(compared_values(span.attributes), sort_keys=True)
        groups[(span.start, span.end, span.label, values)].append(span)
    chosen = []
    for key in sorted(groups):
        group = sorted(groups[key], key=lambda s: (s.created, s.annotator, s.id))
        annotators = {s.annotator for s in group if s.corrects is None}
        statuses = {s.status for s in group}
        if len(annotators) < min_annotators or SpanStatus.PENDING not in statuses:
            continue
        if SpanStatus.REJECTED in statuses and SpanStatus.APPROVED not in statuses:
            continue  # a reviewer kept this content out of the gold
        chosen.append(group)
    return chosen


@dataclass(frozen=True)
class AcceptAgreed(ReviewCommand):
    """Approve what at least ``min_annotators`` annotators marked identically.

    ``document_ids`` None means the whole corpus.
    """

    min_annotators: int
    document_ids: Sequence[str] | None = None

    @property
    def description(self) -> str:
        return f"Accept spans agreed by {self.min_annotators} annotators"

    def edits(self, store: Store, user: User) -> list[Edit]:
        if self.min_annotators < 2:
            raise ValidationError(
                f"--min-annotators must be at least 2 (agreement needs two), "
                f"got {self.min_annotators}"
            )
        stamp = now_iso()
        edits: list[Edit] = []
        directed = {t.name: t.directed for t in store.relation_types()}
        for document_id, spans in store.iter_document_spans(self.document_ids):
            span_edits: list[Edit] = []
            for group in agreed_groups(spans, self.min_annotators):
                approved = [s for s in group if s.status is SpanStatus.APPROVED]
                # Without an approved copy, no copy is rejected either (agreed_groups).
                representative = approved[0] if approved else group[0]
                others = [s for s in group if s.id != representative.id]
                span_edits.extend(_approve(representative, others, user, stamp))
            edits.extend(span_edits)
            # Relations follow their ends into the gold, in the same step.
            edits.extend(
                agreed_relation_edits(
                    store,
                    document_id,
                    spans_after(spans, span_edits),
                    directed,
                    self.min_annotators,
                    user,
                    stamp,
                )
            )
        return edits


# The key predates the name "shared layers"; projects already store it.
SHARED_LAYERS_SETTING = "show_others_read_only"


def layers_shared(store: ProjectReader) -> bool:
    """Whether annotators of this project see each other's spans (read-only)."""
    return bool(store.setting(SHARED_LAYERS_SETTING, False))


@dataclass(frozen=True)
class ShareLayers(Operation):
    """Turn shared layers on or off (a reviewer's choice); audited, not undoable, as it
    changes what every annotator sees."""

    shared: bool

    @property
    def description(self) -> str:
        return "share layers" if self.shared else "keep layers apart"

    def apply(self, store: Store, user: User) -> Changes:
        # Checked here rather than through required_role: the message names the setting.
        if user.role is not Role.REVIEWER:
            raise PermissionDeniedError(
                f"{user.name} is an {user.role.value}; sharing annotators' layers needs a reviewer"
            )
        before = layers_shared(store)
        if before == self.shared:
            return Changes()
        store.set_setting(SHARED_LAYERS_SETTING, self.shared)
        store.append_audit(
            user=user.name,
            action=self.description,
            entity="setting",
            entity_id=SHARED_LAYERS_SETTING,
            before={"shared": before},
            after={"shared": self.shared},
        )
        return Changes(settings=frozenset({SHARED_LAYERS_SETTING}))


def share_layers(store: Store, user: User, shared: bool) -> bool:
    """Run :class:`ShareLayers` as ``user``; returns whether the setting changed."""
    return bool(run(store, ShareLayers(shared), user))
