"""Import input the readers used to choke on: codecs, BOMs, FIFOs, zip bombs, huge texts."""

from __future__ import annotations

import codecs
import json
import os
import zipfile

import orjson
import pytest
from click.testing import CliRunner

from belannot.cli import cli
from belannot.core.formats.unpacking import UnpackLimits
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import Store
from tests.core.cli_fixtures import cli_project as cli_project  # noqa: F401 (the fixture)
from tests.core.cli_fixtures import user_option
from tests.core.import_refusals import refused
from tests.store_helpers import iter_documents

ALICE = User("alice")
TEXT = "Putin met Lukashenko in Minsk."
ANN = "T1\tactor 0 5\tPutin\n"
NEEDS_FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


@pytest.fixture
def project(store):
    return store


def texts(project: Store) -> list[str]:
    return sorted(d.text for d in iter_documents(project))


def brat_zip_file(path, txt: bytes, ann: bytes = ANN.encode()) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", txt)
        archive.writestr("a.ann", ann)


# -- 8: --encoding -----------------------------------------------------------------------------


def source_for(kind: str, tmp_path, data: bytes):
    if kind == "txt":
        path = tmp_path / "a.txt"
        path.write_bytes(data)
    elif kind == "conll":
        path = tmp_path / "a.conll"
        path.write_bytes(data + b"\tB-actor\n")
    elif kind == "brat":
        path = tmp_path / "brat"
        path.mkdir()
        (path / "a.txt").write_bytes(data)
        (path / "a.ann").write_text("", encoding="utf-8")
    else:
        path = tmp_path / "a.zip"
        brat_zip_file(path, data, b"")
    return path


KINDS = ["txt", "conll", "brat", "brat-zip"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("encoding", ["no-such-codec", "rot13", "base64"])
def test_an_unknown_or_non_text_codec_is_one_line_naming_it(project, tmp_path, kind, encoding):
    """LookupError escaped from the text and CoNLL readers."""
    path = source_for(kind, tmp_path, b"Putin")
    error = refused(project, [path], encoding=encoding)
    assert f"unknown encoding {encoding!r}" in str(error) or "not a text encoding" in str(error)
    assert "\n" not in str(error)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("punycode", b"Putin met Lukashenko"),  # UnicodeError, not UnicodeDecodeError
        ("utf-7", b"Putin +2AA-"),  # decodes to a lone surrogate
        ("unicode_escape", b"Putin \\ud800"),
        ("utf-7", b"+2D3"),
    ],
)
def test_a_codec_that_fails_or_makes_lone_surrogates_names_the_file(
    project, tmp_path, kind, encoding, data
):
    """UnicodeEncodeError escaped from content_hash; punycode on a zip escaped as IndexError."""
    path = source_for(kind, tmp_path, data)
    error = refused(project, [path], encoding=encoding)
    assert str(path) in str(error)
    assert "\n" not in str(error)


# -- 13: byte order marks ----------------------------------------------------------------------

BOMS = {
    "utf-8-sig": "utf-8-sig",
    "utf-16-le": "utf-16",  # Python's utf-16 writes the machine's order with a BOM
    "utf-16-be": "utf-16-be",
    "utf-32-le": "utf-32-le",
    "utf-32-be": "utf-32-be",
}


def with_bom(text: str, name: str) -> bytes:
    bom = {
        "utf-8-sig": codecs.BOM_UTF8,
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }[name]
    codec = name.replace("-sig", "")
    return bom + text.encode(codec)


def write_format(kind: str, tmp_path, bom: str):
    line = json.dumps({"text": TEXT, "spans": [{"start": 0, "end": 5, "label": "actor"}]})
    if kind == "txt":
        path = tmp_path / "a.txt"
        path.write_bytes(with_bom(TEXT, bom))
    elif kind == "jsonl":
        path = tmp_path / "a.jsonl"
        path.write_bytes(with_bom(line + "\n" + json.dumps({"text": "Second one."}) + "\n", bom))
    elif kind == "doccano":
        path = tmp_path / "a.jsonl"
        path.write_bytes(with_bom(json.dumps({"text": TEXT, "label": [[0, 5, "actor"]]}), bom))
    elif kind == "prodigy":
        path = tmp_path / "a.jsonl"
        task = {"text": TEXT, "spans": [{"start": 0, "end": 5, "label": "actor"}]}
        task["answer"] = "accept"
        path.write_bytes(with_bom(json.dumps(task) + "\n", bom))
    elif kind == "label-studio":
        path = tmp_path / "a.json"
        task = {
            "data": {"text": TEXT},
            "annotations": [
                {
                    "completed_by": {"email": "bob"},
                    "result": [{"value": {"start": 0, "end": 5, "labels": ["actor"]}}],
                }
            ],
        }
        path.write_bytes(with_bom(json.dumps([task], indent=2), bom))
    elif kind == "conll":
        path = tmp_path / "a.conll"
        path.write_bytes(with_bom("Putin\tB-actor\nmet\tO\n\nMinsk\tB-actor\n", bom))
    else:
        path = tmp_path / "brat"
        path.mkdir()
        (path / "a.txt").write_bytes(with_bom(TEXT, bom))
        (path / "a.ann").write_bytes(with_bom(ANN, bom))
    return path


