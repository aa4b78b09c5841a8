"""The record each format module ends in: ``FORMAT = Format(name, title, suffixes, …)``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from belannot.core.formats.exporting import Exporter
from belannot.core.formats.records import DocumentRecord
from belannot.core.formats.sniffing import Sample
from belannot.core.formats.tally import ReadTally
from belannot.core.formats.unpacking import UnpackLimits
from belannot.core.progress import ProgressFn


@dataclass(frozen=True, slots=True)
class ReadOptions:
    encoding: str = "utf-8"
    as_annotator: str | None = None
    progress: ProgressFn | None = None
    limits: UnpackLimits = UnpackLimits()
    # Fields a native (belannot JSONL) reader does not know are skipped, not refused.
    ignore_unknown: bool = False
    # CoNLL: the column (1-based) the tags are in; None: the last.
    conll_column: int | None = None
    # brat: a discontinuous span as one span per fragment ("fragments") or their cover.
    discontinuous: str = "fragments"
    # What the readers skip or cannot represent, for the import report.
    tally: ReadTally = field(default_factory=ReadTally)


Reader = Callable[[Path, ReadOptions], Iterator[DocumentRecord]]
# sniff(sample): is a file (or folder) of no telling name this format, by its first bytes?
Sniff = Callable[[Sample], bool]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    title: str
    # Name endings that decide this format on import before anything is read.
    suffixes: tuple[str, ...]
    sniff: Sniff | None
    # None: belannot cannot read (or cannot write) this format.
    read: Reader | None
    export: Exporter | None
    # The pip extra it needs, if any (the window can say so before the user picks it).
    extra: str | None = None
    # What an export writes: a file with this suffix, or a folder ("").
    output_suffix: str = ""
    # brat writes a folder, or a zip when the path ends in .zip.
    folder: bool = False
    # Reads a whole folder or zip itself rather than one file at a time.
    whole_paths: bool = False
    # The import list's name for it, where that differs from ``title``.
    import_title: str | None = None
