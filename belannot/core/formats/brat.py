"""brat standoff: a folder (or ``.zip``) of ``DOC.txt`` + ``DOC.ann`` pairs and a schema file.

``.ann`` lines are ``T1<TAB>actor 0 5<TAB>Putin``; offsets are code points
into the ``.txt``, which is written as the stored text in UTF-8, byte for
byte (CRLF stays CRLF). A span that crosses a line break is written as
brat's discontinuous fragments (``0 5;7 12``), split at the line breaks, and
its text is the fragments joined by a space, as brat shows it; on import,
fragments separated only by whitespace are joined back into one span.
Whitespace in a label becomes ``_`` (brat types cannot hold spaces).
Relations are ``R`` lines, span attributes ``A`` lines and actor links ``N`` lines
(``N1<TAB>Reference T1 belannot_actors:putin<TAB>Vladimir Putin``; see :mod:`.brat_ann`);
``annotation.conf`` describes the schema and ``visual.conf`` its colours (see
:mod:`.brat_schema`). A document imported from brat is written back at the path it had in
its collection (kept in its meta as ``brat_path``), each part made safe, and with the brat
ids, events, notes, Equiv and reference lines it was imported with where they still hold
(kept in its meta as ``brat_ann``; see :mod:`.brat_shape` and :mod:`.brat_write`).

Import: ``.ann`` without its ``.txt`` is an error; a ``.txt`` without
``.ann`` is a document without spans. ``R``, ``E``, ``A``, ``M``, ``N``, ``*`` and ``#``
lines are read back (see :mod:`.brat_ann`); a discontinuous span with text between its
fragments is one span per fragment, joined first to next by ``fragment`` relations.
The ``annotation.conf`` nearest each document (see :mod:`.brat_conf`) makes its labels,
relation types and attributes under --create-labels; without it the project's own schema
decides. brat carries no annotator: spans and relations go to ``--as-annotator``. A
document's id is its path in the folder without ``.txt``. Symlinks that lead
outside the folder and zip members with absolute or ``..`` paths are refused.
"""

from __future__ import annotations

import lzma
import os
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import orjson

from belannot.core.errors import InputError
from belannot.core.fileio import atomic_write
from belannot.core.formats import DocumentRecord, ProgressFn, SpanRecord
from belannot.core.formats.base import Format, ReadOptions
from belannot.core.formats.brat_ann import AnnLinks, Definitions, fragment_relations
from belannot.core.formats.brat_conf import ConfFinder, conf_from_bytes, nearest_member
from belannot.core.formats.brat_schema import (
    CONF_NAME,
    VISUAL_NAME,
    annotation_conf,
    visual_conf,
)
from belannot.core.formats.brat_shape import SHAPE, Written, read_shape
from belannot.core.formats.brat_write import AnnDocument, Schema, ann_text
from belannot.core.formats.decoding import bom_codec, check_characters, check_encoding
from belannot.core.formats.exporting import (
    ExportOptions,
    ExportReport,
    atomic_folder,
    begin_export,
    iter_selected_rows,
)
from belannot.core.formats.links_out import ExportedLinks
from belannot.core.formats.relations_out import counted_relations
from belannot.core.formats.sniffing import Sample
from belannot.core.formats.text import decode_text
from belannot.core.formats.unpacking import ArchiveBudget, UnpackLimits
from belannot.core.model import DocumentMeta
from belannot.core.store import Store

_UNSAFE = re.compile(r"[^A-Za-z0-9._\-]+")
# The document meta key an imported document's path in its collection is kept under.
BRAT_PATH = "brat_path"
_WHITESPACE = re.compile(r"\s")
_TEXT_BOUND = re.compile(r"^(T\S*)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
# What a damaged, encrypted or oddly compressed zip raises while it is read.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    NotImplementedError,  # an unknown compression method
    RuntimeError,  # an encrypted member
    OSError,
    ValueError,
)


