"""Hugging Face ``datasets``: one row per document, saved with ``save_to_disk``.

Columns: ``id``, ``text``, ``tokens``, ``ner_tags`` (a list of ``ClassLabel``
with IOB2 names ``O``, ``B-<label>``, ``I-<label>`` in the project's label
order), and ``spans`` (every selected span with code-point ``start``/``end``,
``label``, ``text``, ``annotator``, ``status``, ``attributes``: the span's attribute
values as a JSON object in text, overlaps included), and ``relations`` (``head`` and
``tail`` indexes into ``spans``, ``type``, ``annotator``, ``status``). Tokens are
those of :mod:`belannot.core.formats.tokens`; the tags, one per token, use the
overlap policy, and the report counts spans left out of the tags. A project with actor
links gives each span an ``actor`` too: the actor id or NIL marker, None when unlinked
(a project without links keeps the schema it had before them).

Needs the ``hf`` extra (``pip install 'belannot[hf]'``), imported only here.
Rows are generated one at a time into Arrow files (constant memory); the
dataset is written to a temporary folder and renamed into place.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from belannot.core.fileio import output_errors, scratch_prefix
from belannot.core.formats.base import Format
from belannot.core.formats.exporting import (
    ExportOptions,
    ExportReport,
    atomic_folder,
    check_output,
    iob_names,
    iter_selected,
    label_order,
    require,
)
from belannot.core.formats.links_out import ExportedLinks
from belannot.core.formats.relations_out import exported_relations
from belannot.core.formats.tokens import iob_tags, resolve_overlaps, span_boundaries, tokenize
from belannot.core.model import Span
from belannot.core.relations import Relation
from belannot.core.store import Store


def hf_features(labels: list[str], *, with_links: bool = False) -> Any:
    """The dataset's declared features, for these labels (and spans' actor links)."""
    datasets = require("datasets", "hf", "hf")
    value, class_label, sequence = datasets.Value, datasets.ClassLabel, datasets.List
    span = {
        "start": value("int64"),
        "end": value("int64"),
        "label": value("string"),
        "text": value("string"),
        "annotator": value("string"),
        "status": value("string"),
        # JSON text: the same name can be a choice for one label and a number for another.
        "attributes": value("string"),
    }
    if with_links:
        span["actor"] = value("string")
    relation = {
        "head": value("int64"),
        "tail": value("int64"),
        "type": value("string"),
        "annotator": value("string"),
        "status": value("string"),
    }
    return datasets.Features(
        {
            "id": value("string"),
            "text": value("string"),
            "tokens": sequence(value("string")),
            "ner_tags": sequence(class_label(names=iob_names(labels))),
            "spans": sequence(span),
            "relations": sequence(relation),
        }
    )


def export_hf(store: Store, path: Path | str, options: ExportOptions | None = None) -> ExportReport:
    """A ``datasets`` dataset folder (``load_from_disk`` reads it); atomic."""
    options = options or ExportOptions()
    path = Path(path)
    check_output(path, options.overwrite)
    datasets = require("datasets", "hf", "hf")
    arrow_writer = require("datasets.arrow_writer", "hf", "hf")
    ranking = label_order(store, options)
    wanted = options.span_filter.labels
    labels = [name for name in ranking if not wanted or name in wanted]
    report = ExportReport(path)
    links = ExportedLinks(store, report)
    features = hf_features(labels, with_links=links.present)
    tag_index = {name: index for index, name in enumerate(iob_names(labels))}
    with_relations = store.relation_count() > 0
    statuses = options.span_filter.statuses

    def rows() -> Iterator[dict[str, Any]]:
        for item in iter_selected(store, options):
            text = item.document.text
            kept, dropped = resolve_overlaps(item.spans, options.overlap, ranking)
            tokens = tokenize(text, span_boundaries(kept))
            tags, empty = iob_tags(tokens, kept)
            report.documents += 1
            report.spans += len(item.spans)
            report.dropped += dropped + empty
            index = {s.id: number for number, s in enumerate(item.spans)}
            relations: list[Relation] = []
            if with_relations:
                relations, left_out = exported_relations(store, item.document.id, index, statuses)
                report.relations += len(relations)
                report.relations_left_out += left_out
            spans = [_span_row(s, text) for s in item.spans]
            if links.present:
                linked = links.of(item.document.id, index)
                for span, row in zip(item.spans, spans, strict=True):
                    row["actor"] = linked.get(span.id)
            yield {
                "id": item.document.id,
                "text": text,
                "tokens": [token.text for token in tokens],
                "ner_tags": [tag_index[tag] for tag in tags],
                "spans": spans,
                "relations": [
                    {
                        "head": index[r.head],
                        "tail": index[r.tail],
                        "type": r.type,
                        "annotator": r.annotator,
                        "status": r.status.value,
                    }
                    for r in relations
                ],
            }

    # pyarrow and datasets write through their own code: translate what they raise.
    with output_errors(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        cache = Path(
            tempfile.mkdtemp(dir=path.parent, prefix=scratch_prefix(path), suffix=".cache")
        )
        try:
            with atomic_folder(path, overwrite=options.overwrite) as folder:
                # ArrowWriter, not Dataset.from_generator: the latter pickles the generator
                # (and so the Store's connection) to fingerprint it.
                arrow_path = str(cache / "data.arrow")
                writer = arrow_writer.ArrowWriter(features=features, path=arrow_path)
                try:
                    for row in rows():
                        writer.write(row)
                    writer.finalize()
                finally:
                    writer.close()
                dataset = datasets.Dataset.from_file(arrow_path)
                _save_quietly(datasets, dataset, folder)
        finally:
            shutil.rmtree(cache, ignore_errors=True)
    if report.dropped:
        report.notes.append(
            f"{report.dropped} spans are in 'spans' but not in 'ner_tags' "
            f"(overlapping, {options.overlap.value} policy, or covering no token)"
        )
    return report


def _span_row(span: Span, text: str) -> dict[str, Any]:
    return {
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "text": text[span.start : span.end],
        "annotator": span.annotator,
        "status": span.status.value,
        "attributes": _json_text(span.attributes),
    }


def _json_text(attributes: Mapping[str, Any]) -> str:
    return orjson.dumps(dict(attributes)).decode() if attributes else "{}"


def _save_quietly(datasets: Any, dataset: Any, folder: Path) -> None:
    """save_to_disk without its progress bar on the terminal (the caller reports progress)."""
    was_disabled = datasets.utils.logging.is_progress_bar_enabled() is False
    datasets.disable_progress_bars()
    try:
        dataset.save_to_disk(str(folder))
    finally:
        if not was_disabled:
            datasets.enable_progress_bars()


FORMAT = Format("hf", "Hugging Face dataset", (), None, None, export_hf, extra="hf", folder=True)
