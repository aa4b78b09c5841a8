"""Agreement over 10,000 documents × 3 annotators × 10 spans each, with relations,
attributes and actor links. Target: ≤ 2 s.

    python benchmarks/bench_agreement.py [--documents N] [--repeat R]

Builds a project file in a temporary folder (one transaction, through Store
methods), then times ``compute_agreement`` on it: reading the spans, relations and
states from SQLite plus the computation (spans, relations, attributes, links). Prints
wall-clock and CPU figures (CPU time tells a slow machine from a busy one); exits 1
if the best wall-clock run misses the target.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from belannot.core.actors import NIL_NOT_IN_REGISTRY, Actor
from belannot.core.agreement import compute_agreement, measure
from belannot.core.model import Document, DocumentMeta, Role, Span, User, now_iso
from belannot.core.relations import Relation
from belannot.core.store import Store

TARGET_SECONDS = 2.0
ANNOTATORS = ("alice", "bob", "carol")
LABELS = ("actor", "event", "prediction", "quote")
CERTAINTIES = ("certain", "likely", "possible", "unlikely")
ACTORS = tuple(f"actor-{n}" for n in range(20))
WORDS = "the minister said talks would resume next week despite strikes on energy sites".split()


def build(store: Store, documents: int, spans_per_annotator: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    stamp = now_iso()
    with store.transaction():
        for name in ANNOTATORS:
            store.add_user(User(name, Role.ANNOTATOR))
        store.insert_actors(Actor(a, a, created=stamp, updated=stamp) for a in ACTORS)
        for number in range(documents):
            words = [rng.choice(WORDS) for _ in range(rng.randrange(150, 300))]
            text = f"Article {number}. " + " ".join(words)
            document_id = f"doc-{number:05d}"
            store.add_document(Document(document_id, text, DocumentMeta(title=f"#{number}")))
            # A shared 'truth' that each annotator follows most of the time.
            truth = []
            for _ in range(spans_per_annotator):
                start = rng.randrange(0, len(text) - 40)
                truth.append((start, start + rng.randrange(3, 40), rng.choice(LABELS)))
            spans, relations, links = [], [], []
            for name in ANNOTATORS:
                layer = []
                for index, (start, end, label) in enumerate(truth):
                    roll = rng.random()
                    if roll < 0.15:  # other boundaries
                        start, end = start + 1, min(end + 2, len(text))
                    elif roll < 0.25:  # other label
                        label = rng.choice(LABELS)
                    elif roll < 0.30:  # something else entirely
                        start = rng.randrange(0, len(text) - 20)
                        end = start + 10
                    certainty = CERTAINTIES[index % 4 if rng.random() < 0.8 else rng.randrange(4)]
                    layer.append(
                        Span(
                            id=f"{document_id}-{name}-{index}",
                            document_id=document_id,
                            start=start,
                            end=end,
                            label=label,
                            annotator=name,
                            created=stamp,
                            updated=stamp,
                            attributes={"certainty": certainty} if label == "prediction" else {},
                        )
                    )
                spans.extend(layer)
                relations.extend(_relations(layer, stamp))
                links.extend(_links(layer, rng))
                store.write_document_state(
                    {
                        "document_id": document_id,
                        "annotator": name,
                        "state": "done",
                        "updated": stamp,
                    }
                )
            store.insert_spans(spans)
            store.insert_relations(relations)
            store.insert_links(links)


def _links(layer: list[Span], rng: random.Random) -> list[tuple[str, str, str]]:
    """Most actor spans linked to the actor their place names, some NIL, some not at all."""
    result = []
    for index, span in enumerate(layer):
        roll = rng.random()
        if span.label != "actor" or roll < 0.1:
            continue
        target = NIL_NOT_IN_REGISTRY if roll < 0.15 else ACTORS[index * 7 % len(ACTORS)]
        if 0.15 <= roll < 0.25:
            target = rng.choice(ACTORS)
        result.append((span.id, span.document_id, target))
    return result


def _relations(layer: list[Span], stamp: str) -> list[Relation]:
    """Each quote to the first actor of its layer (speaker), each prediction too (source)."""
    actor = next((s for s in layer if s.label == "actor"), None)
    if actor is None:
        return []
    kinds = {"quote": "speaker", "prediction": "source"}
    return [
        Relation(
            f"{s.id}-r",
            s.document_id,
            kinds[s.label],
            s.id,
            actor.id,
            s.annotator,
            created=stamp,
            updated=stamp,
        )
        for s in layer
        if s.label in kinds
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--spans", type=int, default=10, help="spans per annotator per document")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.belannot")
        began = time.perf_counter()
        build(store, args.documents, args.spans)
        built = time.perf_counter() - began
        total_spans = store.span_count()
        print(
            f"built {args.documents} documents × {len(ANNOTATORS)} annotators, "
            f"{total_spans} spans, {store.relation_count()} relations in {built:.1f} s"
        )

        runs, cpu = [], []
        for _ in range(args.repeat):
            began, began_cpu = time.perf_counter(), time.process_time()
            report = compute_agreement(store)
            runs.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)

        began = time.perf_counter()
        documents = store.documents_done_by_all(ANNOTATORS)
        intervals = store.annotation_intervals(ANNOTATORS)
        read = time.perf_counter() - began
        began = time.perf_counter()
        measure(ANNOTATORS, [label.name for label in store.labels()], documents, intervals)
        computed = time.perf_counter() - began
        store.close()

    best = min(runs)
    print(
        f"agreement over {len(report.documents)} documents, {report.characters} characters: "
        f"best {best:.2f} s of {args.repeat} (runs: {', '.join(f'{r:.2f}' for r in runs)}; "
        f"CPU time: {', '.join(f'{c:.2f}' for c in cpu)})"
    )
    print(f"  reading spans and states: {read:.2f} s; computing: {computed:.2f} s")
    overall = report.overall
    print(
        f"  overall: mean exact F1 {overall.mean_exact_f1:.3f}, "
        f"mean overlap F1 {overall.mean_overlap_f1:.3f}, mean kappa {overall.mean_kappa:.3f}, "
        f"alpha {overall.alpha:.3f}"
    )
    if report.relations is not None and report.attributes:
        print(
            f"  relations: mean F1 {report.relations.overall.mean_f1:.3f}; "
            f"certainty: mean kappa {report.attribute('certainty').mean_kappa:.3f}"
        )
    links = getattr(report, "links", None)
    if links is not None:
        print(f"  actor links: mean kappa {links.mean_kappa:.3f}")
    met = best <= TARGET_SECONDS
    print(f"target ≤ {TARGET_SECONDS:.0f} s: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
