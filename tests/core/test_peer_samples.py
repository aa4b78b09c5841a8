"""Files other tools wrote (tests/samples/peer): what each import reads, reports and keeps."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from belannot.core.errors import InputError
from belannot.core.formats.base import ReadOptions
from belannot.core.formats.records import DocumentRecord, SpanRecord
from belannot.core.formats.registry import export
from belannot.core.formats.tally import ReadTally
from belannot.core.importing.detect import detect_format
from belannot.core.importing.pipeline import import_files, import_records
from belannot.core.model import User
from belannot.core.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "peer"
IMPORTER = User("importer")


def sample(*parts: str) -> Path:
    return SAMPLES.joinpath(*parts)



def read_columns(path: Path, column: int | None = None) -> list[list[tuple[str, str]]]:
    """An independent CoNLL reader: sentences of (token, tag), comments and DOCSTART out."""
    sentences: list[list[tuple[str, str]]] = [[]]
    numbered: bool | None = None  # a first column 1, 2, 3 … numbers the tokens
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("-DOCSTART-") or (line.startswith("#") and "\t" in line[:2]):
            continue
        if not line.strip():
            if sentences[-1]:
                sentences.append([])
            continue
        cells = line.split("\t") if "\t" in line else line.split()
        if numbered is None:
            numbered = cells[0] == "1" and len(cells) > 2
        token = cells[1] if numbered else cells[0]
        sentences[-1].append((token, cells[-1] if column is None else cells[column - 1]))
    return [s for s in sentences if s]


def chunks(sentences: list[list[tuple[str, str]]]) -> list[tuple[str, str]]:
    """(label, covered tokens) of every chunk, whatever the scheme (IOB1, IOB2, BIOES, BILOU)."""
    found: list[tuple[str, str]] = []
    for sentence in sentences:
        current: list[str] = []
        label = None
        for token, tag in [*sentence, ("", "O")]:
            prefix, _, kind = tag.partition("-")
            starts = prefix in ("B", "S", "U") or kind != label
            if current and (tag == "O" or starts):
                found.append((label or "", " ".join(current)))
                current, label = [], None
            if tag != "O":
                current.append(token)
                label = kind
                if prefix in ("E", "S", "L", "U"):
                    found.append((label, " ".join(current)))
                    current, label = [], None
    return found


def stored_chunks(store: Store) -> list[tuple[str, str]]:
    found = []
    for doc_id in store.document_ids():
        text = store.document_text(doc_id)
        spans = sorted(store.spans(doc_id), key=lambda s: s.start)
        found += [(s.label, text[s.start : s.end]) for s in spans]
    return found


# -- the report --------------------------------------------------------------------------


def test_brat_report_counts_what_it_read_and_what_it_could_not_represent(fresh):
    report = import_files(fresh, [sample("brat")], user=IMPORTER, fmt="brat", create_labels=True)
    assert report.read == {"documents": 1, "spans": 14, "relations": 8, "attributes": 2}
    assert report.not_represented == {"brat # notes on relations": 1}
    lines = report.lines()
    assert "read: 1 document, 14 spans, 8 relations, 2 attributes" in lines
    assert "not represented: brat # notes on relations: 1" in lines


def test_strict_refuses_what_cannot_be_represented_and_stores_nothing(fresh):
    with pytest.raises(InputError, match="not represented.*brat # notes on relations: 1"):
        import_files(
            fresh, [sample("brat")], user=IMPORTER, fmt="brat", create_labels=True, strict=True
        )
    assert fresh.document_ids() == []
    assert "Merge-org" not in {label.name for label in fresh.labels()}


def test_a_reader_reports_skipped_records_and_constructs_through_its_tally(fresh):
    tally = ReadTally()

    def records():
        tally.skip("tasks.jsonl:2", "answer reject")
        tally.skip("tasks.jsonl:3", "answer reject")
        tally.skip("tasks.jsonl:4", "answer ignore")
        tally.left_out("Prodigy options")
        yield DocumentRecord(text="Minsk.", spans=[SpanRecord(0, 5, "actor")])

    report = import_records(fresh, records(), user=IMPORTER, tally=tally)
    assert report.read == {"documents": 1, "spans": 1}
    assert report.skipped_records == {"answer reject": 2, "answer ignore": 1}
    assert "skipped records: answer ignore: 1; answer reject: 2" in report.lines()
    assert report.not_represented == {"Prodigy options": 1}
    assert ReadOptions().tally is not ReadOptions().tally  # one per read


# -- CoNLL ---------------------------------------------------------------------------------


def test_a_conll_file_named_txt_is_detected_as_conll(fresh):
    path = sample("conll", "spacy_conll_ner.txt")
    assert detect_format(path) == "conll"
    report = import_files(fresh, [path], user=IMPORTER, create_labels=True)
    assert stored_chunks(fresh) == chunks(read_columns(path))
    assert stored_chunks(fresh) == [("GPE", "London"), ("GPE", "New York City")]
    assert any("IOB2" in line for line in report.lines())


def test_a_txt_copy_of_a_tab_separated_conll_file_is_not_plain_text(tmp_path):
    path = tmp_path / "NER-de-test.txt"
    shutil.copy(sample("conll", "flair_germeval.tsv"), path)
    assert detect_format(path) == "conll"


def test_the_tag_column_defaults_to_the_last_and_is_reported(fresh):
    path = sample("conll", "seqeval_ground_truth.txt")
    report = import_files(fresh, [path], user=IMPORTER, create_labels=True)
    assert stored_chunks(fresh) == chunks(read_columns(path))
    note = next(line for line in report.lines() if "column" in line)
    assert "tags from column 4 of 4 (the last)" in note and "IOB1" in note


def test_conll_column_chooses_the_tag_column(fresh):
    path = sample("conll", "seqeval_ground_truth.txt")
    report = import_files(fresh, [path], user=IMPORTER, create_labels=True, conll_column=3)
    assert stored_chunks(fresh) == chunks(read_columns(path, 3))
    assert any("tags from column 3 of 4" in line and "IOB2" in line for line in report.lines())


def test_conll_column_past_the_last_is_refused_at_its_line(fresh):
    path = sample("conll", "seqeval_ground_truth.txt")
    with pytest.raises(InputError, match=r"seqeval_ground_truth.txt:1: .*column 5.*4 columns"):
        import_files(fresh, [path], user=IMPORTER, create_labels=True, conll_column=5)


def test_comment_lines_tabs_and_a_numbering_column(fresh):
    path = sample("conll", "flair_germeval.tsv")
    import_files(fresh, [path], user=IMPORTER, create_labels=True, conll_column=3)
    [doc_id] = fresh.document_ids()
    assert fresh.document_text(doc_id).split(" ")[:3] == ["1951", "bis", "1953"]
    assert stored_chunks(fresh) == chunks(read_columns(path, 3)) == [("OTH", "Kolpingwerkes")]


@pytest.mark.parametrize(
    ("name", "scheme", "expected"),
    [
        (
            "bioes.conll",
            "BIOES",
            [("PER", "Angela"), ("PER", "Angela Dorothea Merkel"), ("LOC", "New York")],
        ),
        ("bilou.conll", "BILOU", [("ORG", "Apple"), ("GPE", "U.K."), ("MONEY", "$ 1 billion")]),
    ],
)
def test_bioes_and_bilou_are_recognised(fresh, name, scheme, expected):
    path = sample("conll", name)
    report = import_files(fresh, [path], user=IMPORTER, create_labels=True)
    assert stored_chunks(fresh) == chunks(read_columns(path)) == expected
    assert any(f"scheme {scheme}" in line for line in report.lines())


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("seqeval_ground_truth.txt", 3),
        ("spacy_conll_ner.txt", None),
        ("flair_germeval.tsv", 3),
        ("bioes.conll", None),
    ],
)
def test_conll_round_trip_keeps_the_tokens_and_sentence_breaks(fresh, tmp_path, name, column):
    path = sample("conll", name)
    import_files(fresh, [path], user=IMPORTER, create_labels=True, conll_column=column)
    out = tmp_path / "out.conll"
    export(fresh, "conll", out)
    original = [[token for token, _ in sentence] for sentence in read_columns(path, column)]
    written = [[token for token, _ in sentence] for sentence in read_columns(out)]
    assert written == original


def test_seqeval_corp_stays_one_token_in_one_sentence(fresh, tmp_path):
    path = sample("conll", "seqeval_ground_truth.txt")
    import_files(fresh, [path], user=IMPORTER, create_labels=True, conll_column=3)
    out = tmp_path / "out.conll"
    export(fresh, "conll", out)
    first = read_columns(out)[0]
    assert first[:4] == [
        ("Rockwell", "B-NP"),
        ("International", "I-NP"),
        ("Corp.", "I-NP"),
        ("'s", "B-NP"),
    ]
    assert len(read_columns(out)) == 2


# -- doccano ---------------------------------------------------------------------------------


def test_doccano_relation_extraction_example(fresh):
    report = import_files(
        fresh, [sample("doccano", "relation_extraction.jsonl")], user=IMPORTER, create_labels=True
    )
    assert report.read == {"documents": 1, "spans": 4, "relations": 3}
    [doc_id] = fresh.document_ids()
    types = sorted((r.type, r.head, r.tail) for r in fresh.relations(doc_id))
    by_id = {s.id: fresh.document_text(doc_id)[s.start : s.end] for s in fresh.spans(doc_id)}
    assert sorted((t, by_id[h], by_id[tl]) for t, h, tl in types) == [
        ("foundedAt", "Google", "September 4, 1998"),
        ("foundedBy", "Google", "Larry Page"),
        ("foundedBy", "Google", "Sergey Brin"),
    ]


def test_doccano_pretty_printed_array(fresh):
    path = sample("doccano", "pretty_array.json")
    assert detect_format(path) == "doccano"
    report = import_files(fresh, [path], user=IMPORTER, create_labels=True)
    assert report.read == {"documents": 2, "spans": 4}
    assert sorted(fresh.document_ids()) == ["en-1", "en-2"]
    assert ("PERSON", "Putin") in stored_chunks(fresh)


def test_doccano_pretty_printed_object(fresh):
    path = sample("doccano", "pretty_object.json")
    assert detect_format(path) == "doccano"
    report = import_files(fresh, [path], user=IMPORTER, create_labels=True)
    assert report.read == {"documents": 1, "spans": 4, "relations": 3}


def test_doccano_pretty_printed_error_names_the_item_line(fresh, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        '[\n  {"text": "a", "label": []},\n  {"text": "b", "label": [[0, 9, "X"]]}\n]\n'
    )
    with pytest.raises(InputError, match=r"bad.json:3: "):
        import_files(fresh, [path], user=IMPORTER, fmt="doccano", create_labels=True)


def test_doccano_intent_detection_keeps_categories_as_metadata(fresh):
    path = sample("doccano", "intent_detection.jsonl")
    report = import_files(fresh, [path], user=IMPORTER, create_labels=True)
    assert report.read == {"documents": 4, "spans": 2}
    cats = {
        fresh.document_text(d): fresh.document(d).meta.extra.get("cats")
        for d in fresh.document_ids()
    }
    assert cats == {
        "exampleA": ["positive"],
        "exampleB": ["positive"],
        "exampleC": None,
        "exampleD": None,
    }


# -- labels the file brings ------------------------------------------------------------------


def test_without_create_labels_every_unknown_label_is_named_at_once(fresh):
    with pytest.raises(InputError) as raised:
        import_files(fresh, [sample("brat")], user=IMPORTER, fmt="brat")
    message = str(raised.value)
    for name in ("GPE", "Merge-org", "Organization", "Person"):
        assert repr(name) in message
    assert "--create-labels" in message
    assert fresh.document_ids() == []


def test_create_labels_makes_labels_relation_types_and_attributes(fresh, tmp_path):
    path = tmp_path / "attrs.jsonl"
    path.write_text(
        '{"text": "Minsk and Kyiv.", "entities": ['
        '{"id": 1, "start_offset": 0, "end_offset": 5, "label": "CITY",'
        ' "attributes": {"capital": true, "rank": 2}},'
        '{"id": 2, "start_offset": 10, "end_offset": 14, "label": "TOWN"}],'
        ' "relations": [{"from_id": 1, "to_id": 2, "type": "near"}]}\n'
    )
    keys_before = {label.hotkey for label in fresh.labels()}
    report = import_files(fresh, [path], user=IMPORTER, create_labels=True)
    assert report.relations_added == 1
    labels = {label.name: label for label in fresh.labels()}
    assert {"CITY", "TOWN"} <= set(labels)
    city = labels["CITY"]
    assert [(d.name, d.kind.value) for d in city.attributes] == [
        ("capital", "bool"),
        ("rank", "number"),
    ]
    assert city.color != labels["TOWN"].color
    new_keys = {labels["CITY"].hotkey, labels["TOWN"].hotkey}
    assert None not in new_keys and not (new_keys & keys_before)
    [near] = [t for t in fresh.relation_types() if t.name == "near"]
    assert (near.head_labels, near.tail_labels) == (("CITY",), ("TOWN",))
    assert any("created" in line and "CITY" in line for line in report.lines())


def test_create_labels_in_the_same_transaction_as_the_import(fresh, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"text": "Minsk", "label": [[0, 5, "CITY"]]}\n{"text": "x", "label": [[0, 9, "TOWN"]]}\n'
    )
    with pytest.raises(InputError, match="bad.jsonl:2"):
        import_files(fresh, [path], user=IMPORTER, create_labels=True)
    assert "CITY" not in {label.name for label in fresh.labels()}


# -- errors that say where -------------------------------------------------------------------


def test_zip_member_errors_name_the_member_and_its_line(fresh, tmp_path):
    archive = tmp_path / "news.zip"
    ann = sample("brat", "110-note_annotation.ann").read_text("utf-8").splitlines(True)
    ann[2] = "T2\tOrganization 471 478\tYouTubeX\n"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(sample("brat", "110-note_annotation.txt"), "news/110.txt")
        zipped.writestr("news/110.ann", "".join(ann))
    with pytest.raises(InputError, match=r"news\.zip!news/110\.ann:3: T2: "):
        import_files(fresh, [archive], user=IMPORTER, create_labels=True)


def test_zip_member_unknown_label_names_the_member_and_its_line(fresh, tmp_path):
    archive = tmp_path / "news.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a/doc.txt", "Minsk is far.")
        zipped.writestr("a/doc.ann", "#1\tAnnotatorNotes T1\tnote\nT1\tPlace 0 5\tMinsk\n")
    with pytest.raises(InputError, match=r"news\.zip!a/doc\.ann:2: T1: unknown label 'Place'"):
        import_files(fresh, [archive], user=IMPORTER)
