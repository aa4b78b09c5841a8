"""Each format module ends in one Format record; the registry lists them all, in sniffing order."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import belannot.core.formats as formats
from belannot.core.formats.base import Format
from belannot.core.formats.registry import EXPORT_FORMATS, FORMATS, IMPORT_FORMATS, format_named
from belannot.core.importing.detect import detect_format
from belannot.core.importing.pipeline import FORMATS as IMPORT_CHOICES


def format_modules() -> list[object]:
    names = [info.name for info in pkgutil.iter_modules(formats.__path__)]
    modules = [importlib.import_module(f"belannot.core.formats.{name}") for name in names]
    return [module for module in modules if isinstance(getattr(module, "FORMAT", None), Format)]


def test_every_format_record_is_in_the_registry_once():
    records = [module.FORMAT for module in format_modules()]  # type: ignore[attr-defined]
    assert len(records) == 9
    assert sorted(f.name for f in records) == sorted(f.name for f in FORMATS)
    assert all(format_named(f.name) is f for f in records)


def test_read_and_export_each_have_one_signature():
    for fmt in FORMATS:
        if fmt.read is not None:
            assert list(inspect.signature(fmt.read).parameters) == ["path", "options"]
        if fmt.export is not None:
            assert list(inspect.signature(fmt.export).parameters) == ["store", "path", "options"]


def test_the_views_list_what_the_records_can_do_in_the_order_they_always_had():
    assert list(EXPORT_FORMATS) == [
        "jsonl", "spacy", "hf", "prodigy", "doccano", "label-studio", "brat", "conll"
    ]  # fmt: skip
    assert IMPORT_CHOICES == (
        "auto", "jsonl", "txt", "doccano", "prodigy", "label-studio", "brat", "conll"
    )  # fmt: skip
    assert {f.name for f in FORMATS if f.export} == set(EXPORT_FORMATS)
    assert {f.name for f in FORMATS if f.read} == set(IMPORT_FORMATS)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.suffixes], ids=lambda f: f.name)
def test_a_name_ending_a_format_claims_decides_it(tmp_path, fmt):
    for suffix in fmt.suffixes:
        if suffix == ".zip":
            continue  # a zip must also hold .ann files (test_formats_import)
        path = tmp_path / f"file{suffix}"
        path.write_text('{"text": "not what the ending says"}\n', encoding="utf-8")
        assert detect_format(path) == fmt.name
