"""One document's ``.ann``, with the brat ids and lines it was imported with where they still hold.

T lines first (a ``fragment`` chain is one discontinuous T), then the events, Equiv groups,
R, A/M, ``#`` and N lines. A kept line (see :mod:`.brat_shape`) is written again only when
the spans and relations it names are exported and it still says what they hold: an event
when its trigger and one relation per argument are there, an Equiv line when its chain of
relations is, a note when the span's note is the kept notes joined by line breaks, a
reference when it names the actor the span is linked to. Anything else is numbered afresh
(``T``, ``R``, ``A``, ``#``, ``N``), after every kept id, so no two lines share one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from belannot.core.attributes import NOTE_ATTRIBUTE
from belannot.core.formats.brat_ann import (
    ACTOR_DATABASE,
    FRAGMENT,
    NIL_NAMES,
    Definitions,
    attribute_value,
)
from belannot.core.formats.brat_schema import brat_name
from belannot.core.relations import Relation
from belannot.core.store import SpanRow

_LINE_BREAKS = re.compile(r"[\r\n]+")
_SPACES = re.compile(r"[\t\r\n]")
_ROLE_NUMBER = re.compile(r"^(.+?)\d*$")
_WHITESPACE = re.compile(r"\s")


@dataclass(slots=True)
class AnnDocument:
    """What one document's ``.ann`` is made of."""

    text: str
    spans: Sequence[SpanRow]
    relations: Sequence[Relation]
    links: Mapping[str, str] = field(default_factory=dict)  # span id → actor id
    shape: Mapping[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Schema:
    """What the project says about every document: attribute definitions, actor names and refs."""

    definitions: Definitions
    names: Mapping[str, str]
    refs: Mapping[str, str]


class _Ids:
    """brat ids of one file: kept ones claimed first, fresh ones after, none twice."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}

    def keep(self, name: object, prefix: str) -> bool:
        if not isinstance(name, str) or not name.startswith(prefix) or name in self.used:
            return False
        self.used.add(name)
        return True

    def fresh(self, prefix: str) -> str:
        number = self.next.get(prefix, 1)
        while f"{prefix}{number}" in self.used:
            number += 1
        self.next[prefix] = number + 1
        name = f"{prefix}{number}"
        self.used.add(name)
        return name


def line_breaks_cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at line breaks, without empty pieces."""
    pieces = []
    position = start
    for match in _LINE_BREAKS.finditer(text, start, end):
        if match.start() > position:
            pieces.append((position, match.start()))
        position = match.end()
    if position < end:
        pieces.append((position, end))
    return pieces or [(start, end)]


def _chains(spans: Sequence[SpanRow], relations: Sequence[Relation]) -> dict[str, list[SpanRow]]:
    """First fragment's id → the spans its ``fragment`` relations chain, in order."""
    by_id = {span.id: span for span in spans}
    nexts: dict[str, str] = {}
    tails: set[str] = set()
    for r in relations:
        if (
            r.type == FRAGMENT
            and r.head in by_id
            and r.tail in by_id
            and r.head not in nexts
            and r.tail not in tails
            and by_id[r.head].label == by_id[r.tail].label
        ):
            nexts[r.head] = r.tail
            tails.add(r.tail)
    chains: dict[str, list[SpanRow]] = {}
    seen: set[str] = set()
    for span in spans:
        if span.id in tails:
            continue
        chain, current = [span], span.id
        seen.add(current)
        while current in nexts and nexts[current] not in seen:
            current = nexts[current]
            seen.add(current)
            chain.append(by_id[current])
        chains[span.id] = chain
    for span in spans:  # a chain that closes on itself: each of its spans stands alone
        if span.id not in seen:
            chains[span.id] = [span]
    return chains


class _Writer:
    def __init__(self, document: AnnDocument, schema: Schema) -> None:
        self.document, self.schema = document, schema
        self.shape = document.shape
        self.ids = _Ids()
        self.numbers: dict[str, str] = {}  # span id → the T it is written in
        self.consumed: set[tuple[str, str, str]] = set()  # relation keys an E or * line said
        self.chained: set[str] = set()  # fragment relations a discontinuous T says
        self.unheld = 0  # kept events and Equiv lines whose spans or relations are gone

    def lines(self) -> list[str]:
        text = self.document.text
        chains = _chains(self.document.spans, self.document.relations)
        for chain in chains.values():
            self.chained.update(span.id for span in chain[1:])
        kept = self.shape.get("T", {})
        for first in chains:
            if self.ids.keep(kept.get(first), "T"):
                self.numbers[first] = kept[first]
        out = []
        for first, chain in chains.items():
            name = self.numbers.get(first) or self.ids.fresh("T")
            pieces = self._kept_offsets(name, chain)
            if pieces is None:
                pieces = [p for span in chain for p in line_breaks_cut(text, span.start, span.end)]
            offsets = ";".join(f"{s} {e}" for s, e in pieces)
            quoted = " ".join(text[s:e] for s, e in pieces)
            kind = _WHITESPACE.sub("_", chain[0].label)
            out.append(f"{name}\t{kind} {offsets}\t{quoted}\n")
            for span in chain:
                self.numbers[span.id] = name
        self.span_of = {
            name: span_id
            for span_id, name in kept.items()
            if self.numbers.get(span_id) == name and span_id in chains
        }
        relations = [r for r in self.document.relations if not self._is_chain_link(r)]
        self.keys = {(r.type, r.head, r.tail) for r in relations}
        self.events = {event[0]: event for event in self.shape.get("E", [])}
        self.valid: dict[str, bool] = {}
        held = [name for name in self.events if self._event_holds(name)]
        self.unheld += len(self.events) - len(held)
        out += [line for name in held for line in self._e(name)]
        out += self._equivs()
        out += self._r_lines(relations)
        out += self._a_lines()
        out += self._notes()
        out += self._references()
        return out

    def _kept_offsets(self, name: str, chain: Sequence[SpanRow]) -> list[tuple[int, int]] | None:
        """The T's offsets as imported, where they still part the chain's spans alone."""
        kept = self.shape.get("O", {}).get(name)
        if not isinstance(kept, str) or self.shape.get("T", {}).get(chain[0].id) != name:
            return None
        try:
            pieces = [(int(a), int(b)) for a, b in (part.split() for part in kept.split(";"))]
        except ValueError:
            return None
        text, joined = self.document.text, [list(pieces[0])]
        for start, end in pieces[1:]:
            if start < joined[-1][1]:
                return None
            if text[joined[-1][1] : start].strip():
                joined.append([start, end])
            else:
                joined[-1][1] = end
        return pieces if joined == [[span.start, span.end] for span in chain] else None

    def _is_chain_link(self, relation: Relation) -> bool:
        return relation.type == FRAGMENT and relation.tail in self.chained

    def target(self, name: str) -> str | None:
        """The span a brat id names here: a T's span, an event's trigger (if written)."""
        if name.startswith("E"):
            if name not in self.events or not self._event_holds(name):
                return None
            return self.span_of.get(self.events[name][1])
        return self.span_of.get(name)

    def _event_holds(self, name: str) -> bool:
        if name in self.valid:
            return self.valid[name]
        self.valid[name] = False  # an event that is its own argument does not hold
        _, trigger, arguments = self.events[name]
        head = self.span_of.get(trigger)
        holds = head is not None
        for role, argument in arguments:
            tail = self.target(argument) if holds else None
            holds = tail is not None and (_role_type(role), head, tail) in self.keys
            if not holds:
                break
        self.valid[name] = holds
        return holds

    def _e(self, name: str) -> Iterator[str]:
        _, trigger, arguments = self.events[name]
        self.ids.keep(name, "E")
        head = self.span_of[trigger]
        label = next(span.label for span in self.document.spans if span.id == head)
        words = [f"{brat_name(label)}:{trigger}"]
        for role, argument in arguments:
            self.consumed.add((_role_type(role), head, self.target(argument) or ""))
            words.append(f"{role}:{argument}")
        yield f"{name}\t{' '.join(words)}\n"

    def _equivs(self) -> list[str]:
        out = []
        for kind, names in self.shape.get("*", []):
            spans = [self.span_of.get(name) for name in names]
            found = [span for span in spans if span is not None]
            pairs = {(kind, a, b) for a, b in zip(found, found[1:], strict=False)}
            if len(found) == len(spans) and pairs <= self.keys:
                self.consumed |= pairs
                out.append(f"*\t{kind} {' '.join(names)}\n")
            else:
                self.unheld += 1
        return out

    def _r_lines(self, relations: Sequence[Relation]) -> list[str]:
        written = [r for r in relations if (r.type, r.head, r.tail) not in self.consumed]
        kept = self.shape.get("R", {})
        names = {r.id: kept[r.id] for r in written if self.ids.keep(kept.get(r.id), "R")}
        numbers = self.numbers
        return [
            f"{names.get(r.id) or self.ids.fresh('R')}\t{brat_name(r.type)} "
            f"Arg1:{numbers[r.head]} Arg2:{numbers[r.tail]}\n"
            for r in written
        ]

    def _kept_on_spans(self, key: str) -> dict[str, list[list[Any]]]:
        """Kept lines of one kind (their target second), by the span they are on."""
        found: dict[str, list[list[Any]]] = {}
        for entry in self.shape.get(key, []):
            span_id = self.target(entry[1])
            if span_id is not None:
                found.setdefault(span_id, []).append(entry)
        return found

    def _a_lines(self) -> list[str]:
        kept = {
            (span_id, entry[2]): entry
            for span_id, entries in self._kept_on_spans("A").items()
            for entry in entries
        }
        pending: list[tuple[str | None, str]] = []  # (kept id, line without its id)
        for span in self.document.spans:
            declared = self.schema.definitions.get(span.label, {})
            for name, value in orjson.loads(span.attributes or "{}").items():
                if name == NOTE_ATTRIBUTE and name not in declared:
                    continue  # the span's note: a # line
                written = attribute_value(value, declared.get(name))
                if written is None:
                    continue
                tail = f" {written}" if written else ""
                entry = kept.get((span.id, name))
                if entry is not None and (entry[0].startswith("A") or not written):
                    if self.ids.keep(entry[0], entry[0][:1]):
                        pending.append((entry[0], f"{name} {entry[1]}{tail}"))
                        continue
                pending.append((None, f"{name} {self.numbers[span.id]}{tail}"))
        return self._numbered(pending, "A")

    def _numbered(self, pending: list[tuple[str | None, str]], prefix: str) -> list[str]:
        """Lines given their kept id, or a fresh one after every kept id is claimed."""
        return [f"{name or self.ids.fresh(prefix)}\t{rest}\n" for name, rest in pending]

    def _notes(self) -> list[str]:
        kept = self._kept_on_spans("#")
        pending: list[tuple[str | None, str]] = []
        for span in self.document.spans:
            note = orjson.loads(span.attributes or "{}").get(NOTE_ATTRIBUTE)
            if note is None or NOTE_ATTRIBUTE in self.schema.definitions.get(span.label, {}):
                continue
            entries = kept.get(span.id, [])
            if entries and "\n".join(str(e[2]) for e in entries) == str(note):
                if all(self.ids.keep(e[0], "#") for e in entries):
                    pending += [(e[0], f"AnnotatorNotes {e[1]}\t{e[2]}") for e in entries]
                    continue
            text = _SPACES.sub(" ", str(note))
            pending.append((None, f"AnnotatorNotes {self.numbers[span.id]}\t{text}"))
        return self._numbered(pending, "#")

    def _references(self) -> list[str]:
        kept = self._kept_on_spans("N")
        pending: list[tuple[str | None, str]] = []
        for span in self.document.spans:
            target = self.document.links.get(span.id)
            if target is None:
                continue
            ref = self.schema.refs.get(target)
            entries = [
                e
                for e in kept.get(span.id, [])
                if _names(e[2], target, ref) and self.ids.keep(e[0], "N")
            ]
            if entries:
                pending += [(e[0], f"Reference {e[1]} {e[2]}\t{e[3]}") for e in entries]
                continue
            name = self.schema.names.get(target) or NIL_NAMES.get(target, target)
            line = f"Reference {self.numbers[span.id]} {ACTOR_DATABASE}:{target}"
            pending.append((None, f"{line}\t{_SPACES.sub(' ', name)}"))
        return self._numbered(pending, "N")


def _role_type(role: str) -> str:
    """The relation type an event role is imported as: without brat's repetition number."""
    match = _ROLE_NUMBER.match(role)
    return match.group(1) if match else role


def _names(reference: str, actor: str, ref: str | None) -> bool:
    """Whether a reference line (``db:id``) names ``actor``, whose external reference is
    ``ref``."""
    if reference == f"{ACTOR_DATABASE}:{actor}":
        return True
    return ref is not None and (reference == ref or reference.partition(":")[2] == ref)


def ann_text(document: AnnDocument, schema: Schema) -> tuple[str, int]:
    """The ``.ann`` of one document, and how many of its imported events and Equiv lines no
    longer hold (their relations that are left are R lines)."""
    writer = _Writer(document, schema)
    text = "".join(writer.lines())
    return text, writer.unheld
