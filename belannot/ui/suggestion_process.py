"""The window's suggestions computed in a worker process: its interpreter is never held by them."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any, Protocol

from PySide6.QtCore import QObject, Signal

import belannot
from belannot.core.suggestion_work import ModelCache, suggest_document
from belannot.core.suggestion_worker import read_frame, rebuilt, write_frame
from belannot.ui.tasks import Task

WORKER = [sys.executable, "-m", "belannot.core.suggestion_worker"]
STOPPED = "the suggestion worker stopped (it starts again at the next change)"


class Running(Protocol):
    """A computation as Suggesting drives it: a Task, or one the worker runs."""

    succeeded: Any  # Signal(object): (generation, Found)
    failed: Any  # Signal(str)
    finished: Any  # Signal()

    def start(self) -> None: ...

    def cancel(self) -> None: ...


class SuggestionService(Protocol):
    def computation(
        self,
        location: Path | str,
        annotator: str,
        document_id: str,
        generation: int,
        models: ModelCache,
    ) -> Running: ...


def in_thread(
    location: Path | str,
    annotator: str,
    document_id: str,
    generation: int,
    models: ModelCache,
    notices: tuple[str, ...] = (),
) -> Task:
    """The computation on a pool thread of the window's process (and ``notices`` with it)."""

    def work(store: Any, _progress: Any, cancelled: Any) -> tuple[int, Any]:
        found = suggest_document(store, annotator, document_id, models, cancelled)
        found.notices.extend(notices)
        return generation, found

    return Task(location, work)


class InThread:
    """Suggestions computed in the window's own process (the worker's fallback; tests)."""

    computation = staticmethod(in_thread)


class Computation(QObject):
    """One request to the worker; its answer arrives as these signals on the UI thread."""

    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, worker: SuggestionWorker, generation: int, request: tuple[Any, ...]) -> None:
        super().__init__()
        self.worker, self.generation, self.request = worker, generation, request
        self.id = next(worker.ids)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.worker.send(self)

    def cancel(self) -> None:
        self.worker.cancel(self)

    def answer(self, message: tuple[Any, ...] | None) -> None:
        """The worker's answer (None: it stopped before answering)."""
        if message is None:
            self.failed.emit(STOPPED)
        elif message[0] == "found":
            self.succeeded.emit((self.generation, message[2]))
        elif message[0] == "failed":
            self.failed.emit(message[2])
        self.finished.emit()


class SuggestionWorker(QObject):
    """The worker process of this process's windows, started at the first computation and
    again after it died; one that cannot start leaves the computations in the window."""

    # (process, message or None at its end), from the reader thread of that process.
    received = Signal(object, object)

    def __init__(self, parent: QObject | None = None, command: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestion_worker")
        self.command = command or WORKER
        self.ids = itertools.count(1)
        self.process: subprocess.Popen[bytes] | None = None
        self.pid: int | None = None  # the running worker's, once it said it is ready
        self._ready: set[int] = set()  # processes that said so
        self._pending: dict[int, Computation] = {}
        self.unstartable: str | None = None
        self._told = False
        self.received.connect(self._on_received)

    def computation(
        self,
        location: Path | str,
        annotator: str,
        document_id: str,
        generation: int,
        models: ModelCache,
    ) -> Running:
        if self.unstartable is None and (self.process is None or self.process.poll() is not None):
            self._start()
        if self.unstartable is not None:
            return self._in_thread(str(location), annotator, document_id, generation, models)
        return Computation(self, generation, (str(location), annotator, document_id))

    def _in_thread(
        self, location: str, annotator: str, document_id: str, generation: int, models: ModelCache
    ) -> Task:
        notices: tuple[str, ...] = ()
        if not self._told:
            self._told = True
            notices = (f"Suggestions are computed in the window: {self.unstartable}.",)
        return in_thread(location, annotator, document_id, generation, models, notices)

    def _start(self) -> None:
        env = dict(os.environ)
        # The child imports this very belannot, wherever the window found it.
        here = str(Path(belannot.__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
        try:
            process = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except OSError as error:
            self.unstartable = f"its worker process did not start ({error.strerror or error})"
            return
        self.process, self.pid = process, None
        assert process.stdout is not None
        reader = threading.Thread(
            target=self._read, args=(process, process.stdout), name="suggestions", daemon=True
        )
        reader.start()

    def _read(self, process: subprocess.Popen[bytes], stream: IO[bytes]) -> None:
        # The reader thread: unpickling and rebuilding a big answer happens here, not on
        # the UI thread (20,000 suggestions: ~50 ms).
        while True:
            try:
                message = read_frame(stream)  # type: ignore[arg-type]
                if message is not None and message[0] == "found":
                    message = (*message[:2], rebuilt(message[2]))
            except Exception:  # noqa: BLE001 - a garbled pipe is a worker that stopped
                message = None
            try:
                self.received.emit(process, message)
            except RuntimeError:
                return  # the application is gone
            if message is None:
                return

    def send(self, computation: Computation) -> None:
        computation.process = self.process
        self._pending[computation.id] = computation
        self._write(("suggest", computation.id, *computation.request))

    def cancel(self, computation: Computation) -> None:
        if computation.id in self._pending:
            self._write(("cancel", computation.id))

    def _write(self, message: tuple[Any, ...]) -> None:
        if self.process is None or self.process.stdin is None:
            return
        try:
            write_frame(self.process.stdin, message)  # type: ignore[arg-type]
        except (OSError, ValueError):
            pass  # it died: its reader's end answers the pending computations

    def _on_received(self, process: subprocess.Popen[bytes], message: Any) -> None:
        if message is None:
            self._ended(process)
        elif message[0] == "ready":
            self._ready.add(id(process))
            if process is self.process:
                self.pid = message[1]
        else:
            computation = self._pending.pop(message[1], None)
            if computation is not None:
                computation.answer(message)

    def _ended(self, process: subprocess.Popen[bytes]) -> None:
        if process is self.process:
            self.process = self.pid = None
        _reap(process)
        lost = [c for c in self._pending.values() if c.process is process]
        for c in lost:
            del self._pending[c.id]
        if id(process) not in self._ready and self.unstartable is None:
            # It never came up (a broken install): the window computes them itself.
            self.unstartable = "its worker process stopped as it started"
            for c in lost:
                location, annotator, document_id = c.request
                task = self._in_thread(location, annotator, document_id, c.generation, ModelCache())
                task.succeeded.connect(c.succeeded)
                task.failed.connect(c.failed)
                task.finished.connect(c.finished)
                c.setParent(task)  # kept as long as the task that answers for it
                task.start()
            return
        self._ready.discard(id(process))
        for c in lost:
            c.answer(None)

    def close(self) -> None:
        """End the worker (its stdin's end); the application quits."""
        process, self.process = self.process, None
        if process is not None and process.stdin is not None:
            try:
                process.stdin.close()
            except OSError:
                pass
            _reap(process)


def _reap(process: subprocess.Popen[bytes]) -> None:
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
