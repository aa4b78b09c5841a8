"""Label Studio ``predictions``: a model's regions, kept with their document as suggestions.

Each text region of a prediction's results is read by the same reader as an annotation's
(code points, UTF-16 offsets converted), one entry per label, compact:
``[start, end, label, score, model_version]`` under the document's metadata key
:data:`PREDICTIONS_KEY`. The score is the result's, else its prediction's (None when
neither has one). A result that is no text region (a choice, a HyperText region, offsets
outside the text) is counted, never an error: a prediction is not the team's work.
Nothing here is a span; the ``imported`` recommender offers them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from belannot.core.errors import InputError
from belannot.core.formats.records import SpanRecord
from belannot.core.formats.tally import ReadTally
from belannot.core.prediction_names import PREDICTIONS_KEY as PREDICTIONS_KEY
from belannot.core.prediction_names import SOURCE as SOURCE

KEPT = "Label Studio prediction results kept as suggestions"
NO_REGION = "Label Studio prediction results on no text region"
NO_LABEL = "Label Studio prediction results of labels the project lacks"

Prediction = list[Any]  # [start, end, label, score, model_version]
RegionReader = Callable[[Any, str, str | None, Callable[[str, str], InputError]], list[SpanRecord]]


def _fail(message: str, field: str) -> InputError:
    return InputError(message, field=field)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def read_predictions(
    task: dict[str, Any], text: str, read_region: RegionReader, tally: ReadTally | None
) -> list[Prediction]:
    """The task's predicted text regions; the others counted in ``tally``."""
    predictions = task.get("predictions")
    if not isinstance(predictions, list):
        return []
    kept: list[Prediction] = []
    left_out = 0
    for prediction in predictions:
        if not isinstance(prediction, dict) or not isinstance(prediction.get("result"), list):
            continue
        version = prediction.get("model_version")
        version = str(version) if isinstance(version, str | int) and version != "" else None
        for result in prediction["result"]:
            try:
                spans = read_region(result, text, None, _fail)
            except InputError:
                spans = []
            spans = [s for s in spans if 0 <= s.start < s.end <= len(text) and _quoted(s, text)]
            if not spans:
                left_out += 1
                continue
            score = _number(result.get("score"))
            if score is None:
                score = _number(prediction.get("score"))
            for span in spans:
                entry = [span.start, span.end, span.label, score, version]
                if entry not in kept:
                    kept.append(entry)
    if left_out and tally is not None:
        tally.left_out(NO_REGION, left_out)
    return kept


def _quoted(span: SpanRecord, text: str) -> bool:
    """The region's own text, when it quotes one, is the text at its offsets."""
    return span.text is None or text[span.start : span.end] == span.text
