"""Progress and cancel callbacks: the one place their types and checks are declared."""

from __future__ import annotations

from collections.abc import Callable

from belannot.core.errors import CancelledError

# progress(done, total): units are the caller's own (bytes, documents).
ProgressFn = Callable[[int, int], None]
# cancel(): True once the user asked to stop.
CancelFn = Callable[[], bool]


def stop_if_cancelled(cancel: CancelFn | None, message: str) -> None:
    """Raise :class:`CancelledError` with ``message`` if ``cancel`` says so."""
    if cancel is not None and cancel():
        raise CancelledError(message)
