"""Suggestions: each recommender's offsets index the text, rejections are remembered,
accepting is one undoable step with its provenance, and suggestions are never spans."""

from __future__ import annotations

import re
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belannot.core.actor_commands import AddActor
from belannot.core.commands import AddSpan
from belannot.core.errors import CancelledError
from belannot.core.history import History
from belannot.core.model import Document, User
from belannot.core.operations import run
from belannot.core.recommenders.base import words
from belannot.core.recommenders.settings import SetRecommender, recommender_settings
from belannot.core.store import Store, open_store
from belannot.core.suggestion_commands import (
    AcceptSuggestion,
    AcceptSuggestions,
    RejectSuggestion,
)
from belannot.core.suggestions import Suggester
from tests.core.old_project_fixtures import old_project_at as old_project_at  # noqa: F401

ALICE = User("alice")
# Text around the names: emoji (outside the BMP), CRLF, Cyrillic, combining marks.
FILLER = st.lists(
    st.sampled_from(["😀", "👩‍👩‍👧", "\r\n", " ", "é", "ж", ",", "e\u0301", "x", "."]),
    max_size=12,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["😀", "\r\n", " ", "é", "ж", "’", "'", "e\u0301", "x", "."])).map(
        "".join
    )
)
def test_words_by_splitting_match_the_plain_regular_expression(text):
    # The fast path (one re.split and a running sum) against its slow twin.
    slow = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\w+(?:['’]\w+)*", text)]
    assert list(zip(*words(text), strict=True)) == slow


def _store(store: Store, *texts: str) -> Store:
    store.ensure_user("alice")
    for number, text in enumerate(texts):
        store.add_document(Document(f"d{number}", text))
    return store


def _new_documents(store: Store, *texts: str) -> list[str]:
    """Documents of their own for one hypothesis example (the examples share one project)."""
    store.ensure_user("alice")
    # A text an earlier example stored is that document again (one text, one document).
    return [store.add_document(Document(uuid.uuid4().hex, text))[0] for text in texts]


SHARED = settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
)


def switch_sentence_rules_on(store: Store) -> None:
    """The sentence-wide rules are off in a new project; the tests of them turn them on."""
    for rule in ("speech-verbs", "prediction-cues"):
        run(store, SetRecommender("rules", enabled=True, rule=rule), ALICE)


def _suggest(store: Store, document_id: str, *names: str):
    return Suggester(store, "alice", names or None).suggest(document_id)


@SHARED
@given(FILLER, FILLER, FILLER)
def test_string_matcher_offsets_index_the_text(store, before, middle, after):
    first = f"{before} Lukashenko {middle}"
    second = f"{middle} Lukashenko{after} lukashenko {before} Lukashenko"
    d0, d1 = _new_documents(store, first, second)
    run(store, SetRecommender("string", case_sensitive=True), ALICE)
    start = first.index("Lukashenko")
    if not store.spans(d0):
        run(store, AddSpan(d0, start, start + 10, "actor"), ALICE)
    found = _suggest(store, d1, "string")
    # The oracle: every whole-word occurrence, found by a regular expression.
    expected = [m.span() for m in re.finditer(r"(?<!\w)Lukashenko(?!\w)", second)]
    assert [(s.start, s.end) for s in found] == expected
    for suggestion in found:
        assert second[suggestion.start : suggestion.end] == "Lukashenko"
        assert suggestion.label == "actor" and suggestion.score == 1.0
    # Case-insensitive on request: the lower-case copy is found too.
    run(store, SetRecommender("string", case_sensitive=False), ALICE)
    texts = {second[s.start : s.end] for s in _suggest(store, d1, "string")}
    assert texts == {"Lukashenko", "lukashenko"}


@SHARED
@given(FILLER, FILLER)
def test_registry_offsets_index_the_text_and_carry_the_actor(store, before, after):
    text = f"{before} Alexander Łukashenko {after} and the BELARUSIAN president."
    [d0] = _new_documents(store, text)
    if store.actor("al") is None:
        run(
            store,
            AddActor("Alexander Lukashenko", aliases=("Belarusian President",), actor_id="al"),
            ALICE,
        )
    found = _suggest(store, d0, "registry")
    texts = sorted(text[s.start : s.end] for s in found)
    assert texts == ["Alexander Łukashenko", "BELARUSIAN president"]
    assert {s.actor for s in found} == {"al"} and {s.label for s in found} == {"actor"}


@SHARED
@given(FILLER, FILLER)
def test_rules_offsets_index_the_text(store, before, after):
    text = f"{before} «Мы готовы» {after} “Putin needs support,” he said.\r\nIt could rain{after}"
    [d0] = _new_documents(store, text)
    switch_sentence_rules_on(store)
    found = _suggest(store, d0, "rules")
    quotes = {text[s.start : s.end] for s in found if s.label == "quote"}
    assert "«Мы готовы»" in quotes and "“Putin needs support,”" in quotes
    predictions = {text[s.start : s.end] for s in found if s.label == "prediction"}
    assert any("could" in p for p in predictions)
    for suggestion in found:
        assert 0 <= suggestion.start < suggestion.end <= len(text)
        assert suggestion.recommender.startswith("rules")


def test_a_rejected_suggestion_is_not_offered_again_in_that_document(store):
    store = _store(store, "Lukashenko spoke.", "Lukashenko and Lukashenko.")
    run(store, AddSpan("d0", 0, 10, "actor"), ALICE)
    first = _suggest(store, "d1", "string")
    assert [(s.start, s.end) for s in first] == [(0, 10), (15, 25)]
    History(store).do(RejectSuggestion(first[0]), ALICE)
    assert [(s.start, s.end) for s in _suggest(store, "d1", "string")] == [(15, 25)]
    # Rejections are per document: the first document is unaffected.
    store.add_document(Document("d2", "Lukashenko."))
    assert [(s.start, s.end) for s in _suggest(store, "d2", "string")] == [(0, 10)]
    History(store).undo(ALICE)
    assert len(_suggest(store, "d1", "string")) == 2


def test_accepting_makes_the_annotators_span_with_provenance_and_undo_removes_both(store):
    store = _store(store, "Putin met Lukashenko.")
    run(store, AddActor("Alexander Lukashenko", aliases=("Lukashenko",), actor_id="al"), ALICE)
    suggestion = _suggest(store, "d0", "registry")[0]
    changes = History(store).do(AcceptSuggestion(suggestion), ALICE)
    [span] = store.spans("d0")
    assert (span.start, span.end, span.label, span.annotator) == (10, 20, "actor", "alice")
    assert store.span_provenance(span.id) == ("registry", 1.0)
    assert store.span_actor(span.id) == "al"
    assert span.id in changes.span_ids
    assert _suggest(store, "d0", "registry") == []  # a span now, not a suggestion
    History(store).undo(ALICE)
    assert store.spans("d0") == [] and store.span_provenance(span.id) is None
    assert store.span_actor(span.id) is None


def test_relabel_and_accept_keeps_the_origin(store):
    store = _store(store, "Lukashenko spoke. Lukashenko left.")
    run(store, AddSpan("d0", 0, 10, "actor"), ALICE)
    suggestion = _suggest(store, "d0", "string")[0]
    History(store).do(AcceptSuggestion(suggestion, label="event"), ALICE)
    span = next(s for s in store.spans("d0") if s.start == 18)
    assert span.label == "event" and store.span_provenance(span.id) == ("string", 1.0)


def test_accept_every_suggestion_of_one_recommender_is_one_undo_step(store):
    store = _store(store, "Minsk. Minsk. Minsk. Minsk.")
    run(store, AddSpan("d0", 0, 5, "actor"), ALICE)
    found = _suggest(store, "d0")  # the rules suggest too: only the string matcher's taken
    assert len([s for s in found if s.recommender == "string"]) == 3
    History(store).do(AcceptSuggestions.of_recommender(found, "string"), ALICE)
    assert len(store.spans("d0")) == 4
    History(store).undo(ALICE)
    assert len(store.spans("d0")) == 1


def test_stats_count_accepted_and_rejected_per_recommender(store):
    from belannot.core.suggestion_stats import acceptance

    store = _store(store, "Minsk. Minsk. Minsk.")
    run(store, AddSpan("d0", 0, 5, "actor"), ALICE)
    first, second = _suggest(store, "d0", "string")
    run(store, AcceptSuggestion(first), ALICE)
    run(store, RejectSuggestion(second), ALICE)
    [row] = [row for row in acceptance(store) if row.recommender == "string"]
    assert (row.accepted, row.rejected, row.rate) == (1, 1, 0.5)


def test_switched_off_or_below_threshold_offers_nothing(store):
    store = _store(store, "Minsk. Minsk.")
    run(store, AddSpan("d0", 0, 5, "actor"), ALICE)
    run(store, AddSpan("d0", 0, 5, "event"), ALICE)
    # "Minsk" was an actor once and an event once: each label scores 0.5.
    assert {s.score for s in _suggest(store, "d0", "string")} == {0.5}
    run(store, SetRecommender("string", threshold=0.6), ALICE)
    assert _suggest(store, "d0", "string") == []
    run(store, SetRecommender("string", threshold=0.0, enabled=False), ALICE)
    assert _suggest(store, "d0") == [] or all(
        s.recommender != "string" for s in _suggest(store, "d0")
    )
    assert recommender_settings(store)["string"].enabled is False


def test_migration_seeds_the_default_rules_in_an_old_project(old_project_at):
    store = open_store(old_project_at("m006_suggestions"))
    from belannot.core.recommenders.rules import project_rules

    names = {rule.name for rule in project_rules(store)}
    assert {"quote-marks", "speech-verbs", "prediction-cues"} <= names
    store.close()


def test_suggestions_of_a_label_the_project_no_longer_has_are_not_offered(store):
    from belannot.core.schema_edits import DeleteLabel

    store = _store(store, "“We are ready,” he said. It could rain.")
    switch_sentence_rules_on(store)
    assert {s.label for s in _suggest(store, "d0", "rules")} == {"quote", "prediction"}
    run(store, DeleteLabel("quote"), ALICE)
    assert {s.label for s in _suggest(store, "d0", "rules")} == {"prediction"}


def test_a_rejection_follows_its_label_through_a_rename(store):
    from belannot.core.schema_edits import RenameLabel

    store = _store(store, "Minsk. Minsk.")
    run(store, AddSpan("d0", 0, 5, "actor"), ALICE)
    [suggestion] = _suggest(store, "d0", "string")
    run(store, RejectSuggestion(suggestion), ALICE)
    run(store, RenameLabel("actor", "player"), ALICE)
    assert _suggest(store, "d0", "string") == []


def test_a_cancelled_computation_stops_before_the_next_recommender(store):
    store = _store(store, "Lukashenko spoke.", "Lukashenko and Lukashenko.")
    run(store, AddSpan("d0", 0, 10, "actor"), ALICE)
    suggester = Suggester(store, "alice", ["string", "rules"])
    asked: list[str] = []

    def cancel() -> bool:
        asked.append("asked")
        return len(asked) > 1  # the window asked for another once the first had run

    with pytest.raises(CancelledError):
        suggester.suggest("d1", cancel=cancel)
    assert asked == ["asked", "asked"]
    assert len(suggester.suggest("d1", cancel=lambda: False)) == 2
