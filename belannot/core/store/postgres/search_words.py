"""An import batch's search words, worked out by the server on a second connection while the
import's own connection loads the batch's rows.

Tokenizing the texts is most of a batch's search-index cost and needs no table: the same
server function on a connection of its own gives the same words, on the server's other
processor, and the import's transaction writes them with the rest of the batch. The
second connection reads and writes nothing; when it cannot be had, the batch builds its
words in the transaction, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import orjson
import psycopg

# The dialect's SEARCH_INDEX, on values sent rather than rows stored: (title, text) pairs,
# in order. `||` as there: the same words for the same document.
_WORDS = (
    "SELECT CAST(strip(to_tsvector('simple', (e->>0) || ' ' || (e->>1))) AS text) "
    "FROM json_array_elements(CAST(%s AS json)) WITH ORDINALITY AS a(e, n) ORDER BY n"
)


class SearchWords:
    """The second connection (opened at the first batch, kept until the store closes)."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._connection: psycopg.Connection[Any] | None = None
        self._worker: ThreadPoolExecutor | None = None
        self._broken = False

    def start(self, pairs: Sequence[tuple[str, str]]) -> Future[list[str]] | None:
        """The words of each (title, text), being worked out; None when there is no second
        connection (the caller builds them in its transaction)."""
        if self._broken:
            return None
        if self._worker is None:
            self._worker = ThreadPoolExecutor(1, thread_name_prefix="belannot-search-words")
        return self._worker.submit(self._words, orjson.dumps(pairs).decode("utf-8"))

    def _words(self, pairs: str) -> list[str]:
        if self._connection is None or self._connection.closed:
            self._connection = psycopg.connect(self._url, autocommit=True)
        return [row[0] for row in self._connection.execute(_WORDS, [pairs]).fetchall()]

    def failed(self, error: BaseException) -> None:
        """The second connection gave no words for a batch (that batch builds its own); when
        it cannot be reached, none of the batches after it asks again."""
        if isinstance(error, psycopg.OperationalError):
            self._broken = True

    def close(self) -> None:
        if self._worker is not None:
            self._worker.shutdown(wait=True)
        if self._connection is not None:
            self._connection.close()
