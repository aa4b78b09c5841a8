"""The registry recommender: every name and alias of every actor, suggested as a span of
the actor label already linked to that actor.

Names are compared as the registry compares them (``actor_matching.normalise``: no case,
diacritics or hyphens, no leading "the"), word by word, so offsets stay those of the text.
A plain dictionary of word tuples, looked up once per word: its cost grows with the text,
not with the registry (``benchmarks/bench_suggest.py`` measures it against spaCy's
PhraseMatcher, which also has to tokenise the text first).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator

from belannot.core.actor_matching import normalise
from belannot.core.actors import Actor
from belannot.core.recommenders.base import (
    Recommender,
    Suggestion,
    SuggestionReader,
    Token,
    words,
)

# What may stand between two words of one name: a space, a line break, a dot or hyphen.
_GAP = re.compile(r"[\s.\-‐‑‒–—'’]{1,3}")


def name_key(name: str) -> tuple[str, ...]:
    """A name as the words it is matched by."""
    return tuple(token.text for token in words(normalise(name)))


class RegistryMatcher(Recommender):
    name = "registry"
    title = "Actor registry"

    def __init__(self, actors: Iterable[Actor], label: str | None) -> None:
        self._label = label
        owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for actor in actors:
            for name in actor.names:
                key = name_key(name)
                if key:
                    owners[key].add(actor.id)
        # An alias two actors share ("Moscow") is suggested for each, at half the score.
        self._owners = {key: sorted(ids) for key, ids in owners.items()}
        self._longest = max((len(key) for key in owners), default=0)
        self._firsts = {key[0] for key in owners}
        self._cache: dict[str, str] = {}

    @classmethod
    def from_project(cls, reader: SuggestionReader) -> RegistryMatcher:
        labels = reader.actor_labels()
        return cls(reader.actors(), labels[0] if labels else None)

    def _normal(self, word: str) -> str:
        found = self._cache.get(word)
        if found is None:
            found = self._cache[word] = normalise(word)
        return found

    def suggest(self, document_id: str, text: str) -> Iterator[Suggestion]:
        if self._label is None or not self._owners:
            return
        tokens = words(text)
        keys = [self._normal(token.text) for token in tokens]
        at = 0
        while at < len(tokens):
            size = self._longest_at(text, tokens, keys, at) if keys[at] in self._firsts else 0
            if not size:
                at += 1
                continue
            owners = self._owners[tuple(keys[at : at + size])]
            start, end = tokens[at].start, tokens[at + size - 1].end
            for actor_id in owners:
                yield Suggestion(
                    document_id, start, end, self._label, 1 / len(owners), self.name, actor_id
                )
            at += size

    def _longest_at(self, text: str, tokens: list[Token], keys: list[str], at: int) -> int:
        """The word count of the longest name starting at word ``at`` (0: none)."""
        size = 1
        while size < self._longest and at + size < len(tokens):
            gap = text[tokens[at + size - 1].end : tokens[at + size].start]
            if not _GAP.fullmatch(gap):
                break
            size += 1
        for length in range(size, 0, -1):
            if tuple(keys[at : at + length]) in self._owners:
                return length
        return 0
