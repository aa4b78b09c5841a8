"""Property: any CoNLL file imported and exported again gives its tokens, sentences and chunks."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from belannot.core.formats.registry import export
from belannot.core.importing.pipeline import import_files
from belannot.core.model import User
from tests.core.drawn_projects import drawing
from tests.core.drawn_projects import scratch as scratch  # noqa: F401 (the fixture)

_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\t")
# A token: printable, no tab or line break, not blank at either end; spaces inside are
# allowed (tab-separated files may hold them).
TOKENS = (
    st.text(_CHARS, min_size=1, max_size=8)
    .map(str.strip)
    .filter(lambda t: t and not t.startswith("-DOCSTART-") and "\x85" not in t)
)
TAGS = st.sampled_from(["O", "B-PER", "I-PER", "B-ORG"])
SENTENCES = st.lists(
    st.lists(st.tuples(TOKENS, TAGS), min_size=1, max_size=6), min_size=1, max_size=4
)


def iob2(tags: list[str]) -> list[str]:
    """The IOB2 tags the import's chunks give (an I- opening a chunk begins it)."""
    fixed, previous = [], "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        fixed.append(tag)
        previous = tag
    return fixed


def read_back(path: Path) -> list[list[tuple[str, str]]]:
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text("utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            continue
        if not line:
            if sentences[-1]:
                sentences.append([])
            continue
        token, tag = line.split("\t")
        sentences[-1].append((token, tag))
    return [s for s in sentences if s]


def test_conll_import_then_export_keeps_the_file(backend, scratch):
    @drawing(backend, 40)
    @given(SENTENCES)
    def check(sentences):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            source = root / "in.conll"
            source.write_text(
                "\n\n".join("\n".join(f"{t}\t{g}" for t, g in s) for s in sentences) + "\n",
                encoding="utf-8",
            )
            store = scratch()
            try:
                import_files(store, [source], user=User("importer"), create_labels=True)
                export(store, "conll", root / "out.conll")
            finally:
                store.close()
            expected = [
                list(zip([t for t, _ in s], iob2([g for _, g in s]), strict=True))
                for s in sentences
            ]
            assert read_back(root / "out.conll") == expected

    check()
