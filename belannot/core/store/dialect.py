"""The few statements SQLite and PostgreSQL cannot share, as a project file spells them.

Every other statement of the store is written once for both backends; a backend's
dialect class (``postgres.dialect`` for team projects) overrides just these.
"""

from __future__ import annotations


def fts_query(search: str) -> str:
    """Turn what a person typed into a safe FTS5 query: every word, as a prefix."""
    words = [w.replace('"', '""') for w in search.split() if w]
    return " ".join(f'"{w}"*' for w in words) or '""'


class SqliteDialect:
    """SQLite's spelling."""

    # The values of one JSON array parameter as a one-column table: a whole batch of ids
    # in one statement, whatever its size.
    JSON_VALUES = "SELECT value FROM json_each(?)"
    # The search index, filled from the documents at positions (first, last) just written.
    SEARCH_INDEX = (
        "INSERT INTO documents_fts (rowid, title, text) SELECT d.rowid, d.title, t.text "
        "FROM documents d JOIN document_texts t ON t.document_id = d.id "
        "WHERE d.position BETWEEN ? AND ? ORDER BY d.position"
    )
    # The document list's filter: documents matching a query made by ``search_query``.
    SEARCH_MATCH = "d.rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"

    # What the search index holds for each document, in document order.
    SEARCH_ROWS = (
        "SELECT d.id, f.title, f.text FROM documents_fts f JOIN documents d "
        "ON d.rowid = f.rowid ORDER BY d.position"
    )
    # The project's tables, by name; the FTS table is left out, its shadow tables are not.
    TABLE_NAMES = (
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'documents_fts' "
        "ORDER BY name"
    )

    # What a whole-project copy leaves out: the search index (rebuilt from the documents)
    # and the backend's own bookkeeping (its schema history, its id counters).
    INTERNAL_TABLES = frozenset({"_sqlite_migrations", "sqlite_sequence"})
    INTERNAL_PREFIXES: tuple[str, ...] = ("documents_fts",)
    # One table's columns, in the schema's order.
    TABLE_COLUMNS = "SELECT name FROM pragma_table_info(?) ORDER BY cid"
    # A read transaction: every read inside sees one moment of the project.
    READ_SNAPSHOT = "BEGIN"
    SEARCH_CLEAR = "DELETE FROM documents_fts"
    # The page cache (KiB) of a connection while it imports: the documents' content-hash
    # index and the spans' indexes take their rows in no order, and with the default 2 MB
    # their pages go back and forth to the WAL. None: the backend keeps its own setting.
    IMPORT_CACHE_KIB: int | None = 65536

    @staticmethod
    def search_query(search: str) -> str:
        return fts_query(search)
