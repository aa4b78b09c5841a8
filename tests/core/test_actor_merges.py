"""Merges and their undo, over generated registries and links (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belannot.core.actor_commands import AddActor, LinkSpan, MergeActors
from belannot.core.commands import AddSpan
from belannot.core.history import History
from belannot.core.model import Document, User
from tests.core.shared_project_fixtures import undone_after

NAMES = ["Putin", "Lukashenko", "Zelensky", "Kremlin", "Minsk", "Kyiv"]
ALIASES = st.lists(st.sampled_from(["Moscow", "the President", "Mr Putin", "Batka"]), max_size=3)


def _state(store):
    actors = {actor.id: actor for actor in store.actors()}
    return actors, store.document_links("d1")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    aliases=st.lists(ALIASES, min_size=2, max_size=4),
    links=st.lists(st.integers(0, 3), max_size=8),
    merges=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=3),
)
def test_merges_move_every_link_and_undo_gives_back_the_same_registry(
    store, aliases, links, merges
):
    with undone_after(store):
        user = User("alice")
        history = History(store)
        store.add_document(Document("d1", "x" * 40))
        ids = []
        for index, names in enumerate(aliases):
            history.do(AddActor(NAMES[index], aliases=tuple(dict.fromkeys(names))), user)
            ids.append(_id(store, NAMES[index]))
        for position, which in enumerate(links):
            [span] = history.do(AddSpan("d1", position, position + 1, "actor"), user).span_ids
            history.do(LinkSpan(span, ids[which % len(ids)]), user)
        start = _state(store)
        done = 0
        for source, into in merges:
            source_id, into_id = ids[source % len(ids)], ids[into % len(ids)]
            if source_id == into_id or store.actor(source_id) is None:
                continue
            if store.actor(into_id) is None:
                continue
            linked = set(store.document_links("d1").items())
            history.do(MergeActors(source_id, into=into_id), user)
            done += 1
            assert store.actor(source_id) is None
            moved = {span for span, actor in linked if actor == source_id}
            assert all(store.span_actor(span) == into_id for span in moved)
            names = {n.casefold() for n in store.actor(into_id).names}
            assert NAMES[ids.index(source_id)].casefold() in names
        for _ in range(done):
            history.undo(user)
        assert _state(store) == start


def _id(store, name):
    return next(actor.id for actor in store.actors() if actor.name == name)
