"""Hostile and broken input to every importer: a clean import or a located InputError.

Whatever the bytes, an import either succeeds (and the project is intact) or
raises InputError naming the file, and then the project is exactly as before.

To cover another importer, append an :class:`ImporterCase` to IMPORTERS: its
name, the ``fmt`` passed to ``import_files``, and a strategy of file sets
(relative name → bytes) shaped like that format. The generic hostile bytes
(arbitrary, broken UTF-8, NUL, long lines…) are applied to it automatically.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from belannot.core.errors import InputError
from belannot.core.importing.pipeline import import_files
from belannot.core.model import Document, Role, User
from belannot.core.store import Store
from tests.core.drawn_projects import drawing
from tests.store_helpers import integrity_check


@dataclass(frozen=True)
class Link:
    """A symbolic link in a file set. A ``target`` starting with ``@outside/`` points
    (absolutely) into OUTSIDE, a folder beside the input holding SECRET; any other
    target is written as it is (relative, dangling, a loop)."""

    target: str


# Relative name (may hold "/") → contents, or a symbolic link.
FileSet = dict[str, bytes | Link]
LABELS = ["actor", "event", "prediction", "quote"]
EXISTING_ID = "existing-1"
# Beside every input folder: a brat pair no import may read through a link.
OUTSIDE = "outside"
SECRET = "OUTSIDE SECRET: Putin"
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


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# Nesting deeper than orjson writes (255) but not deeper than it reads (1024), and deeper.
deep_depths = st.one_of(st.integers(250, 1000), st.integers(1000, 3000))


@st.composite
def deep_line(draw: st.DrawFn) -> str:
    """A record of any JSON-lines format with a deeply nested value where extras go."""
    nest = deep(draw(deep_depths))
    return draw(
        st.sampled_from(
            [
                '{"text": "deep", "meta": ' + nest + "}",
                '{"text": "deep", "meta": {"x": ' + nest + "}}",
                '{"text": "deep", "answer": "accept", "meta": {"x": ' + nest + "}}",
                '{"text": "deep", "label": [[0, 4, ' + nest + "]]}",
                '{"text": "deep", "spans": [{"start": 0, "end": 4, "label": "actor", '
                '"attributes": {"x": ' + nest + "}}]}",
            ]
        )
    )


@st.composite
def json_lines_file(draw: st.DrawFn, records: st.SearchStrategy[object]) -> bytes:
    """JSON lines of ``records``, some damaged: truncated, deep, surrogates, duplicates, long."""
    lines = []
    for record in draw(st.lists(records, min_size=1, max_size=4)):
        line = json.dumps(record, ensure_ascii=draw(st.booleans()))
        kind = 30 - draw(st.integers(0, 30))  # 0 (no damage) is what shrinking aims at
        if kind == 0:
            line = line[: draw(st.integers(1, max(len(line) - 1, 1)))]  # truncated
        elif kind == 1:
            line = draw(deep_line())
        elif kind == 2:
            line = json.dumps({"text": "surrogate \ud800 here"})  # lone surrogate escape
        elif kind == 3:
            line = json.dumps({"id": "dup", "text": draw(junk_text) + " one"})
        elif kind == 4:
            line = json.dumps({"text": "x" * draw(st.integers(LONG // 2, LONG))})
        lines.append(line.encode("utf-8", "surrogatepass"))
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from([b"", b"   ", b"\t"])))
    return b"\n".join(lines) + draw(st.sampled_from([b"", b"\n", b"\r\n"]))


def jsonl_lines() -> st.SearchStrategy[bytes]:
    return json_lines_file(st.one_of(plausible_records(), plausible_records(), jsonl_records()))


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


# -- shared by the annotation formats: a text and spans that are right, or nearly ------------

PLAUSIBLE_TEXT = "Putin met Lukashenko in Minsk."
wrong_ints = st.one_of(
    huge_ints, st.sampled_from([-1, 2**63, -(2**63) - 1, 10**30]), st.floats(), st.booleans()
)
wrong_labels = st.one_of(
    st.sampled_from(["", " ", "nope", "actor ", "L" * 5000, "B-actor", "a\nb"]), json_values
)


@st.composite
def article(draw: st.DrawFn) -> str:
    return draw(
        st.one_of(
            st.just(PLAUSIBLE_TEXT),
            junk_text.map(lambda t: t + " " + PLAUSIBLE_TEXT),
            junk_text.map(lambda t: PLAUSIBLE_TEXT + " " + t),
            st.just("“Café 🇩🇪 will fall.”\r\nBiden 👨‍👩‍👧 agreed."),
            st.just("nul\x00inside, and\u2028separators\u2029"),
        )
    )


@st.composite
def near_spans(draw: st.DrawFn, text: str) -> list[tuple[object, object, object]]:
    """(start, end, label): mostly right; now and then reversed, empty, outside, mistyped."""
    spans: list[tuple[object, object, object]] = []
    for _ in range(draw(st.integers(0, 3))):
        start: object = draw(st.integers(0, len(text) - 1))
        end: object = draw(st.integers(int(start) + 1, len(text)))  # type: ignore[call-overload]
        label: object = draw(st.sampled_from(LABELS))
        damage = draw(st.integers(0, 24))
        if damage == 1:
            start, end = draw(
                st.sampled_from([(end, start), (start, start), (-1, end), (start, len(text) + 1)])
            )
        elif damage == 2:
            start = draw(wrong_ints)
        elif damage == 3:
            end = draw(st.one_of(wrong_ints, st.just(str(end))))
        elif damage == 4:
            label = draw(wrong_labels)
        spans.append((start, end, label))
    if spans and draw(st.integers(0, 4)) == 0:
        spans.append(spans[0])  # the same span twice
    return spans


ids = st.one_of(
    st.sampled_from(["fresh-1", "fresh-2", "dup", "0"]),
    st.sampled_from([EXISTING_ID, "", " ", "d" * 3000]),
    json_values,
)


def sometimes_junk(build: Callable[[st.DrawFn, str], object]) -> Callable[[], st.SearchStrategy]:
    """A strategy that is, one draw in 20, any JSON value; otherwise ``build(draw, text)``
    around a drawn article ``text``."""

    @st.composite
    def strategy(draw: st.DrawFn) -> object:
        if draw(st.integers(0, 19)) == 0:
            return draw(json_values)
        return build(draw, draw(article()))

    strategy.__name__ = build.__name__
    return strategy


# -- doccano JSONL -------------------------------------------------------------------------


@sometimes_junk
def doccano_records(draw: st.DrawFn, text: str) -> object:
    spans = draw(near_spans(text))
    record: dict[str, object] = {"text": draw(st.one_of(st.just(text), json_values))}
    if draw(st.integers(0, 9)) != 0:
        record["text"] = text
    if draw(st.booleans()):
        record["id"] = draw(st.one_of(st.integers(1, 5), ids))
    shape = draw(st.integers(0, 10))
    if shape <= 5:  # "label": [[start, end, label]]
        items: list[object] = [list(span) for span in spans]
        if draw(st.integers(0, 5)) == 0:
            items.append(draw(st.sampled_from([[0, 1], [0, 1, "actor", 9], "positive", {}, None])))
        record["label" if shape < 5 else "labels"] = items
    elif shape <= 9:  # "entities": [{start_offset, end_offset, label}], "relations"
        entities: list[object] = [
            {"id": n, "start_offset": s, "end_offset": e, "label": lab}
            for n, (s, e, lab) in enumerate(spans)
        ]
        if entities and draw(st.integers(0, 4)) == 0:
            del entities[0][draw(st.sampled_from(["start_offset", "end_offset", "label"]))]  # type: ignore[attr-defined]
        if draw(st.integers(0, 6)) == 0:
            entities.append(draw(json_values))
        record["entities"] = entities
        record["relations"] = draw(st.one_of(st.just([]), json_values))
    else:
        record["label"] = draw(json_values)
    return record


# -- Prodigy JSONL ---------------------------------------------------------------------------


@sometimes_junk
def prodigy_records(draw: st.DrawFn, text: str) -> object:
    spans: list[object] = []
    for start, end, label in draw(near_spans(text)):
        span: dict[str, object] = {"start": start, "end": end, "label": label}
        if draw(st.booleans()):
            span["token_start"], span["token_end"] = draw(wrong_ints), draw(wrong_ints)
        if draw(st.booleans()) and isinstance(start, int) and isinstance(end, int):
            span["text"] = text[max(start, 0) : max(end, 0)] if draw(st.booleans()) else "x"
        if draw(st.integers(0, 6)) == 0:
            del span[draw(st.sampled_from(["start", "end", "label"]))]
        spans.append(span)
    if draw(st.integers(0, 8)) == 0:
        spans.append(draw(json_values))
    task: dict[str, object] = {
        "text": text if draw(st.integers(0, 19)) else draw(json_values),
        "spans": spans if draw(st.integers(0, 8)) else draw(json_values),
        "answer": draw(
            st.one_of(
                st.sampled_from(["accept", "reject", "ignore"]), st.just("accept"), json_values
            )
        ),
        "_input_hash": draw(wrong_ints),
    }
    if draw(st.booleans()):
        task["tokens"] = draw(
            st.one_of(st.just([{"text": "Putin", "start": 0, "end": 5, "id": 0}]), json_values)
        )
    if draw(st.booleans()):
        task["meta"] = draw(
            st.one_of(
                st.fixed_dictionaries(
                    {}, optional={"id": ids, "title": json_values, "source": json_values}
                ),
                st.dictionaries(junk_text, json_values, max_size=3),
                json_values,
            )
        )
    if draw(st.booleans()):
        task["_annotator_id"] = draw(
            st.one_of(
                st.sampled_from(["alice", "bob"]),
                st.sampled_from(["", " ", "a\nb", "é" * 65]),
                json_values,
            )
        )
    return task


# -- Label Studio JSON -------------------------------------------------------------------------


@sometimes_junk
def label_studio_tasks(draw: st.DrawFn, text: str) -> object:
    annotations: list[object] = []
    for _ in range(draw(st.integers(0, 2))):
        results: list[object] = []
        for start, end, label in draw(near_spans(text)):
            value: dict[str, object] = {"start": start, "end": end}
            key = draw(st.sampled_from(["labels", "labels", "hypertextlabels", "choices"]))
            value[key] = draw(st.one_of(st.just([label]), st.just([label, "event"]), json_values))
            if draw(st.booleans()) and isinstance(start, int) and isinstance(end, int):
                value["text"] = text[max(start, 0) : max(end, 0)] if draw(st.booleans()) else "x"
            result: dict[str, object] = {"value": value, "from_name": "label", "type": "labels"}
            if draw(st.integers(0, 8)) == 0:
                result["value"] = draw(json_values)
            results.append(result if draw(st.integers(0, 8)) else draw(json_values))
        annotation: dict[str, object] = {
            "result": results if draw(st.integers(0, 8)) else draw(json_values),
            "completed_by": draw(
                st.one_of(
                    st.integers(-3, 5),
                    st.fixed_dictionaries(
                        {"id": wrong_ints},
                        optional={"email": st.sampled_from(["alice", "", " ", "a\nb"])},
                    ),
                    json_values,
                )
            ),
        }
        if draw(st.integers(0, 4)) == 0:
            annotation["was_cancelled"] = draw(json_values)
        annotations.append(annotation if draw(st.integers(0, 8)) else draw(json_values))
    data: dict[str, object] = {"text": text if draw(st.integers(0, 19)) else draw(json_values)}
    if draw(st.booleans()):
        data["belannot_id"] = draw(ids)
    if draw(st.booleans()):
        data["title"] = draw(json_values)
    task: dict[str, object] = {"id": draw(wrong_ints), "data": data}
    key = draw(st.sampled_from(["annotations", "annotations", "completions", "predictions"]))
    task[key] = annotations if draw(st.integers(0, 8)) else draw(json_values)
    if draw(st.integers(0, 8)) == 0:
        task["data"] = draw(json_values)
    return task


@st.composite
def label_studio_file(draw: st.DrawFn) -> bytes:
    tasks = draw(st.lists(label_studio_tasks(), min_size=0, max_size=3))
    raw = json.dumps(tasks, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    damage = 10 - draw(st.integers(0, 10))
    if damage == 0:
        raw = raw[: draw(st.integers(0, max(len(raw) - 1, 0)))]  # truncated
    elif damage == 1:
        raw = b'[{"data": {"text": "deep", "x": ' + deep(draw(deep_depths)).encode() + b"}}]"
    elif damage == 2:
        raw = json.dumps(tasks[0] if tasks else {"data": {"text": "one task"}}).encode()
    elif damage == 3:
        raw = raw + b"\n" + raw  # two documents: trailing data
    elif damage == 4:
        raw = b"\xef\xbb\xbf" + raw
    elif damage == 5:
        raw = json.dumps([{"data": {"text": "x" * LONG}}]).encode()
    return raw


# -- brat: folders and zips of .txt/.ann pairs ---------------------------------------------------

BRAT_STEMS = ["a", "b", "sub/c", "deep/er/d", ".hidden", "x y", "é", "a.b"]


@st.composite
def ann_line(draw: st.DrawFn, text: str, number: int) -> str:
    """A text-bound annotation of ``text``, right or with one thing wrong; or another kind."""
    kind = draw(st.integers(0, 25))
    if kind == 0:
        return draw(
            st.sampled_from(
                [
                    "#1\tAnnotatorNotes T1\tnote",
                    "R1\tSaid Arg1:T1 Arg2:T2",
                    "A1\tNegated T1",
                    "E1\tevent:T1",
                    "*\tEquiv T1 T2",
                    "",
                    "\t",
                    "T",
                    "T1",
                    "T1\t",
                    "T1\tactor",
                    "T1\tactor 0 5",
                    "T1 actor 0 5 Putin",
                ]
            )
        )
    if kind == 1:
        return draw(junk_text)
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, min(len(text), start + 12)))
    offsets = f"{start} {end}"
    quoted = text[start:end]
    name = f"T{number}"
    label = draw(st.sampled_from(LABELS))
    if kind == 2:
        offsets = draw(
            st.sampled_from(
                [
                    f"{end} {start}",
                    f"{start} {start}",
                    f"-1 {end}",
                    f"{start} {len(text) + 1}",
                    f"{start} {'9' * 5000}",
                    f"{start} 99999999999999999999999",
                    f"{start}.0 {end}",
                    f"{start} {end};{start} {end}",
                    f"{start} {end};",
                    f"{start}  {end}",
                    "٣ ٥",
                    "0 1;0 2",
                ]
            )
        )
    elif kind == 3:
        quoted = draw(st.sampled_from(["", "wrong", quoted + " ", quoted + "\t", "q" * 5000]))
    elif kind == 4:
        name = draw(st.sampled_from(["T1", "T", "Tx", "T-1", "T1 ", "T\u00a0", "T" + "9" * 500]))
    elif kind == 5:
        label = draw(st.sampled_from(["nope", "actor,event", "L" * 5000, "B-actor", "é"]))
    return f"{name}\t{label} {offsets}\t{quoted}"


@st.composite
def brat_pairs(draw: st.DrawFn) -> dict[str, bytes]:
    """Documents as {stem.txt: text, stem.ann: annotations}, some of either missing or junk."""
    files: dict[str, bytes] = {}
    stems = draw(st.lists(st.sampled_from(BRAT_STEMS), min_size=1, max_size=3, unique=True))
    for stem in stems:
        text = draw(article())
        lines = [draw(ann_line(text, n)) for n in range(1, draw(st.integers(0, 4)) + 1)]
        ann = "\n".join(lines).encode("utf-8")
        ending = draw(st.sampled_from([b"", b"\n", b"\r\n"]))
        if ending == b"\r\n":
            ann = ann.replace(b"\n", b"\r\n")
        ann += ending
        txt = text.encode("utf-8")
        which = 19 - draw(st.integers(0, 19))
        if which == 0:
            txt = draw(generic_bytes)
        elif which == 1:
            ann = draw(generic_bytes)
        elif which == 2:
            ann = b"\xef\xbb\xbf" + ann
        elif which == 3:
            ann = b"T1\tactor 0 5\tPutin\n" * draw(st.integers(2, 2000))  # duplicated ids
        if draw(st.integers(0, 12)) != 0:
            files[f"{stem}.txt"] = txt
        if draw(st.integers(0, 6)) != 0:
            files[f"{stem}.ann"] = ann
    return files or {"a.ann": b""}


brat_links = st.sampled_from(
    [
        Link(f"@{OUTSIDE}/secret.txt"),
        Link(f"@{OUTSIDE}/secret.ann"),
        Link(f"@{OUTSIDE}"),
        Link(f"../{OUTSIDE}/secret.txt"),
        Link(f"../../{OUTSIDE}/secret.txt"),
        Link(f"../{OUTSIDE}"),
        Link("nowhere.txt"),
        Link("a.txt"),
        Link("loop.txt"),
        Link("."),
        Link(".."),
    ]
)


@st.composite
def brat_folders(draw: st.DrawFn) -> FileSet:
    files: FileSet = dict(draw(brat_pairs()))
    for _ in range(max(0, draw(st.integers(-3, 2)))):
        name = draw(st.sampled_from(["a.txt", "a.ann", "loop.txt", "sub/z.txt", "linked", "e.ann"]))
        files[name] = draw(brat_links)
        if name == "e.ann" or draw(st.booleans()):
            files.setdefault("e.ann", b"T1\tactor 16 21\tPutin\n")
    return files


ZIP_NAMES = [
    "../evil.txt",
    "../evil.ann",
    "/abs/evil.txt",
    "a\\..\\evil.txt",
    "C:/evil.txt",
    "sub/../../evil.ann",
    "./a.txt",
    "sub/",
    "a.txt",
    "a.ann",
    ".hidden/a.ann",
]


@st.composite
def brat_zip(draw: st.DrawFn) -> bytes:
    pairs = draw(brat_pairs())
    buffer = io.BytesIO()
    method = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA]))
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in pairs.items():
            archive.writestr(name, data)
        for _ in range(max(0, draw(st.integers(-2, 2)))):
            name = draw(st.sampled_from(ZIP_NAMES))
            info = zipfile.ZipInfo(name)
            if draw(st.booleans()):  # a symbolic link entry: unix mode S_IFLNK, contents = target
                info.external_attr = 0o120777 << 16
                data = draw(st.sampled_from([b"/etc/passwd", b"../" + OUTSIDE.encode(), b"a.txt"]))
            else:
                data = draw(st.sampled_from([b"Putin spoke.", b"T1\tactor 0 5\tPutin\n"]))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # duplicate names are the point
                archive.writestr(info, data)
    raw = buffer.getvalue()
    damage = 8 - draw(st.integers(0, 8))
    if damage == 0:  # a flipped byte: bad CRC, bad compressed data, bad headers
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([raw[at] ^ 0xFF]) + raw[at + 1 :]
    elif damage == 1:
        raw = raw[: draw(st.integers(0, len(raw) - 1))]
    elif damage == 2:
        raw = b"junk before the archive" + raw
    elif damage == 3:
        raw = flag_encrypted(raw)
    return raw


def flag_encrypted(raw: bytes) -> bytes:
    """Every member marked encrypted (zipfile cannot write encrypted members itself)."""
    data = bytearray(raw)
    for magic, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(magic)
        while at >= 0:
            data[at + flags] |= 0x1
            at = data.find(magic, at + 4)
    return bytes(data)


# -- CoNLL -------------------------------------------------------------------------------------

good_tags = st.sampled_from(["O", "B-actor", "I-actor", "B-event", "I-event", "E-quote", "I-quote"])
bad_tags = st.sampled_from(
    ["S-prediction", "B-", "I-", "-", "X-event", "b-actor", "O-x", "B-nope", "B-actor-x"]
    + ["B-a\u00a0b", "B-" + "L" * 5000, "", "0", "B_actor"]
)
conll_tags = st.integers(0, 15).flatmap(lambda n: bad_tags if n == 0 else good_tags)
conll_tokens = st.one_of(
    st.sampled_from(["Putin", "met", "Lukashenko", ".", "“", "🇩🇪", "e\u0301", "-X-", "#"]),
    junk_text.map(lambda t: "".join(c for c in t if not c.isspace()) or "token"),
)


@st.composite
def conll_file(draw: st.DrawFn) -> bytes:
    lines: list[str] = []
    separator = draw(st.sampled_from(["\t", " ", "  ", " \t"]))
    if draw(st.booleans()):
        lines += [
            draw(st.sampled_from(["-DOCSTART-\tO", "-DOCSTART- -X- -X- O", "-DOCSTART-"])),
            "",
        ]
    for _ in range(draw(st.integers(1, 25))):
        kind = 50 - draw(st.integers(0, 50))
        if kind == 0:
            lines.append(draw(st.sampled_from(["", " ", "\t", "-DOCSTART-", "# comment", "x"])))
        elif kind == 1:
            lines.append(draw(conll_tokens))  # one column
        elif kind == 2:
            lines.append(f"{draw(conll_tokens)}\tNNP\tB-NP\t{draw(conll_tags)}")  # four columns
        elif kind == 3:
            lines.append(f"\t{draw(conll_tags)}")  # no token
        elif kind == 4:
            lines.append(draw(junk_text))
        else:
            lines.append(f"{draw(conll_tokens)}{separator}{draw(conll_tags)}")
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    raw = (ending.join(lines) + draw(st.sampled_from(["", ending]))).encode("utf-8")
    huge = 12 - draw(st.integers(0, 12))
    if huge == 0:  # one token, huge
        raw = b"a" * draw(st.integers(LONG // 2, LONG)) + b"\tB-actor\n"
    elif huge == 1:  # one token, many times: one long sentence
        raw = b"Putin\tB-actor\n" + b"Putin\tI-actor\n" * draw(st.integers(1000, 20000))
    elif huge == 2:
        raw = b"\xef\xbb\xbf" + raw
    return raw


def single_file(suffix: str, contents: st.SearchStrategy[bytes]) -> st.SearchStrategy[FileSet]:
    return contents.map(lambda data: {f"input{suffix}": data})


def brat_zips() -> st.SearchStrategy[FileSet]:
    return st.lists(brat_zip(), min_size=1, max_size=2).map(
        lambda archives: {f"input{n}.zip": data for n, data in enumerate(archives)}
    )


IMPORTERS: list[ImporterCase] = [
    ImporterCase("txt", "txt", ".txt", text_folders()),
    ImporterCase("jsonl", "jsonl", ".jsonl", single_file(".jsonl", jsonl_lines()), 150),
    ImporterCase(
        "doccano",
        "doccano",
        ".jsonl",
        single_file(".jsonl", json_lines_file(doccano_records())),
        100,
    ),
    ImporterCase(
        "prodigy",
        "prodigy",
        ".jsonl",
        single_file(".jsonl", json_lines_file(prodigy_records())),
        100,
    ),
    ImporterCase(
        "label-studio", "label-studio", ".json", single_file(".json", label_studio_file()), 100
    ),
    ImporterCase("brat", "brat", ".ann", brat_folders(), 120),
    ImporterCase("brat-zip", "brat", ".zip", brat_zips(), 100),
    ImporterCase("conll", "conll", ".conll", single_file(".conll", conll_file()), 100),
]


def unnamed(files: FileSet) -> FileSet:
    """The single input file renamed so that its suffix says nothing about its format."""
    return {
        (f"input{n}.data" if name.startswith("input") else name): data
        for n, (name, data) in enumerate(files.items())
    }


# Auto-detection meets every format's input, named by its format or not.
every_format = st.one_of([case.files for case in IMPORTERS])
IMPORTERS.append(
    ImporterCase("auto", "auto", ".data", st.one_of(every_format, every_format.map(unnamed)), 100)
)


def write_files(inputs: Path, files: FileSet, outside: Path) -> None:
    inputs.mkdir()
    for name, data in files.items():
        path = inputs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Link):
            prefix = f"@{OUTSIDE}"
            target = data.target
            path.symlink_to(
                str(outside) + target[len(prefix) :] if target.startswith(prefix) else target
            )
        else:
            path.write_bytes(data)


def listing(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` (links not followed) and its size, but the project's."""
    found = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            if not name.startswith("project.belannot"):
                found[str(path.relative_to(folder))] = path.lstat().st_size
    return found


