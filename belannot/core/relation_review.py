"""Accept agreed for relations: identical relations of enough annotators join the gold.

Two relations are **identical** when they have the same type and their ends the same
(start, end, label); for a symmetric type the ends may be either way round. Accept
agreed decides such a group once the content of both ends is in the gold: the
relation that joins the two approved copies is approved (the one already approved,
or the earliest made), and the group's other pending relations are rejected as
duplicates, as for spans. When no annotator's relation joins the approved copies
(their ends were made by different annotators first), the gold gets the reviewer's
own relation between them. A group a reviewer rejected without approving any of it
is left alone. An annotator counts only for a relation between their own spans.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from belannot.core.changes import Edit, Entity
from belannot.core.model import Span, SpanStatus, User, new_span_id
from belannot.core.relations import Relation
from belannot.core.store import Store
from belannot.core.store.rows import relation_to_row

SpanKey = tuple[int, int, str]
RelationKey = tuple[str, SpanKey, SpanKey]


def _key(span: Span) -> SpanKey:
    return (span.start, span.end, span.label)


def spans_after(spans: Iterable[Span], edits: Iterable[Edit]) -> dict[str, Span]:
    """The document's spans by id, with the span edits of this command applied."""
    by_id = {span.id: span for span in spans}
    for edit in edits:
        if edit.entity is Entity.SPAN and edit.after is not None:
            row = edit.after
            if row["id"] in by_id:
                by_id[row["id"]] = by_id[row["id"]].with_changes(
                    status=SpanStatus(row["status"]), reviewer=row["reviewer"]
                )
    return by_id


def _decide(relation: Relation, status: SpanStatus, user: User, stamp: str) -> Edit:
    decided = relation.with_changes(status=status, reviewer=user.name, updated=stamp)
    return Edit(Entity.RELATION, relation_to_row(relation), relation_to_row(decided))


def agreed_relation_edits(
    store: Store,
    document_id: str,
    spans: dict[str, Span],
    directed: Mapping[str, bool],
    min_annotators: int,
    user: User,
    stamp: str,
) -> list[Edit]:
    """The relation edits of accept agreed in one document, ``spans`` as they will be;
    ``directed`` maps each relation type's name to whether it is directed."""
    relations = store.relations(document_id)
    if not relations:
        return []
    groups: dict[RelationKey, list[Relation]] = defaultdict(list)
    for relation in relations:
        head, tail = spans.get(relation.head), spans.get(relation.tail)
        if head is None or tail is None:
            continue
        ends = (_key(head), _key(tail))
        if not directed.get(relation.type, True):
            ends = (min(ends), max(ends))
        groups[(relation.type, *ends)].append(relation)
    gold = {_key(s): s.id for s in spans.values() if s.status is SpanStatus.APPROVED}
    edits: list[Edit] = []
    for (kind, head_key, tail_key), group in sorted(groups.items()):
        if head_key not in gold or tail_key not in gold:
            continue  # not until both ends are in the gold
        if not _decidable(group, spans, min_annotators):
            continue
        approved_ends = {(gold[head_key], gold[tail_key])}
        if not directed.get(kind, True):
            approved_ends.add((gold[tail_key], gold[head_key]))
        joining = sorted(
            (r for r in group if r.ends() in approved_ends),
            key=lambda r: (r.status is not SpanStatus.APPROVED, r.created, r.annotator, r.id),
        )
        if joining:
            chosen = joining[0]
            if chosen.status is not SpanStatus.APPROVED:
                edits.append(_decide(chosen, SpanStatus.APPROVED, user, stamp))
        else:
            chosen = _reviewers_relation(document_id, kind, gold[head_key], gold[tail_key], user)
            chosen = chosen.with_changes(created=stamp, updated=stamp)
            edits.append(Edit(Entity.RELATION, None, relation_to_row(chosen)))
        edits.extend(
            _decide(r, SpanStatus.REJECTED, user, stamp)
            for r in group
            if r.id != chosen.id and r.status is SpanStatus.PENDING
        )
    return edits


def _decidable(group: Sequence[Relation], spans: dict[str, Span], min_annotators: int) -> bool:
    makers = {
        r.annotator
        for r in group
        if spans[r.head].annotator == r.annotator == spans[r.tail].annotator
    }
    statuses = {r.status for r in group}
    if len(makers) < min_annotators or SpanStatus.PENDING not in statuses:
        return False
    # A reviewer kept this content out of the gold.
    return not (SpanStatus.REJECTED in statuses and SpanStatus.APPROVED not in statuses)


def _reviewers_relation(document_id: str, kind: str, head: str, tail: str, user: User) -> Relation:
    return Relation(
        id=new_span_id(),
        document_id=document_id,
        type=kind,
        head=head,
        tail=tail,
        annotator=user.name,
        status=SpanStatus.APPROVED,
        reviewer=user.name,
    )
