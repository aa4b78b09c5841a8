"""Exports that skip objects for speed must write the bytes the plain Python path writes.

doccano takes its span JSON from SQLite; belannot JSONL copies spans out of SQLite's tuples.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from belannot.core.formats import span_json
from belannot.core.formats.doccano import export_doccano
from belannot.core.formats.exporting import ExportOptions, iter_selected, iter_selected_rows
from belannot.core.formats.jsonl import export_jsonl
from belannot.core.model import Document, DocumentMeta, Span, SpanStatus
from belannot.core.store import SpanFilter, Store
from tests.core.drawn_projects import drawing
from tests.core.drawn_projects import scratch as scratch  # noqa: F401 (the fixture)

LABELS = ["actor", "event", "prediction", "quote"]
NAMES = ["alice", "bob", "Zoë", "ølaf"]


def reference_doccano(store: Store, options: ExportOptions) -> bytes:
    """The export as it was written span by span in Python before SQLite built the JSON;
    a project with span attributes in the relation form, entity by entity."""
    if store.has_span_attributes():
        return reference_doccano_relations(store, options)
    return b"".join(
        orjson.dumps(
            {
                "id": item.document.id,
                "text": item.document.text,
                "label": [[s.start, s.end, s.label] for s in item.spans],
            },
            option=orjson.OPT_APPEND_NEWLINE,
        )
        for item in iter_selected_rows(store, options)
    )


def reference_doccano_relations(store: Store, options: ExportOptions) -> bytes:
    lines, number = [], 0
    for item in iter_selected(store, options):
        entities = []
        for span in item.spans:
            number += 1
            entity = {
                "id": number,
                "start_offset": span.start,
                "end_offset": span.end,
                "label": span.label,
            }
            if span.attributes:
                entity["attributes"] = dict(span.attributes)
            entities.append(entity)
        line = {"id": item.document.id, "text": item.document.text, "entities": entities}
        lines.append(orjson.dumps(line | {"relations": []}, option=orjson.OPT_APPEND_NEWLINE))
    return b"".join(lines)


def reference_jsonl(store: Store, options: ExportOptions) -> bytes:
    """belannot JSONL as written from Span objects, each span through span_json()."""
    return b"".join(
        orjson.dumps(
            {
                "id": item.document.id,
                "text": item.document.text,
                "meta": {
                    **dict(item.document.meta.extra),
                    "title": item.document.meta.title,
                    "source": item.document.meta.source,
                    "url": item.document.meta.url,
                    "author": item.document.meta.author,
                    "published": item.document.meta.published,
                },
                "spans": [span_json(span, item.document.text) for span in item.spans],
                "states": item.states,
            },
            option=orjson.OPT_APPEND_NEWLINE,
        )
        for item in iter_selected(store, options)
    )


# Every character but surrogates (which SQLite cannot store): NUL, controls, quotes, emoji.
any_text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)
# A team project refuses NUL (PostgreSQL's text cannot hold it): everything else.
TEXTS = {
    "sqlite": any_text,
    "postgresql": st.text(
        st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=40
    ),
}


def _json_values(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.recursive(
        st.none()
        | st.booleans()
        | st.integers(-(2**63), 2**63 - 1)
        | st.floats(allow_nan=False, allow_infinity=False)
        | text,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
        max_leaves=6,
    )


@st.composite
def projects(
    draw: st.DrawFn, any_text: st.SearchStrategy[str] = any_text
) -> list[tuple[Document, list[dict[str, Any]], dict[str, str]]]:
    json_values = _json_values(any_text)
    documents = []
    for number in range(draw(st.integers(1, 4))):
        text = draw(any_text)
        meta = DocumentMeta(
            title=draw(any_text),
            source=draw(st.none() | any_text),
            extra=draw(st.dictionaries(any_text, json_values, max_size=2)),
        )
        spans = []
        for _ in range(draw(st.integers(0, 6))):
            start = draw(st.integers(0, len(text) - 1))
            spans.append(
                {
                    "id": draw(any_text),
                    # Few offsets and names, so that ties are broken by label, annotator, id.
                    "start": start,
                    "end": draw(st.integers(start + 1, len(text))),
                    "label": draw(st.sampled_from(LABELS)),
                    "annotator": draw(st.sampled_from(NAMES)),
                    "status": draw(st.sampled_from(list(SpanStatus))),
                    "reviewer": draw(st.none() | st.sampled_from(NAMES)),
                    "attributes": draw(st.dictionaries(any_text, json_values, max_size=2)),
                    "corrects": draw(st.none() | any_text),
                }
            )
        states = draw(st.dictionaries(st.sampled_from(NAMES), st.sampled_from(["done", "new"])))
        documents.append((Document(f"d{number}-{draw(any_text)}", text, meta), spans, states))
    return documents


def fill(store: Store, project: list[tuple[Document, list[dict[str, Any]], dict[str, str]]]):
    for name in NAMES:
        store.ensure_user(name)
    seen: set[str] = set()
    with store.transaction():
        for document, spans, states in project:
            document_id, created = store.add_document(document)
            if not created:
                continue
            fresh = []
            for span in spans:  # span ids are unique across the project
                if span["id"] not in seen:
                    seen.add(span["id"])
                    fresh.append(span)
            store.insert_spans(
                Span(document_id=document_id, created="c", updated="u", **s) for s in fresh
            )
            for annotator, state in states.items():
                store.write_document_state(
                    {
                        "document_id": document_id,
                        "annotator": annotator,
                        "state": state,
                        "updated": "u",
                    }
                )


filters = st.builds(
    SpanFilter,
    annotators=st.lists(st.sampled_from(NAMES), max_size=2).map(tuple),
    labels=st.lists(st.sampled_from(LABELS), max_size=2).map(tuple),
    statuses=st.lists(st.sampled_from(list(SpanStatus)), max_size=2).map(tuple),
)


def _without_attributes(project: list) -> list:
    return [(d, [s | {"attributes": {}} for s in spans], states) for d, spans, states in project]


# Each fast exporter against the plain Python reference it must equal byte for byte:
# doccano's JSON is built by SQLite (its label form: a project without span attributes),
# belannot JSONL's from SQLite's plain tuples.
@pytest.mark.parametrize(
    ("export", "reference", "attributes"),
    [
        (export_doccano, reference_doccano, False),
        (export_doccano, reference_doccano, True),
        (export_jsonl, reference_jsonl, True),
    ],
    ids=["doccano", "doccano-relation-form", "jsonl"],
)
def test_fast_exports_are_byte_for_byte_the_reference(
    backend, scratch, export, reference, attributes
):
    @drawing(backend, 60)
    @given(project=projects(TEXTS[backend]), span_filter=filters)
    def check(project, span_filter):
        if not attributes:
            project = _without_attributes(project)
        store = scratch()
        try:
            fill(store, project)
            options = ExportOptions(span_filter=span_filter, overwrite=True)
            with tempfile.TemporaryDirectory() as name:
                out = Path(name) / "out.jsonl"
                report = export(store, out, options)
                assert out.read_bytes() == reference(store, options)
                assert report.spans == store.span_count(span_filter)
        finally:
            store.close()

    check()


@pytest.mark.file_project
def test_a_text_with_nul_characters_keeps_its_offsets(store, tmp_path):
    text = "a\x00Putin\x00b"
    store.ensure_user("alice")
    document_id, _ = store.add_document(Document("d", text))
    store.insert_spans([Span("s", document_id, 2, 7, "actor", "alice", created="c", updated="u")])
    export_doccano(store, tmp_path / "out.jsonl")
    [record] = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    assert record["text"] == text and record["label"] == [[2, 7, "actor"]]


@pytest.mark.postgres
def test_a_team_project_refuses_a_nul_character_in_one_sentence_and_keeps_nothing(
    postgres_database,
):
    from belannot.core.model import ValidationError
    from belannot.core.store.postgres import PostgresStore

    store = PostgresStore.open(postgres_database)
    try:
        with pytest.raises(ValidationError, match="U\\+0000"):
            store.add_document(Document("d", "a\x00Putin\x00b"))
        assert store.document_count() == 0
    finally:
        store.close()


@pytest.mark.parametrize("lines", [1, 3], ids=["one-line", "in-a-batch"])
def test_an_import_with_a_nul_character_into_a_team_project_names_the_file_and_line(
    postgres_database, tmp_path, lines
):
    """Found by the hostile-input property on a team project: the refusal came out of the
    batch unlocated. It names the record, and nothing of the file is kept."""
    from belannot.core.errors import InputError
    from belannot.core.importing.pipeline import import_files
    from belannot.core.model import User
    from belannot.core.store.postgres import PostgresStore

    source = tmp_path / "nul.jsonl"
    rows = [{"text": f"Document {n} about Minsk."} for n in range(lines - 1)]
    rows.append({"text": "Putin\x00 spoke."})
    source.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    store = PostgresStore.open(postgres_database)
    try:
        with pytest.raises(InputError) as refused:
            import_files(store, [source], user=User("alice"), fmt="jsonl")
        assert f"{source}:{lines}" in str(refused.value)
        assert "U+0000" in str(refused.value) and "text" in str(refused.value)
        assert store.document_count() == 0
    finally:
        store.close()