FORMATS = ["txt", "jsonl", "doccano", "prodigy", "label-studio", "conll", "brat"]


@pytest.mark.parametrize("bom", list(BOMS))
@pytest.mark.parametrize("kind", FORMATS)
def test_every_text_format_reads_utf16_and_utf32_with_a_bom(project, tmp_path, kind, bom):
    """The binary check ran on the raw bytes: UTF-16 was "binary" or split on 0x0a bytes."""
    path = write_format(kind, tmp_path, bom)
    report = import_files(project, [path], user=ALICE)
    assert report.documents_added >= 1
    stored = texts(project)
    assert all("\ufeff" not in text and "\x00" not in text for text in stored)
    if kind == "conll":
        assert stored == ["Putin met\nMinsk"]
    else:
        assert TEXT in stored
    if kind not in ("txt",):
        spans = [s for d in project.document_ids() for s in project.spans(d)]
        assert spans and all(s.label == "actor" for s in spans)


@pytest.mark.parametrize("fmt", ["txt", "conll", "brat"])
def test_a_bom_wins_over_the_default_encoding_for_text_readers(project, tmp_path, fmt):
    path = write_format(fmt, tmp_path, "utf-16-be")
    import_files(project, [path], user=ALICE, fmt=fmt)
    assert texts(project) == (["Putin met\nMinsk"] if fmt == "conll" else [TEXT])


def test_utf16_without_a_bom_is_read_with_encoding(project, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode("utf-16-le"))
    import_files(project, [path], user=ALICE, encoding="utf-16-le")
    assert texts(project) == [TEXT]


def test_binary_is_still_binary(project, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"GIF89a\x00\x01\x02")
    assert "binary" in str(refused(project, [path]))


# -- 10: FIFOs and other non-regular files -----------------------------------------------------


@NEEDS_FIFO
@pytest.mark.timeout(20)
@pytest.mark.parametrize("layout", ["txt", "brat"])
def test_a_fifo_inside_a_folder_is_skipped_and_listed(project, tmp_path, layout):
    """The import opened the FIFO and waited for a writer forever, holding the write lock."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    if layout == "brat":
        (folder / "a.ann").write_text(ANN, encoding="utf-8")
    fifo = folder / "b.txt"
    os.mkfifo(fifo)
    report = import_files(project, [folder], user=ALICE)
    assert texts(project) == [TEXT]
    assert report.skipped == [(fifo, "not a regular file")]
    assert "1 skipped" in report.summary()
    assert report.notes() == [f"skipped {fifo}: not a regular file"]


@NEEDS_FIFO
@pytest.mark.timeout(20)
@pytest.mark.parametrize("fmt", ["auto", "txt", "jsonl", "conll", "brat", "label-studio"])
def test_a_fifo_named_on_the_command_line_is_refused_not_a_hang(project, tmp_path, fmt):
    fifo = tmp_path / ("pipe.ann" if fmt == "brat" else "pipe.txt")
    os.mkfifo(fifo)
    error = refused(project, [fifo], fmt)
    assert str(error) == f"{fifo}: not a regular file (a FIFO); only regular files are imported"


@NEEDS_FIFO
@pytest.mark.timeout(20)
def test_the_cli_lists_skipped_files(cli_project, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    target, db = cli_project()
    alice = user_option(target, "alice")
    result = CliRunner().invoke(cli, ["--db", db, *alice, "import", str(folder)])
    assert result.exit_code == 0, result.output
    assert f"skipped {folder / 'pipe.txt'}: not a regular file" in result.output


# -- 11: zip bombs -----------------------------------------------------------------------------

MIB = 1 << 20


def zip_of(path, members: dict[str, int], fill: bytes = b"a") -> None:
    """A brat zip whose members hold ``size`` bytes of ``fill``, written in streamed chunks."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, size in members.items():
            with archive.open(name, "w", force_zip64=size > 1 << 31) as out:
                chunk = fill * MIB
                left = size
                while left > 0:
                    out.write(chunk[: min(left, MIB)])
                    left -= MIB
        archive.writestr("a.ann", ANN)


@pytest.mark.timeout(60)
def test_a_zip_bomb_member_is_refused_before_it_is_unpacked(project, tmp_path):
    """A 1 MB zip became a 400 MB document."""
    path = tmp_path / "bomb.zip"
    zip_of(path, {"a.txt": 200 * MIB})
    assert path.stat().st_size < 2 * MIB
    error = refused(project, [path])
    assert str(error).startswith(f"{path}!a.txt: ")
    assert "--max-unpacked-size" in str(error)