@dataclass(slots=True)
class Reading:
    """How a brat read goes: its encoding and discontinuous spans (counted as they come)."""

    encoding: str = "utf-8"
    # True: a discontinuous span is read as the one span covering its fragments.
    cover: bool = False
    discontinuous: int = 0


def safe_name(document_id: str, used: set[str], folders: str = "") -> str:
    """A file stem for ``document_id`` that cannot leave the folder, unique among ``used``;
    under ``folders`` (an imported collection's subfolders, ``a/b``), each made safe."""
    stem = _UNSAFE.sub("_", document_id).lstrip(".") or "document"
    stem = stem[:120]
    parts = [_UNSAFE.sub("_", part).lstrip(".")[:120] for part in folders.split("/")]
    stem = "/".join([*(part for part in parts if part), stem])
    candidate, number = stem, 1
    while candidate.lower() in used:
        number += 1
        candidate = f"{stem}-{number}"
    used.add(candidate.lower())
    return candidate


def export_brat(
    store: Store, path: Path | str, options: ExportOptions | None = None
) -> ExportReport:
    """A brat folder, or a zip when ``path`` ends in ``.zip``; atomic, streamed."""
    path, options, report = begin_export(path, options)
    used: set[str] = set()
    false_values = 0
    conf = annotation_conf(store.labels(), store.relation_types())
    visual = visual_conf(store.labels(), store.relation_types())
    if path.suffix.lower() == ".zip":
        with (
            atomic_write(path, overwrite=options.overwrite) as handle,
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            for stem, txt, ann, count, unsaid in _pairs(store, options, used, report):
                false_values += unsaid
                archive.writestr(f"{stem}.txt", txt)
                archive.writestr(f"{stem}.ann", ann)
                report.documents += 1
                report.spans += count
            archive.writestr(CONF_NAME, conf)
            archive.writestr(VISUAL_NAME, visual)
    else:
        with atomic_folder(path, overwrite=options.overwrite) as folder:
            for stem, txt, ann, count, unsaid in _pairs(store, options, used, report):
                false_values += unsaid
                (folder / stem).parent.mkdir(parents=True, exist_ok=True)
                (folder / f"{stem}.txt").write_bytes(txt)
                (folder / f"{stem}.ann").write_bytes(ann)
                report.documents += 1
                report.spans += count
            (folder / CONF_NAME).write_bytes(conf)
            (folder / VISUAL_NAME).write_bytes(visual)
    if false_values:
        report.notes.append(
            f"{false_values} false yes/no attributes written as absent (brat's binary attributes)"
        )
    if any(_WHITESPACE.search(label.name) for label in store.labels()):
        report.notes.append("whitespace in label names was written as _ (brat types)")
    return report


def _pairs(
    store: Store, options: ExportOptions, used: set[str], report: ExportReport
) -> Iterator[tuple[str, bytes, bytes, int, int]]:
    """(stem, .txt, .ann, spans, false yes/no values not written) of each document."""
    definitions: Definitions = {
        label.name: {d.name: d for d in label.attributes} for label in store.labels()
    }
    links = ExportedLinks(store, report)
    actors = store.actors() if links.present else []
    schema = Schema(
        definitions, {a.id: a.name for a in actors}, {a.id: a.ref for a in actors if a.ref}
    )
    unheld = 0
    for item in iter_selected_rows(store, options):
        document = item.document
        stem = _stem(document.id, document.meta.extra.get(BRAT_PATH), used)
        span_ids = [span.id for span in item.spans]
        shape = document.meta.extra.get(SHAPE)
        ann, broken = ann_text(
            AnnDocument(
                document.text,
                item.spans,
                counted_relations(store, document.id, span_ids, options, report),
                links.of(document.id, span_ids),
                shape if isinstance(shape, dict) else {},
            ),
            schema,
        )
        unsaid = sum(
            value is False
            for span in item.spans
            if span.attributes not in ("{}", "", None)
            for value in orjson.loads(span.attributes).values()
        )
        unheld += broken
        yield stem, document.text.encode("utf-8"), ann.encode("utf-8"), len(item.spans), unsaid
    if unheld:
        report.notes.append(
            f"{unheld} imported brat events or Equiv lines no longer hold (a span or relation"
            " of theirs is gone or changed): what is left of them is written as R lines"
        )


def _stem(document_id: str, imported: object, used: set[str]) -> str:
    """Where a document is written: the path it was imported from, else its id made safe."""
    if isinstance(imported, str) and imported.strip("/"):
        folders, _, name = imported.strip("/").rpartition("/")
        return safe_name(name, used, folders)
    return safe_name(document_id, used)


def is_brat(path: Path) -> bool:
    """A folder with ``.ann`` files, a zip holding some, or an ``.ann`` file."""
    if path.is_dir():
        return any(p.suffix == ".ann" for p in path.rglob("*.ann"))
    if path.suffix.lower() == ".ann":
        return True
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                return any(name.endswith(".ann") for name in archive.namelist())
        except _ZIP_ERRORS as error:
            raise InputError(f"a damaged zip: {error}", path=path) from error
    return False


def read_brat(
    path: Path | str,
    *,
    encoding: str = "utf-8",
    progress: ProgressFn | None = None,
    limits: UnpackLimits | None = None,
    reading: Reading | None = None,
) -> Iterator[DocumentRecord]:
    """Documents and spans of a brat folder, zip, or single ``.ann`` (beside its ``.txt``).

    A zip's members are unpacked within ``limits`` (see :mod:`.unpacking`); ``reading``
    says how discontinuous spans are read, and counts them.
    """
    path = Path(path)
    check_encoding(encoding, path)
    reading = reading or Reading()
    reading.encoding = encoding
    if path.is_dir():
        yield from _read_folder(path, reading, progress)
    elif path.suffix.lower() == ".ann":
        txt = path.with_suffix(".txt")
        if not txt.is_file():
            raise InputError(f"{txt.name} is missing: brat offsets need the text", path=path)
        _check_inside(txt, path.parent.resolve())
        yield _record(path.stem, _read(txt), _read(path), str(txt), str(path), reading)
    elif zipfile.is_zipfile(path):
        yield from _read_zip(path, reading, progress, limits or UnpackLimits())
    else:
        raise InputError("not a brat folder, zip or .ann file", path=path)


def _read_folder(
    root: Path, reading: Reading, progress: ProgressFn | None
) -> Iterator[DocumentRecord]:
    real_root = root.resolve()
    stems: dict[str, dict[str, Path]] = {}
    for folder, dirs, files in os.walk(root):  # followlinks=False: linked folders are skipped
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            file = Path(folder) / name
            if name.startswith(".") or file.suffix not in (".txt", ".ann"):
                continue
            _check_inside(file, real_root)
            if not file.is_file():
                continue  # a FIFO, socket or device: opening it could wait forever
            stem = file.relative_to(root).with_suffix("").as_posix()
            stems.setdefault(stem, {})[file.suffix] = file
    if not stems:
        raise InputError("no .txt or .ann files", path=root)
    confs = ConfFinder(root)
    for number, (stem, pair) in enumerate(sorted(stems.items()), start=1):
        ann = pair.get(".ann")
        txt = pair.get(".txt")
        if txt is None:
            missing = f"{Path(stem).name}.txt is missing: brat offsets need the text"
            raise InputError(missing, path=ann)
        ann_bytes = _read(ann) if ann else b""
        record = _record(stem, _read(txt), ann_bytes, str(txt), str(ann or txt), reading)
        record.schema = confs.for_document(stem)
        yield record
        if progress is not None:
            progress(number, len(stems))


def _check_inside(file: Path, real_root: Path) -> None:
    """Refuse a link that leads outside the folder, or nowhere."""
    try:
        real = file.resolve(strict=True)
    except (OSError, RuntimeError) as error:  # RuntimeError: a link loop (Python < 3.13)
        raise InputError("is a broken link or a link loop", path=file) from error
    if not real.is_relative_to(real_root):
        raise InputError("is a link to a file outside the folder; refused", path=file)


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror or error}", path=file) from error


