"""Span counts gathered document by document for agreement: exact masks, overlap matches,
and the run lengths of each combination of annotators' label sets."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

# A combination of label sets, one bit mask per annotator, in annotator order.
State = tuple[int, ...]
# Bits per packed depth field: room for 2**15 spans of a document nested in each other.
_INITIAL_WIDTH = 16


class SpanTally:
    """Counts gathered document by document; everything reported is derived from them."""

    def __init__(self, m: int, label_count: int) -> None:
        self.m = m
        self.label_count = label_count
        self.pairs = list(combinations(range(m), 2))
        # (annotators mask, label index) → distinct (document, start, end, label).
        self.exact: Counter[tuple[int, int]] = Counter()
        # (first, second, label index) → overlap matches among spans not matched exactly.
        self.overlap: Counter[tuple[int, int, int]] = Counter()
        # How many spans of each annotator a and label j cover a run of characters,
        # packed in one int (a field of ``width`` bits at a·L + j) → characters in that
        # state. Adding and removing a span is then one integer addition.
        self.width = _INITIAL_WIDTH
        self.packed: Counter[int] = Counter()
        self._step_of: dict[tuple[int, int], int] = {}
        # The masks of one label's spans in a document → the pairs to match by overlap.
        self._needing: dict[frozenset[int], list[tuple[int, int, int, int]]] = {}

    def add(self, made: dict[tuple[int, int, int], int] | None, length: int) -> None:
        if not made:
            self.packed[0] += length
            return
        if len(made) >= 1 << (self.width - 1):
            self._widen(len(made))
        by_label: dict[int, list[tuple[int, int, int]]] = {}
        events = []
        step_of, exact = self._step_of, self.exact
        for (start, end, j), mask in made.items():
            by_label.setdefault(j, []).append((start, end, mask))
            kind = (mask, j)
            step = step_of.get(kind)
            if step is None:
                step = step_of[kind] = self._step(mask, j)
            exact[kind] += 1
            events.append((start, step))
            events.append((end, -step))
        self._overlap(by_label)
        self._sweep(events, length)

    def _step(self, mask: int, j: int) -> int:
        """What a span of label ``j`` by the annotators in ``mask`` adds to the packed
        depths: one in the field of each (annotator, label)."""
        return sum(
            1 << (self.width * (a * self.label_count + j)) for a in range(self.m) if mask >> a & 1
        )

    def _widen(self, spans: int) -> None:
        """Make each depth field wide enough for ``spans`` nested spans (rare: only a
        document with 2**15 spans or more); the counts so far are re-packed."""
        old_width = self.width
        self.width = max(old_width * 2, spans.bit_length() + 1)
        slots = self.m * self.label_count
        field = (1 << old_width) - 1
        repacked: Counter[int] = Counter()
        for state, count in self.packed.items():
            repacked[
                sum(((state >> (old_width * k)) & field) << (self.width * k) for k in range(slots))
            ] += count
        self.packed = repacked
        self._step_of = {}

    def _overlap(self, by_label: dict[int, list[tuple[int, int, int]]]) -> None:
        # Identical ranges are matched first (no overlap can beat them, see
        # greedy_matches); only the rest of each pair's spans needs the greedy matching.
        needing = self._needing
        for j, entries in by_label.items():
            masks = frozenset([mask for _s, _e, mask in entries])
            if len(masks) < 2:
                continue  # everyone who marked this label marked the same ranges
            pairs = needing.get(masks)
            if pairs is None:
                pairs = needing[masks] = self._pairs_needing(masks)
            for a, b, first, second in pairs:
                only_a = [(s, e) for s, e, x in entries if x & first and not x & second]
                only_b = [(s, e) for s, e, x in entries if x & second and not x & first]
                matched = greedy_matches(only_a, only_b)
                if matched:
                    self.overlap[(a, b, j)] += matched

    def _pairs_needing(self, masks: frozenset[int]) -> list[tuple[int, int, int, int]]:
        """The pairs (a, b, a's bit, b's bit) where each of the two made a span of these
        masks the other did not: only they can have overlap matches beyond the exact ones."""
        result = []
        for a, b in self.pairs:
            first, second = 1 << a, 1 << b
            if any(x & first and not x & second for x in masks) and any(
                x & second and not x & first for x in masks
            ):
                result.append((a, b, first, second))
        return result

    def _sweep(self, events: list[tuple[int, int]], length: int) -> None:
        """Add each run of characters between span boundaries to the count of its state
        (the packed depths: how many spans of each annotator and label cover the run)."""
        events.sort()
        packed = self.packed
        state = 0
        first = previous = events[0][0]
        for position, step in events:
            if position != previous:
                packed[state] += position - previous
                previous = position
            state += step
        # Characters outside every span: before the first boundary and after the last.
        packed[0] += length - (previous - first)

    def states(self) -> Counter[State]:
        """The packed depths turned into one label-set mask per annotator."""
        width, labels = self.width, self.label_count
        field = (1 << width) - 1
        unpacked: Counter[State] = Counter()
        for packed, count in self.packed.items():
            state = []
            for a in range(self.m):
                mask = 0
                for j in range(labels):
                    if packed >> (width * (a * labels + j)) & field:
                        mask |= 1 << j
                state.append(mask)
            unpacked[tuple(state)] += count
        return unpacked


def greedy_matches(first: list[tuple[int, int]], second: list[tuple[int, int]]) -> int:
    """One-to-one matches between overlapping ranges, largest overlap first (ties: earlier
    ranges first). Identical ranges, taken out beforehand, would have come first anyway:
    no pair involving either of them can overlap more."""
    if len(first) == 1 and len(second) == 1:  # the common case: one range each
        (s1, e1), (s2, e2) = first[0], second[0]
        return 1 if s1 < e2 and s2 < e1 else 0
    second = sorted(second)
    candidates = []
    for s1, e1 in sorted(first):
        for s2, e2 in second:
            if s2 >= e1:
                break  # sorted by start: none further can overlap
            shared = (e1 if e1 < e2 else e2) - (s1 if s1 > s2 else s2)
            if shared > 0:
                candidates.append((-shared, s1, e1, s2, e2))
    if not candidates:
        return 0
    if len(candidates) == 1:
        return 1
    candidates.sort()
    used_first: set[tuple[int, int]] = set()
    used_second: set[tuple[int, int]] = set()
    for _shared, s1, e1, s2, e2 in candidates:
        if (s1, e1) not in used_first and (s2, e2) not in used_second:
            used_first.add((s1, e1))
            used_second.add((s2, e2))
    return len(used_first)
