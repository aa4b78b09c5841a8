"""The registry and mention tables pass the model tester; the registry filter ignores case."""

from __future__ import annotations

from belannot.core.actors import Mention, default_actors
from belannot.ui.dialogs.mentions_dialog import MentionTableModel
from belannot.ui.models.actor_table_model import ActorTableModel, Column


def test_actor_table_model(qtmodeltester):
    model = ActorTableModel()
    model.set_actors(default_actors(), {"putin": 3})
    qtmodeltester.check(model)
    model.set_filter("ZELENSKIY")
    assert [model.actor_at(r).id for r in range(model.rowCount())] == ["zelensky"]
    model.set_filter("putin")
    assert model.data(model.index(0, Column.MENTIONS)) == "3"
    qtmodeltester.check(model)


def test_mention_table_model(qtmodeltester):
    model = MentionTableModel(lambda document_id: f"Story {document_id}")
    model.set_mentions([Mention("s1", "a", 0, 5, "alice", "Putin", "Putin spoke")])
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "Story a"
