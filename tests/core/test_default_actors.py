"""The registry a new project ships with: the names the bundled articles use."""

from __future__ import annotations

from belannot.core.actor_matching import ActorIndex, normalise
from belannot.core.actors import default_actors
from belannot.core.model import User
from belannot.core.packaged import corpus_path
from belannot.core.project import seed_new_project


def _corpus_text():
    return " ".join(
        normalise(path.read_text(encoding="utf-8")) for path in sorted(corpus_path().glob("*.txt"))
    )


def test_every_default_alias_is_used_in_the_bundled_articles():
    text = _corpus_text()
    actors = default_actors()
    assert {
        "putin",
        "lukashenko",
        "zelensky",
        "nato",
        "belarus",
        "russia",
        "ukraine",
        "kremlin",
    } <= {actor.id for actor in actors}
    unused = [name for actor in actors for name in actor.aliases if normalise(name) not in text]
    assert unused == []


def test_the_articles_names_find_their_actors():
    index = ActorIndex(default_actors(), {})
    for typed, actor_id in [
        ("Belarusian President", "lukashenko"),
        ("Europe's last dictator", "lukashenko"),
        ("the Kremlin", "kremlin"),
        ("Zelenskiy", "zelensky"),
        ("Kiev", "ukraine"),
    ]:
        assert actor_id in {m.actor_id for m in index.exact(typed)}, typed


def test_a_new_default_project_gets_the_registry_once(store):
    seed_new_project(store, User("alice"))
    assert len(store.actors()) == len(default_actors())
    seed_new_project(store, User("alice"))  # already seeded: nothing doubles
    assert len(store.actors()) == len(default_actors())


def test_other_projects_start_with_an_empty_registry(store):
    assert store.actors() == []
