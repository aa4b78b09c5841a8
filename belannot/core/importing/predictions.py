"""A record's kept predictions, checked against the project's labels before it is stored."""

from __future__ import annotations

from dataclasses import replace

from belannot.core.formats.label_studio_predictions import (
    KEPT,
    NO_LABEL,
    PREDICTIONS_KEY,
)
from belannot.core.formats.records import DocumentRecord
from belannot.core.importing.file_labels import FileLabels
from belannot.core.importing.report import ImportReport


def keep_predictions(record: DocumentRecord, vocabulary: FileLabels, report: ImportReport) -> None:
    """Keep the predictions whose label the project has (or ``--create-labels`` makes);
    count the others as not represented. No span is made of any."""
    predictions = record.meta.extra.get(PREDICTIONS_KEY)
    if not predictions:
        return
    kept = [p for p in predictions if vocabulary.admit_label(p[2])]
    if len(kept) < len(predictions):
        report.not_represented[NO_LABEL] += len(predictions) - len(kept)
    if kept:
        report.suggestions_kept[KEPT] += len(kept)
    extra = {k: v for k, v in record.meta.extra.items() if k != PREDICTIONS_KEY}
    if kept:
        extra[PREDICTIONS_KEY] = kept
    record.meta = replace(record.meta, extra=extra)