def test_a_high_compression_ratio_is_refused(project, tmp_path):
    path = tmp_path / "ratio.zip"
    zip_of(path, {"a.txt": 8 * MIB})  # under the size limits, ~1000:1
    error = refused(project, [path])
    assert str(error).startswith(f"{path}!a.txt: ")
    assert "compressed" in str(error) and "--max-unpack-ratio" in str(error)


def test_the_archive_total_is_limited_too(project, tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for n in range(5):
            archive.writestr(f"d{n}.txt", os.urandom(MIB // 2).hex())  # 1 MiB, incompressible
            archive.writestr(f"d{n}.ann", "")
    limits = UnpackLimits(member=2 * MIB, archive=3 * MIB)
    error = refused(project, [path], unpack_limits=limits)
    assert str(error).startswith(f"{path}!d")
    assert "in all" in str(error)


def test_a_header_that_lies_about_the_size_does_not_help(project, tmp_path):
    path = tmp_path / "liar.zip"
    zip_of(path, {"a.txt": 4 * MIB})
    raw = bytearray(path.read_bytes())
    # Claim 10 bytes in the local header and the central directory (uncompressed size).
    for magic, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        where = raw.index(magic)
        raw[where + at : where + at + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    error = refused(project, [path], unpack_limits=UnpackLimits(member=MIB, ratio=10_000))
    assert str(path) in str(error)


def test_raising_the_limits_lets_a_big_zip_in(project, tmp_path):
    path = tmp_path / "big.zip"
    zip_of(path, {"a.txt": 3 * MIB}, fill=b"Putin spoke. ")
    refused(project, [path], unpack_limits=UnpackLimits(member=MIB))
    import_files(project, [path], user=ALICE, unpack_limits=UnpackLimits(ratio=10_000))
    assert len(texts(project)[0]) == 3 * MIB


def test_the_cli_takes_max_unpacked_size(cli_project, tmp_path):
    path = tmp_path / "big.zip"
    brat_zip_file(path, b"Putin " + os.urandom(3 * MIB // 2).hex().encode())  # hardly compressible
    target, db = cli_project()
    base = ["--db", db, *user_option(target, "alice"), "import"]
    result = CliRunner().invoke(cli, [*base, "--max-unpacked-size", "1M", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{path}!a.txt: " in result.output
    result = CliRunner().invoke(cli, [*base, "--max-unpacked-size", "1G", str(path)])
    assert result.exit_code == 0, result.output


# -- 12: huge documents warn -------------------------------------------------------------------


def test_a_huge_document_imports_with_a_warning(project, tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("word " * 300_000, encoding="utf-8")  # 1.5 M characters
    small = tmp_path / "small.txt"
    small.write_text(TEXT, encoding="utf-8")
    report = import_files(project, [path, small], user=ALICE)
    assert report.documents_added == 2
    assert len(report.warnings) == 1
    assert report.warnings[0].startswith(f"{path}: 1,500,000 characters")
    quiet = import_files(project, [path], user=ALICE, warn_chars=2_000_000)
    assert quiet.warnings == []


def test_the_cli_prints_the_size_warning_and_takes_warn_size(cli_project, tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 2000, encoding="utf-8")
    target, db = cli_project()
    base = ["--db", db, *user_option(target, "alice"), "import"]
    result = CliRunner().invoke(cli, [*base, "--warn-size", "5K", str(path)])
    assert result.exit_code == 0, result.output
    assert f"warning: {path}: 10,000 characters" in result.output


# -- 15: Label Studio errors name the line -----------------------------------------------------


def test_a_label_studio_error_names_the_line_of_the_task_and_the_path(project, tmp_path):
    def task(n: int, start: object = 0) -> dict:
        return {
            "id": n,
            "data": {"text": f"Putin spoke {n} times."},
            "annotations": [
                {"result": [{"value": {"start": start, "end": 5, "labels": ["actor"]}}]}
            ],
        }

    tasks = [task(1), task(2), task(3, start="zero"), task(4)]
    path = tmp_path / "tasks.json"
    text = json.dumps(tasks, indent=2)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index('  {', 1 + 2 * 0) + 1  # sanity: tasks start with "  {"
    starts = [n + 1 for n, row in enumerate(text.splitlines()) if row == "  {"]
    assert len(starts) == 4 and line == starts[0]
    error = refused(project, [path])
    assert str(error).startswith(f"{path}:{starts[2]}: [2].annotations[0].result[0].value.start")


def test_a_label_studio_import_time_error_names_the_line(project, tmp_path):
    tasks = [
        {"data": {"text": "One."}},
        {"data": {"text": "Putin two."}, "annotations": [
            {"result": [{"value": {"start": 0, "end": 5, "labels": ["nolabel"]}}]}
        ]},
    ]
    path = tmp_path / "tasks.json"
    path.write_bytes(orjson.dumps(tasks, option=orjson.OPT_INDENT_2))
    error = refused(project, [path])
    starts = [n + 1 for n, row in enumerate(path.read_text().splitlines()) if row == "  {"]
    assert str(error).startswith(f"{path}:{starts[1]}: ")
    assert "unknown label 'nolabel'" in str(error)
