"""The domain objects of a project: documents, labels, users, spans, and their validation."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


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


class ValidationError(ValueError):
    """A value that breaks a rule of the model; the message says which field and why."""


def now_iso() -> str:
    """The current UTC time as ISO-8601 with seconds, the form stored everywhere."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_span_id() -> str:
    return str(uuid.uuid4())


def content_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text: how a re-imported document is recognised."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LABEL_NAME = re.compile(r"^[^\s\x00-\x1f][^\x00-\x1f]{0,63}$")
_USER_NAME = re.compile(r"^[^\s\x00-\x1f][^\x00-\x1f]{0,63}$")


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    color: str
    hotkey: str | None = None
    description: str = ""
    position: int = 0

    def __post_init__(self) -> None:
        if not _LABEL_NAME.match(self.name) or self.name != self.name.strip():
            raise ValidationError(f"label name {self.name!r} must be 1–64 printable characters")
        if not _HEX_COLOR.match(self.color):
            raise ValidationError(f"label colour {self.color!r} must look like #1f77b4")
        if self.hotkey is not None and len(self.hotkey) != 1:
            raise ValidationError(f"label hotkey {self.hotkey!r} must be a single key")


# Okabe–Ito palette: distinguishable under the common colour-vision deficiencies.
DEFAULT_LABELS: tuple[Label, ...] = (
    Label("actor", "#0072B2", "1", "Who acts: a person, group, state or organisation.", 0),
    Label("event", "#E69F00", "2", "What happens: an action or occurrence.", 1),
    Label("prediction", "#CC79A7", "3", "A claim about what will or may happen.", 2),
    Label("quote", "#009E73", "4", "Words attributed to a speaker, with the quotation marks.", 3),
)


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
class DocumentSummary:
    """A row of the document list: everything but the text."""

    id: str
    title: str
    source: str | None
    published: str | None
    char_count: int
    span_count: int
    position: int


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
