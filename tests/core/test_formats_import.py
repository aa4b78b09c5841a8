"""Importers: round trips through every format, auto-detection, and located errors."""

from __future__ import annotations

import os
import zipfile

import orjson
import pytest

from belannot.core.errors import InputError
from belannot.core.formats.registry import EXPORT_FORMATS, export
from belannot.core.importing.detect import detect_format
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from tests.core.formats_fixtures import ALICE, TEXTS, fill, span_keys
from tests.core.import_refusals import brat_folder_linking_outside

IMPORTER = User("importer")


@pytest.fixture
def project(store):
    return fill(store)



def exported(project, tmp_path, name):
    path = tmp_path / "exports" / f"out{EXPORT_FORMATS[name].suffix}"
    export(project, name, path)
    return path


@pytest.mark.parametrize(
    ("name", "keeps_annotators"),
    [
        ("jsonl", True),
        ("prodigy", True),
        ("label-studio", True),
        ("doccano", False),
        ("brat", False),
    ],
)
def test_round_trip_gives_the_same_spans(project, fresh, tmp_path, name, keeps_annotators):
    path = exported(project, tmp_path, name)
    assert detect_format(path) == name
    report = import_files(fresh, [path], user=IMPORTER, as_annotator="carol")
    assert report.documents_added == len(TEXTS)
    assert span_keys(fresh) == span_keys(project)
    annotators = {key[-1] for key in span_keys(fresh, with_annotator=True)}
    assert annotators == ({"alice", "bob"} if keeps_annotators else {"carol"})
    if name == "jsonl":
        assert span_keys(fresh, with_annotator=True) == span_keys(project, with_annotator=True)


def test_brat_zip_round_trip(project, fresh, tmp_path):
    path = tmp_path / "exports" / "out.zip"
    export(project, "brat", path)
    assert detect_format(path) == "brat"
    import_files(fresh, [path], user=IMPORTER)
    assert span_keys(fresh) == span_keys(project)
    assert set(fresh.document_ids()) == set(TEXTS)


def test_conll_round_trip_is_stable(project, fresh, tmp_path):
    first = exported(project, tmp_path, "conll")
    assert detect_format(first) == "conll"
    import_files(fresh, [first], user=IMPORTER)
    second = tmp_path / "second.conll"
    export(fresh, "conll", second)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_label_studio_utf16_offsets_are_converted(fresh, tmp_path):
    text = "🎉 Putin spoke"
    task = {
        "data": {"text": text},
        "annotations": [
            {
                "completed_by": 3,
                "result": [{"value": {"start": 3, "end": 8, "text": "Putin", "labels": ["actor"]}}],
            }
        ],
    }
    path = tmp_path / "ls.json"
    path.write_bytes(orjson.dumps([task]))
    import_files(fresh, [path], user=IMPORTER)
    [span] = fresh.spans(fresh.document_ids()[0])
    assert (span.start, span.end, span.annotator) == (2, 7, "label-studio-3")


def write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("fmt", "lines", "message"),
    [
        (
            "doccano",
            ['{"text": "Putin"}', '{"text": "ab", "label": [[0, 9, "actor"]]}'],
            ":2: spans[0]: end 9 is past the end",
        ),
        (
            "doccano",
            ['{"text": "ab", "label": ["positive"]}'],
            ":1: label[0]: 'positive' is a document class",
        ),
        (
            "doccano",
            ['{"text": "ab", "label": [[0, 1, "nope"]]}'],
            ":1: spans[0].label: unknown label 'nope'",
        ),
        (
            "prodigy",
            ['{"text": "ab", "answer": "accept", "spans": [{"start": 0, "end": 1}]}'],
            ":1: spans[0].label: missing",
        ),
        (
            "prodigy",
            ['{"text": "ab", "answer": "accept", "spans": [{"start": 0, "end": 1}'],
            ":1: not JSON",
        ),
        (
            "conll",
            ["-DOCSTART-\tO", "", "Putin\tB-actor", "said\tX-event"],
            ":4: tag 'X-event' is not O",
        ),
    ],
)
def test_bad_input_is_reported_by_file_line_and_field(fresh, tmp_path, fmt, lines, message):
    path = write(tmp_path / f"bad.{fmt}", lines)
    with pytest.raises(InputError) as caught:
        import_files(fresh, [path], user=IMPORTER, fmt=fmt)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)
    assert fresh.document_count() == 0  # one transaction: nothing half-written


def test_brat_without_its_txt_is_an_error(fresh, tmp_path):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.ann").write_text("T1\tactor 0 5\tPutin\n", encoding="utf-8")
    with pytest.raises(InputError, match="a.txt is missing"):
        import_files(fresh, [folder], user=IMPORTER)


def test_brat_ann_text_must_match_the_txt(fresh, tmp_path):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text("Putin spoke", encoding="utf-8")
    (folder / "a.ann").write_text("#1\tnote\nT1\tactor 0 5\tBiden\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.ann:2: T1: text 'Biden' does not match"):
        import_files(fresh, [folder], user=IMPORTER)


def test_brat_zip_members_outside_the_archive_are_refused(fresh, tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../a.txt", "Putin")
        archive.writestr("../a.ann", "T1\tactor 0 5\tPutin\n")
    with pytest.raises(InputError, match="outside the archive"):
        import_files(fresh, [path], user=IMPORTER)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_brat_symlinks_outside_the_folder_are_refused(fresh, tmp_path):
    folder = brat_folder_linking_outside(tmp_path)
    with pytest.raises(InputError, match="outside the folder"):
        import_files(fresh, [folder], user=IMPORTER)


def test_brat_multiline_span_round_trips_as_fragments(store, fresh, tmp_path):
    from belannot.core.model import Document, Span, now_iso

    text = "“One.\r\n\r\nTwo.” he said"
    store.add_document(Document("d", text), user="alice")
    stamp = now_iso()
    with store.transaction():
        store.ensure_user("alice")
        store.insert_span(Span("s", "d", 0, 14, "quote", "alice", created=stamp, updated=stamp))
    export(store, "brat", tmp_path / "b")
    ann = (tmp_path / "b" / "d.ann").read_text(encoding="utf-8")
    assert ann == "T1\tquote 0 5;9 14\t“One. Two.”\n"
    import_files(fresh, [tmp_path / "b"], user=IMPORTER)
    assert span_keys(fresh) == {(text, 0, 14, "quote")}


def test_conll2003_four_columns_and_iob1_import(fresh, tmp_path):
    path = write(
        tmp_path / "c.tsv",
        [
            "-DOCSTART- -X- -X- O",
            "",
            "Putin NNP B-NP I-actor",
            "met VBD B-VP O",
            "Lukashenko NNP B-NP I-actor",
            "Lukashenko NNP B-NP B-actor",
            "",
        ],
    )
    assert detect_format(path) == "conll"
    import_files(fresh, [path], user=IMPORTER)
    [doc_id] = fresh.document_ids()
    text = fresh.document_text(doc_id)
    assert text == "Putin met Lukashenko Lukashenko"
    assert [(s.start, s.end) for s in fresh.spans(doc_id)] == [(0, 5), (10, 20), (21, 31)]


def test_import_of_corpus_text_still_works(fresh, corpus_copy):
    report = import_files(fresh, [corpus_copy], user=ALICE)
    assert report.documents_added == 5
