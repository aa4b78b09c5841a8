"""The string matcher: the project's spans projected onto identical strings elsewhere.

As INCEpTION's string matcher: each (string, label) made or approved anywhere in the
project (rejected spans do not count) is suggested wherever the same string stands as
whole words, scored by how often that string got that label among all its spans.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from belannot.core.recommenders.base import (
    Recommender,
    Suggestion,
    SuggestionReader,
    Words,
    folded,
    is_word_char,
    words,
)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One string as the matcher looks for it: its words, and what stands either side."""

    keys: tuple[str, ...]
    before: str
    after: str
    string: str


def _entry(string: str, fold: bool) -> _Entry | None:
    tokens = words(string)
    if not tokens.texts:
        return None  # punctuation only: nothing whole-word to look for
    keys = tuple(t.casefold() if fold else t for t in tokens.texts)
    return _Entry(keys, string[: tokens.starts[0]], string[tokens.ends[-1] :], string)


class StringMatcher(Recommender):
    name = "string"
    title = "String matcher"

    def __init__(
        self, strings: Iterable[tuple[str, str, str, int]], *, case_sensitive: bool = True
    ) -> None:
        self._fold = not case_sensitive
        # (document, string, label) counts, so evaluation can leave one document out.
        self._by_document: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        totals: Counter[tuple[str, str]] = Counter()
        for document_id, string, label, count in strings:
            key = string.casefold() if self._fold else string
            self._by_document[document_id][(key, label)] += count
            totals[(key, label)] += count
        self._labels: dict[str, dict[str, int]] = defaultdict(dict)
        for (key, label), count in totals.items():
            self._labels[key][label] = count
        # Each string's (label, score), made when first matched.
        self._scores: dict[str, list[tuple[str, float]]] = {}
        self._index: dict[str, list[_Entry]] = defaultdict(list)
        seen: set[str] = set()
        for key in self._labels:
            if key not in seen and (entry := _entry(key, self._fold)) is not None:
                seen.add(key)
                self._index[entry.keys[0]].append(entry)

    @classmethod
    def from_project(
        cls, reader: SuggestionReader, *, case_sensitive: bool = True
    ) -> StringMatcher:
        return cls(reader.span_strings(), case_sensitive=case_sensitive)

    def _label_scores(
        self, string: str, document_id: str, leave_out: bool
    ) -> list[tuple[str, float]]:
        """(label, share of the string's spans) for ``string``; with ``leave_out``, the
        spans of ``document_id`` do not count."""
        if not leave_out:
            found = self._scores.get(string)
            if found is None:
                found = self._scores[string] = _shares(self._labels[string])
            return found
        own = self._by_document.get(document_id, Counter())
        return _shares(
            {label: n - own[(string, label)] for label, n in self._labels[string].items()}
        )

    def suggest(self, document_id: str, text: str) -> Iterator[Suggestion]:
        yield from self._suggest(document_id, text, leave_out=False)

    def suggest_unseen(self, document_id: str, text: str) -> Iterator[Suggestion]:
        """As :meth:`suggest`, learning from every document but this one (evaluation)."""
        yield from self._suggest(document_id, text, leave_out=True)

    def _suggest(self, document_id: str, text: str, *, leave_out: bool) -> Iterator[Suggestion]:
        if not self._index:
            return
        tokens = words(text)
        keys = folded(tokens.texts, str.casefold) if self._fold else tokens.texts
        index = self._index
        for at in [at for at, key in enumerate(keys) if key in index]:
            for entry in index[keys[at]]:
                span = self._match(text, tokens, keys, at, entry)
                if span is None:
                    continue
                for label, score in self._label_scores(entry.string, document_id, leave_out):
                    yield Suggestion(document_id, span[0], span[1], label, score, self.name)

    def _match(
        self, text: str, tokens: Words, keys: Sequence[str], at: int, entry: _Entry
    ) -> tuple[int, int] | None:
        size = len(entry.keys)
        if tuple(keys[at : at + size]) != entry.keys:
            return None
        start = tokens.starts[at] - len(entry.before)
        end = tokens.ends[at + size - 1] + len(entry.after)
        if start < 0 or end > len(text):
            return None
        found = text[start:end]
        if (found.casefold() if self._fold else found) != entry.string:
            return None  # the same words with other characters between them
        # Whole words only: no word character touches either end.
        if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
            return None
        if end < len(text) and is_word_char(text[end]) and is_word_char(text[end - 1]):
            return None
        return start, end


def _shares(counts: dict[str, int]) -> list[tuple[str, float]]:
    kept = {label: n for label, n in counts.items() if n > 0}
    total = sum(kept.values())
    return [(label, n / total) for label, n in sorted(kept.items())]
