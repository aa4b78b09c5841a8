"""Hostile and broken input to every importer: a clean import or a located InputError.

Whatever the bytes, an import either succeeds (and the project is intact) or
raises InputError naming the file, and then the project is exactly as before.

To cover another importer, append an :class:`ImporterCase` to IMPORTERS: its
name, the ``fmt`` passed to ``import_files``, and a strategy of file sets
(relative name → bytes) shaped like that format. The generic hostile bytes
(arbitrary, broken UTF-8, NUL, long lines…) are applied to it automatically.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from belannot.core.errors import InputError
from belannot.core.importer import import_files
from belannot.core.model import Document, User
from belannot.core.store import Store

FileSet = dict[str, bytes]
LABELS = ["actor", "event", "prediction", "quote"]
EXISTING_ID = "existing-1"
# Long enough to matter (several SQLite pages, over the text sniffing window), small
# enough to keep the suite fast.
LONG = 200_000


@dataclass(frozen=True)
class ImporterCase:
    name: str
    fmt: str
    suffix: str
    files: st.SearchStrategy[FileSet]
    examples: int = 120


# -- generic hostile bytes, put in a file with the importer's own suffix ---------------

junk_text = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=60
)


@st.composite
def broken_utf8(draw: st.DrawFn) -> bytes:
    good = draw(junk_text).encode("utf-8")
    bad = draw(
        st.sampled_from([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf", b"\x80"])
    )
    cut = draw(st.integers(0, len(good)))
    return good[:cut] + bad + good[cut:]


@st.composite
def with_nul(draw: st.DrawFn) -> bytes:
    good = draw(junk_text).encode("utf-8")
    cut = draw(st.integers(0, len(good)))
    return good[:cut] + b"\x00" + good[cut:]


def long_line(fill: bytes) -> st.SearchStrategy[bytes]:
    return st.integers(LONG // 2, LONG).map(lambda n: fill * n)


generic_bytes = st.one_of(
    st.binary(max_size=300),
    broken_utf8(),
    with_nul(),
    st.just(b""),
    st.sampled_from([b"\n\n\n", b"   ", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n", b"\r\n\r"]),
    long_line(b"a"),
    long_line(b"\xc3\xa9"),
    st.builds(lambda n: b"x" * 9000 + b"\x00" + b"y" * n, st.integers(0, 10)),
)


# -- belannot JSONL ---------------------------------------------------------------------

huge_ints = st.one_of(
    st.integers(-3, 40),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([2**63 - 1, 2**63, -(2**63), 2**64, 10**30]),
)
json_scalars = st.one_of(st.none(), st.booleans(), huge_ints, st.floats(allow_nan=True), junk_text)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(junk_text, inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def span_objects(draw: st.DrawFn) -> object:
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values)  # not even an object
    start = draw(huge_ints)
    end = draw(st.one_of(huge_ints, st.just(start), st.just(start - 1)))  # empty, reversed
    span: dict[str, object] = {
        "start": draw(st.one_of(st.just(start), json_values)) if draw(st.booleans()) else start,
        "end": end,
        "label": draw(
            st.one_of(st.sampled_from(LABELS), junk_text, json_values, st.just("L" * 5000))
        ),
    }
    for name in ("id", "annotator", "status", "reviewer", "text", "attributes", "created"):
        if draw(st.integers(0, 4)) == 0:
            span[name] = draw(
                st.one_of(
                    json_values, st.sampled_from(["approved", "x", "", " ", "a" * 70, "t" * 9000])
                )
            )
    if draw(st.integers(0, 5)) == 0:
        del span[draw(st.sampled_from(["start", "end", "label"]))]
    return span


@st.composite
def jsonl_records(draw: st.DrawFn) -> object:
    if draw(st.integers(0, 9)) == 0:
        return draw(json_values)
    text = draw(
        st.one_of(
            junk_text.filter(str.strip),
            st.just("Putin met Lukashenko in Minsk."),
            st.sampled_from(["", "   ", "\x00", "nul\x00inside"]),
            json_values,
        )
    )
    record: dict[str, object] = {"text": text}
    if draw(st.booleans()):
        record["id"] = draw(
            st.one_of(st.sampled_from([EXISTING_ID, "dup", "", " ", "0"]), json_values)
        )
    if draw(st.booleans()):
        record["spans"] = draw(st.one_of(st.lists(span_objects(), max_size=4), json_values))
    for name in ("meta", "done", "states"):
        if draw(st.integers(0, 3)) == 0:
            record[name] = draw(
                st.one_of(
                    json_values,
                    st.just({"title": 5}),
                    st.just({"alice": "done"}),
                    st.just({"bob": "finished"}),
                )
            )
    if draw(st.integers(0, 5)) == 0:
        record.pop("text")
    return record


@st.composite
def plausible_records(draw: st.DrawFn) -> object:
    """A record that is right, or nearly: offsets near the text's ends, known labels."""
    text = draw(junk_text.filter(str.strip)) + " Minsk."
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        if draw(st.integers(0, 5)) == 0:  # just off: reversed, empty, negative, past the end
            start, end = draw(
                st.sampled_from([(end, start), (start, start), (-1, end), (start, len(text) + 1)])
            )
        span: dict[str, object] = {
            "start": start,
            "end": end,
            "label": draw(st.sampled_from(LABELS)),
        }
        if draw(st.booleans()):
            span["text"] = text[max(start, 0) : max(end, 0)] if draw(st.booleans()) else "other"
        if draw(st.booleans()):
            span["annotator"] = draw(st.sampled_from(["alice", "bob", "", " x", "a\nb", "é" * 65]))
        if draw(st.booleans()):
            span["id"] = draw(st.sampled_from(["s1", "s2", "s1"]))
        spans.append(span)
    record: dict[str, object] = {"text": text, "spans": spans}
    if draw(st.booleans()):
        record["id"] = draw(st.sampled_from([EXISTING_ID, "dup", "fresh", "0"]))
    if draw(st.booleans()):
        record["states"] = draw(st.sampled_from([{"alice": "done"}, {"": "new"}, {}]))
    return record


