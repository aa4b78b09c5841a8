"""The default label schema and its guidelines: shipped in resources/, quoted from the corpus."""

from __future__ import annotations

import re

import orjson
import pytest

from belannot.core import schema
from belannot.core.model import DEFAULT_LABELS, Guidelines, Label, labels_from_schema
from belannot.core.packaged import bundled_dir, corpus_path
from belannot.core.store import open_store
from tests.core.old_project_fixtures import applied_migrations
from tests.core.old_project_fixtures import old_project_at as old_project_at  # noqa: F401

SCHEMA = orjson.loads((bundled_dir("resources") / "schema.json").read_bytes())
MANUAL = (bundled_dir("resources") / "guidelines.md").read_text(encoding="utf-8")


def corpus_by_id() -> dict[str, str]:
    folder = corpus_path()
    metadata = orjson.loads((folder / "metadata.json").read_bytes())
    return {
        entry["id"]: (folder / name).read_text(encoding="utf-8") for name, entry in metadata.items()
    }


DOCUMENTS = corpus_by_id()
EXAMPLES = [
    (label.name, example) for label in DEFAULT_LABELS for example in label.guidelines.examples
]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_default_labels_keep_their_names_colours_and_keys():
    assert [
        (label.name, label.color, label.hotkey, label.position) for label in DEFAULT_LABELS
    ] == [
        ("actor", "#0072B2", "1", 0),
        ("event", "#E69F00", "2", 1),
        ("prediction", "#CC79A7", "3", 2),
        ("quote", "#009E73", "4", 3),
    ]


def test_every_label_has_guidelines_with_positive_and_negative_examples():
    for label in DEFAULT_LABELS:
        assert label.description
        assert "In:" in label.guidelines.text and "Out:" in label.guidelines.text
        assert "Nested:" in label.guidelines.text
        assert len(label.guidelines.positive) >= 4, label.name
        assert len(label.guidelines.negative) >= 3, label.name
        assert all(example.note for example in label.guidelines.examples)


@pytest.mark.parametrize(
    ("label", "example"), EXAMPLES, ids=[f"{n}:{e.text[:30]}" for n, e in EXAMPLES]
)
def test_examples_quote_the_bundled_articles_exactly(label, example):
    text = DOCUMENTS[example.document]
    assert example.text in text
    assert example.context in text
    assert example.text in example.context


@pytest.mark.parametrize(
    ("label", "example"), EXAMPLES, ids=[f"{n}:{e.text[:30]}" for n, e in EXAMPLES]
)
def test_the_manual_shows_every_example(label, example):
    section = MANUAL[MANUAL.index(f"## {label} (key") :]
    assert flat(example.text) in flat(section)


def test_the_issue_examples_are_covered():
    texts = {example.text for _, example in EXAMPLES}
    assert {"Lukashenko", "the NATO official", "launched huge joint drills"} <= texts
    assert any("Belarusian Army’s 38th Air Assault Brigade" in t for t in texts)
    assert "could soon send its own fighters into the fray" in texts


def test_schema_file_round_trips_through_the_model():
    labels = labels_from_schema(SCHEMA)
    again = labels_from_schema(
        orjson.loads(orjson.dumps({"labels": [x.to_json() for x in labels]}))
    )
    assert again == labels == DEFAULT_LABELS


def test_a_new_project_gets_the_guidelines(store):
    assert store.labels() == list(DEFAULT_LABELS)


def test_m002_adds_guidelines_to_a_version_1_project(old_project_at):
    custom = "INSERT INTO labels (name, color, position) VALUES ('custom', '#123456', 2)"
    where = old_project_at("m002_label_guidelines", labels=DEFAULT_LABELS[:2], rows=[custom])
    store = open_store(where)
    try:
        assert len(applied_migrations(store)) == schema.SCHEMA_VERSION
        assert store.label("actor").guidelines == DEFAULT_LABELS[0].guidelines
        assert store.label("event").guidelines == DEFAULT_LABELS[1].guidelines
        assert store.label("custom").guidelines == Guidelines()
        assert store.label("prediction") is None  # an old project keeps its own schema
    finally:
        store.close()


def test_label_guidelines_are_plain_data():
    label = Label("x", "#123456", guidelines=Guidelines("<b>not html</b>"))
    assert Label.from_json(label.to_json()).guidelines.text == "<b>not html</b>"
