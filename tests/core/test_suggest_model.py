"""The train → suggest loop end to end on a tiny project (emoji and CRLF texts included),
and the model recommender without spaCy."""

from __future__ import annotations

import sys

import pytest

from belannot.core.commands import AddSpan
from belannot.core.errors import BelannotError
from belannot.core.model import Document, User
from belannot.core.operations import run
from belannot.core.store import Store
from belannot.core.suggestions import Suggester

ALICE = User("alice")
TEXTS = [
    "😀 Lukashenko met Putin in Minsk.\r\nLukashenko said nothing.",
    "👩‍👩‍👧 Putin called Lukashenko.\r\nThen Putin left 😀 Minsk.",
    "In Minsk, Lukashenko 😀 and Putin spoke.\r\n",
    "Lukashenko 👩‍👩‍👧 warned Putin.\r\nMinsk waited.",
    "Putin and Lukashenko 😀 met again in Minsk.",
]
NAMES = ("Lukashenko", "Putin")


def _project(store: Store) -> Store:
    store.ensure_user("alice")
    for number, text in enumerate(TEXTS):
        document_id = f"d{number}"
        store.add_document(Document(document_id, text))
        for name in NAMES:
            at = text.find(name)
            while at >= 0:
                run(store, AddSpan(document_id, at, at + len(name), "actor"), ALICE)
                at = text.find(name, at + 1)
    return store


@pytest.mark.parametrize("pipe", ["spancat", "ner"])
def test_train_then_suggest_with_offsets_that_index_the_text(store, tmp_path, pipe):
    from belannot.core.recommenders.training import train

    store = _project(store)
    lines: list[str] = []
    report = train(store, tmp_path / "model", pipe=pipe, epochs=25, say=lines.append)
    assert report.train_documents + report.dev_documents == len(TEXTS)
    assert report.dev_documents >= 1 and report.dev is not None
    assert len(lines) == 25 and lines[0].startswith("epoch 1/25")
    # A new document the model never saw: its suggestions index its own text.
    text = "😀 Lukashenko\r\nmet 👩‍👩‍👧 Putin 😀."
    store.add_document(Document("new", text))
    found = Suggester(store, "alice", ["model"], model=tmp_path / "model").suggest("new")
    assert found, "the model suggests nothing"
    assert {text[s.start : s.end] for s in found} & set(NAMES)
    for suggestion in found:
        assert suggestion.recommender == "model" and 0.0 <= suggestion.score <= 1.0
        found_text = text[suggestion.start : suggestion.end]
        assert found_text and found_text.strip() == found_text


def test_without_spacy_the_model_says_what_to_install_and_the_others_work(
    store, monkeypatch, tmp_path
):
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now raises ImportError
    store = _project(store)
    with pytest.raises(BelannotError, match=r"pip install 'belannot\[spacy\]'"):
        Suggester(store, "alice", ["model"], model=tmp_path / "model")
    from belannot.core.recommenders.training import train

    with pytest.raises(BelannotError, match=r"pip install 'belannot\[spacy\]'"):
        train(store, tmp_path / "model")
    assert Suggester(store, "alice", ["string", "registry", "rules"]).suggest("d0") is not None


def test_a_model_switched_on_without_spacy_is_passed_over_with_a_notice(
    store, monkeypatch, tmp_path
):
    from belannot.core.recommenders.settings import SetRecommender

    store = _project(store)
    run(store, SetRecommender("model", model=str(tmp_path / "model")), ALICE)
    monkeypatch.setitem(sys.modules, "spacy", None)
    suggester = Suggester(store, "alice")  # what is switched on: the model too
    assert [r.name for r in suggester.recommenders] == ["string", "registry", "rules", "imported"]
    assert len(suggester.notices) == 1 and "pip install 'belannot[spacy]'" in suggester.notices[0]
