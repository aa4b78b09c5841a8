"""Every export format, proven by the library or parser that consumes it."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import orjson
import pytest

from belannot.core.errors import BelannotError, CancelledError
from belannot.core.fileio import OutputExistsError
from belannot.core.formats.brat import read_brat
from belannot.core.formats.conll import read_conll
from belannot.core.formats.exporting import ExportOptions, OverlapPolicy
from belannot.core.formats.registry import EXPORT_FORMATS, export
from belannot.core.formats.tokens import is_valid_iob2
from belannot.core.model import SpanStatus
from belannot.core.store import SpanFilter
from tests.core.formats_fixtures import SPANS, TEXTS, fill
from tests.store_helpers import iter_documents


@pytest.fixture
def project(store):
    return fill(store)


def stored_spans(project):
    return {
        (doc.id, s.start, s.end, s.label, s.annotator)
        for doc in iter_documents(project)
        for s in project.spans(doc.id)
    }


# -- spaCy ---------------------------------------------------------------------------


def load_docbin(path):
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def test_spacy_docbin_holds_every_span_and_non_overlapping_ents(project, tmp_path):
    [report] = export(project, "spacy", tmp_path / "out.spacy")
    docs = load_docbin(tmp_path / "out.spacy")
    assert [doc.text for doc in docs] == list(TEXTS.values())
    assert report.spans == len(SPANS)
    for doc, (doc_id, text) in zip(docs, TEXTS.items(), strict=True):
        wanted = sorted((s.start, s.end, s.label) for s in project.spans(doc_id))
        got = sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["sc"])
        assert got == wanted
        for span in doc.spans["sc"]:
            assert span.text == text[span.start_char : span.end_char]
        ents = list(doc.ents)
        for first, second in zip(ents, ents[1:], strict=False):
            assert first.end <= second.start
        assert ents, "some spans are non-overlapping"
    # Overlaps exist in the fixture; they are reported, not silently lost.
    assert any("not doc.ents" in note for note in report.notes)


def test_spacy_reports_spans_not_aligned_to_tokens(project, tmp_path):
    from belannot.core.model import Span, now_iso

    stamp = now_iso()
    with project.transaction():
        project.insert_span(
            Span("mid", "plain", 1, 3, "actor", "alice", created=stamp, updated=stamp)
        )
    [report] = export(project, "spacy", tmp_path / "out.spacy")
    assert report.adjusted == 1
    assert any("widened" in note and "'AT'" in note for note in report.notes)
    docs = load_docbin(tmp_path / "out.spacy")
    plain = docs[2]
    assert ("NATO", "actor") in {(s.text, s.label_) for s in plain.spans["sc"]}


@pytest.mark.slow
def test_spacy_train_runs_on_the_export(project, tmp_path):
    export(project, "spacy", tmp_path / "train.spacy")
    config = tmp_path / "config.cfg"
    python = sys.executable
    subprocess.run(
        [
            python,
            "-m",
            "spacy",
            "init",
            "config",
            str(config),
            "--lang",
            "en",
            "--pipeline",
            "ner,spancat",
            "--optimize",
            "efficiency",
            "--force",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    result = subprocess.run(
        [
            python,
            "-m",
            "spacy",
            "train",
            str(config),
            "--output",
            str(tmp_path / "model"),
            "--paths.train",
            str(tmp_path / "train.spacy"),
            "--paths.dev",
            str(tmp_path / "train.spacy"),
            "--training.max_steps",
            "2",
            "--training.eval_frequency",
            "1",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "model" / "model-last").is_dir()


# -- Hugging Face -----------------------------------------------------------------------


def test_hf_dataset_loads_with_declared_features(project, tmp_path):
    import datasets

    export(project, "hf", tmp_path / "hf")
    dataset = datasets.load_from_disk(str(tmp_path / "hf"))
    names = dataset.features["ner_tags"].feature.names
    assert names == [
        "O",
        "B-actor",
        "I-actor",
        "B-event",
        "I-event",
        "B-prediction",
        "I-prediction",
        "B-quote",
        "I-quote",
    ]
    assert set(dataset.column_names) == {"id", "text", "tokens", "ner_tags", "spans", "relations"}
    assert dataset["id"] == list(TEXTS)
    total = 0
    for row in dataset:
        tags = [names[i] for i in row["ner_tags"]]
        assert len(tags) == len(row["tokens"])
        assert is_valid_iob2(tags)
        for span in row["spans"]:
            assert row["text"][span["start"] : span["end"]] == span["text"]
        total += len(row["spans"])
    assert total == len(SPANS)


# -- Prodigy ------------------------------------------------------------------------------


def test_prodigy_tasks_have_prodigy_shape_and_token_offsets_index_the_text(project, tmp_path):
    export(project, "prodigy", tmp_path / "out.jsonl")
    tasks = [orjson.loads(line) for line in (tmp_path / "out.jsonl").read_bytes().splitlines()]
    # One task per document and annotator.
    assert {(t["meta"]["id"], t["_annotator_id"]) for t in tasks} == {
        (doc, who) for doc, _, _, _, who, _ in SPANS
    }
    spans_seen = 0
    for task in tasks:
        assert set(task) >= {"text", "tokens", "spans", "answer", "meta"}
        assert task["answer"] == "accept"
        text = task["text"]
        for index, token in enumerate(task["tokens"]):
            assert set(token) == {"text", "start", "end", "id", "ws"}
            assert token["id"] == index
            assert text[token["start"] : token["end"]] == token["text"]
            assert token["ws"] == text[token["end"] : token["end"] + 1].isspace()
        for span in task["spans"]:
            assert set(span) == {"start", "end", "token_start", "token_end", "label"}
            first = task["tokens"][span["token_start"]]
            last = task["tokens"][span["token_end"]]  # inclusive
            assert (first["start"], last["end"]) == (span["start"], span["end"])
            spans_seen += 1
    assert spans_seen == len(SPANS)


# -- brat ------------------------------------------------------------------------------------


def check_brat_pair(text: str, ann: str):
    count = 0
    for line in ann.splitlines():
        name, middle, quoted = line.split("\t")
        label, offsets = middle.split(" ", 1)
        pieces = [tuple(map(int, part.split())) for part in offsets.split(";")]
        assert " ".join(text[s:e] for s, e in pieces) == quoted, line
        count += 1
    return count


@pytest.mark.parametrize("name", ["brat", "brat.zip"])
def test_brat_ann_texts_equal_the_txt_slices(project, tmp_path, name):
    export(project, "brat", tmp_path / name)
    count = 0
    if name.endswith(".zip"):
        with zipfile.ZipFile(tmp_path / name) as archive:
            for doc_id in TEXTS:
                text = archive.read(f"{doc_id}.txt").decode("utf-8")
                assert text == TEXTS[doc_id]  # byte for byte: CRLF kept
                count += check_brat_pair(text, archive.read(f"{doc_id}.ann").decode("utf-8"))
    else:
        for doc_id in TEXTS:
            text = (tmp_path / name / f"{doc_id}.txt").read_bytes().decode("utf-8")
            assert text == TEXTS[doc_id]
            ann = (tmp_path / name / f"{doc_id}.ann").read_bytes().decode("utf-8")
            count += check_brat_pair(text, ann)
    assert count == len(SPANS)
    records = list(read_brat(tmp_path / name))
    assert {r.id: r.text for r in records} == TEXTS


def test_brat_document_ids_cannot_escape_the_folder(store, tmp_path):
    from belannot.core.model import Document

    store.add_document(Document("../../evil", "Some text."), user="alice")
    exports = tmp_path / "exports"
    export(store, "brat", exports / "out")
    names = sorted(p.name for p in (exports / "out").iterdir())
    # one plain name, inside the folder, beside the schema and the colours
    assert names == ["_.._evil.ann", "_.._evil.txt", "annotation.conf", "visual.conf"]
    assert sorted(p.name for p in exports.iterdir()) == ["out"]


# -- CoNLL --------------------------------------------------------------------------------------


def conll_documents(path):
    docs, sentence = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            docs.append([])
        elif not line:
            if sentence:
                docs[-1].append(sentence)
            sentence = []
        else:
            token, tag = line.split("\t")
            sentence.append((token, tag))
    return docs


@pytest.mark.parametrize("policy", list(OverlapPolicy))
def test_conll_is_valid_iob2_with_overlaps_dropped_and_counted(project, tmp_path, policy):
    options = ExportOptions(overlap=policy, label_priority=("quote",))
    [report] = export(project, "conll", tmp_path / "out.conll", options)
    docs = conll_documents(tmp_path / "out.conll")
    assert len(docs) == len(TEXTS)
    written = 0
    for doc in docs:
        for sentence in doc:
            tags = [tag for _, tag in sentence]
            assert is_valid_iob2(tags)
            assert all("\t" not in tok and " " not in tok and tok for tok, _ in sentence)
            written += sum(tag.startswith("B-") for tag in tags)
    assert written == report.spans
    assert report.dropped > 0
    assert report.spans + report.dropped == len(SPANS)
    records = list(read_conll(tmp_path / "out.conll"))
    assert sum(len(r.spans) for r in records) == report.spans


def test_conll_overlap_policies_choose_as_documented(project, tmp_path):
    chosen = {}
    for policy in OverlapPolicy:
        options = ExportOptions(overlap=policy, span_filter=SpanFilter(), label_priority=("actor",))
        export(project, "conll", tmp_path / f"{policy}.conll", options)
        plain = conll_documents(tmp_path / f"{policy}.conll")[2]
        chosen[policy] = [tag for sentence in plain for _, tag in sentence][:2]
    # "NATO expects…" (quote, longest and first) against "NATO" (actor, by priority).
    assert chosen[OverlapPolicy.LONGEST] == ["B-quote", "I-quote"]
    assert chosen[OverlapPolicy.FIRST] == ["B-quote", "I-quote"]
    assert chosen[OverlapPolicy.PRIORITY] == ["B-actor", "O"]


# -- options common to every exporter ---------------------------------------------------------


@pytest.mark.parametrize("name", list(EXPORT_FORMATS))
def test_every_format_refuses_to_overwrite_without_force(project, tmp_path, name):
    fmt = EXPORT_FORMATS[name]
    path = tmp_path / f"out{fmt.suffix}"
    export(project, name, path)
    with pytest.raises(OutputExistsError):
        export(project, name, path)
    export(project, name, path, ExportOptions(overwrite=True))


@pytest.mark.parametrize("name", list(EXPORT_FORMATS))
def test_every_format_cancels_without_leaving_output(project, tmp_path, name):
    calls = []
    options = ExportOptions(
        progress=lambda done, total: calls.append((done, total)),
        cancel=lambda: len(calls) >= 1,
    )
    exports = tmp_path / "exports"
    exports.mkdir()
    with pytest.raises(CancelledError):
        export(project, name, exports / f"out{EXPORT_FORMATS[name].suffix}", options)
    assert list(exports.iterdir()) == []
    assert calls == [(1, len(TEXTS))]


@pytest.mark.parametrize("name", list(EXPORT_FORMATS))
def test_every_format_applies_the_span_filter(project, tmp_path, name):
    options = ExportOptions(span_filter=SpanFilter.approved_only())
    [report] = export(project, name, tmp_path / f"out{EXPORT_FORMATS[name].suffix}", options)
    approved = sum(1 for *_, status in SPANS if status is SpanStatus.APPROVED)
    assert report.spans + report.dropped == approved
    assert report.documents == len(TEXTS)


def test_splits_are_deterministic_and_stable_when_documents_are_added(project, tmp_path):
    from belannot.core.formats.exporting import split_of
    from belannot.core.model import Document

    splits = {"train": 0.5, "dev": 0.25, "test": 0.25}
    reports = export(project, "jsonl", tmp_path / "a.jsonl", splits=splits, seed=7)
    assert [r.split for r in reports] == ["train", "dev", "test"]
    assert sum(r.documents for r in reports) == len(TEXTS)
    before = {}
    for r in reports:
        for line in (tmp_path / f"a.{r.split}.jsonl").read_bytes().splitlines():
            before[orjson.loads(line)["id"]] = r.split
    with project.transaction():
        for index in range(40):
            project.add_document(Document(f"new-{index}", f"Text number {index}."), user="x")
    export(project, "jsonl", tmp_path / "b.jsonl", splits=splits, seed=7)
    after = {}
    for split in splits:
        for line in (tmp_path / f"b.{split}.jsonl").read_bytes().splitlines():
            after[orjson.loads(line)["id"]] = split
    assert {k: after[k] for k in before} == before
    assert len(after) == len(TEXTS) + 40
    assert all(split_of(k, splits, 7) == v for k, v in after.items())
    # Every split gets documents at this size, and another seed deals them differently.
    assert set(after.values()) == set(splits)
    assert {k: split_of(k, splits, 8) for k in after} != after


def test_a_missing_optional_dependency_names_the_extra(project, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_spacy(name, *args, **kwargs):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "spacy", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_spacy)
    import importlib

    monkeypatch.setattr(
        importlib,
        "import_module",
        lambda name, *a: no_spacy(name) if name.startswith("spacy") else real_import(name),
    )
    with pytest.raises(BelannotError, match=r"pip install 'belannot\[spacy\]'"):
        export(project, "spacy", tmp_path / "out.spacy")
    assert not (tmp_path / "out.spacy").exists()


def test_core_formats_do_not_import_spacy_or_datasets_until_used():
    code = (
        "import sys, belannot.core.formats.registry, belannot.core.importing.pipeline, "
        "belannot.cli; "
        "print('spacy' in sys.modules, 'datasets' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