def secrets(store: Store) -> int:
    """How many documents hold the text of the file outside every input folder."""
    query = "SELECT count(*) FROM document_texts WHERE text LIKE '%' || ? || '%'"
    return int(store.db.execute(query, (SECRET,)).fetchone()[0])


def dump(store: Store) -> dict[str, list[str]]:
    """Every row of every table, FTS shadow tables included, in a stable order."""
    return {
        name: sorted(repr(row) for row in store.table_rows(name)) for name in store.table_names()
    }


def check_stored_spans(store: Store) -> None:
    rows = store.db.execute(
        'SELECT s.start, s."end", d.char_count FROM spans s JOIN documents d '
        "ON d.id = s.document_id"
    ).fetchall()
    assert all(0 <= start < end <= length for start, end, length in rows)


OUTCOMES: Counter[str] = Counter()


def project_opener(backend: str, tmp_path: Path, new_project) -> Callable[[Path], Store]:
    """Opens, for each example, a new project holding one document: a copy of a template
    file on SQLite (cheap), a new database on the server."""

    def seeded(store: Store) -> Store:
        store.add_document(Document(EXISTING_ID, "Already here before the import."), user="setup")
        return store

    if backend == "postgresql":
        return lambda folder: seeded(new_project())
    template = tmp_path / "template.belannot"
    seeded(Store.open(template)).close()

    def copied(folder: Path) -> Store:
        project = folder / "project.belannot"
        shutil.copyfile(template, project)  # the template is closed: no live file copied
        return Store.open(project)

    return copied


