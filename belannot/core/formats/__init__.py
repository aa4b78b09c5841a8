"""Import and export formats, one module each; readers yield located records.

Every reader yields :class:`DocumentRecord` objects that remember the file and
line they came from, so that a problem found while storing them is reported
there. Storing them is the import pipeline's work (:mod:`belannot.core.importing`).
"""

from __future__ import annotations

import importlib
from typing import Any

from belannot.core.formats.records import (
    DocumentRecord,
    Fail,
    SpanRecord,
    locator,
    object_with_text,
    span_json,
)
from belannot.core.progress import CancelFn, ProgressFn

__all__ = [
    "CancelFn",
    "DocumentRecord",
    "Fail",
    "ProgressFn",
    "SpanRecord",
    "locator",
    "object_with_text",
    "span_json",
]

# Names the import pipeline took with it, still importable from here for old callers.
# Looked up on first use: the pipeline imports the formats, not the other way round.
_MOVED = {
    "BATCH_DOCUMENTS": "belannot.core.importing.batch",
    "ImportReport": "belannot.core.importing.report",
    "WARN_CHARS": "belannot.core.importing.report",
    "import_records": "belannot.core.importing.pipeline",
    "read_paths": "belannot.core.importing.paths",
    "special_files": "belannot.core.importing.paths",
}


def __getattr__(name: str) -> Any:
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
