"""Text and JSONL import, JSONL export: offsets, round trips, and bad input that changes nothing."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from belannot.core.errors import CancelledError, InputError
from belannot.core.fileio import OutputExistsError
from belannot.core.formats.jsonl import export_jsonl
from belannot.core.importing.pipeline import import_files
from belannot.core.model import Document, User
from belannot.core.store import SpanFilter, Store
from tests.core.drawn_projects import drawing
from tests.core.drawn_projects import scratch as scratch  # noqa: F401 (the fixture)

# Each sample mixes what makes other tools' offsets drift; the value is (text, span text).
TRICKY_TEXTS = {
    "emoji": ("Putin 😊 met 👩‍❤️‍👩 Lukashenko.", "Lukashenko"),
    "combining": ("Lukashe\u0301nko and Zelensky\u0306 spoke.", "Lukashe\u0301nko"),
    "crlf": ("First line\r\nLukashenko said\r\n\r\nthird", "Lukashenko said"),
    "tabs": ("col\tLukashenko\tcol", "Lukashenko"),
    "rtl": (
        "Belarus \u05d1\u05dc\u05e8\u05d5\u05e1 and "
        "\u0628\u064a\u0644\u0627\u0631\u0648\u0633 Minsk",
        "\u0628\u064a\u0644\u0627\u0631\u0648\u0633",
    ),
}


def snapshot(store: Store) -> dict:
    """Every row of every table: what 'unchanged' is measured against."""
    tables = [name for name in store.table_names() if not name.startswith("documents_fts")]
    return {t: sorted(store.table_rows(t), key=repr) for t in tables}


def write_jsonl(path, records):
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


def find(text, needle):
    start = text.index(needle)
    return start, start + len(needle)


def test_import_bundled_corpus_with_metadata(store, corpus_copy, alice):
    report = import_files(store, [corpus_copy], user=alice)
    assert (report.files, report.documents_added) == (5, 5)
    doc = store.document("putin-embraced-by-lukashenko")
    assert doc.meta.author == "Tyler Durden" and doc.meta.published == "2022-12-19"
    assert doc.text == (corpus_copy / "004_f9bf49140b454e73.txt").read_text(encoding="utf-8")
    again = import_files(store, [corpus_copy], user=alice)
    assert (again.documents_added, again.documents_existing) == (0, 5)
    assert store.document_count() == 5


@pytest.mark.parametrize("name", TRICKY_TEXTS)
def test_text_is_stored_exactly_and_offsets_are_code_points(tmp_path, store, alice, name):
    text, needle = TRICKY_TEXTS[name]
    start, end = find(text, needle)
    record = {"id": name, "text": text, "spans": [{"start": start, "end": end, "label": "actor"}]}
    import_files(store, [write_jsonl(tmp_path / "in.jsonl", [record])], user=alice)
    assert store.document_text(name) == text
    [span] = store.spans(name)
    assert span.text_in(text) == text[start:end]
    out = export_jsonl(store, tmp_path / "out.jsonl").path
    [line] = out.read_bytes().splitlines()
    exported = orjson.loads(line)
    assert exported["text"] == text
    assert exported["spans"][0]["text"] == text[start:end]


def test_text_file_keeps_crlf_and_drops_only_the_bom(tmp_path, store, alice):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffOne\r\nTwo 😊\r\n".encode())
    import_files(store, [path], user=alice)
    assert store.document_text("a") == "One\r\nTwo 😊\r\n"


def test_other_encodings_need_encoding(tmp_path, store, alice):
    path = tmp_path / "latin.txt"
    path.write_bytes("Minsk\nŁukašenka".encode("cp1250"))
    with pytest.raises(InputError, match=r"latin.txt:2: not valid utf-8"):
        import_files(store, [path], user=alice)
    import_files(store, [path], user=alice, encoding="cp1250")
    assert store.document_text("latin") == "Minsk\nŁukašenka"


def test_round_trip_gives_the_same_project(tmp_path, store, fresh, alice, bob):
    source = store
    text = TRICKY_TEXTS["emoji"][0]
    records = [
        {
            "id": "d1",
            "text": text,
            "meta": {
                "title": "T",
                "source": "S",
                "url": "http://x",
                "published": "2022-03-01",
                "section": "world",
            },
            "spans": [
                {
                    "start": 0,
                    "end": 5,
                    "label": "actor",
                    "annotator": "alice",
                    "attributes": {"note": "leader"},
                },
                {
                    "start": 0,
                    "end": 5,
                    "label": "actor",
                    "annotator": "bob",
                    "status": "approved",
                    "reviewer": "rita",
                },
                {"start": 6, "end": 7, "label": "event", "annotator": "bob", "text": "😊"},
            ],
            "states": {"alice": "done"},
        },
        {"id": "d2", "text": "Second document.", "done": False},
    ]
    import_files(source, [write_jsonl(tmp_path / "in.jsonl", records)], user=alice)
    exported = export_jsonl(source, tmp_path / "out.jsonl").path
    target = fresh
    import_files(target, [exported], user=bob)
    for doc_id in ("d1", "d2"):
        assert target.document(doc_id) == source.document(doc_id)
        assert target.spans(doc_id) == source.spans(doc_id)
        assert target.document_states(doc_id) == source.document_states(doc_id)
    assert export_jsonl(target, tmp_path / "again.jsonl").path.read_bytes() == exported.read_bytes()


def test_export_filters(tmp_path, store, alice):
    record = {
        "id": "d1",
        "text": "Putin met Lukashenko.",
        "spans": [
            {"start": 0, "end": 5, "label": "actor", "annotator": "alice", "status": "approved"},
            {"start": 6, "end": 9, "label": "event", "annotator": "bob"},
            {"start": 10, "end": 20, "label": "actor", "annotator": "bob", "status": "rejected"},
        ],
    }
    import_files(store, [write_jsonl(tmp_path / "in.jsonl", [record])], user=alice)

    def exported(span_filter):
        out = export_jsonl(store, tmp_path / "o.jsonl", span_filter=span_filter, overwrite=True)
        return [s["text"] for s in orjson.loads(out.path.read_bytes())["spans"]]

    assert exported(SpanFilter.approved_only()) == ["Putin"]
    assert exported(SpanFilter(annotators=("bob",))) == ["met", "Lukashenko"]
    assert exported(SpanFilter(labels=("actor",))) == ["Putin", "Lukashenko"]


def test_export_never_overwrites_silently_and_leaves_no_partial_file(tmp_path, store, alice):
    out = tmp_path / "out.jsonl"
    out.write_text("precious")
    with pytest.raises(OutputExistsError):
        export_jsonl(store, out)
    assert out.read_text() == "precious"

    store.add_document(Document("d", "x"))
    with pytest.raises(CancelledError, match="cancelled"):
        export_jsonl(store, tmp_path / "new.jsonl", cancel=lambda: True)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".new", "new"))) == []


def abc_with(span: str) -> bytes:
    """One record: the text "abc" with the one span ``span`` (a JSON object)."""
    return b'{"text": "abc", "spans": [' + span.encode() + b"]}\n"


BAD_JSONL = {
    "not utf-8": (b'{"text": "ok"}\n{"text": "\xff\xfe"}\n', r"bad.jsonl:2: not UTF-8"),
    "not json": (b'{"text": "ok"}\n{"text": \n', r"bad.jsonl:2: not JSON"),
    "missing text": (b'{"id": "x"}\n', r"bad.jsonl:1: text: missing"),
    "text not string": (b'{"text": 5}\n', r"bad.jsonl:1: text: must be a string"),
    # (A file that is one JSON list is taken for a Label Studio export: see test_formats_import.)
    "not an object": (b'[1, 2]\n{"text": "x"}\n', r"bad.jsonl:1: expected a JSON object"),
    "span out of range": (
        abc_with('{"start": 1, "end": 9, "label": "actor"}'),
        r"bad.jsonl:1: spans\[0\]: end 9 is past the end",
    ),
    "reversed span": (
        abc_with('{"start": 2, "end": 1, "label": "actor"}'),
        r"spans\[0\]: end 1 must be greater than start 2",
    ),
    "span text mismatch": (
        abc_with('{"start": 0, "end": 1, "label": "actor", "text": "b"}'),
        r"bad.jsonl:1: spans\[0\].text: text 'b' does not match text\[0:1\] = 'a'",
    ),
    "unknown label": (
        abc_with('{"start": 0, "end": 1, "label": "villain"}'),
        r"spans\[0\].label: unknown label 'villain'",
    ),
    "offset not integer": (
        abc_with('{"start": "0", "end": 1, "label": "actor"}'),
        r"spans\[0\].start: must be an integer",
    ),
    "empty file": (b"", r"bad.jsonl: empty file"),
    "blank lines only": (b"\n\n  \n", r"bad.jsonl: empty file"),
    "binary": (b'{"text": "a\x00b"}\n', r"bad.jsonl:1: binary data"),
    "empty text": (b'{"text": ""}\n', r"bad.jsonl:1: text: the text is empty"),
    "id reused for other text": (
        b'{"id": "d", "text": "one"}\n{"id": "d", "text": "two"}\n',
        r"bad.jsonl:2: id: id 'd' is already used",
    ),
}


@pytest.mark.parametrize("case", BAD_JSONL)
def test_bad_jsonl_is_located_and_changes_nothing(tmp_path, store, alice, corpus_copy, case):
    import_files(store, [corpus_copy], user=alice)
    before = snapshot(store)
    content, message = BAD_JSONL[case]
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        import_files(store, [path], user=alice)
    assert snapshot(store) == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"  \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"ok\n\xc3\x28", r"bad.txt:2: not valid utf-8"),
    ],
)
def test_bad_text_files_change_nothing(tmp_path, store, alice, content, message):
    good = tmp_path / "good.txt"
    good.write_text("A good article.")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = snapshot(store)
    with pytest.raises(InputError, match=message):
        import_files(store, [good, bad], user=alice)
    assert snapshot(store) == before, "the good file before the bad one is rolled back too"


def test_missing_path_is_named(tmp_path, store, alice):
    with pytest.raises(InputError, match="nope.txt: no such file"):
        import_files(store, [tmp_path / "nope.txt"], user=alice)


span_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
)


def test_any_text_and_offsets_round_trip(backend, scratch, tmp_path_factory):
    @drawing(backend, 60)
    @given(text=span_texts, data=st.data())
    def check(text, data):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        folder = tmp_path_factory.mktemp("rt")
        store = scratch()
        user = User("alice")
        record = {
            "text": text,
            "spans": [{"start": start, "end": end, "label": "quote", "text": text[start:end]}],
        }
        try:
            import_files(store, [write_jsonl(folder / "in.jsonl", [record])], user=user)
            out = export_jsonl(store, folder / "out.jsonl").path
        finally:
            store.close()
        exported = orjson.loads(out.read_bytes())
        assert exported["text"] == text
        [span] = exported["spans"]
        assert (span["start"], span["end"], span["text"]) == (start, end, text[start:end])

    check()
