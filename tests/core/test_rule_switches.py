"""Each rule switches on and off: the sentence-wide defaults start off, a switched-off rule
suggests nothing, the switch is one undoable step, and rules stored without it still load."""

from __future__ import annotations

import pytest

from belannot.core.history import History
from belannot.core.model import User, ValidationError
from belannot.core.operations import run
from belannot.core.project import seed_bundled_corpus
from belannot.core.recommenders.rules import DEFAULT_RULES, RULES_SETTING, project_rules
from belannot.core.recommenders.settings import SetRecommender
from belannot.core.store import Store, open_store
from belannot.core.suggestions import Suggester
from tests.core.old_project_fixtures import old_project_at as old_project_at  # noqa: F401
from tests.core.shared_project_fixtures import backend as backend  # noqa: F401
from tests.core.shared_project_fixtures import shared_project

ALICE = User("alice")
SENTENCE_RULES = {"rules:speech-verbs", "rules:prediction-cues"}
# The seed every project got before rules had a switch: no "enabled" field anywhere.
UNSWITCHED_SEED = [
    {key: value for key, value in rule.to_json().items() if key != "enabled"}
    for rule in DEFAULT_RULES
]


@pytest.fixture(scope="module")
def bundled(backend, request, tmp_path_factory):
    with shared_project(backend, request, tmp_path_factory) as store:
        store.ensure_user("alice")
        seed_bundled_corpus(store, ALICE)
        yield store


def _first_article(store: Store) -> list:
    return Suggester(store, "alice").suggest(store.document_ids()[0])


def _enabled(store: Store) -> dict[str, bool]:
    return {rule.name: rule.enabled for rule in project_rules(store)}


def test_a_new_projects_first_article_gets_no_sentence_wide_suggestions(bundled):
    found = _first_article(bundled)
    # 92 with the sentence rules on (registry 65, quote marks 10, cues 10 + 7).
    assert len(found) == 75
    assert not {s.recommender for s in found} & SENTENCE_RULES
    assert _enabled(bundled) == {
        "quote-marks": True,
        "speech-verbs": False,
        "prediction-cues": False,
    }


def test_switching_a_rule_back_on_brings_its_suggestions_back_and_undo_takes_them_away(store):
    store.ensure_user("alice")
    seed_bundled_corpus(store, ALICE)
    run(store, SetRecommender("rules", enabled=True, rule="speech-verbs"), ALICE)
    assert _enabled(store)["speech-verbs"] is True
    sources = {s.recommender for s in _first_article(store)}
    assert "rules:speech-verbs" in sources and "rules:prediction-cues" not in sources
    history = History(store)
    assert history.undo_description(ALICE) == "Switch rule speech-verbs on"
    history.undo(ALICE)
    assert _enabled(store)["speech-verbs"] is False
    assert "rules:speech-verbs" not in {s.recommender for s in _first_article(store)}
    history.redo(ALICE)
    assert _enabled(store)["speech-verbs"] is True


def test_a_switched_off_rule_of_the_users_suggests_nothing(store):
    store.ensure_user("alice")
    from belannot.core.model import Document

    store.add_document(Document("d", "It could escalate."))
    run(store, SetRecommender("rules", enabled=True, rule="prediction-cues"), ALICE)
    assert {s.recommender for s in Suggester(store, "alice").suggest("d")} == {
        "rules:prediction-cues"
    }
    run(store, SetRecommender("rules", enabled=False, rule="prediction-cues"), ALICE)
    assert Suggester(store, "alice").suggest("d") == []


def test_rules_stored_without_the_switch_load_on_and_the_untouched_seed_loads_as_the_defaults(
    store,
):
    store.set_setting(RULES_SETTING, [{"name": "mine", "label": "quote", "cues": ["said"]}])
    assert _enabled(store) == {"mine": True}
    # A user's own copy of a default, changed, is theirs: on.
    changed = [dict(rule) for rule in UNSWITCHED_SEED]
    changed[1]["cues"] = ["said"]
    store.set_setting(RULES_SETTING, changed)
    assert _enabled(store) == {"quote-marks": True, "speech-verbs": True, "prediction-cues": True}
    # The seed nobody changed: the defaults, sentence-wide rules off.
    store.set_setting(RULES_SETTING, UNSWITCHED_SEED)
    assert _enabled(store) == {"quote-marks": True, "speech-verbs": False, "prediction-cues": False}


def test_an_old_project_migrated_has_the_sentence_wide_rules_off(old_project_at):
    store = open_store(old_project_at("m006_suggestions"))
    assert _enabled(store) == {"quote-marks": True, "speech-verbs": False, "prediction-cues": False}
    store.close()


def test_switching_a_rule_that_is_not_there_or_with_other_settings_is_refused(store):
    with pytest.raises(ValidationError, match="no rule 'nope'"):
        run(store, SetRecommender("rules", enabled=True, rule="nope"), ALICE)
    with pytest.raises(ValidationError, match="only on or off"):
        run(store, SetRecommender("rules", threshold=0.5, rule="quote-marks"), ALICE)
    with pytest.raises(ValidationError, match="rules recommender"):
        run(store, SetRecommender("string", enabled=True, rule="quote-marks"), ALICE)
