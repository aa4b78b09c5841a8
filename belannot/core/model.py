"""The domain objects of a project: documents, labels, users, spans, and their validation."""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import orjson

# Re-exported: the model's rules raise it and callers import it from here.
from belannot.core.attributes import AttributeDef, AttributeFormatError, definitions_from_json
from belannot.core.errors import ValidationError as ValidationError


class Role(StrEnum):
    ANNOTATOR = "annotator"
    REVIEWER = "reviewer"


class SpanStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class DocumentState(StrEnum):
    """Where one annotator stands on one document."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class ReviewState(StrEnum):
    """How far a reviewer has got with one document's spans (derived, never stored)."""

    # No span to review.
    UNANNOTATED = "unannotated"
    # Spans, none decided yet.
    UNREVIEWED = "unreviewed"
    # Some spans decided, some still pending.
    IN_REVIEW = "in_review"
    # Spans, none left pending: the approved ones are the document's gold.
    REVIEWED = "reviewed"


def now_iso() -> str:
    """The current UTC time as ISO-8601 with seconds, the form stored everywhere."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_span_id() -> str:
    """A random (version 4) UUID as text; uuid.uuid4() is 5x slower on big imports."""
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


class OrderedSpanIds:
    """Version 7 UUIDs (RFC 9562), each greater than the one before: ids for a bulk import.

    Random ids land all over the span id index, and once the index outgrows SQLite's
    page cache every insert reads and writes a page of its own (twice as slow on a
    million spans). These sort by creation time, so a batch appends to the end of the
    index. 48 bits of milliseconds, a 12-bit counter within the millisecond (pushed on
    into the next one when it overflows), and 62 random bits.
    """

    def __init__(self) -> None:
        self._last = 0
        # A million ids per import: the millisecond's text is made once per millisecond,
        # and the random bits are read 4,096 ids at a time (one system call, not one each).
        self._millisecond = -1
        self._prefix = ""
        self._random: list[int] = []

    def __call__(self) -> str:
        tick = max(time.time_ns() // 1_000_000 << 12, self._last + 1)
        self._last = tick
        millisecond = tick >> 12
        if millisecond != self._millisecond:
            h = f"{millisecond:012x}"
            self._millisecond, self._prefix = millisecond, f"{h[:8]}-{h[8:]}-7"
        pool = self._random
        if not pool:
            raw = os.urandom(8 * 4096)
            pool.extend(int.from_bytes(raw[i : i + 8]) >> 2 for i in range(0, len(raw), 8))
        bits = pool.pop()  # 62 random bits: 14 after the variant (0b10), then 48
        counter, middle, last = tick & 0xFFF, 0x8000 | bits >> 48, bits & 0xFFFFFFFFFFFF
        return f"{self._prefix}{counter:03x}-{middle:04x}-{last:012x}"

    def take(self, count: int) -> list[str]:
        """``count`` ids at once, in order: a third of the time of ``count`` calls."""
        if count <= 0:
            return []
        first = max(time.time_ns() // 1_000_000 << 12, self._last + 1)
        self._last = first + count - 1
        # Per id 15 random hex digits and a variant digit (0b10xx: 8, 9, a or b).
        digits = os.urandom(8 * count).hex()
        variants = os.urandom(count).translate(_VARIANT_DIGITS).decode("ascii")
        counters = _COUNTER_DIGITS
        ids = []
        tick = first
        at = 0
        while tick <= self._last:
            millisecond = tick >> 12
            if millisecond != self._millisecond:
                h = f"{millisecond:012x}"
                self._millisecond, self._prefix = millisecond, f"{h[:8]}-{h[8:]}-7"
            prefix = self._prefix
            # The ids of this millisecond: the counter runs to 0xFFF, then the next one.
            end = min(self._last, tick | 0xFFF)
            for counter in range(tick & 0xFFF, (end & 0xFFF) + 1):
                j = 16 * at
                ids.append(
                    f"{prefix}{counters[counter]}-{variants[at]}{digits[j : j + 3]}-"
                    f"{digits[j + 3 : j + 15]}"
                )
                at += 1
            tick = end + 1
        return ids


_COUNTER_DIGITS = [f"{counter:03x}" for counter in range(4096)]
_VARIANT_DIGITS = bytes(b"89ab"[value & 3] for value in range(256))


def content_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text: how a re-imported document is recognised."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LABEL_NAME = re.compile(r"^[^\s\x00-\x1f][^\x00-\x1f]{0,63}$")
_USER_NAME = re.compile(r"^[^\s\x00-\x1f][^\x00-\x1f]{0,63}$")


class LabelFormatError(ValidationError):
    """A label schema (file or JSON) that breaks a rule; ``field`` says where."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.problem = message


