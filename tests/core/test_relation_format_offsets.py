"""brat, Label Studio and doccano give back a relation's ends and attributes on any text."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from belannot.core.formats.registry import export
from belannot.core.importing.pipeline import import_files
from belannot.core.model import Document, Span, User, now_iso
from belannot.core.relations import Relation
from belannot.core.store import Store
from tests.core.drawn_projects import drawing
from tests.core.drawn_projects import scratch as scratch  # noqa: F401 (the fixture)
from tests.core.relations_fixtures import attribute_keys, declare_schema, relation_keys

PIECES = ["a", "Z", " ", "é", "e\u0301", "👨‍👩‍👧", "🇩🇪", "🎉", "\r\n", "\n", "“", "”", "_"]
texts = st.lists(st.sampled_from(PIECES), min_size=4, max_size=30).map("".join)


def _project(store: Store, text: str, quote: tuple[int, int], actor: tuple[int, int]) -> Store:
    declare_schema(store)
    stamp = now_iso()
    with store.transaction():
        store.ensure_user("alice")
        store.add_document(Document("d", text), user="alice")
        store.insert_spans(
            [
                Span(
                    "q",
                    "d",
                    *quote,
                    "quote",
                    "alice",
                    created=stamp,
                    updated=stamp,
                    attributes={"mode": "direct"},
                ),
                Span(
                    "a",
                    "d",
                    *actor,
                    "actor",
                    "alice",
                    created=stamp,
                    updated=stamp,
                    attributes={"note": text[actor[0] : actor[1]].strip() or "x"},
                ),
            ]
        )
        store.insert_relations(
            [Relation("r", "d", "speaker", "q", "a", "alice", created=stamp, updated=stamp)]
        )
    return store


def _brat_safe(text: str, start: int, end: int) -> bool:
    """brat cuts spans at line breaks: one that begins or ends with one would move."""
    piece = text[start:end]
    return bool(piece.strip()) and piece[0] not in "\r\n" and piece[-1] not in "\r\n"


@pytest.mark.parametrize(
    "fmt, target", [("brat", "b"), ("label-studio", "l.json"), ("doccano", "d.jsonl")]
)
def test_relations_and_attributes_survive_any_offsets(backend, scratch, fmt, target):
    @drawing(backend, 25)
    @given(data=st.data())
    def check(data):
        text = data.draw(texts)
        # Ends drawn on visible characters (brat cuts spans at line breaks), not filtered.
        visible = [i for i, char in enumerate(text) if not char.isspace()]
        assume(len(visible) >= 4)
        first, last, start, end = sorted(
            data.draw(st.sets(st.sampled_from(visible), min_size=4, max_size=4))
        )
        quote, actor = (first, last + 1), (start, end + 1)
        assert _brat_safe(text, *quote) and _brat_safe(text, *actor)
        # The note keeps its text as is; brat writes a tab or line break in it as a space.
        assume(not any(c in text[actor[0] : actor[1]].strip() for c in "\r\n\t"))
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            source = _project(scratch(), text, quote, actor)
            fresh = declare_schema(scratch())
            try:
                export(source, fmt, root / target)
                import_files(fresh, [root / target], user=User("importer"), fmt=fmt)
                assert relation_keys(fresh) == relation_keys(source)
                assert attribute_keys(fresh) == attribute_keys(source)
            finally:
                source.close()
                fresh.close()

    check()
