"""What every exporter shares: options, the report, the document stream, splits, atomic folders."""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from belannot.core.errors import BelannotError, CancelledError
from belannot.core.fileio import (
    OutputExistsError,
    atomic_write,
    clear_stale_scratch,
    current_umask,
    output_errors,
    scratch_prefix,
)
from belannot.core.formats import CancelFn, ProgressFn
from belannot.core.store import (
    AnnotatedDocument,
    AnnotatedJson,
    AnnotatedRows,
    AnnotatedTuples,
    SpanFilter,
    SpanJsonShape,
    Store,
)


class OverlapPolicy(StrEnum):
    """Which span wins where a format allows only one label per token (CoNLL, HF, doc.ents).

    ``longest``: longer spans first, then the earlier one. ``first``: the span that
    starts first, then the longer one. ``priority``: by label, in the order given
    (the project's label order unless ``label_priority`` says otherwise), then longest.
    Spans with identical start, end and label (two annotators agreeing) count once.
    """

    LONGEST = "longest"
    FIRST = "first"
    PRIORITY = "priority"


class DocumentSelection(StrEnum):
    """Which documents an export takes. A training set without the documents nobody
    annotated: an unannotated document would teach that its text has no spans at all.

    ``reviewed``: no pending span left (see the glossary); ``done``: marked done by one of
    the span filter's annotators (any annotator if it names none); ``all``: every one.
    """

    REVIEWED = "reviewed"
    DONE = "done"
    ALL = "all"


# What the report says of the documents a selection left out.
_LEFT_OUT_BECAUSE = {DocumentSelection.REVIEWED: "not reviewed", DocumentSelection.DONE: "not done"}


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """How an export runs. A background task passes ``progress`` and ``cancel``."""

    span_filter: SpanFilter = SpanFilter()
    overwrite: bool = False
    progress: ProgressFn | None = None
    cancel: CancelFn | None = None
    # Only documents whose id this accepts (a split); None: every document.
    document_filter: Callable[[str], bool] | None = None
    overlap: OverlapPolicy = OverlapPolicy.LONGEST
    label_priority: tuple[str, ...] = ()
    # spaCy language code for the blank tokenizer of the spacy format.
    spacy_lang: str = "en"
    documents: DocumentSelection = DocumentSelection.ALL
    # (document id, text) → the document's suggestions as JSON, for the formats that can
    # write them (belannot JSONL); None, the default: suggestions are never exported.
    suggestions: Callable[[str, str], list[dict[str, Any]]] | None = None


@dataclass(slots=True)
class ExportReport:
    """What an export wrote, and what it had to leave out or adjust (never silently)."""

    path: Path
    documents: int = 0
    spans: int = 0
    # Spans that the format could not represent (overlaps where only one label fits).
    dropped: int = 0
    # Spans moved to fit token boundaries, or left out of doc.ents / tags.
    adjusted: int = 0
    notes: list[str] = field(default_factory=list)
    split: str | None = None
    # Documents the selection (ExportOptions.documents) left out, and why.
    left_out: int = 0
    left_out_because: str = ""
    # Relations written; relations and attribute values the export could not carry.
    relations: int = 0
    relations_left_out: int = 0
    attributes_left_out: int = 0
    # Actor links written, and those of exported spans the format could not carry.
    links: int = 0
    links_left_out: int = 0

    def summary(self) -> str:
        text = f"wrote {self.documents} documents, {self.spans} spans to {self.path}"
        if self.relations:
            text += f", {self.relations} relations"
        if self.links:
            text += f", {self.links} actor links"
        for count, what in (
            (self.dropped, "overlapping spans dropped"),
            (self.adjusted, "spans adjusted"),
            (self.relations_left_out, "relations left out"),
            (self.attributes_left_out, "attribute values left out"),
            (self.links_left_out, "actor links left out"),
        ):
            if count:
                text += f"; {count} {what}"
        if self.left_out:
            text += f"; {self.left_out} documents left out: {self.left_out_because}"
        return text


def selected_documents(store: Store, options: ExportOptions) -> set[str] | None:
    """The ids of the documents ``options.documents`` takes; None: every document."""
    selection = DocumentSelection(options.documents)
    if selection is DocumentSelection.ALL:
        return None
    if selection is DocumentSelection.REVIEWED:
        return store.reviewed_documents()
    annotators = options.span_filter.annotators or [user.name for user in store.users()]
    return {doc for name in annotators for doc in store.done_documents(name)}