def _string(data: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise LabelFormatError("is missing", f"{where}.{key}")
        return ""
    if not isinstance(value, str):
        raise LabelFormatError("must be a string", f"{where}.{key}")
    return value


@dataclass(frozen=True, slots=True)
class Example:
    """A passage showing a label's use, or (``positive=False``) a look-alike that is not it."""

    text: str
    positive: bool = True
    # The document it is taken from and the passage around it, so people can find it.
    document: str | None = None
    context: str = ""
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "positive": self.positive,
            "document": self.document,
            "context": self.context,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: object, where: str = "example") -> Example:
        if not isinstance(data, dict):
            raise LabelFormatError("must be an object", where)
        text = _string(data, "text", where, required=True)
        if not text:
            raise LabelFormatError("must not be empty", f"{where}.text")
        positive = data.get("positive", True)
        if not isinstance(positive, bool):
            raise LabelFormatError("must be true or false", f"{where}.positive")
        document = data.get("document")
        if document is not None and not isinstance(document, str):
            raise LabelFormatError("must be a string or null", f"{where}.document")
        return cls(
            text=text,
            positive=positive,
            document=document,
            context=_string(data, "context", where),
            note=_string(data, "note", where),
        )


@dataclass(frozen=True, slots=True)
class Guidelines:
    """How to apply a label: its section of the annotation manual, with examples."""

    text: str = ""
    examples: tuple[Example, ...] = ()

    @property
    def positive(self) -> tuple[Example, ...]:
        return tuple(e for e in self.examples if e.positive)

    @property
    def negative(self) -> tuple[Example, ...]:
        return tuple(e for e in self.examples if not e.positive)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "examples": [e.to_json() for e in self.examples]}

    @classmethod
    def from_json(cls, data: object, where: str = "guidelines") -> Guidelines:
        if data is None:
            return cls()
        if isinstance(data, str):
            return cls(text=data)
        if not isinstance(data, dict):
            raise LabelFormatError("must be an object or a string", where)
        examples = data.get("examples", [])
        if not isinstance(examples, list):
            raise LabelFormatError("must be a list", f"{where}.examples")
        return cls(
            text=_string(data, "text", where),
            examples=tuple(
                Example.from_json(item, f"{where}.examples[{i}]") for i, item in enumerate(examples)
            ),
        )


def check_label_name(name: str) -> str:
    if not _LABEL_NAME.match(name) or name != name.strip():
        raise ValidationError(f"label name {name!r} must be 1–64 printable characters")
    return name


def check_label_color(color: str) -> str:
    if not _HEX_COLOR.match(color):
        raise ValidationError(f"label colour {color!r} must look like #1f77b4")
    return color


