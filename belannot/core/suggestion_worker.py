"""The window's suggestion worker: a child process computing documents' suggestions on request.

    python -m belannot.core.suggestion_worker

Frames on stdin and stdout are a length and a pickle (the window is our own parent). In:
``("suggest", request, location, annotator, document_id)`` and ``("cancel", request)``;
out: ``("ready", pid)`` once, then per request ``("found", request, compact)``,
``("failed", request, message)`` or ``("cancelled", request)``. The location comes over
the pipe, never on the command line: a team project's URL may hold a password. stdin's
end (the window closed, or its process died) ends the worker.
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import sys
import threading
from collections import OrderedDict
from typing import Any, BinaryIO

from belannot.core.errors import BelannotError, CancelledError
from belannot.core.recommenders.base import Suggestion
from belannot.core.store import Store, open_store
from belannot.core.suggestion_work import Found, ModelCache, suggest_document

_HEADER = struct.Struct("!Q")
# Projects kept open at once (one store each): the windows of one process seldom show
# more, and a test run opens hundreds one after another.
KEPT_STORES = 4
# A Found as plain values: (document, notices, rows, indexes of the places in rows, pid).
# Unpickling 20,000 Suggestion objects took 86 ms, these rows and rebuilding them 48.
Row = tuple[int, int, str, float, str, str | None]
Compact = tuple[str, list[str], list[Row], list[int], int]


def write_frame(stream: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_frame(stream: BinaryIO) -> Any:
    """The next message, or None at the stream's end (a cut frame is an end too)."""
    header = _read_exactly(stream, _HEADER.size)
    if header is None:
        return None
    data = _read_exactly(stream, _HEADER.unpack(header)[0])
    return None if data is None else pickle.loads(data)


def compact(found: Found) -> Compact:
    rows = [(s.start, s.end, s.label, s.score, s.recommender, s.actor) for s in found.suggestions]
    at = {id(s): i for i, s in enumerate(found.suggestions)}
    places = [at[id(s)] for s in found.places]
    return found.document_id, found.notices, rows, places, found.computed_by


def rebuilt(value: Compact) -> Found:
    document_id, notices, rows, places, pid = value
    suggestions = [Suggestion(document_id, *row) for row in rows]
    return Found(document_id, suggestions, notices, [suggestions[i] for i in places], pid)


class _Requests:
    """What the stdin reader thread hands the computing thread: requests, cancels, the end."""

    def __init__(self, stream: BinaryIO) -> None:
        self.queue: queue.Queue[tuple[Any, ...] | None] = queue.Queue()
        self.cancelled: set[int] = set()
        self.ended = threading.Event()
        self._stream = stream

    def read(self) -> None:
        while (message := read_frame(self._stream)) is not None:
            if message[0] == "cancel":
                self.cancelled.add(message[1])  # one set.add: atomic under the interpreter
            else:
                self.queue.put(message)
        self.ended.set()  # a running computation stops at its next step
        self.queue.put(None)

    def stopper(self, request: int) -> Any:
        return lambda: request in self.cancelled or self.ended.is_set()


class _Stores:
    """One open store per project location, the least recently asked closed beyond KEPT_STORES."""

    def __init__(self) -> None:
        self._open: OrderedDict[str, Store] = OrderedDict()

    def get(self, location: str) -> Store:
        store = self._open.pop(location, None) or open_store(location)
        self._open[location] = store
        while len(self._open) > KEPT_STORES:
            self._open.popitem(last=False)[1].close()
        return store

    def drop(self, location: str) -> None:
        store = self._open.pop(location, None)
        if store is not None:
            store.close()

    def close(self) -> None:
        while self._open:
            self._open.popitem()[1].close()


def answer(
    message: tuple[Any, ...], stores: _Stores, models: ModelCache, requests: _Requests
) -> tuple[Any, ...]:
    """The reply to one ``suggest`` message; never raises."""
    _, request, location, annotator, document_id = message
    try:
        store = stores.get(location)
        try:
            found = suggest_document(
                store, annotator, document_id, models, requests.stopper(request)
            )
        except CancelledError:
            raise
        except Exception:
            # A connection the server dropped, a file replaced: opened afresh next time.
            stores.drop(location)
            raise
        return ("found", request, compact(found))
    except CancelledError:
        return ("cancelled", request)
    except BelannotError as error:
        return ("failed", request, str(error))
    except Exception as error:  # noqa: BLE001 - one line for the window, never a traceback
        return ("failed", request, f"{type(error).__name__}: {error}")
    finally:
        requests.cancelled.discard(request)


def main() -> int:
    incoming, outgoing = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not land in the pipe
    requests = _Requests(incoming)
    threading.Thread(target=requests.read, name="requests", daemon=True).start()
    stores, models = _Stores(), ModelCache()
    try:
        write_frame(outgoing, ("ready", os.getpid()))
        while (message := requests.queue.get()) is not None:
            write_frame(outgoing, answer(message, stores, models, requests))
    except OSError:
        pass  # the window is gone: nobody reads the answer
    finally:
        stores.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