def export_selected(
    exporter: Exporter, store: Store, path: Path, options: ExportOptions
) -> ExportReport:
    """Run ``exporter`` on the documents ``options.documents`` takes; count those left out."""
    chosen = selected_documents(store, options)
    if chosen is None:
        return exporter(store, path, options)
    among = options.document_filter  # a split

    def takes(document_id: str) -> bool:
        return document_id in chosen and (among is None or among(document_id))

    report = exporter(store, path, replace(options, document_filter=takes))
    report.left_out = sum(
        1
        for document_id in store.document_ids()
        if document_id not in chosen and (among is None or among(document_id))
    )
    report.left_out_because = _LEFT_OUT_BECAUSE[DocumentSelection(options.documents)]
    return report


def check_output(path: Path, overwrite: bool) -> None:
    if path.exists() and not overwrite:
        raise OutputExistsError(f"{path} exists; use --force to overwrite it")


def begin_export(
    path: Path | str, options: ExportOptions | None
) -> tuple[Path, ExportOptions, ExportReport]:
    """The path, the options (the defaults when none) and a fresh report of an export."""
    path = Path(path)
    return path, options or ExportOptions(), ExportReport(path)


StreamWriter = Callable[[Store, BinaryIO, ExportOptions, ExportReport], None]


def streamed_export(write: StreamWriter) -> Callable[..., ExportReport]:
    """An exporter writing one file front to back: ``write`` fills ``out`` and the report.

    What every such exporter did first and last is here once: the default options, the
    report, and the file written atomically (left untouched when ``write`` raises).
    """

    def export(
        store: Store, path: Path | str, options: ExportOptions | None = None
    ) -> ExportReport:
        path, options, report = begin_export(path, options)
        with atomic_write(path, overwrite=options.overwrite) as out:
            write(store, out, options, report)
        return report

    # The writer's name and docstring, but the exporter's own signature (no __wrapped__).
    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(export, attribute, getattr(write, attribute))
    return export


def iter_selected(store: Store, options: ExportOptions) -> Iterator[AnnotatedDocument]:
    """The documents an export takes, with their selected spans; checks cancel, reports progress."""
    total = store.document_count()
    for done, item in enumerate(
        store.iter_annotated_documents(options.span_filter, with_states=True), start=1
    ):
        if options.cancel is not None and options.cancel():
            raise CancelledError("export cancelled; no file was written")
        if options.document_filter is None or options.document_filter(item.document.id):
            yield item
        if options.progress is not None:
            options.progress(done, total)


def iter_selected_rows(store: Store, options: ExportOptions) -> Iterator[AnnotatedRows]:
    """As :func:`iter_selected`, spans as light rows: for the formats that copy fields out."""
    items = store.iter_annotated_rows(options.span_filter, with_states=True)
    return _selected(items, store, options)


def iter_selected_tuples(store: Store, options: ExportOptions) -> Iterator[AnnotatedTuples]:
    """As :func:`iter_selected_rows`, spans as plain tuples: for the format that copies them all."""
    items = store.iter_annotated_tuples(options.span_filter, with_states=True)
    return _selected(items, store, options)


def iter_selected_json(
    store: Store, options: ExportOptions, shape: SpanJsonShape
) -> Iterator[AnnotatedJson]:
    """As :func:`iter_selected_rows`, spans as JSON text SQLite built: for JSON Lines formats."""
    return _selected(store.iter_annotated_json(shape, options.span_filter), store, options)


_Item = TypeVar("_Item", AnnotatedRows, AnnotatedTuples, AnnotatedJson)


def _selected(items: Iterable[_Item], store: Store, options: ExportOptions) -> Iterator[_Item]:
    total = store.document_count()
    cancel, progress, accepts = options.cancel, options.progress, options.document_filter
    for done, item in enumerate(items, start=1):
        if cancel is not None and cancel():
            raise CancelledError("export cancelled; no file was written")
        if accepts is None or accepts(item.document.id):
            yield item
        if progress is not None:
            progress(done, total)