def check_hotkey(hotkey: str | None) -> str | None:
    """A hotkey is one printable, non-space character (or None for no key)."""
    if hotkey is None:
        return None
    if len(hotkey) != 1 or not hotkey.isprintable() or hotkey.isspace():
        raise ValidationError(f"label hotkey {hotkey!r} must be a single key")
    return hotkey


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    color: str
    hotkey: str | None = None
    description: str = ""
    position: int = 0
    guidelines: Guidelines = Guidelines()
    # The typed attributes its spans may carry (core/attributes.py checks the values).
    attributes: tuple[AttributeDef, ...] = ()

    def __post_init__(self) -> None:
        check_label_name(self.name)
        check_label_color(self.color)
        check_hotkey(self.hotkey)

    def attribute(self, name: str) -> AttributeDef | None:
        return next((d for d in self.attributes if d.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """The label as a label schema file holds it (its position is the list order)."""
        return {
            "name": self.name,
            "color": self.color,
            "hotkey": self.hotkey,
            "description": self.description,
            "guidelines": self.guidelines.to_json(),
            # Only when declared: a schema without attributes reads as it always did.
            **({"attributes": [d.to_json() for d in self.attributes]} if self.attributes else {}),
        }

    @classmethod
    def from_json(cls, data: object, position: int = 0, where: str = "label") -> Label:
        if not isinstance(data, dict):
            raise LabelFormatError("must be an object", where)
        hotkey = data.get("hotkey")
        if hotkey is not None and not isinstance(hotkey, str):
            raise LabelFormatError("must be a string or null", f"{where}.hotkey")
        checks: tuple[tuple[str, Any, Any], ...] = (
            ("name", check_label_name, _string(data, "name", where, required=True)),
            ("color", check_label_color, _string(data, "color", where, required=True)),
            ("hotkey", check_hotkey, hotkey or None),
        )
        for key, check, value in checks:
            try:
                check(value)
            except ValidationError as error:
                raise LabelFormatError(str(error), f"{where}.{key}") from error
        try:
            attributes = definitions_from_json(data.get("attributes"), f"{where}.attributes")
        except AttributeFormatError as error:
            raise LabelFormatError(error.problem, error.field) from error
        return cls(
            name=checks[0][2],
            color=checks[1][2],
            hotkey=checks[2][2],
            description=_string(data, "description", where),
            position=position,
            guidelines=Guidelines.from_json(data.get("guidelines"), f"{where}.guidelines"),
            attributes=attributes,
        )


LABEL_SCHEMA_FORMAT = "belannot-labels"
LABEL_SCHEMA_VERSION = 1


def labels_to_schema(labels: Iterable[Label]) -> dict[str, Any]:
    """A label schema document: what ``labels export`` writes and resources/schema.json holds."""
    return {
        "format": LABEL_SCHEMA_FORMAT,
        "version": LABEL_SCHEMA_VERSION,
        "labels": [label.to_json() for label in labels],
    }


def labels_from_schema(data: object) -> tuple[Label, ...]:
    """Parse and check a label schema document; positions follow the list order."""
    if not isinstance(data, dict):
        raise LabelFormatError("must be an object with a labels list", "schema")
    if data.get("format", LABEL_SCHEMA_FORMAT) != LABEL_SCHEMA_FORMAT:
        raise LabelFormatError(f"must be {LABEL_SCHEMA_FORMAT!r}", "format")
    version = data.get("version", LABEL_SCHEMA_VERSION)
    if isinstance(version, bool) or not isinstance(version, int):
        raise LabelFormatError("must be an integer", "version")
    if version > LABEL_SCHEMA_VERSION:
        raise LabelFormatError(
            f"{version} is newer than this belannot reads ({LABEL_SCHEMA_VERSION})", "version"
        )
    items = data.get("labels")
    if not isinstance(items, list):
        raise LabelFormatError("must be a list", "labels")
    labels = tuple(
        Label.from_json(item, position, f"labels[{position}]")
        for position, item in enumerate(items)
    )
    seen_names: set[str] = set()
    seen_keys: dict[str, str] = {}
    for index, label in enumerate(labels):
        if label.name in seen_names:
            raise LabelFormatError(f"label {label.name!r} appears twice", f"labels[{index}].name")
        seen_names.add(label.name)
        if label.hotkey is not None:
            if label.hotkey in seen_keys:
                raise LabelFormatError(
                    f"key {label.hotkey!r} is already bound to {seen_keys[label.hotkey]!r}",
                    f"labels[{index}].hotkey",
                )
            seen_keys[label.hotkey] = label.name
    return labels


def _load_default_labels() -> tuple[Label, ...]:
    from belannot.core.packaged import resource  # errors only: no import cycle

    return labels_from_schema(orjson.loads(resource("schema.json").read_bytes()))


# The default schema, with its annotation guidelines, ships in resources/schema.json.
# Its colours are the Okabe–Ito palette: distinguishable under the common
# colour-vision deficiencies.
DEFAULT_LABELS: tuple[Label, ...] = _load_default_labels()


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Role = Role.ANNOTATOR

    def __post_init__(self) -> None:
        if not _USER_NAME.match(self.name) or self.name != self.name.strip():
            raise ValidationError(f"user name {self.name!r} must be 1–64 printable characters")


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """The narrow, listable facts about a document (no text)."""

    title: str = ""
    source: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    meta: DocumentMeta = DocumentMeta()

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled range of a document's text.

    Offsets are Unicode code points into the stored text, end-exclusive:
    ``text[start:end]`` is the span's text.
    """

    id: str
    document_id: str
    start: int
    end: int
    label: str
    annotator: str
    status: SpanStatus = SpanStatus.PENDING
    reviewer: str | None = None
    reviewed_at: str | None = None
    created: str = ""
    updated: str = ""
    attributes: Mapping[str, Any] = field(default_factory=dict)
    # A reviewer's correction points at the annotator's span it replaces.
    corrects: str | None = None

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def with_changes(self, **changes: Any) -> Span:
        return replace(self, **changes)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def span_order(span: Span) -> tuple[int, int, str, str, str]:
    """The order spans are listed in everywhere (the store's ORDER BY says the same)."""
    return (span.start, span.end, span.label, span.annotator, span.id)


def check_offsets(text_length: int, start: object, end: object) -> tuple[int, int]:
    """Validate a (start, end) pair against a text of ``text_length`` code points."""
    if isinstance(start, bool) or not isinstance(start, int):
        raise ValidationError(f"start must be an integer, got {start!r}")
    if isinstance(end, bool) or not isinstance(end, int):
        raise ValidationError(f"end must be an integer, got {end!r}")
    if start < 0:
        raise ValidationError(f"start {start} is negative")
    if end <= start:
        raise ValidationError(f"end {end} must be greater than start {start}")
    if end > text_length:
        raise ValidationError(f"end {end} is past the end of the text ({text_length} characters)")
    return start, end
