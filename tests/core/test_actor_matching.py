"""Alias normalisation and completion over the registry (pure functions)."""

from __future__ import annotations

import unicodedata

import pytest
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


NAME_WORDS = st.sampled_from(["Putin", "Pu", "Lukashenko", "Luka", "the", "Kremlin", "Kr", "Minsk"])


@given(
    names=st.lists(st.lists(NAME_WORDS, min_size=1, max_size=3), min_size=1, max_size=12),
    counts=st.lists(st.integers(0, 3), min_size=12, max_size=12),
    typed=st.text(alphabet="putinlkasherm ", min_size=1, max_size=6),
)
def test_the_walk_for_many_matches_ranks_as_the_full_look(names, counts, typed):
    import belannot.core.actor_matching as matching

    actors = [
        Actor(f"a{i}", " ".join(words) + f" {i}", ActorKind.OTHER, (" ".join(reversed(words)),))
        for i, words in enumerate(names)
    ]
    index = ActorIndex(actors, {f"a{i}": count for i, count in enumerate(counts)})
    full = index.complete(typed, limit=5)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(matching, "_SCAN_ABOVE", -1)
        walked = index.complete(typed, limit=5)
    assert [(m.actor_id, m.matched) for m in walked] == [(m.actor_id, m.matched) for m in full]
