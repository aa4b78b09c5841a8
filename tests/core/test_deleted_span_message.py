"""A decision on a span someone deleted meanwhile is refused in one plain sentence naming
who deleted it, with nothing changed; an id that never was a span keeps its short answer."""

from __future__ import annotations

import pytest

from belannot.core import review
from belannot.core.commands import AddSpan, DeleteSpan
from belannot.core.errors import NotFoundError
from belannot.core.history import History
from belannot.core.model import Document, Role, User
from belannot.core.span_attributes import SetSpanAttribute

ALICE, RITA = User("alice"), User("rita", Role.REVIEWER)


@pytest.fixture
def deleted(store) -> str:
    store.add_document(Document("d1", "Putin met Lukashenko in Minsk."))
    store.ensure_user("rita", Role.REVIEWER)
    history = History(store)
    [span_id] = history.do(AddSpan("d1", 0, 5, "actor"), ALICE).span_ids
    history.do(DeleteSpan(span_id), ALICE)
    return span_id


@pytest.mark.parametrize("decision", [review.ApproveSpan, review.RejectSpan, review.ResetReview])
def test_a_decision_on_a_span_its_annotator_deleted_says_so(store, deleted, decision):
    audit = len(store.audit_log())
    with pytest.raises(NotFoundError) as refused:
        History(store).do(decision(deleted), RITA)
    assert str(refused.value) == (
        f"span {deleted} is no longer in the project: alice deleted it; nothing was changed"
    )
    assert len(store.audit_log()) == audit


def test_correcting_or_setting_an_attribute_of_a_deleted_span_says_so_too(store, deleted):
    for command in (review.CorrectSpan(deleted, label="event"), SetSpanAttribute(deleted, "x", 1)):
        with pytest.raises(NotFoundError, match=f"^span {deleted} is no longer in the project"):
            History(store).do(command, RITA)


def test_an_id_that_never_was_a_span_is_named_as_unknown(store):
    store.add_document(Document("d1", "Putin met Lukashenko in Minsk."))
    with pytest.raises(NotFoundError) as refused:
        History(store).do(review.ApproveSpan("nope"), RITA)
    assert str(refused.value) == "no span 'nope'"
