"""Prodigy ``rel.manual`` and a Label Studio export with relations and per-region choices,
each compared construct by construct with an independent reader written here."""

from __future__ import annotations

import json
from pathlib import Path

from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store

PEER = Path(__file__).resolve().parents[1] / "samples" / "peer"
REL_MANUAL = PEER / "prodigy" / "rel_manual.jsonl"
LS_RELATIONS = PEER / "label_studio" / "relations_choices.json"
IMPORTER = User("importer")
TOKEN_ENDS = "Prodigy relations with an end on a token that is no span"



def _stored(store: Store) -> tuple[set, set]:
    """(text, start, end, label, attributes) of every span, and (text, type, head, tail)
    of every relation, its ends as the spans' covered text."""
    spans, relations = set(), set()
    for document_id in store.document_ids():
        text = store.document_text(document_id)
        for span in store.spans(document_id):
            attributes = tuple(sorted(span.attributes.items()))
            spans.add((text, span.start, span.end, span.label, attributes))
        for relation in store.relations(document_id):
            head, tail = store.span(relation.head), store.span(relation.tail)
            assert head is not None and tail is not None
            relations.add(
                (text, relation.type, text[head.start : head.end], text[tail.start : tail.end])
            )
    return spans, relations


def _import(store: Store, path: Path, fmt: str):
    return import_files(store, [path], user=IMPORTER, fmt=fmt, create_labels=True)


def test_prodigy_rel_manual_relations_join_the_spans_at_their_tokens(fresh):
    tasks = [json.loads(line) for line in REL_MANUAL.read_text("utf-8").splitlines()]
    accepted = [t for t in tasks if t["answer"] == "accept"]
    spans = {
        (t["text"], s["start"], s["end"], s["label"], ()) for t in accepted for s in t["spans"]
    }
    relations, on_tokens = set(), 0
    for task in accepted:
        text, tokens = task["text"], task["tokens"]
        labelled = {s["token_end"]: s for s in task["spans"]}
        for relation in task["relations"]:
            ends = [labelled.get(relation[key]) for key in ("head", "child")]
            if None in ends or any(
                relation[f"{k}_span"]["label"] is None for k in ("head", "child")
            ):
                on_tokens += 1
                continue
            head, tail = (text[e["start"] : e["end"]] for e in ends)
            assert tokens[relation["head"]]["end"] == ends[0]["end"]
            relations.add((text, relation["label"], head, tail))
    report = _import(fresh, REL_MANUAL, "prodigy")
    assert _stored(fresh) == (spans, relations)
    assert len(relations) == 4 and on_tokens == 1
    assert report.not_represented == {TOKEN_ENDS: on_tokens}
    assert report.skipped_records == {"answer ignore": 1}


def test_label_studio_relations_and_per_region_choices(fresh):
    tasks = json.loads(LS_RELATIONS.read_text("utf-8"))
    spans, relations, cancelled = set(), set(), 0
    for task in tasks:
        text = task["data"]["text"]
        for annotation in task["annotations"]:
            if annotation["was_cancelled"]:
                cancelled += 1
                continue
            results = annotation["result"]
            regions = {r["id"]: r["value"] for r in results if r["type"] == "labels"}
            values: dict[str, dict] = {}
            for r in results:
                if r["type"] in ("choices", "textarea") and r["id"] in regions:
                    key = "choices" if r["type"] == "choices" else "text"
                    values.setdefault(r["id"], {})[r["from_name"]] = r["value"][key][0]
            for region, value in regions.items():
                attributes = tuple(sorted(values.get(region, {}).items()))
                spans.add((text, value["start"], value["end"], value["labels"][0], attributes))
            for r in results:
                if r["type"] != "relation":
                    continue
                head, tail = regions[r["from_id"]]["text"], regions[r["to_id"]]["text"]
                if r["direction"] == "left":
                    head, tail = tail, head
                relations.add((text, r["labels"][0], head, tail))
    report = _import(fresh, LS_RELATIONS, "label-studio")
    assert _stored(fresh) == (spans, relations)
    assert cancelled == 1
    assert report.skipped_records == {"Label Studio annotation cancelled (was_cancelled)": 1}
    assert report.not_represented == {"Label Studio results on no region (task-level)": 1}
    assert report.suggestions_kept == {"Label Studio prediction results kept as suggestions": 1}


def test_a_label_studio_bi_relation_makes_a_symmetric_type(fresh):
    _import(fresh, LS_RELATIONS, "label-studio")
    kinds = {kind.name: kind.directed for kind in fresh.relation_types()}
    assert kinds["meets"] is False
    assert kinds["located_in"] is True