def _read_zip(
    path: Path, reading: Reading, progress: ProgressFn | None, limits: UnpackLimits
) -> Iterator[DocumentRecord]:
    budget = ArchiveBudget(str(path), path.stat().st_size, limits)
    try:
        archive = zipfile.ZipFile(path)
    except _ZIP_ERRORS as error:
        raise InputError(f"a damaged zip: {error}", path=path) from error
    with archive:
        stems: dict[str, dict[str, str]] = {}
        for name in archive.namelist():
            pure = PurePosixPath(name)
            if name.endswith("/") or pure.suffix not in (".txt", ".ann"):
                continue
            if pure.is_absolute() or ".." in pure.parts or "\\" in name:
                raise InputError(
                    f"zip member {name!r} points outside the archive; refused", path=path
                )
            if any(part.startswith(".") for part in pure.parts):
                continue
            stems.setdefault(str(pure.with_suffix("")), {})[pure.suffix] = name
        if not stems:
            raise InputError("no .txt or .ann files in the zip", path=path)
        names, given = set(archive.namelist()), set[str]()
        for number, (stem, pair) in enumerate(sorted(stems.items()), start=1):
            where_txt = f"{path}!{pair.get('.txt', stem + '.txt')}"
            where_ann = f"{path}!{pair.get('.ann', stem + '.ann')}"
            if ".txt" not in pair:
                raise InputError(
                    f"{PurePosixPath(stem).name}.txt is missing: brat offsets need the text",
                    path=where_ann,
                )
            ann = _member(budget, archive, pair[".ann"], where_ann) if ".ann" in pair else b""
            txt = _member(budget, archive, pair[".txt"], where_txt)
            record = _record(stem, txt, ann, where_txt, where_ann, reading)
            conf = nearest_member(stem, names)
            if conf is not None and conf not in given:  # the first record it governs
                given.add(conf)
                data = _member(budget, archive, conf, f"{path}!{conf}")
                record.schema = conf_from_bytes(data, f"{path}!{conf}")
            yield record
            if progress is not None:
                progress(number, len(stems))


