"""The imported recommender: predictions a file brought (Label Studio ``predictions``), kept
with their document at import, offered as suggestions; never spans until accepted.

Each kept entry is ``[start, end, label, score, model_version]`` (code points, end-exclusive);
the source is ``label-studio:<model_version>``, so stats and evaluation give each model's
precision. An entry with no score scores 1, as a spaCy ``ner`` entity does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from belannot.core.prediction_names import PREDICTIONS_KEY, SOURCE
from belannot.core.recommenders.base import Recommender, Suggestion

# The document metadata key each kind of kept prediction lives under → its source's name.
SOURCES = {PREDICTIONS_KEY: SOURCE}


class ExtraReader(Protocol):
    def document_extra(self, document_id: str) -> dict[str, Any]: ...


def is_imported(source: str) -> bool:
    """Whether a suggestion's source is one of this recommender's."""
    return source.split(":", 1)[0] in SOURCES.values()


class ImportedPredictions(Recommender):
    name = "imported"
    title = "Imported predictions"

    def __init__(self, reader: ExtraReader) -> None:
        self._reader = reader

    def suggest(self, document_id: str, text: str) -> Iterator[Suggestion]:
        extra = self._reader.document_extra(document_id)
        for key, source in SOURCES.items():
            entries = extra.get(key)
            if not isinstance(entries, list):
                continue
            for entry in entries:
                found = _entry(entry, len(text))
                if found is None:
                    continue  # metadata edited by hand, or a text it no longer fits
                start, end, label, score, version = found
                origin = f"{source}:{version}" if version else source
                yield Suggestion(document_id, start, end, label, score, origin)


def _entry(entry: Any, length: int) -> tuple[int, int, str, float, str | None] | None:
    if not isinstance(entry, list) or len(entry) != 5:
        return None
    start, end, label, score, version = entry
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
        return None
    if not 0 <= start < end <= length or not isinstance(label, str) or not label:
        return None
    if score is None:
        score = 1.0
    elif isinstance(score, bool) or not isinstance(score, int | float):
        return None
    return start, end, label, float(score), version if isinstance(version, str) else None