def intact(store: Store) -> bool:
    """SQLite's own check of the file; a team project's server keeps its pages itself."""
    return store.login is not None or integrity_check(store) == "ok"


@pytest.mark.parametrize("case", IMPORTERS, ids=lambda c: c.name)
def test_hostile_input_imports_cleanly_or_fails_naming_the_file(
    case, tmp_path, backend, new_project
):
    open_project = project_opener(backend, tmp_path, new_project)
    alice = User("alice")
    # Two parts format-shaped input to one part raw hostile bytes.
    generic = single_file(case.suffix, generic_bytes)
    files_strategy = st.integers(0, 2).flatmap(lambda n: generic if n == 0 else case.files)

    @drawing(backend, case.examples, HealthCheck.data_too_large)
    # Two imports in a row: the second meets what the first left (ids, texts, users).
    @given(
        batches=st.lists(files_strategy, min_size=1, max_size=2),
        whole_folder=st.booleans(),
    )
    def check(batches: list[FileSet], whole_folder: bool) -> None:
        folder = Path(tempfile.mkdtemp(dir=tmp_path))
        outside = folder / OUTSIDE
        outside.mkdir()
        (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
        (outside / "secret.ann").write_text("T1\tactor 16 21\tPutin\n", encoding="utf-8")
        # A fresh project each time: examples stay independent and a failure shrinks and
        # replays exactly.
        store = open_project(folder)
        try:
            for number, files in enumerate(batches):
                inputs = folder / f"input{number}"
                write_files(inputs, files, outside)
                targets = [inputs] if whole_folder else sorted(inputs.iterdir())
                # A link named on the command line is the user's choice; links met
                # inside a folder are not.
                named_link = not whole_folder and any(
                    isinstance(data, Link) and "/" not in name for name, data in files.items()
                )
                before = dump(store)
                secrets_before = secrets(store)
                files_before = listing(folder)
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
                assert intact(store)
                check_stored_spans(store)
                assert listing(folder) == files_before  # nothing written, nothing removed
                if not named_link:
                    assert secrets(store) == secrets_before, "read a file outside the folder"
        finally:
            store.close()
            shutil.rmtree(folder)

    check()
    mine = {key: count for key, count in OUTCOMES.items() if key.startswith(f"{case.name}:")}
    print(f"\nhostile/{case.name}: {mine}")


def test_a_span_id_used_in_another_document_is_refused_not_a_crash(tmp_path, store):
    """Found by the property test above: it used to escape as sqlite3.IntegrityError."""
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
def test_a_huge_value_does_not_make_a_huge_message(tmp_path, store, span):
    source = tmp_path / "long.jsonl"
    source.write_text(json.dumps({"text": "abc def", "spans": [span]}) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_files(store, [source], user=User("alice"))
    message = str(caught.value)
    assert message.startswith(f"{source}:1: spans[0]")
    assert len(message) < 1_000 and "characters left out" in message


# -- the same, through the command line ------------------------------------------------------

ENCODINGS = [
    "utf-8",
    "utf-16",
    "utf-32",
    "latin-1",
    "cp1252",
    "utf-7",
    "unicode_escape",
    "punycode",
    "rot13",
    "no-such-codec",
]


def _zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_hostile_input_through_the_cli_exits_cleanly_with_any_encoding(tmp_path):
    """`belannot import` with hostile files and any --encoding: exit 0, or one line on
    stderr and exit 1 with the project unchanged; never a traceback."""
    from click.testing import CliRunner

    from belannot.cli import cli

    template = tmp_path / "template.belannot"
    store = Store.open(template)
    store.add_document(Document(EXISTING_ID, "Already here before the import."), user="setup")
    store.ensure_user("alice", Role.ANNOTATOR)
    store.close()
    generic = single_file(".data", generic_bytes)
    formats = st.sampled_from(["auto", *sorted({case.fmt for case in IMPORTERS})])
    runner = CliRunner()

    @settings(
        max_examples=100,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        files=st.one_of(generic, every_format, every_format.map(unnamed)),
        encoding=st.one_of(st.sampled_from(ENCODINGS), st.just("utf-8")),
        fmt=formats,
        whole_folder=st.booleans(),
    )
    # The tracebacks of before, each tried every run.
    @example({"input.txt": b"Putin"}, "no-such-codec", "auto", False)
    @example({"input.conll": b"Putin\tB-actor\n"}, "no-such-codec", "conll", False)
    @example({"input.txt": b"Putin +2AA-"}, "utf-7", "txt", True)
    @example({"input.txt": b"Putin \\ud800"}, "unicode_escape", "auto", False)
    @example({"input.zip": _zipped({"a.txt": b"Putin met", "a.ann": b""})}, "punycode", "auto", 0)
    @example({"input.jsonl": '{"text": "Putin"}\n'.encode("utf-16")}, "utf-16", "auto", False)
    def check(files: FileSet, encoding: str, fmt: str, whole_folder: bool) -> None:
        folder = Path(tempfile.mkdtemp(dir=tmp_path))
        outside = folder / OUTSIDE
        outside.mkdir()
        project = folder / "project.belannot"
        shutil.copyfile(template, project)
        inputs = folder / "input"
        write_files(inputs, files, outside)
        targets = [inputs] if whole_folder else sorted(inputs.iterdir())
        before_store = Store.open(project)
        before = dump(before_store)
        before_store.close()
        try:
            result = runner.invoke(
                cli,
                ["--db", str(project), "--user", "alice", "import", "--format", fmt]
                + ["--encoding", encoding, *map(str, targets)],
            )
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                raise result.exception
            assert "Traceback" not in result.output
            after_store = Store.open(project)
            try:
                assert integrity_check(after_store) == "ok"
                if result.exit_code == 0:
                    OUTCOMES[f"cli/{encoding}: imported"] += 1
                    return
                errors = [line for line in result.output.splitlines() if "Error" in line]
                assert len(errors) == 1, result.output[-2000:]
                assert str(folder) in errors[0], errors[0]  # names the file (or folder)
                assert dump(after_store) == before
                OUTCOMES[f"cli/{encoding}: refused"] += 1
            finally:
                after_store.close()
        finally:
            shutil.rmtree(folder)

    check()
    print(f"\nhostile/cli: {dict(sorted(o for o in OUTCOMES.items() if o[0].startswith('cli/')))}")
