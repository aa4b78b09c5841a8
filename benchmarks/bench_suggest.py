"""Suggestions: one article, a 1 MB document, a 10,000-document corpus from the CLI,
the registry's plain matching against spaCy's PhraseMatcher, and --evaluate.

    .venv/bin/python benchmarks/bench_suggest.py [--documents N] [--skip-corpus]

Targets (issue 16), from the string matcher, the registry and the rules together:
a 3 KB article ≤ 30 ms, a 1 MB document ≤ 500 ms, the whole 10,000-document corpus
≤ 60 s from ``belannot suggest``. The project is the bundled corpus with its default
registry and the guidelines' ✓ examples as spans (``guideline_layer``), so the string
matcher has spans to project; the 1 MB document is the five articles repeated.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_actors import registry
from bench_formats import build
from guideline_layer import GUIDE, add_guideline_layer

from belannot.core.actors import default_actors
from belannot.core.model import Document, User, now_iso
from belannot.core.project import seed_bundled_corpus
from belannot.core.recommenders.base import words
from belannot.core.recommenders.registry import RegistryMatcher
from belannot.core.store import Store
from belannot.core.suggestions import Suggester

CHEAP = ["string", "registry", "rules"]
ROOT = Path(__file__).resolve().parents[1]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _project(path: Path) -> Store:
    store = Store.open(path)
    seed_bundled_corpus(store, User("alice"))
    add_guideline_layer(store)
    return store


def bench_article(store: Store) -> None:
    document_id = "belarus-may-deploy-troops"
    text = store.document_text(document_id)
    started = time.perf_counter()
    suggester = Suggester(store, "alice", CHEAP)
    built = time.perf_counter() - started
    times = []
    for _ in range(30):
        started = time.perf_counter()
        found = suggester.suggest(document_id)
        times.append(time.perf_counter() - started)
    print(
        f"article ({len(text.encode('utf-8'))} bytes, {len(found)} suggestions): "
        f"median {_ms(statistics.median(times))}, max {_ms(max(times))} "
        f"(target ≤ 30 ms; recommenders built once in {_ms(built)})"
    )


def long_text(store: Store, size: int = 1_000_000) -> str:
    corpus = "\r\n\r\n".join(store.document_text(i) for i in store.document_ids())
    return (corpus * (size // len(corpus) + 1))[:size]


def bench_long(store: Store) -> None:
    text = long_text(store)
    store.add_document(Document("one-megabyte", text))
    suggester = Suggester(store, "alice", CHEAP)
    times, found = [], []
    for _ in range(3):
        started = time.perf_counter()
        found = suggester.suggest("one-megabyte")
        times.append(time.perf_counter() - started)
    per = {name: 0.0 for name in CHEAP}
    for recommender in suggester.recommenders:
        started = time.perf_counter()
        list(recommender.suggest("one-megabyte", text))
        per[recommender.name] = time.perf_counter() - started
    parts = ", ".join(f"{name} {_ms(seconds)}" for name, seconds in per.items())
    print(
        f"1 MB document ({len(found)} suggestions): median {_ms(statistics.median(times))} "
        f"(target ≤ 500 ms; {parts})"
    )


def bench_registry_matchers(text: str) -> None:
    """Plain word-tuple lookup against spaCy's PhraseMatcher (attr LOWER) on one text."""
    try:
        import spacy
        from spacy.matcher import PhraseMatcher
    except ImportError:
        print("PhraseMatcher: spaCy not installed, skipped")
        return
    nlp = spacy.blank("en")
    nlp.max_length = len(text) + 1
    started = time.perf_counter()
    doc = nlp.make_doc(text)
    tokenise = time.perf_counter() - started
    print(
        f"registry matching over {len(text):,} characters (spaCy tokenises it in {_ms(tokenise)})"
    )
    rng = random.Random(16)
    for actors, aliases in ((len(default_actors()), 0), (2_000, 10_000), (10_000, 50_000)):
        made = list(default_actors()) if not aliases else registry(actors, aliases, rng)
        names = sum(len(actor.names) for actor in made)
        started = time.perf_counter()
        plain = RegistryMatcher(made, "actor")
        plain_build = time.perf_counter() - started
        words.cache_clear()  # the plain matcher tokenises too: timed with it
        started = time.perf_counter()
        plain_found = sum(1 for _ in plain.suggest("d", text))
        plain_match = time.perf_counter() - started
        started = time.perf_counter()
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for actor in made:
            matcher.add(actor.id, list(nlp.tokenizer.pipe(actor.names)))
        phrase_build = time.perf_counter() - started
        started = time.perf_counter()
        phrase_found = len(matcher(doc))
        phrase_match = time.perf_counter() - started
        print(
            f"  {names:>6} names: plain build {_ms(plain_build)}, match {_ms(plain_match)} "
            f"({plain_found} found) | PhraseMatcher build {_ms(phrase_build)}, match "
            f"{_ms(phrase_match)} + tokenising {_ms(tokenise)} ({phrase_found} found)"
        )


def bench_corpus(documents: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.belannot"
        store = Store.open(path)
        build(store, documents, 10)
        with store.transaction():
            stamp = now_iso()
            store.insert_actors(
                a.with_changes(created=stamp, updated=stamp) for a in default_actors()
            )
        store.close()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "belannot", "--db", str(path), "--user", "alice"]
        started = time.perf_counter()
        result = subprocess.run(
            [*command, "suggest", *(f"--recommender={n}" for n in CHEAP)],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        took = time.perf_counter() - started
        first = result.stdout.splitlines()[0]
        print(
            f"corpus of {documents:,} documents from the CLI: {took:.1f} s ({first}; target ≤ 60 s)"
        )


def evaluate_table(path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "belannot", "--db", str(path), "--user", "alice"]
    result = subprocess.run(
        [*command, "suggest", "--evaluate", "--against", GUIDE.name],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    print(result.stdout, end="")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--skip-corpus", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bundled.belannot"
        store = _project(path)
        bench_article(store)
        text = long_text(store)
        bench_long(store)
        bench_registry_matchers(text)
        store.close()
        if not args.skip_corpus:
            bench_corpus(args.documents)
        print("suggest --evaluate on the bundled corpus against the guidelines' examples:")
        fresh = Path(folder) / "evaluate.belannot"
        _project(fresh).close()
        evaluate_table(fresh)


if __name__ == "__main__":
    main()
