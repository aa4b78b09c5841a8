"""Import files of any known format into a project (the pipeline lives in ``importing``)."""

from __future__ import annotations

from belannot.core.formats.unpacking import UnpackLimits, parse_size
from belannot.core.importing.detect import detect_format
from belannot.core.importing.pipeline import FORMATS, import_files, iter_records
from belannot.core.importing.report import WARN_CHARS

__all__ = [
    "FORMATS",
    "WARN_CHARS",
    "UnpackLimits",
    "detect_format",
    "import_files",
    "iter_records",
    "parse_size",
]