@contextlib.contextmanager
def atomic_folder(path: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """A temporary folder beside ``path``, renamed to ``path`` when the block succeeds.

    A full disk or a read-only folder raises ``OutputStorageError``, the scratch removed.
    """
    with output_errors(path), _atomic_folder(path, overwrite=overwrite) as temp:
        yield temp


@contextlib.contextmanager
def _atomic_folder(path: Path, *, overwrite: bool = False) -> Iterator[Path]:
    check_output(path, overwrite)
    path.parent.mkdir(parents=True, exist_ok=True)
    clear_stale_scratch(path)
    prefix = scratch_prefix(path)
    temp = Path(tempfile.mkdtemp(dir=path.parent, prefix=prefix, suffix=".part"))
    try:
        os.chmod(temp, 0o777 & ~current_umask())  # mkdtemp makes 0700 folders
        yield temp
        if path.exists():
            # Move the old output aside first so that a failure here loses nothing.
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=prefix, suffix=".old"))
            os.replace(path, old / path.name)
            os.replace(temp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(temp, path)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


# -- splits -----------------------------------------------------------------------------


def parse_splits(text: str) -> dict[str, float]:
    """``train=0.8,dev=0.1,test=0.1`` → ordered {name: fraction}; fractions must sum to 1."""
    splits: dict[str, float] = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or not name or not name.replace("-", "").replace("_", "").isalnum():
            raise BelannotError(f"--split: expected name=fraction, got {part.strip()!r}")
        try:
            fraction = float(value)
        except ValueError:
            raise BelannotError(f"--split: {name}: {value.strip()!r} is not a number") from None
        if not 0 <= fraction <= 1:
            raise BelannotError(f"--split: {name}: {fraction} is not between 0 and 1")
        if name in splits:
            raise BelannotError(f"--split: {name} is named twice")
        splits[name] = fraction
    if abs(sum(splits.values()) - 1) > 1e-6:
        raise BelannotError(f"--split: the fractions add up to {sum(splits.values()):g}, not 1")
    return splits


def split_of(document_id: str, splits: Mapping[str, float], seed: int) -> str:
    """The split a document belongs to: a hash of (seed, id), so it never depends on the others.

    Adding documents to the project never moves an existing document to another split.
    """
    digest = hashlib.sha256(f"{seed}\x00{document_id}".encode()).digest()
    point = int.from_bytes(digest[:8], "big") / 2**64
    cumulative = 0.0
    names = list(splits)
    for name in names:
        cumulative += splits[name]
        if point < cumulative:
            return name
    return names[-1]


def split_path(path: Path, split: str) -> Path:
    """``out.jsonl`` → ``out.train.jsonl``; a folder ``out`` → ``out.train``."""
    if path.suffix:
        return path.with_name(f"{path.stem}.{split}{path.suffix}")
    return path.with_name(f"{path.name}.{split}")


Exporter = Callable[[Store, Path, ExportOptions], ExportReport]


def export_splits(
    exporter: Exporter,
    store: Store,
    path: Path,
    options: ExportOptions,
    splits: Mapping[str, float],
    seed: int,
) -> list[ExportReport]:
    """One output per split (``split_path``), each written atomically; checked before any."""
    targets = {name: split_path(path, name) for name in splits}
    for target in targets.values():
        check_output(target, options.overwrite)
    reports = []
    for name, target in targets.items():

        def accepts(document_id: str, name: str = name) -> bool:
            return split_of(document_id, splits, seed) == name

        report = export_selected(exporter, store, target, replace(options, document_filter=accepts))
        report.split = name
        reports.append(report)
    return reports


def label_order(store: Store, options: ExportOptions) -> list[str]:
    """Labels in the order the project lists them (the priority order unless overridden)."""
    names = [label.name for label in store.labels()]
    if options.label_priority:
        first = [name for name in options.label_priority if name in names]
        names = first + [name for name in names if name not in first]
    return names


def iob_names(labels: Sequence[str]) -> list[str]:
    """IOB2 tag names: O, then B-/I- for each label in order."""
    names = ["O"]
    for label in labels:
        names += [f"B-{label}", f"I-{label}"]
    return names


def require(module: str, extra: str, fmt: str) -> Any:
    """Import an optional dependency, or say which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise BelannotError(
            f"the {fmt} format needs the {module!r} package: pip install 'belannot[{extra}]'"
        ) from error
