"""Every import and export format by name, so the CLI and the window list them from one place."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from belannot.core.errors import BelannotError
from belannot.core.formats import DocumentRecord, ProgressFn
from belannot.core.formats.brat import export_brat, read_brat
from belannot.core.formats.conll import export_conll, read_conll
from belannot.core.formats.doccano import export_doccano, read_doccano
from belannot.core.formats.exporting import (
    Exporter,
    ExportOptions,
    ExportReport,
    export_selected,
    export_splits,
)
from belannot.core.formats.hf import export_hf
from belannot.core.formats.jsonl import export_jsonl, read_jsonl
from belannot.core.formats.label_studio import export_label_studio, read_label_studio
from belannot.core.formats.prodigy import export_prodigy, read_prodigy
from belannot.core.formats.spacy import export_spacy
from belannot.core.formats.unpacking import UnpackLimits
from belannot.core.store import Store


@dataclass(frozen=True, slots=True)
class ReadOptions:
    encoding: str = "utf-8"
    as_annotator: str | None = None
    progress: ProgressFn | None = None
    limits: UnpackLimits = UnpackLimits()


Reader = Callable[[Path, ReadOptions], Iterator[DocumentRecord]]


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


def _jsonl_export(store: Store, path: Path, options: ExportOptions) -> ExportReport:
    return export_jsonl(store, path, options)


EXPORT_FORMATS: Mapping[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("jsonl", "belannot JSONL", _jsonl_export, ".jsonl"),
        ExportFormat("spacy", "spaCy DocBin", export_spacy, ".spacy", extra="spacy"),
        ExportFormat("hf", "Hugging Face dataset", export_hf, "", extra="hf", folder=True),
        ExportFormat("prodigy", "Prodigy JSONL", export_prodigy, ".jsonl"),
        ExportFormat("doccano", "doccano JSONL", export_doccano, ".jsonl"),
        ExportFormat("label-studio", "Label Studio JSON", export_label_studio, ".json"),
        ExportFormat("brat", "brat standoff (folder or .zip)", export_brat, "", folder=True),
        ExportFormat("conll", "CoNLL IOB2", export_conll, ".conll"),
    )
}

IMPORT_FORMATS: Mapping[str, ImportFormat] = {
    f.name: f
    for f in (
        ImportFormat("jsonl", "belannot JSONL", lambda p, o: read_jsonl(p)),
        ImportFormat("txt", "plain text", lambda p, o: iter(())),  # handled by the importer
        ImportFormat("doccano", "doccano JSONL", lambda p, o: read_doccano(p)),
        ImportFormat("prodigy", "Prodigy JSONL", lambda p, o: read_prodigy(p)),
        ImportFormat(
            "label-studio",
            "Label Studio JSON",
            lambda p, o: read_label_studio(p, as_annotator=o.as_annotator),
        ),
        ImportFormat(
            "brat",
            "brat standoff",
            lambda p, o: read_brat(p, encoding=o.encoding, limits=o.limits),
            whole_paths=True,
        ),
        ImportFormat("conll", "CoNLL IOB", lambda p, o: read_conll(p, encoding=o.encoding)),
    )
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
    if splits:
        return export_splits(fmt.exporter, store, path, options, splits, seed)
    return [export_selected(fmt.exporter, store, path, options)]
