"""Name a file's format: by a name ending that decides it, else by asking each format in turn."""

from __future__ import annotations

from pathlib import Path

from belannot.core.errors import InputError
from belannot.core.formats.brat import is_brat
from belannot.core.formats.conll import looks_like_conll
from belannot.core.formats.registry import FORMATS
from belannot.core.formats.sniffing import Sample


def detect_format(path: Path) -> str:
    """The format of ``path``: by extension where it is unambiguous, else by its content."""
    sample = Sample(path)
    if not sample.is_dir:
        suffix = path.suffix.lower()
        by_suffix = next((f for f in FORMATS if suffix in f.suffixes), None)
        if by_suffix is not None:
            if suffix == ".zip" and not is_brat(path):
                raise InputError("a zip without brat .ann files; unzip it first", path=path)
            if by_suffix.name == "txt" and looks_like_conll(sample.text):
                return "conll"  # token/tag columns are not an article (say --format txt)
            return by_suffix.name
    for fmt in FORMATS:
        if fmt.sniff is not None and fmt.read is not None and fmt.sniff(sample):
            return fmt.name
    # Only a JSON list is claimed by no format (plain text takes anything else).
    raise InputError("a JSON list, but not of Label Studio tasks (no 'data')", path=path)
