"""``belannot train``: a blank spaCy pipeline with ``spancat`` (overlapping spans) or
``ner`` trained from the project's spans, offline, with a document-level dev split."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from belannot.core.errors import BelannotError
from belannot.core.model import SpanStatus
from belannot.core.recommenders.model import require_spacy
from belannot.core.store import SpanFilter, Store

PIPES = ("spancat", "ner")
# spancat proposes every run of 1 to MAX_WORDS tokens; longer quotes are the rules' work.
MAX_WORDS = 8


@dataclass(frozen=True, slots=True)
class TrainReport:
    pipe: str
    train_documents: int
    dev_documents: int
    spans: int
    # precision, recall, F1 on the dev documents (None without any).
    dev: tuple[float, float, float] | None
    losses: tuple[float, ...]

    def to_json(self) -> dict[str, Any]:
        dev = None if self.dev is None else dict(zip(("p", "r", "f"), self.dev, strict=True))
        return {
            "pipe": self.pipe,
            "train_documents": self.train_documents,
            "dev_documents": self.dev_documents,
            "spans": self.spans,
            "dev": dev,
            "losses": list(self.losses),
        }


def dev_split(document_ids: list[str], dev_share: float) -> list[str]:
    """The documents held out: a share of them (one at least, when there are two or
    more), chosen by a hash of their ids, so the same ones on every run."""
    if len(document_ids) < 2 or dev_share <= 0:
        return []
    count = min(len(document_ids) - 1, max(1, round(len(document_ids) * dev_share)))
    by_hash = sorted(document_ids, key=lambda i: hashlib.sha1(i.encode("utf-8")).digest())
    return sorted(by_hash[:count])


def training_spans(store: Store, approved_only: bool) -> dict[str, set[tuple[int, int, str]]]:
    """Each document's (start, end, label) to learn from: the gold, or every span not
    rejected; identical copies of several annotators count once."""
    statuses = (
        (SpanStatus.APPROVED,) if approved_only else (SpanStatus.PENDING, SpanStatus.APPROVED)
    )
    found: dict[str, set[tuple[int, int, str]]] = {}
    for document_id in store.document_ids():
        spans = store.spans(document_id, SpanFilter(statuses=statuses))
        if spans:
            found[document_id] = {(s.start, s.end, s.label) for s in spans}
    return found


def _example(nlp: Any, text: str, spans: set[tuple[int, int, str]], pipe: str) -> Any:
    from spacy.training import Example
    from spacy.util import filter_spans

    doc = nlp.make_doc(text)
    aligned = [doc.char_span(s, e, label, alignment_mode="expand") for s, e, label in sorted(spans)]
    kept = [span for span in aligned if span is not None]
    if pipe == "ner":
        doc.ents = filter_spans(kept)
    else:
        doc.spans["sc"] = kept
    return Example(nlp.make_doc(text), doc)


def train(
    store: Store,
    output: Path | str,
    *,
    approved_only: bool = False,
    pipe: str = "spancat",
    epochs: int = 20,
    dev_share: float = 0.2,
    lang: str = "en",
    seed: int = 0,
    say: Callable[[str], None] | None = None,
) -> TrainReport:
    """Train, report each epoch's loss through ``say``, score the dev documents, save."""
    if pipe not in PIPES:
        raise BelannotError(f"--pipe is one of {', '.join(PIPES)}, not {pipe!r}")
    spacy = require_spacy("belannot train")
    from spacy.training import Example  # noqa: F401  (fails early if spaCy is broken)

    data = training_spans(store, approved_only)
    if not data:
        which = "approved spans" if approved_only else "spans"
        raise BelannotError(f"the project has no {which} to train from")
    labels = sorted({label for spans in data.values() for _s, _e, label in spans})
    nlp = spacy.blank(lang)
    if pipe == "spancat":
        component = nlp.add_pipe(
            "spancat",
            config={
                "spans_key": "sc",
                # Low: the recommender's own threshold (a project setting) does the filtering.
                "threshold": 0.2,
                "suggester": {
                    "@misc": "spacy.ngram_range_suggester.v1",
                    "min_size": 1,
                    "max_size": MAX_WORDS,
                },
            },
        )
    else:
        component = nlp.add_pipe("ner")
    for label in labels:
        component.add_label(label)
    ids = sorted(data)
    dev_ids = dev_split(ids, dev_share)
    train_ids = [i for i in ids if i not in set(dev_ids)]
    examples = {i: _example(nlp, store.document_text(i), data[i], pipe) for i in ids}
    train_examples = [examples[i] for i in train_ids]
    rng = random.Random(seed)
    spacy.util.fix_random_seed(seed)
    optimizer = nlp.initialize(lambda: train_examples)
    losses_by_epoch: list[float] = []
    for epoch in range(1, epochs + 1):
        rng.shuffle(train_examples)
        losses: dict[str, float] = {}
        for batch in spacy.util.minibatch(train_examples, size=8):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.1)
        losses_by_epoch.append(round(float(losses.get(pipe, 0.0)), 4))
        if say is not None:
            say(f"epoch {epoch}/{epochs}  loss {losses_by_epoch[-1]:.3f}")
    dev = None
    if dev_ids:
        scores = nlp.evaluate([examples[i] for i in dev_ids])
        prefix = "spans_sc" if pipe == "spancat" else "ents"
        dev = tuple(float(scores.get(f"{prefix}_{k}") or 0.0) for k in ("p", "r", "f"))
    nlp.meta["name"] = "belannot_suggestions"
    nlp.to_disk(Path(output))
    return TrainReport(
        pipe,
        len(train_ids),
        len(dev_ids),
        sum(len(data[i]) for i in ids),
        dev,  # type: ignore[arg-type]
        tuple(losses_by_epoch),
    )
