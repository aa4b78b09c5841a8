"""Every format's record in sniffing order, and the views the CLI and the window list them by."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from belannot.core.errors import BelannotError
from belannot.core.formats import (
    brat,
    conll,
    doccano,
    hf,
    jsonl,
    label_studio,
    prodigy,
    spacy,
    text,
)
from belannot.core.formats.base import Format, Reader, ReadOptions
from belannot.core.formats.exporting import (
    Exporter,
    ExportOptions,
    ExportReport,
    export_selected,
    export_splits,
)
from belannot.core.store import Store

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "IMPORT_FORMATS",
    "ExportFormat",
    "Format",
    "ImportFormat",
    "ReadOptions",
    "Reader",
    "claimed_suffixes",
    "export",
    "export_format",
    "format_named",
]

# Detection asks each in turn: Label Studio and the JSON-lines dialects before belannot
# JSONL (Prodigy before doccano: a Prodigy task may carry "label" too), plain text last.
FORMATS: tuple[Format, ...] = (
    label_studio.FORMAT,
    prodigy.FORMAT,
    doccano.FORMAT,
    jsonl.FORMAT,
    brat.FORMAT,
    conll.FORMAT,
    text.FORMAT,
    spacy.FORMAT,
    hf.FORMAT,
)
_BY_NAME = {f.name: f for f in FORMATS}
# The order the CLI's choices and the dialogs' lists show them in.
_EXPORT_ORDER = ("jsonl", "spacy", "hf", "prodigy", "doccano", "label-studio", "brat", "conll")
_IMPORT_ORDER = ("jsonl", "txt", "doccano", "prodigy", "label-studio", "brat", "conll")


def format_named(name: str) -> Format:
    """The format called ``name``; KeyError if there is none."""
    return _BY_NAME[name]


def claimed_suffixes() -> set[str]:
    """The name endings that decide a format on import by themselves."""
    return {suffix for f in FORMATS for suffix in f.suffixes}


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    title: str
    exporter: Exporter
    # What the output is: a file with this suffix, or a folder ("" suffix).
    suffix: str
    # The pip extra it needs, if any (the window can say so before the user picks it).
    extra: str | None = None
    # brat writes a folder, or a zip when the path ends in .zip.
    folder: bool = False


@dataclass(frozen=True, slots=True)
class ImportFormat:
    name: str
    title: str
    reader: Reader
    # Reads a whole folder or zip itself rather than one file at a time.
    whole_paths: bool = False


def _export_view(f: Format) -> ExportFormat:
    assert f.export is not None
    return ExportFormat(f.name, f.title, f.export, f.output_suffix, f.extra, f.folder)


def _import_view(f: Format) -> ImportFormat:
    assert f.read is not None
    return ImportFormat(f.name, f.import_title or f.title, f.read, f.whole_paths)


EXPORT_FORMATS: Mapping[str, ExportFormat] = {
    name: _export_view(_BY_NAME[name]) for name in _EXPORT_ORDER
}
IMPORT_FORMATS: Mapping[str, ImportFormat] = {
    name: _import_view(_BY_NAME[name]) for name in _IMPORT_ORDER
}


def export_format(name: str) -> ExportFormat:
    try:
        return EXPORT_FORMATS[name]
    except KeyError:
        known = ", ".join(EXPORT_FORMATS)
        raise BelannotError(f"unknown export format {name!r} (known: {known})") from None


def export(
    store: Store,
    name: str,
    path: Path | str,
    options: ExportOptions | None = None,
    *,
    splits: Mapping[str, float] | None = None,
    seed: int = 0,
) -> list[ExportReport]:
    """Export in format ``name``: one report, or one per split (``out.train.jsonl`` …).

    Safe to call from a background thread with its own Store; ``options.progress``
    and ``options.cancel`` report and stop it.
    """
    fmt = export_format(name)
    options = options or ExportOptions()
    path = Path(path)
    # One snapshot: others' commits during a long export never mix two states in one file,
    # and a team project's cursors stream inside it instead of the server keeping a copy.
    with store.reading_snapshot():
        if splits:
            return export_splits(fmt.exporter, store, path, options, splits, seed)
        return [export_selected(fmt.exporter, store, path, options)]
