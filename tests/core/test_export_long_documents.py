"""Every export survives every document the import accepts, however long."""

from __future__ import annotations

import pytest

from belannot.core.formats.registry import EXPORT_FORMATS, export
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User


@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", list(EXPORT_FORMATS))
def test_a_document_over_a_million_characters_exports_in_every_format(store, tmp_path, name):
    """spaCy refused texts over nlp.max_length (1,000,000) with E088, a traceback."""
    if EXPORT_FORMATS[name].extra:
        pytest.importorskip({"spacy": "spacy", "hf": "datasets"}[EXPORT_FORMATS[name].extra])
    source = tmp_path / "long.txt"
    source.write_text("Putin spoke. " * 80_000, encoding="utf-8")  # 1,040,000 characters
    report = import_files(store, [source], user=User("alice"))
    assert report.warnings  # the import said it is long, and took it
    suffix = EXPORT_FORMATS[name].suffix
    [result] = export(store, name, tmp_path / f"out{suffix or '-folder'}")
    assert result.documents == 1