@st.composite
def jsonl_lines(draw: st.DrawFn) -> bytes:
    lines = []
    records = st.one_of(plausible_records(), plausible_records(), jsonl_records())
    for record in draw(st.lists(records, min_size=1, max_size=4)):
        line = json.dumps(record, ensure_ascii=draw(st.booleans()))
        kind = 15 - draw(st.integers(0, 15))  # 0 (no damage) is what shrinking aims at
        if kind == 0:
            line = line[: draw(st.integers(1, max(len(line) - 1, 1)))]  # truncated
        elif kind == 1:
            depth = draw(st.integers(100, 3000))
            line = '{"text": "deep", "meta": ' + "[" * depth + "]" * depth + "}"
        elif kind == 2:
            line = json.dumps({"text": "surrogate \ud800 here"})  # lone surrogate escape
        elif kind == 3:
            line = json.dumps({"id": "dup", "text": draw(junk_text) + " one"})
        elif kind == 4:
            line = json.dumps({"text": "x" * draw(st.integers(LONG // 2, LONG))})
        lines.append(line.encode("utf-8", "surrogatepass"))
        if draw(st.integers(0, 5)) == 0:
            lines.append(b"")
    return b"\n".join(lines) + draw(st.sampled_from([b"", b"\n", b"\r\n"]))


# -- plain text, with the folder's metadata.json -------------------------------------------

metadata_entries = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "title": json_values,
            "id": st.one_of(st.sampled_from([EXISTING_ID, "dup", ""]), json_values),
            "source": json_values,
            "published": json_values,
        },
    ),
)


@st.composite
def text_folders(draw: st.DrawFn) -> FileSet:
    files: FileSet = {}
    for number in range(draw(st.integers(1, 3))):
        body = draw(
            st.one_of(
                junk_text.filter(str.strip).map(lambda t: t.encode("utf-8")),
                generic_bytes,
                st.just("Ünïcödé\r\nlines\u2028and\u2029separators".encode()),
                junk_text.map(lambda t: t.encode("utf-16")),
            )
        )
        files[f"article-{number}.txt"] = body
    if draw(st.booleans()):
        names = [*files, "missing.txt"]
        metadata = draw(
            st.one_of(
                st.dictionaries(st.sampled_from(names), metadata_entries, max_size=3),
                json_values,
            )
        )
        raw = json.dumps(metadata).encode("utf-8")
        if draw(st.integers(0, 4)) == 0:
            raw = raw[: len(raw) // 2]
        files["metadata.json"] = raw
    return files


def single_file(suffix: str, contents: st.SearchStrategy[bytes]) -> st.SearchStrategy[FileSet]:
    return contents.map(lambda data: {f"input{suffix}": data})


IMPORTERS: list[ImporterCase] = [
    ImporterCase("txt", "txt", ".txt", text_folders()),
    ImporterCase("jsonl", "jsonl", ".jsonl", single_file(".jsonl", jsonl_lines()), 200),
    # More formats (doccano, prodigy, label-studio, brat, conll): append a case here.
]


def dump(store: Store) -> dict[str, list[str]]:
    """Every row of every table, FTS shadow tables included, in a stable order."""
    names = [
        row[0]
        for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if row[0] != "documents_fts"
    ]
    return {
        name: sorted(repr(row) for row in store.db.execute(f'SELECT * FROM "{name}"'))
        for name in names
    }


def check_stored_spans(store: Store) -> None:
    rows = store.db.execute(
        'SELECT s.start, s."end", d.char_count FROM spans s JOIN documents d '
        "ON d.id = s.document_id"
    ).fetchall()
    assert all(0 <= start < end <= length for start, end, length in rows)


OUTCOMES: Counter[str] = Counter()


@pytest.mark.parametrize("case", IMPORTERS, ids=lambda c: c.name)
def test_hostile_input_imports_cleanly_or_fails_naming_the_file(case, tmp_path):
    template = tmp_path / "template.belannot"
    store = Store.open(template)
    store.add_document(Document(EXISTING_ID, "Already here before the import."), user="setup")
    store.close()
    alice = User("alice")
    # Two parts format-shaped input to one part raw hostile bytes.
    files_strategy = st.one_of(case.files, case.files, single_file(case.suffix, generic_bytes))

    @settings(
        max_examples=case.examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    # Two imports in a row: the second meets what the first left (ids, texts, users).
    @given(
        batches=st.lists(files_strategy, min_size=1, max_size=2),
        whole_folder=st.booleans(),
    )
    def check(batches: list[FileSet], whole_folder: bool) -> None:
        folder = Path(tempfile.mkdtemp(dir=tmp_path))
        # A fresh copy of the same project each time: examples stay independent and
        # a failure shrinks and replays exactly.
        project = folder / "project.belannot"
        shutil.copyfile(template, project)
        store = Store.open(project)
        try:
            for number, files in enumerate(batches):
                inputs = folder / f"input{number}"
                inputs.mkdir()
                for name, data in files.items():
                    (inputs / name).write_bytes(data)
                targets = [inputs] if whole_folder else sorted(inputs.iterdir())
                before = dump(store)
                try:
                    import_files(store, targets, user=alice, fmt=case.fmt)
                except InputError as error:
                    message = str(error)
                    assert str(inputs) in message, message  # names the file (or folder)
                    assert error.problem.strip()
                    assert len(message) < 2_000, message[:300]
                    assert dump(store) == before
                    OUTCOMES[f"{case.name}: refused"] += 1
                else:
                    OUTCOMES[f"{case.name}: imported"] += 1
                assert store.integrity_check() == "ok"
                check_stored_spans(store)
        finally:
            store.close()
            shutil.rmtree(folder)

    check()
    mine = {key: count for key, count in OUTCOMES.items() if key.startswith(f"{case.name}:")}
    print(f"\nhostile/{case.name}: {mine}")


def test_a_span_id_used_in_another_document_is_refused_not_a_crash(tmp_path):
    """Found by the property test above: it used to escape as sqlite3.IntegrityError."""
    store = Store.open(tmp_path / "p.belannot")
    source = tmp_path / "two.jsonl"
    source.write_text(
        json.dumps(
            {"text": "First text.", "spans": [{"start": 0, "end": 5, "label": "actor", "id": "s1"}]}
        )
        + "\n"
        + json.dumps(
            {"text": "Other text.", "spans": [{"start": 0, "end": 5, "label": "event", "id": "s1"}]}
        )
        + "\n",
        encoding="utf-8",
    )
    before = dump(store)
    with pytest.raises(InputError, match="already used by a span of document") as caught:
        import_files(store, [source], user=User("alice"))
    assert f"{source}:2: spans[0].id:" in str(caught.value)
    assert dump(store) == before
    store.close()


@pytest.mark.parametrize(
    "span",
    [
        {"start": 0, "end": 3, "label": "L" * 5000},
        {"start": 0, "end": 3, "label": "actor", "text": "t" * 5000},
        {"start": 0, "end": 3, "label": "actor", "annotator": "a" * 5000},
        {"start": 0, "end": 3, "label": "actor", "status": "s" * 5000},
    ],
    ids=["label", "text", "annotator", "status"],
)
def test_a_huge_value_does_not_make_a_huge_message(tmp_path, span):
    store = Store.open(tmp_path / "p.belannot")
    source = tmp_path / "long.jsonl"
    source.write_text(json.dumps({"text": "abc def", "spans": [span]}) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_files(store, [source], user=User("alice"))
    message = str(caught.value)
    assert message.startswith(f"{source}:1: spans[0]")
    assert len(message) < 1_000 and "characters left out" in message
    store.close()
