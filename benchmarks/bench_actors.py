"""The actor registry: completion per keystroke, and every mention of an actor.

    .venv/bin/python benchmarks/bench_actors.py [--actors N] [--aliases K] [--documents D]

Completion: N actors with K aliases in all (made-up names of two or three words), a
completion index built from them with link counts, then 40 names typed one keystroke at
a time; prints the index's build time and the median and max per keystroke.
Target: ≤ 10 ms per keystroke over 10,000 actors with 50,000 aliases (issue 15).

Mentions: D documents with 10 spans each (bench_formats' fast build), every actor span
linked, one actor in every tenth document; prints how long listing all its mentions
(document, offsets, context) takes. Target: ≤ 200 ms in a 100,000-document project.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import time

from bench_formats import build
from scratch import scratch_folder

from belannot.core.actor_matching import ActorIndex
from belannot.core.actors import Actor, ActorKind
from belannot.core.model import now_iso
from belannot.core.store import Store

SYLLABLES = "ka lu sha en ko vla di mir pu tin ze len sky ber lin mos cow kyi va ne to ra".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _name(rng: random.Random) -> str:
    return " ".join(_word(rng) for _ in range(rng.randint(2, 3)))


def registry(actors: int, aliases: int, rng: random.Random) -> list[Actor]:
    per_actor = aliases // actors
    return [
        Actor(
            f"a{number}",
            f"{_name(rng)} {number}",
            ActorKind.PERSON,
            tuple(f"{_name(rng)} {number}-{k}" for k in range(per_actor)),
        )
        for number in range(actors)
    ]


def bench_completion(actors: int, aliases: int) -> None:
    rng = random.Random(15)
    made = registry(actors, aliases, rng)
    counts = {actor.id: rng.randint(0, 50) for actor in rng.sample(made, actors // 3)}
    started = time.perf_counter()
    index = ActorIndex(made, counts)
    built = (time.perf_counter() - started) * 1000
    times = []
    for actor in rng.sample(made, 40):
        typed = rng.choice(actor.names)
        for end in range(1, len(typed) + 1):
            started = time.perf_counter()
            index.complete(typed[:end])
            times.append((time.perf_counter() - started) * 1000)
    print(
        f"completion over {actors:,} actors, {actors * (aliases // actors):,} aliases: "
        f"index built in {built:.0f} ms; {len(times)} keystrokes, "
        f"median {statistics.median(times):.2f} ms, max {max(times):.2f} ms (target ≤ 10 ms)"
    )


def bench_mentions(documents: int) -> None:
    folder = scratch_folder(prefix="belannot-bench-")
    store = Store.open(folder / "actors.belannot")
    build(store, documents, 10)
    stamp = now_iso()
    with store.transaction():
        store.insert_actors(
            Actor(f"a{n}", f"Actor {n}", ActorKind.PERSON, created=stamp, updated=stamp)
            for n in range(1000)
        )
        rows = store.db.execute(
            "SELECT s.id, s.document_id, d.position FROM spans s "
            "JOIN documents d ON d.id = s.document_id WHERE s.label = 'actor'"
        ).fetchall()
        # One actor in every tenth document (its first actor span), the rest spread out.
        seen: set[str] = set()
        links = []
        for number, (span_id, document_id, position) in enumerate(rows):
            first = document_id not in seen
            seen.add(document_id)
            target = "a0" if first and position % 10 == 0 else f"a{1 + number % 999}"
            links.append((span_id, document_id, target))
        store.insert_links(links)
    times, found = [], 0
    for _ in range(5):
        started = time.perf_counter()
        found = len(store.actor_mentions("a0"))
        times.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    mentioning = len(store.documents_mentioning("a0"))
    listing = (time.perf_counter() - started) * 1000
    print(
        f"{store.document_count():,} documents, {store.link_count():,} links: every mention of "
        f"one actor ({found:,}) in median {statistics.median(times):.0f} ms, "
        f"max {max(times):.0f} ms (target ≤ 200 ms); its {mentioning:,} documents in "
        f"{listing:.0f} ms"
    )
    store.close()
    shutil.rmtree(folder)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--aliases", type=int, default=50_000)
    parser.add_argument("--documents", type=int, default=100_000)
    args = parser.parse_args()
    bench_completion(args.actors, args.aliases)
    bench_mentions(args.documents)


if __name__ == "__main__":
    main()
