"""``belannot review``: reviewer decisions on spans, review states and shared layers."""

from __future__ import annotations

import click

from belannot.cli.context import BelannotGroup, Context, pass_context
from belannot.cli.render import describe_relation, describe_span, echo_rows
from belannot.core.changes import Changes
from belannot.core.commands import Command, missing_span
from belannot.core.errors import BelannotError
from belannot.core.history import History
from belannot.core.model import ReviewState, Span, SpanStatus
from belannot.core.relation_commands import ApproveRelation, RejectRelation
from belannot.core.relations import Relation
from belannot.core.review import (
    AcceptAgreed,
    ApproveSpan,
    CorrectSpan,
    RejectSpan,
    ResetReview,
    layers_shared,
    share_layers,
)
from belannot.core.store import Store


@click.group(cls=BelannotGroup)
def review() -> None:
    """Reviewer decisions: approve, reject, correct, accept agreed spans (reviewers only)."""


def _run_review(context: Context, command: Command) -> Changes:
    return History(context.store()).do(command, context.user())


def _span_or_fail(store: Store, span_id: str) -> Span:
    span = store.span(span_id)
    if span is None:
        raise missing_span(store, span_id)
    return span


# One decision on one span: the command's name, the operation it runs, its help.
DECISIONS: dict[str, tuple[type[ApproveSpan | RejectSpan | ResetReview], str]] = {
    "approve": (
        ApproveSpan,
        "Approve a span as the current --user (its identical copies become duplicates).",
    ),
    "reject": (RejectSpan, "Reject a span, and its identical copies, as the current --user."),
    "reset": (ResetReview, "Make a span, and its identical copies, undecided again."),
}


@pass_context
def decide(context: Context, span_id: str) -> None:
    """approve, reject or reset (the invoked name says which): decide, then show the span
    and every identical copy the decision reached."""
    decision, _ = DECISIONS[click.get_current_context().command.name or ""]
    changes = _run_review(context, decision(span_id))
    store = context.store()
    span = _span_or_fail(store, span_id)
    click.echo(f"{span.status.value}: {describe_span(store, span)}")
    for other_id in sorted(changes.span_ids - {span_id}):
        other = _span_or_fail(store, other_id)
        click.echo(f"  identical copy {other.status.value}: {describe_span(store, other)}")


for _name, (_, _help) in DECISIONS.items():
    review.add_command(
        click.Command(_name, callback=decide, params=[click.Argument(["span_id"])], help=_help)
    )


@review.command("correct")
@click.argument("span_id")
@click.option("--start", type=int, help="New start offset.")
@click.option("--end", type=int, help="New end offset (exclusive).")
@click.option("--label", help="New label.")
@pass_context
def review_correct(
    context: Context, span_id: str, start: int | None, end: int | None, label: str | None
) -> None:
    """Replace a span by your corrected version; the original is kept, rejected."""
    changes = _run_review(context, CorrectSpan(span_id, start=start, end=end, label=label))
    store = context.store()
    for changed_id in sorted(changes.span_ids):
        span = _span_or_fail(store, changed_id)
        role = "correction" if span.corrects == span_id else span.status.value
        click.echo(f"{role}: {describe_span(store, span)}")


@review.command("accept-agreed")
@click.option(
    "--min-annotators",
    type=click.IntRange(min=2),
    required=True,
    help="Approve spans at least this many annotators made identically.",
)
@click.option("--doc", "document_ids", multiple=True, help="Only this document (repeatable).")
@pass_context
def review_accept_agreed(
    context: Context, min_annotators: int, document_ids: tuple[str, ...]
) -> None:
    """Approve every span N annotators made identically (same start, end, label
    and attribute values, a note aside).

    One copy of each becomes gold, the other identical copies duplicates; one undo
    reverts it all.
    """
    changes = _run_review(context, AcceptAgreed(min_annotators, document_ids or None))
    store = context.store()
    approved = duplicates = 0
    for span_id in changes.span_ids:
        if _span_or_fail(store, span_id).status is SpanStatus.APPROVED:
            approved += 1
        else:
            duplicates += 1
    relations = [_relation_or_fail(store, r) for r in changes.relation_ids]
    gold = sum(1 for r in relations if r.status is SpanStatus.APPROVED)
    click.echo(
        f"approved {approved} spans in {len(changes.document_ids)} documents; "
        f"{duplicates} identical copies marked duplicates; "
        f"{gold} relations approved, {len(relations) - gold} identical relations duplicates"
    )


def _relation_or_fail(store: Store, relation_id: str) -> Relation:
    relation = store.relation(relation_id)
    if relation is None:
        raise BelannotError(f"no relation {relation_id!r}")
    return relation


RELATION_DECISIONS: dict[str, tuple[type[ApproveRelation | RejectRelation], str]] = {
    "approve-relation": (
        ApproveRelation,
        "Approve a relation as the current --user (gold once both its ends are approved).",
    ),
    "reject-relation": (RejectRelation, "Reject a relation as the current --user."),
}


@pass_context
def decide_relation(context: Context, relation_id: str) -> None:
    """approve-relation or reject-relation (the invoked name says which), then show it."""
    decision, _ = RELATION_DECISIONS[click.get_current_context().command.name or ""]
    _run_review(context, decision(relation_id))
    store = context.store()
    relation = _relation_or_fail(store, relation_id)
    click.echo(f"{relation.status.value}: {describe_relation(store, relation)}")
    ends = [store.span(relation.head), store.span(relation.tail)]
    if relation.status is SpanStatus.APPROVED and any(
        end is None or end.status is not SpanStatus.APPROVED for end in ends
    ):
        click.echo("  not in the gold until both ends are approved")


for _relation_name, (_relation_command, _relation_help) in RELATION_DECISIONS.items():
    review.add_command(
        click.Command(
            _relation_name,
            callback=decide_relation,
            params=[click.Argument(["relation_id"])],
            help=_relation_help,
        )
    )


@review.command("status")
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice([s.value for s in ReviewState]),
    help="Only documents in this review state (repeatable).",
)
@pass_context
def review_status(context: Context, states: tuple[str, ...]) -> None:
    """List documents with their review state."""
    wanted = {ReviewState(s) for s in states} or set(ReviewState)
    echo_rows(
        (document_id, state.value)
        for document_id, state in context.store().review_states().items()
        if state in wanted
    )


@review.command("share-layers")
@click.argument("state", required=False, type=click.Choice(["on", "off"]))
@pass_context
def review_share_layers(context: Context, state: str | None) -> None:
    """Whether annotators see each other's spans, read-only (a reviewer's choice).

    Off by default: each annotator works alone, so agreement between them means
    something. Without ON or OFF, say which it is.
    """
    store = context.store()
    if state is not None:
        share_layers(store, context.user(), state == "on")
    if layers_shared(store):
        click.echo("on: annotators see each other's spans, read-only")
    else:
        click.echo("off: each annotator sees only their own spans")


COMMANDS = (review,)
