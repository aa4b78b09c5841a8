"""A team project's import works out its search words on a second connection: the words
are the server's own for each stored document, and without that connection the import
builds them in its transaction as before."""

from __future__ import annotations

import orjson
import psycopg
import pytest

from belannot.core.importing.batch import BATCH_DOCUMENTS
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from belannot.core.store import open_store
from belannot.core.store.postgres import search_words

pytestmark = pytest.mark.postgres

TEXTS = [
    "Lukashenko said Belarus 😊 could join the war.",
    "e-mail someone@example.org, see https://example.org/a?b=1 — 3.14 km²",
    "Ünïcödé wörds, ΑΒΓ, 東京, and a line\nbreak\tand tabs",
    "",
]

# Every document whose stored words differ from the server's words for its title and text.
WRONG_WORDS = (
    "SELECT d.id FROM documents d JOIN document_texts t ON t.document_id = d.id "
    "LEFT JOIN document_search s ON s.document_id = d.id WHERE s.words IS NULL OR "
    "CAST(s.words AS text) <> CAST(strip(to_tsvector('simple', d.title || ' ' || t.text)) AS text)"
)


def _import(url: str, alice: User, tmp_path) -> list[str]:
    source = tmp_path / "in.jsonl"
    with source.open("wb") as out:
        for i in range(2 * BATCH_DOCUMENTS + 30):
            text = f"Document {i}: {TEXTS[i % len(TEXTS)]}"
            record = {"id": f"d{i}", "text": text, "meta": {"title": f"Title-{i} x"}}
            out.write(orjson.dumps(record) + b"\n")
    store = open_store(url)
    try:
        import_files(store, [source], user=alice)
        wrong = [row[0] for row in store.pg.execute(WRONG_WORDS).fetchall()]
        assert store.document_count() == 2 * BATCH_DOCUMENTS + 30
        searched = store.pg.execute("SELECT count(*) FROM document_search").fetchone()[0]
        assert searched == 2 * BATCH_DOCUMENTS + 30
    finally:
        store.close()
    return wrong


def test_an_import_works_out_its_search_words_on_a_second_connection(
    postgres_database, alice, tmp_path, monkeypatch
):
    asked: list[int] = []
    words = search_words.SearchWords._words

    def counted(self, pairs: str) -> list[str]:
        asked.append(len(orjson.loads(pairs)))
        return words(self, pairs)

    monkeypatch.setattr(search_words.SearchWords, "_words", counted)
    assert _import(postgres_database, alice, tmp_path) == []
    assert sum(asked) == 2 * BATCH_DOCUMENTS + 30


def test_without_the_second_connection_an_import_builds_its_words_itself(
    postgres_database, alice, tmp_path, monkeypatch
):
    asked: list[str] = []

    def unreachable(self, pairs: str) -> list[str]:
        asked.append(pairs)
        raise psycopg.OperationalError("no more connections")

    monkeypatch.setattr(search_words.SearchWords, "_words", unreachable)
    assert _import(postgres_database, alice, tmp_path) == []
    assert len(asked) == 1  # not asked again for the batches after it
