"""Import files or records into a project, in one transaction: on any error, nothing is kept."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from belannot.core.attributes import AttributeDef
from belannot.core.errors import InputError
from belannot.core.formats.decoding import check_encoding
from belannot.core.formats.records import DocumentRecord
from belannot.core.formats.registry import IMPORT_FORMATS, ReadOptions, format_named
from belannot.core.formats.tally import ReadTally
from belannot.core.formats.text import read_text_files
from belannot.core.formats.unpacking import UnpackLimits
from belannot.core.importing.batch import BATCH_DOCUMENTS, Batch
from belannot.core.importing.careful import ImportRun
from belannot.core.importing.checks import drop_unknown_attributes
from belannot.core.importing.detect import detect_format
from belannot.core.importing.file_labels import FileLabels
from belannot.core.importing.fitting import fit_loose_attributes
from belannot.core.importing.lean import RawLine, lean_record, raw_lines
from belannot.core.importing.paths import expand, is_project_file
from belannot.core.importing.predictions import keep_predictions
from belannot.core.importing.report import WARN_CHARS, ImportReport
from belannot.core.model import User
from belannot.core.progress import CancelFn, ProgressFn, stop_if_cancelled
from belannot.core.store import Store

FORMATS = ("auto", *IMPORT_FORMATS)


def import_records(
    store: Store,
    records: Iterable[DocumentRecord | RawLine],
    *,
    user: User,
    as_annotator: str | None = None,
    cancel: CancelFn | None = None,
    warn_chars: int = WARN_CHARS,
    ignore_unknown: bool = False,
    create_actors: bool = False,
    create_labels: bool = False,
    strict: bool = False,
    tally: ReadTally | None = None,
) -> ImportReport:
    """Store ``records`` in one transaction; on any error nothing is kept.

    Labels the records use that the project lacks are refused, all named at once;
    ``create_labels`` makes them (with the relation types and attributes the records
    use) in the same transaction. What the readers could not represent (counted in each
    record's ``left_out`` and in ``tally``) is listed in the report; ``strict`` refuses
    the import instead.

    A span attribute its label does not declare, or a value that does not fit, is
    refused at its field (``spans[3].attributes.certainty``); with ``ignore_unknown``
    it is left out instead.

    A text longer than ``warn_chars`` (0: no limit) is stored with a line in
    ``report.warnings``.

    Records are taken in batches of :data:`BATCH_DOCUMENTS`: the new documents that
    touch nothing already stored are checked in Python and written with one statement
    per table. Any other record (a known text or id, a span id in use, a new user, a
    problem) goes through the careful path one at a time, in order, so that what is
    stored and the error reported (with the record's file and line) are the same.

    A :class:`RawLine` (a JSONL line as parsed) of the lean shape is queued as the plain
    tuples of :func:`lean_record`; any other is read by the careful reader, here, in order.
    """
    report = ImportReport()
    labels: dict[str, Sequence[AttributeDef]] = {
        label.name: label.attributes for label in store.labels()
    }
    with store.import_cache(), store.transaction():
        store.ensure_user(user.name, user.role)
        batch = Batch(
            ImportRun(store, user, as_annotator, report, labels, create_actors=create_actors)
        )
        vocabulary = FileLabels(store, user, labels, report, create=create_labels)
        read = report.read
        for record in records:
            stop_if_cancelled(cancel, "import cancelled; the project is unchanged")
            if isinstance(record, RawLine):
                lean = None
                if not (vocabulary.unknown or vocabulary.unknown_types):
                    lean = lean_record(record, labels)
                if lean is not None:
                    # What _count and the warning below do for a record of this shape.
                    read["documents"] += 1
                    if lean.spans:
                        read["spans"] += len(lean.spans)
                    if warn_chars and len(lean.text) > warn_chars:
                        report.warnings.append(
                            f"{lean.path}:{lean.line}: {len(lean.text):,} characters; exports "
                            "and the window may be slow on a document this long"
                        )
                    batch.records.append(lean)
                    if len(batch.records) >= BATCH_DOCUMENTS:
                        batch.store_all()
                    continue
                record = record.full()
            _count(report, record)
            if not vocabulary.admit(record):
                continue
            keep_predictions(record, vocabulary, report)
            length = len(record.text) if isinstance(record.text, str) else 0
            if warn_chars and length > warn_chars:
                where = record.path if record.line is None else f"{record.path}:{record.line}"
                report.warnings.append(
                    f"{where}: {length:,} characters; exports and the window may be slow "
                    "on a document this long"
                )
            if record.loose_attributes:
                fit_loose_attributes(record, labels)
            if ignore_unknown:
                drop_unknown_attributes(record, labels)
            batch.records.append(record)
            if len(batch.records) >= BATCH_DOCUMENTS:
                batch.store_all()
        vocabulary.refuse_unknown()
        batch.store_all()
        if tally is not None:
            report.take(tally)
        if strict and report.not_represented:
            listed = "; ".join(f"{k}: {n}" for k, n in sorted(report.not_represented.items()))
            raise InputError(
                f"not represented in belannot: {listed}; nothing imported "
                "(without --strict these are left out and counted)"
            )
    return report


def _count(report: ImportReport, record: DocumentRecord) -> None:
    """Count what ``record`` holds, per kind, before anything is stored."""
    read = report.read
    read["documents"] += 1
    if record.spans:
        read["spans"] += len(record.spans)
        values = links = 0
        for span in record.spans:  # one loop, not two generators: a million spans
            if span.attributes:
                values += len(span.attributes)
            if span.actor is not None:
                links += 1
        if values:
            read["attributes"] += values
        if links:
            read["links"] += links
    if record.relations:
        read["relations"] += len(record.relations)
    if record.left_out:
        report.not_represented.update(record.left_out)


def iter_records(
    files: Sequence[Path],
    fmt: str = "auto",
    *,
    encoding: str = "utf-8",
    as_annotator: str | None = None,
    progress: ProgressFn | None = None,
    unpack_limits: UnpackLimits | None = None,
    ignore_unknown: bool = False,
    conll_column: int | None = None,
    tally: ReadTally | None = None,
    discontinuous: str = "fragments",
    lean: bool = False,
) -> Iterator[DocumentRecord | RawLine]:
    """The records of ``files``, each read in ``fmt`` (or the format detected); what the
    readers skip or cannot represent is counted in ``tally``. With ``lean``, belannot
    JSONL comes as :class:`RawLine` s, for :func:`import_records` to check."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    options = ReadOptions(
        encoding=encoding,
        as_annotator=as_annotator,
        limits=unpack_limits or UnpackLimits(),
        ignore_unknown=ignore_unknown,
        conll_column=conll_column,
        tally=tally if tally is not None else ReadTally(),
        discontinuous=discontinuous,
    )
    # Plain-text files are read together, last: a folder's metadata.json covers them all.
    text_files: list[Path] = []
    for number, path in enumerate(files, start=1):
        kind = detect_format(path) if fmt == "auto" else fmt
        if kind == "txt":
            text_files.append(path)
        elif lean and kind == "jsonl":
            yield from raw_lines(path, options)
        else:
            read = format_named(kind).read
            assert read is not None  # FORMATS lists only the formats that read
            yield from read(path, options)
        if progress is not None:
            progress(number, len(files))
    yield from read_text_files(text_files, encoding=encoding)


def import_files(
    store: Store,
    paths: Sequence[Path | str],
    *,
    user: User,
    fmt: str = "auto",
    as_annotator: str | None = None,
    encoding: str = "utf-8",
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    unpack_limits: UnpackLimits | None = None,
    warn_chars: int = WARN_CHARS,
    ignore_unknown: bool = False,
    create_actors: bool = False,
    create_labels: bool = False,
    strict: bool = False,
    conll_column: int | None = None,
    discontinuous: str = "fragments",
    lean: bool = True,
) -> ImportReport:
    """Import files and folders (recursively); all of them, or on error none.

    Only regular files are read: FIFOs, sockets and devices in a folder are listed in
    ``report.skipped``, and one named directly is refused. A project file or its log is
    never read (not even its first bytes), named or found in a folder. Zips unpack
    within ``unpack_limits``; texts over ``warn_chars`` characters are listed in
    ``report.warnings``. ``create_labels`` and ``strict``: see :func:`import_records`;
    ``conll_column``: the CoNLL tag column (1-based; None: the last); ``discontinuous``:
    brat's discontinuous spans as "fragments" (joined by relations) or "cover";
    ``lean``: belannot JSONL's plain lines take the lean path (False: the careful reader
    for every line; the same outcome, slower).
    """
    for raw in paths:
        if is_project_file(Path(raw), store):
            raise InputError(
                "a belannot project (or its log), not a file to import: export it "
                "(belannot --db PROJECT export) and import the export",
                path=raw,
            )
    check_encoding(encoding, ", ".join(str(p) for p in paths))
    skipped: list[tuple[Path, str]] = []
    files = expand(paths, fmt, skipped, leave_out=lambda path: is_project_file(path, store))
    if not files:
        raise InputError("no files to import", path=", ".join(str(p) for p in paths))
    tally = ReadTally()
    records = iter_records(
        files,
        fmt,
        encoding=encoding,
        as_annotator=as_annotator,
        progress=progress,
        unpack_limits=unpack_limits,
        ignore_unknown=ignore_unknown,
        conll_column=conll_column,
        tally=tally,
        discontinuous=discontinuous,
        lean=lean,
    )
    report = import_records(
        store,
        records,
        user=user,
        as_annotator=as_annotator,
        cancel=cancel,
        warn_chars=warn_chars,
        ignore_unknown=ignore_unknown,
        create_actors=create_actors,
        create_labels=create_labels,
        strict=strict,
        tally=tally,
    )
    report.files = len(files)
    report.skipped = skipped
    return report
