"""PostgreSQL's spelling of the statements the two backends cannot share."""

from __future__ import annotations

from belannot.core.store.dialect import SqliteDialect


def tsquery(search: str) -> str:
    """What a person typed as a text-search query: every word, as a prefix, all required.

    Each word is quoted as one lexeme, so that no character of it is query syntax."""
    words = [w.replace("\\", "\\\\").replace("'", "''") for w in search.split() if w]
    return " & ".join(f"'{w}':*" for w in words)


class PostgresDialect(SqliteDialect):
    JSON_VALUES = "SELECT json_array_elements_text(CAST(? AS json))"
    IMPORT_CACHE_KIB = None  # the server's buffers are its own
    # 'simple': no stemming and no stop words, as SQLite's unicode61 tokenizer;
    # strip(): positions are never asked for.
    SEARCH_INDEX = (
        "INSERT INTO document_search (document_id, words) "
        "SELECT d.id, strip(to_tsvector('simple', d.title || ' ' || t.text)) "
        "FROM documents d JOIN document_texts t ON t.document_id = d.id "
        "WHERE d.position BETWEEN ? AND ?"
    )
    SEARCH_MATCH = (
        "d.id IN (SELECT document_id FROM document_search "
        "WHERE words @@ to_tsquery('simple', ?))"
    )

    SEARCH_ROWS = (
        "SELECT d.id, CAST(s.words AS text) FROM document_search s JOIN documents d "
        "ON d.id = s.document_id ORDER BY d.position"
    )
    TABLE_NAMES = (
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name"
    )

    INTERNAL_TABLES = frozenset({"belannot_migrations", "document_search"})
    INTERNAL_PREFIXES = ()
    TABLE_COLUMNS = (
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = ? ORDER BY ordinal_position"
    )
    READ_SNAPSHOT = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
    SEARCH_CLEAR = "DELETE FROM document_search"
    @staticmethod
    def search_query(search: str) -> str:
        return tsquery(search)
