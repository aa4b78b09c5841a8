"""The background computation pauses the cyclic collector while it runs, and only then."""

from __future__ import annotations

import gc

import pytest

from belannot.core import suggestion_work
from belannot.core.model import Document
from belannot.core.suggestion_work import ModelCache, collector_paused, suggest_document


@pytest.fixture
def collector():
    was = gc.isenabled()
    gc.enable()
    yield
    gc.enable() if was else gc.disable()


def test_no_collection_while_suggestions_are_computed(store, collector, monkeypatch):
    store.add_document(Document("d", "Macron met Merkel."))
    seen: list[bool] = []
    inner = suggestion_work._suggest_document
    monkeypatch.setattr(
        suggestion_work,
        "_suggest_document",
        lambda *args: (seen.append(gc.isenabled()), inner(*args))[1],
    )
    found = suggest_document(store, "alice", "d", ModelCache())
    assert found.document_id == "d" and seen == [False]
    assert gc.isenabled()


def test_overlapping_pauses_resume_the_collector_once_the_last_ends(collector):
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_elsewhere_stays_off(collector):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