def _member(budget: ArchiveBudget, archive: zipfile.ZipFile, name: str, where: str) -> bytes:
    try:
        return budget.read(archive, name, where)
    except _ZIP_ERRORS as error:
        raise InputError(f"cannot be read from the zip: {error}", path=where) from error


def _record(
    stem: str, txt: bytes, ann: bytes, txt_path: str, ann_path: str, reading: Reading
) -> DocumentRecord:
    text = decode_text(txt, Path(txt_path), reading.encoding)
    # .ann files are UTF-8 (brat writes them so) unless a byte order mark says otherwise.
    codec = bom_codec(ann[:4]) or "utf-8-sig"
    try:
        ann_text = ann.decode(codec)
    except UnicodeDecodeError as error:
        before = ann[: error.start].decode(codec, "replace")
        line_start = before.rsplit("\n", 1)[-1]
        name = line_start.split("\t", 1)[0] if "\t" in line_start else None
        shown = "UTF-8" if codec == "utf-8-sig" else codec.upper()
        raise InputError(
            f"not {shown}", path=ann_path, line=before.count("\n") + 1, field=name
        ) from error
    check_characters(ann_text, ann_path, codec)
    spans: dict[str, SpanRecord] = {}
    links = AnnLinks(ann_path)
    pieces: dict[str, list[SpanRecord]] = {}  # T id → its fragments after the first
    offsets: dict[str, str] = {}  # T id → its offsets as written
    left_out: Counter[str] = Counter()
    # split("\n"), not splitlines(): a span's text may hold characters splitlines breaks at.
    for number, raw_line in enumerate(ann_text.split("\n"), start=1):
        line = raw_line.rstrip("\r")
        if line.startswith("T"):
            first, *others = _span(line, text, ann_path, number)
            if others:  # fragments with text between them
                reading.discontinuous += 1
                if reading.cover:
                    first.end, others = others[-1].end, []
            name, kind_offsets = line.split("\t", 2)[:2]
            if name in spans:
                where = spans[name].line
                raise InputError(
                    f"{name} is already line {where}", path=ann_path, line=number, field=name
                )
            spans[name], pieces[name] = first, others
            offsets[name] = kind_offsets.split(" ", 1)[1]
        elif line[:1] in ("R", "E", "A", "M", "N", "*", "#"):
            links.add(line, number)
        elif line.strip():
            left_out[f"brat {line[:1]} lines"] += 1
    relations = links.join(spans)
    left_out.update(links.left_out)
    relations += fragment_relations(spans, pieces)
    shape = read_shape(links, spans, relations, Written(text, pieces, offsets))
    extra = {BRAT_PATH: stem, SHAPE: shape}
    return DocumentRecord(
        text=text,
        id=stem,
        meta=DocumentMeta(title=PurePosixPath(stem).name, extra=extra),
        relations=relations,
        spans=[*spans.values(), *(piece for others in pieces.values() for piece in others)],
        path=ann_path,
        loose_attributes=bool(links.attributes),
        left_out=left_out,
    )


