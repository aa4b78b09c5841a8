"""The model recommender: a spaCy pipeline (trained by ``belannot train`` or any installed
one) run over the document; its spans (``spancat``) or entities (``ner``) are suggestions.

spaCy is optional (the ``spacy`` extra) and imported only here and in training: without
it every other recommender works, and this one says what to install.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from belannot.core.errors import BelannotError
from belannot.core.recommenders.base import Recommender, Suggestion

INSTALL = "pip install 'belannot[spacy]'"


def require_spacy(what: str) -> Any:
    """spaCy, or one line saying which extra installs it."""
    try:
        return importlib.import_module("spacy")
    except ImportError as error:
        raise BelannotError(f"{what} needs spaCy, which is not installed: {INSTALL}") from error


class ModelRecommender(Recommender):
    name = "model"
    title = "Trained model"

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self._spans_key = None
        if "spancat" in nlp.pipe_names:
            self._spans_key = nlp.get_pipe("spancat").key

    @classmethod
    def load(cls, model: Path | str) -> ModelRecommender:
        """A pipeline folder (``belannot train -o``) or an installed pipeline's name."""
        spacy = require_spacy("the model recommender")
        try:
            nlp = spacy.load(model)
        except (OSError, ValueError) as error:
            raise BelannotError(f"{model}: not a spaCy pipeline ({error})") from error
        if "spancat" not in nlp.pipe_names and "ner" not in nlp.pipe_names:
            raise BelannotError(f"{model}: the pipeline has neither spancat nor ner")
        return cls(nlp)

    def suggest(self, document_id: str, text: str) -> Iterator[Suggestion]:
        # spaCy refuses texts over max_length only to guard memory; one document is fine.
        self.nlp.max_length = max(self.nlp.max_length, len(text) + 1)
        doc = self.nlp(text)
        if self._spans_key is not None:
            spans = doc.spans.get(self._spans_key, [])
            scores = spans.attrs.get("scores") if len(spans) else None
            for number, span in enumerate(spans):
                score = float(scores[number]) if scores is not None else 1.0
                yield Suggestion(
                    document_id, span.start_char, span.end_char, span.label_, score, self.name
                )
            return
        for entity in doc.ents:  # ner gives no scores
            yield Suggestion(
                document_id, entity.start_char, entity.end_char, entity.label_, 1.0, self.name
            )
