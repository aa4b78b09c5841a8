"""A Prodigy file imported and exported again keeps its tokens and its task hashes."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from belannot.core.formats.prodigy_tokens import kept_task, kept_tokens
from belannot.core.formats.registry import export
from belannot.core.importing.pipeline import import_files
from belannot.core.model import Span, User, new_span_id, now_iso
from belannot.core.store import Store

PEER = Path(__file__).resolve().parents[1] / "samples" / "peer" / "prodigy"
SAMPLE = PEER / "ner_manual_tokens.jsonl"
IMPORTER = User("importer")
KEPT = ("_input_hash", "_task_hash", "_view_id", "_session_id")



def _tasks(path: Path) -> list[dict]:
    """An independent reader: the file's tasks as plain JSON."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def _round_trip(store: Store, source: Path, out: Path) -> list[dict]:
    import_files(store, [source], user=IMPORTER, fmt="prodigy", create_labels=True)
    export(store, "prodigy", out)
    return _tasks(out)


def test_tokens_and_hashes_come_back_as_imported(fresh, tmp_path):
    original = {task["text"]: task for task in _tasks(SAMPLE)}
    exported = _round_trip(fresh, SAMPLE, tmp_path / "out.jsonl")
    assert sorted(task["text"] for task in exported) == sorted(original)
    for task in exported:
        source = original[task["text"]]
        assert task["tokens"] == source["tokens"]
        for key in KEPT:
            assert task[key] == source[key], key
        # The spans still point at the same (kept) tokens.
        spans = [
            (s["start"], s["end"], s["token_start"], s["token_end"], s["label"])
            for s in task["spans"]
        ]
        assert sorted(spans) == sorted(
            (s["start"], s["end"], s["token_start"], s["token_end"], s["label"])
            for s in source["spans"]
        )


def test_a_second_round_trip_changes_nothing(fresh, new_project, tmp_path):
    first = _round_trip(fresh, SAMPLE, tmp_path / "one.jsonl")
    second = _round_trip(new_project(), tmp_path / "one.jsonl", tmp_path / "two.jsonl")
    assert second == first


def test_a_span_edge_inside_a_kept_token_cuts_that_token_only(fresh, tmp_path):
    import_files(fresh, [SAMPLE], user=IMPORTER, fmt="prodigy", create_labels=True)
    source = next(t for t in _tasks(SAMPLE) if t["text"].startswith("Acme"))
    [document_id] = [d for d in fresh.document_ids() if fresh.document_text(d) == source["text"]]
    stamp = now_iso()
    with fresh.transaction():  # "Corp" alone: its edge falls inside the kept "Corp."
        fresh.insert_spans(
            [
                Span(
                    new_span_id(),
                    document_id,
                    5,
                    9,
                    "ORG",
                    "news-anna",
                    created=stamp,
                    updated=stamp,
                )
            ]
        )
    export(fresh, "prodigy", tmp_path / "out.jsonl")
    [task] = [t for t in _tasks(tmp_path / "out.jsonl") if t["text"] == source["text"]]
    texts = [token["text"] for token in task["tokens"]]
    assert texts[:4] == ["Acme", "Corp", ".", "hired"]
    assert texts[3:] == [token["text"] for token in source["tokens"][2:]]
    assert [token["id"] for token in task["tokens"]] == list(range(len(texts)))
    assert [token["ws"] for token in task["tokens"][:3]] == [True, False, True]
    [corp] = [s for s in task["spans"] if (s["start"], s["end"]) == (5, 9)]
    assert (corp["token_start"], corp["token_end"]) == (1, 1)
    assert task["_input_hash"] == source["_input_hash"]


def test_a_task_without_tokens_keeps_its_hashes(fresh, tmp_path):
    path = tmp_path / "plain.jsonl"
    task = {
        "text": "Putin spoke.",
        "spans": [],
        "answer": "accept",
        "_input_hash": 7,
        "_task_hash": -9,
        "_view_id": "ner_manual",
    }
    path.write_text(json.dumps(task) + "\n", "utf-8")
    [exported] = _round_trip(fresh, path, tmp_path / "out.jsonl")
    assert (exported["_input_hash"], exported["_task_hash"], exported["_view_id"]) == (
        7,
        -9,
        "ner_manual",
    )


def test_a_document_not_from_prodigy_exports_as_before(fresh, tmp_path):
    path = tmp_path / "doc.jsonl"
    path.write_text(json.dumps({"text": "Acme Corp. hired Dr. Smith."}) + "\n", "utf-8")
    import_files(fresh, [path], user=IMPORTER, fmt="jsonl")
    export(fresh, "prodigy", tmp_path / "out.jsonl")
    [task] = _tasks(tmp_path / "out.jsonl")
    assert "_view_id" not in task and "_session_id" not in task


@st.composite
def _tokenised(draw):
    """A text, Prodigy tokens over it (some with extra keys), and spans on it."""
    text = draw(st.text(alphabet="ab .\n🙂", min_size=1, max_size=30))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=12)) | {0, len(text)})
    tokens = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        token = {"text": text[start:end], "start": start, "end": end, "id": len(tokens)}
        token["ws"] = draw(st.booleans())
        if draw(st.booleans()):
            token["disabled"] = True
        tokens.append(token)
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        spans.append(Span(f"s{len(spans)}", "d", start, end, "ORG", "anna"))
    return text, tokens, spans


@given(_tokenised())
def test_kept_tokens_come_back_and_are_cut_only_at_span_edges(case):
    text, tokens, spans = case
    kept = kept_task({"tokens": tokens, "_input_hash": 1}, text, "anna")
    assert kept is not None
    extra = {"prodigy": kept}
    assert kept_tokens(text, extra, []) == tokens
    cut = kept_tokens(text, extra, spans)
    assert cut is not None
    assert [t["id"] for t in cut] == list(range(len(cut)))
    assert all(t["text"] == text[t["start"] : t["end"]] for t in cut)
    edges = {t["start"] for t in cut} | {t["end"] for t in cut}
    old = {t["start"] for t in tokens} | {t["end"] for t in tokens}
    wanted = {offset for span in spans for offset in (span.start, span.end)}
    assert edges == old | wanted
    # A changed text keeps nothing.
    assert kept_tokens(text + "x", extra, spans) is None