def _span(line: str, text: str, path: str, number: int) -> list[SpanRecord]:
    """A T line's span, or its fragments (as brat holds them) where text lies between."""
    match = _TEXT_BOUND.match(line)
    if match is None:
        raise InputError(
            "expected 'T<n><TAB><label> <start> <end><TAB><text>'",
            path=path,
            line=number,
            field=line.split("\t", 1)[0] if "\t" in line else None,
        )
    name, label, offsets, quoted = match.groups()
    try:
        pieces = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
    except ValueError as error:  # more digits than Python converts to an int
        raise InputError("offsets too large", path=path, line=number, field=name) from error
    for start, end in pieces:
        if end <= start or end > len(text):
            raise InputError(
                f"offsets {start} {end} do not fit the text ({len(text)} characters)",
                path=path,
                line=number,
                field=name,
            )
    actual = " ".join(text[s:e] for s, e in pieces)
    if actual != quoted:
        raise InputError(
            f"text {quoted!r} does not match the .txt at {offsets}: {actual!r}",
            path=path,
            line=number,
            field=name,
        )
    joined = [list(pieces[0])]
    for start, end in pieces[1:]:
        if start < joined[-1][1]:
            raise InputError(
                "fragments overlap or are out of order", path=path, line=number, field=name
            )
        if text[joined[-1][1] : start].strip():
            joined.append([start, end])
        else:  # only whitespace between: one span (as brat writes a span across lines)
            joined[-1][1] = end
    return [SpanRecord(start=s, end=e, label=label, line=number, place=name) for s, e in joined]


def _sniff(sample: Sample) -> bool:
    if sample.is_dir:
        return is_brat(sample.path)
    return not sample.json_list and sample.is_zip


def _read_format(path: Path, options: ReadOptions) -> Iterator[DocumentRecord]:
    reading = Reading(cover=options.discontinuous == "cover")
    yield from read_brat(
        path,
        encoding=options.encoding,
        progress=options.progress,
        limits=options.limits,
        reading=reading,
    )
    if reading.discontinuous:
        how = (
            "the span covering their fragments (--discontinuous cover)"
            if reading.cover
            else "one span per fragment, joined by fragment relations"
        )
        options.tally.note(f"{reading.discontinuous} discontinuous brat spans read as {how}")


FORMAT = Format(
    "brat",
    "brat standoff (folder or .zip)",
    (".ann", ".zip"),
    _sniff,
    _read_format,
    export_brat,
    folder=True,
    whole_paths=True,
    import_title="brat standoff",
)
