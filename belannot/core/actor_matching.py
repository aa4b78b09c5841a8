"""Matching names to actors: alias normalisation, and completion ranked by use (pure)."""

from __future__ import annotations

import gc
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from heapq import nsmallest

from belannot.core.actors import Actor

# Letters NFKD does not take apart into a base letter and a mark; typographic apostrophes.
_LETTERS = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"}
    | dict.fromkeys("’‘ʼ", "'")
)
# Hyphens and dashes join or separate words at the writer's whim: they count as a space.
_HYPHENS = str.maketrans(dict.fromkeys("-‐‑‒–—―−﹣－", " "))
_THE = "the "
# Above this many entries sharing a prefix, completion walks the entries best first.
_SCAN_ABOVE = 2000
_COLLECT_ABOVE = 50_000


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()  # most names: nothing to decompose
    # NFKD after casefold and again after it: a few folded letters decompose only then.
    for _ in range(3):
        folded = unicodedata.normalize("NFKD", text.casefold())
        folded = "".join(c for c in folded if not unicodedata.combining(c))
        folded = folded.translate(_LETTERS)
        if folded == text:
            break
        text = folded
    return text


def normalise(text: str) -> str:
    """The form names are compared in: no case, diacritics or hyphens, no leading "the"."""
    key = " ".join(_fold(text).translate(_HYPHENS).split())
    while key.startswith(_THE):
        key = key[len(_THE) :]
    return key


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """A completion: the actor, the name or alias that matched, how often it is linked."""

    actor_id: str
    name: str
    matched: str
    count: int


class ActorIndex:
    """Names and aliases, each indexed from the start of every word, for prefix completion.

    Built once per registry change; a keystroke is a bisection and a look at the names
    that share the typed prefix."""

    def __init__(self, actors: Iterable[Actor], counts: Mapping[str, int]) -> None:
        self._counts = dict(counts)
        self._names: dict[str, str] = {}
        entries: list[tuple[str, int, str, str]] = []
        for actor in actors:
            self._names[actor.id] = actor.name
            for name in actor.names:
                key = normalise(name)
                words = key.split(" ")
                for at in range(len(words)):
                    # at == 0 marks a match from the start of the name (ranked first).
                    entries.append((" ".join(words[at:]), at, actor.id, name))
        entries.sort()
        self._entries = entries
        self._keys = [entry[0] for entry in entries]
        # The same entries best first, whatever they match: a short prefix that matches
        # thousands of them takes the first few that start with it from here. In four
        # parts (from a name's start or a later word; linked or not): the unlinked ones
        # are in key order, so their prefix is found by bisection, not by a walk.
        self._ranked: list[tuple[list[tuple[str, int, str, str]], list[str] | None]] = []
        for later in (False, True):
            part = [e for e in entries if (e[1] != 0) == later]
            linked = [e for e in part if self._counts.get(e[2], 0) > 0]
            linked.sort(key=lambda e: (-self._counts[e[2]], e[0], e[2]))
            # In key order, ties by actor as complete() ranks them (not by word position).
            unlinked = sorted(
                (e for e in part if self._counts.get(e[2], 0) <= 0), key=lambda e: (e[0], e[2])
            )
            self._ranked += [(linked, None), (unlinked, [e[0] for e in unlinked])]
        # A big registry's hundreds of thousands of tuples would be walked by the collector
        # at some later allocation: better now, in the build, than at the first keystroke.
        if len(entries) > _COLLECT_ABOVE:
            gc.collect()

    def add_count(self, actor_id: str, delta: int) -> None:
        """One link more (or fewer) for ``actor_id``: completion ranks by it at once (the
        walk order for a prefix of thousands of entries follows at the next build)."""
        self._counts[actor_id] = max(0, self._counts.get(actor_id, 0) + delta)

    def _bounds(self, prefix: str) -> tuple[int, int]:
        low = bisect_left(self._keys, prefix)
        return low, bisect_left(self._keys, prefix + "\U0010ffff", low)

    def complete(self, typed: str, limit: int = 10) -> list[ActorMatch]:
        """The actors whose names or aliases have a word starting with ``typed``, best first:
        an exact name, then a match from the name's start, then the most linked."""
        prefix = normalise(typed)
        if not prefix:
            return []
        low, high = self._bounds(prefix)
        if high - low > _SCAN_ABOVE:
            return self._complete_many(prefix, limit)
        best: dict[str, tuple[tuple[int, int, int, str, str], str]] = {}
        counts = self._counts
        for key, at, actor_id, name in self._entries[low:high]:
            exact = key == prefix and at == 0
            rank = (int(not exact), int(at != 0), -counts.get(actor_id, 0), key, actor_id)
            held = best.get(actor_id)
            if held is None or rank < held[0]:
                best[actor_id] = (rank, name)
        chosen = nsmallest(limit, best.items(), key=lambda item: item[1][0])
        return [
            ActorMatch(actor_id, self._names[actor_id], name, counts.get(actor_id, 0))
            for actor_id, (_, name) in chosen
        ]

    def _complete_many(self, prefix: str, limit: int) -> list[ActorMatch]:
        """As :meth:`complete` for a prefix of very many entries: the exact names, then
        the best-ranked entries that start with it (each actor at its best)."""
        chosen: dict[str, str] = {}
        for match in self.exact(prefix):
            chosen.setdefault(match.actor_id, match.matched)
        for part, keys in self._ranked:
            if len(chosen) >= limit:
                break
            if keys is None:
                found: Iterable[tuple[str, int, str, str]] = (
                    e for e in part if e[0].startswith(prefix)
                )
            else:
                low = bisect_left(keys, prefix)
                found = part[low : bisect_left(keys, prefix + "\U0010ffff", low)]
            for _, _, actor_id, name in found:
                if actor_id not in chosen:
                    chosen[actor_id] = name
                    if len(chosen) == limit:
                        break
        counts = self._counts
        return [
            ActorMatch(actor_id, self._names[actor_id], name, counts.get(actor_id, 0))
            for actor_id, name in list(chosen.items())[:limit]
        ]

    def exact(self, text: str) -> list[ActorMatch]:
        """The actors one of whose names is ``text`` once normalised."""
        key = normalise(text)
        low = bisect_left(self._keys, key)
        high = bisect_right(self._keys, key, low)
        found: dict[str, str] = {}
        for _, at, actor_id, name in self._entries[low:high]:
            if at == 0:
                found.setdefault(actor_id, name)
        counts = self._counts
        matches = [
            ActorMatch(actor_id, self._names[actor_id], name, counts.get(actor_id, 0))
            for actor_id, name in found.items()
        ]
        return sorted(matches, key=lambda m: (-m.count, m.actor_id))
