"""Plain regression tests for import bugs the hostile-input property tests found."""

from __future__ import annotations

import os
import zipfile

import orjson
import pytest

from tests.core.import_refusals import brat_folder_linking_outside, refused
from tests.core.test_hostile_input import flag_encrypted

NEEDS_SYMLINKS = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")


@pytest.fixture
def project(store):
    return store


NESTED = "[" * 300 + "]" * 300  # orjson reads up to 1024 levels but writes only 255


@pytest.mark.parametrize(
    ("fmt", "record", "field"),
    [
        ("jsonl", {"text": "deep meta", "meta": {"x": "@"}}, "meta"),
        (
            "jsonl",
            {
                "text": "deep attributes",
                "spans": [{"start": 0, "end": 4, "label": "actor", "attributes": {"x": "@"}}],
            },
            "spans",
        ),
        ("prodigy", {"text": "deep meta", "answer": "accept", "meta": {"x": "@"}}, "meta"),
    ],
)
def test_nesting_too_deep_to_store_is_refused_not_a_crash(project, tmp_path, fmt, record, field):
    """It escaped as orjson.JSONEncodeError (a TypeError) from the store."""
    path = tmp_path / "deep.jsonl"
    path.write_bytes(orjson.dumps(record).replace(b'"@"', NESTED.encode()) + b"\n")
    error = refused(project, [path], fmt)
    assert str(error).startswith(f"{path}:1: {field}: nested too deeply")


def test_brat_offsets_with_thousands_of_digits_are_refused_not_a_crash(project, tmp_path):
    """int() of over 4300 digits escaped as ValueError."""
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text("Putin spoke", encoding="utf-8")
    (folder / "a.ann").write_text(f"T1\tactor 0 {'9' * 5000}\tPutin\n", encoding="utf-8")
    error = refused(project, [folder])
    assert str(error) == f"{folder / 'a.ann'}:1: T1: offsets too large"


@NEEDS_SYMLINKS
@pytest.mark.parametrize("target", ["nowhere.txt", "a.txt"], ids=["dangling", "loop"])
def test_a_broken_link_in_a_brat_folder_is_refused_not_a_crash(project, tmp_path, target):
    """A dangling link escaped as FileNotFoundError, a loop as RuntimeError."""
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.ann").write_text("T1\tactor 0 5\tPutin\n", encoding="utf-8")
    (folder / "a.txt").symlink_to(target)
    error = refused(project, [folder])
    assert str(error) == f"{folder / 'a.txt'}: is a broken link or a link loop"


@NEEDS_SYMLINKS
def test_the_txt_beside_a_named_ann_is_not_read_through_a_link_outside(project, tmp_path):
    folder = brat_folder_linking_outside(tmp_path)
    error = refused(project, [folder / "a.ann"], "brat")
    assert "outside the folder" in str(error)


def brat_zip(path, **member_options) -> bytes:
    with zipfile.ZipFile(path, "w", **member_options) as archive:
        archive.writestr("a.txt", "Putin spoke to the press. " * 4)
        archive.writestr("a.ann", "T1\tactor 0 5\tPutin\n")
    return path.read_bytes()


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA])
def test_a_damaged_zip_member_is_refused_not_a_crash(project, tmp_path, method):
    """Bad CRC, bad deflate or LZMA data escaped as BadZipFile, zlib.error, LZMAError."""
    path = tmp_path / "damaged.zip"
    raw = bytearray(brat_zip(path, compression=method))
    at = raw.index(b"Putin") if method == zipfile.ZIP_STORED else 50
    raw[at] ^= 0xFF
    path.write_bytes(bytes(raw))
    error = refused(project, [path], "brat")
    assert str(error).startswith(f"{path}!a.")


def test_an_encrypted_zip_member_is_refused_not_a_crash(project, tmp_path):
    """It escaped as RuntimeError ("password required")."""
    path = tmp_path / "locked.zip"
    path.write_bytes(flag_encrypted(brat_zip(path)))
    error = refused(project, [path])
    assert str(error).startswith(f"{path}!a.")
    assert "cannot be read from the zip" in str(error)


def test_a_zip_with_a_damaged_directory_is_refused_not_a_crash(project, tmp_path):
    path = tmp_path / "damaged.zip"
    raw = bytearray(brat_zip(path))
    directory = raw.rindex(b"PK\x01\x02")
    raw[directory + 3] ^= 0xFF  # the central directory's magic number
    path.write_bytes(bytes(raw))
    error = refused(project, [path], "brat")
    assert str(path) in str(error)
