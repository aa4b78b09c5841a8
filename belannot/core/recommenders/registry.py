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
from collections.abc import Iterable, Iterator, Sequence

from belannot.core.actor_matching import normalise
from belannot.core.actors import Actor
from belannot.core.recommenders.base import (
    Recommender,
    Suggestion,
    SuggestionReader,
    Words,
    folded,
    words,
)

# What may stand between two words of one name: a space, a line break, a dot or hyphen.
_GAP = re.compile(r"[\s.\-‐‑‒–—'’]{1,3}")


def name_key(name: str) -> tuple[str, ...]:
    """A name as the words it is matched by."""
    return tuple(words(normalise(name)).texts)


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
        # The most words a name starting with each word has: most names are one word.
        self._firsts: dict[str, int] = {}
        for key in owners:
            self._firsts[key[0]] = max(self._firsts.get(key[0], 0), len(key))

    @classmethod
    def from_project(cls, reader: SuggestionReader) -> RegistryMatcher:
        labels = reader.actor_labels()
        return cls(reader.actors(), labels[0] if labels else None)

    def suggest(self, document_id: str, text: str) -> Iterator[Suggestion]:
        if self._label is None or not self._owners:
            return
        tokens = words(text)
        keys = folded(tokens.texts, normalise)
        firsts = self._firsts
        covered = 0  # leftmost longest: a name inside a longer one is not suggested again
        for at in [at for at, key in enumerate(keys) if key in firsts]:
            if at < covered:
                continue
            size = self._longest_at(text, tokens, keys, at)
            if not size:
                continue
            owners = self._owners[tuple(keys[at : at + size])]
            start, end = tokens.starts[at], tokens.ends[at + size - 1]
            for actor_id in owners:
                yield Suggestion(
                    document_id, start, end, self._label, 1 / len(owners), self.name, actor_id
                )
            covered = at + size

    def _longest_at(self, text: str, tokens: Words, keys: Sequence[str], at: int) -> int:
        """The word count of the longest name starting at word ``at`` (0: none)."""
        size, longest = 1, self._firsts[keys[at]]
        while size < longest and at + size < len(keys):
            gap = text[tokens.ends[at + size - 1] : tokens.starts[at + size]]
            if not _GAP.fullmatch(gap):
                break
            size += 1
        for length in range(size, 0, -1):
            if tuple(keys[at : at + length]) in self._owners:
                return length
        return 0
