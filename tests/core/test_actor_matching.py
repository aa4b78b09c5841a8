"""Alias normalisation and completion over the registry (pure functions)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from belannot.core.actor_matching import ActorIndex, normalise
from belannot.core.actors import Actor, ActorKind


def test_normalise_ignores_case_diacritics_hyphens_and_a_leading_the():
    assert normalise("The Kremlin") == normalise("kremlin")
    assert normalise("Zelenskyy") != normalise("Zelensky")
    assert normalise("Łukašenka") == normalise("lukasenka")
    assert normalise("Aliaksandr Lukashenka") == normalise("aliaksandr  lukashenka")
    assert normalise("pro-Kremlin") == normalise("pro – kremlin") == normalise("pro kremlin")
    assert normalise("Theodore") == "theodore"  # only the word "the"
    assert normalise("the") == "the"  # nothing left after it: keep it


@given(st.text(max_size=40))
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@given(st.text(max_size=40))
def test_normalise_ignores_case_and_composition(text):
    assert normalise(unicodedata.normalize("NFD", text)) == normalise(text)
    assert normalise(text.casefold()) == normalise(text)


@given(st.text(alphabet="abcdefghij -", max_size=20))
def test_hyphens_and_spaces_do_not_matter(text):
    assert normalise(text.replace("-", " ")) == normalise(text)


def _actor(actor_id, name, *aliases):
    return Actor(actor_id, name, ActorKind.PERSON, tuple(aliases))


def test_completion_matches_names_and_aliases_by_prefix_ranked_by_links():
    actors = [
        _actor("lukashenko", "Alexander Lukashenko", "Lukashenko", "the Belarusian President"),
        _actor("lavrov", "Sergei Lavrov", "Lavrov"),
        _actor("belarus", "Belarus", "Minsk", "the Belarusian government"),
    ]
    index = ActorIndex(actors, {"belarus": 7, "lukashenko": 3})
    assert [m.actor_id for m in index.complete("bela")] == ["belarus", "lukashenko"]
    assert [m.actor_id for m in index.complete("l")] == ["lukashenko", "lavrov"]
    assert index.complete("the belarusian pres")[0].matched == "the Belarusian President"
    # A word inside a name counts too: "Lukashenko" finds "Alexander Lukashenko".
    assert [m.actor_id for m in index.complete("lavr")] == ["lavrov"]
    assert index.complete("") == []
    assert index.complete("zzz") == []


def test_completion_prefers_exact_matches_then_counts_then_names():
    actors = [_actor("a", "Russia"), _actor("b", "Russian Army", "Russian forces")]
    index = ActorIndex(actors, {"b": 10})
    assert [m.actor_id for m in index.complete("russia")] == ["a", "b"]
    assert [m.actor_id for m in index.complete("russian")] == ["b"]


def test_exact_lookup_is_by_normalised_alias():
    actors = [_actor("kremlin", "Kremlin", "Moscow"), _actor("russia", "Russia", "Moscow")]
    index = ActorIndex(actors, {})
    assert {m.actor_id for m in index.exact("the kremlin")} == {"kremlin"}
    assert {m.actor_id for m in index.exact("MOSCOW")} == {"kremlin", "russia"}
