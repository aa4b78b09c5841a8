"""brat ``.ann`` lines beyond text-bound spans: relations, attributes, Equiv groups, references.

Written: ``R1<TAB>speaker Arg1:T3 Arg2:T1`` (head, tail) and ``A1<TAB>certainty T3 likely``;
a true yes/no is a binary ``A1<TAB>named T1`` (a false one is not written: brat's binary
attributes are present or absent); a choice's whitespace becomes ``_`` (brat values hold
none), text keeps its spaces (tabs and line breaks become spaces), numbers are written as
numbers. Read back: relations with their two arguments (of any role names), ``*`` Equiv
groups as relations between neighbours, attributes as text (the import fits them to the
label's definitions: ``came_true`` to "came true", ``3`` to 3).

Events (``E1<TAB>Merge-org:T5 Org-Arg:T2 Org-Arg2:T3``) are their trigger span, whose label
is the event type, and one relation per argument from the trigger to the argument, typed by
the role without brat's repetition number (``Org-Arg2`` is a second ``Org-Arg``). An event
named where a span is expected (an argument, an attribute's or a note's target) stands for
its trigger. ``#`` AnnotatorNotes on a span or an event are the span's note; on a relation
they are counted as not represented, as relations and attributes on relations are.

Actor links are normalisations: ``N1<TAB>Reference T1 belannot_actors:putin<TAB>Vladimir
Putin`` (the id may be a NIL marker). Read back: a ``belannot_actors`` reference is the
span's link; one to another database (``Wikidata:Q7747``) is kept for the import to
resolve by the registry actors' external references.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import orjson

from belannot.core.actors import NIL_AMBIGUOUS, NIL_NOT_IN_REGISTRY
from belannot.core.attributes import NOTE_ATTRIBUTE, AttributeDef, AttributeKind
from belannot.core.errors import InputError
from belannot.core.formats.brat_schema import brat_name
from belannot.core.formats.records import RelationRecord, SpanRecord, span_ref

_LINE_BREAKS = re.compile(r"[\t\r\n]")
_ARGUMENT = re.compile(r"^[^:\s]+:(\S+)$")
_ROLE = re.compile(r"^([^:\s]+?)\d*:(\S+)$")
# The normalisation database belannot's actor links are written to.
ACTOR_DATABASE = "belannot_actors"
# What a reference line names a NIL marker by, where an actor's name would be.
NIL_NAMES = {NIL_NOT_IN_REGISTRY: "not in the registry", NIL_AMBIGUOUS: "ambiguous"}

# label → attribute name → definition (what a value is written as)
Definitions = Mapping[str, Mapping[str, AttributeDef]]


def attribute_value(value: Any, definition: AttributeDef | None) -> str | None:
    """``value`` as an A line ends: "" for a binary attribute, None when not written."""
    if value is True:
        return ""
    if value is False or value is None:
        return None
    if isinstance(value, str):
        if definition is not None and definition.kind is AttributeKind.CHOICE:
            return brat_name(value)
        return _LINE_BREAKS.sub(" ", value)
    if isinstance(value, int | float):
        return repr(value)
    return orjson.dumps(value).decode("utf-8")  # a free-form label's list or object


class AnnLinks:
    """Relation, attribute and reference lines of one ``.ann``, joined to its T spans at the end."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.relations: list[tuple[int, str, str, str, str]] = []  # line, place, type, ids
        self.attributes: list[tuple[int, str, str, str, Any]] = []  # line, place, name, id
        self.references: list[tuple[int, str, str, str]] = []  # line, place, id, db:id
        self.triggers: dict[str, str] = {}  # event id → its trigger's id
        self.event_lines: dict[str, int] = {}  # event id → its line
        # As written, for the export to give them back: each event's (role, id) arguments,
        # each Equiv line's (type, ids), each reference's text.
        self.arguments: dict[str, list[tuple[str, str]]] = {}
        self.equivs: list[tuple[str, list[str]]] = []
        self.reference_texts: dict[str, str] = {}
        self.notes: list[tuple[int, str, str, str]] = []  # line, place, id, note
        self.left_out: Counter[str] = Counter()

    def fail(self, message: str, line: int, place: str) -> InputError:
        return InputError(message, path=self.path, line=line, field=place)

    def add(self, line: str, number: int) -> None:
        """Take an R, E, A, M, N, ``#`` or ``*`` line; others are not this class's."""
        place, _, rest = line.partition("\t")
        data = rest.split("\t", 1)[0]
        kind = place[:1]
        if kind == "R":
            words = data.split()
            ends = [_ARGUMENT.match(word) for word in words[1:]]
            if len(words) != 3 or not all(ends):
                raise self.fail(
                    "expected '<type> Arg1:T<n> Arg2:T<n>' (two arguments)", number, place
                )
            head, tail = (match.group(1) for match in ends if match is not None)
            self.relations.append((number, place, words[0], head, tail))
        elif kind == "*":
            words = data.split()
            self.equivs.append((words[0], words[1:]))
            for head, tail in zip(words[1:], words[2:], strict=False):
                self.relations.append((number, place, words[0], head, tail))
        elif kind in ("A", "M"):
            words = data.split(" ", 2)
            if len(words) < 2 or not words[0] or not words[1]:
                raise self.fail("expected '<name> T<n>' or '<name> T<n> <value>'", number, place)
            value: Any = words[2] if len(words) == 3 and kind == "A" else True
            self.attributes.append((number, place, words[0], words[1], value))
        elif kind == "E":
            self._event(place, data, number)
        elif kind == "#":
            words = data.split(maxsplit=1)
            if len(words) == 2 and words[0] == "AnnotatorNotes":
                note = rest.split("\t", 1)[1] if "\t" in rest else ""
                self.notes.append((number, place, words[1], note))
            else:
                self.left_out["brat # lines"] += 1
        elif kind == "N":
            words = data.split()
            if len(words) != 3 or ":" not in words[2].strip(":"):
                raise self.fail("expected 'Reference T<n> <database>:<id>'", number, place)
            self.references.append((number, place, words[1], words[2]))
            self.reference_texts[place] = rest.split("\t", 1)[1] if "\t" in rest else ""

    def _event(self, place: str, data: str, number: int) -> None:
        parts = [_ROLE.match(word) for word in data.split()]
        if not parts or not all(parts):
            raise self.fail("expected '<type>:T<n> <role>:<id> …'", number, place)
        (_, trigger), *arguments = (match.groups() for match in parts if match is not None)
        if place in self.triggers:
            raise self.fail(f"{place} is already line {self.event_lines[place]}", number, place)
        self.event_lines[place] = number
        self.triggers[place] = trigger
        self.arguments[place] = [word.partition(":")[::2] for word in data.split()[1:]]
        for role, target in arguments:
            self.relations.append((number, place, role, place, target))

    def join(self, spans: Mapping[str, SpanRecord]) -> list[RelationRecord]:
        """Put the attributes and notes on their spans; the relations, their ends given span
        ids."""
        for number, place, target, note in self.notes:
            span = self._span(spans, target, number, place)
            if span is None:
                self.left_out["brat # notes on relations"] += 1
                continue
            old = span.attributes.get(NOTE_ATTRIBUTE)
            text = note if old is None else f"{old}\n{note}"
            span.attributes = {**span.attributes, NOTE_ATTRIBUTE: text}
        for number, place, name, target, value in self.attributes:
            span = self._span(spans, target, number, place)
            if span is not None:
                span.attributes = {**span.attributes, name: value}
            else:
                self.left_out["brat attributes on relations"] += 1
        for number, place, target, reference in self.references:
            span = self._span(spans, target, number, place)
            if span is None:
                self.left_out["brat N references on relations"] += 1
            elif not _refer(span, reference, number, place):
                self.left_out["brat N references beyond a span's first"] += 1
        records = []
        for number, place, kind, head, tail in self.relations:
            ends = [self._span(spans, end, number, place) for end in (head, tail)]
            if ends[0] is None or ends[1] is None:
                self.left_out["brat relations between relations"] += 1
                continue
            head_id, tail_id = (span_ref(span) for span in ends if span is not None)
            records.append(RelationRecord(kind, head_id, tail_id, line=number, place=place))
        return records

    def _span(
        self, spans: Mapping[str, SpanRecord], target: str, number: int, place: str
    ) -> SpanRecord | None:
        seen = {target}
        while target in self.triggers:  # an event stands for its trigger
            target = self.triggers[target]
            if target in seen:
                raise self.fail(f"event {target} is its own trigger", number, place)
            seen.add(target)
        if not target.startswith(("T", "E")):
            return None  # a relation's id
        span = spans.get(target)
        if span is None:
            raise self.fail(f"no {target} in this file", number, place)
        return span


def _refer(span: SpanRecord, reference: str, number: int, place: str) -> bool:
    """Put a reference on its span: belannot's own is its link, another database's its ref.
    False for a second database's reference: the span has room for one (the first)."""
    database, _, target = reference.partition(":")
    if database == ACTOR_DATABASE:
        span.actor = target
    elif span.actor_ref is None:
        span.actor_ref = reference
    else:
        return False
    if span.actor_field is None or database == ACTOR_DATABASE:
        span.actor_field, span.actor_line = place, number
    return True


# The relation type a discontinuous brat span's fragments are joined by, first to next.
FRAGMENT = "fragment"


def fragment_relations(
    firsts: Mapping[str, SpanRecord], others: Mapping[str, Sequence[SpanRecord]]
) -> list[RelationRecord]:
    """``fragment`` relations joining each T span's first fragment to the next, and so on;
    both keyed by T id."""
    records = []
    for name, rest in others.items():
        chain = [firsts[name], *rest]
        for head, tail in zip(chain, chain[1:], strict=False):
            records.append(
                RelationRecord(
                    FRAGMENT, span_ref(head), span_ref(tail), line=head.line, place=head.place
                )
            )
    return records
