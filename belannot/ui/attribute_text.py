"""A span's attributes as one compact line ("certainty=likely, outcome=unresolved")."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

# The note has its own field in the tag panel; the attribute displays leave it out.
from belannot.core.attributes import NOTE_ATTRIBUTE
from belannot.core.model import Span


def value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def attributes_text(attributes: Mapping[str, Any], order: Sequence[str] = ()) -> str:
    """``name=value`` pairs, declared ones first in the label's order, the note left out."""
    names = [n for n in order if n in attributes]
    names += [n for n in attributes if n not in names and n != NOTE_ATTRIBUTE]
    return ", ".join(f"{name}={value_text(attributes[name])}" for name in names)


def hover_text(
    spans: Iterable[Span], status_text: Callable[[Span], str], note_of: Callable[[Span], str]
) -> str:
    """The article's hover over ``spans``: a "label · annotator · status" line each, then an
    indented line of its attributes and one of its note (e.g. the linked actor), if any."""
    lines = []
    for span in spans:
        lines.append(f"{span.label} · {span.annotator} · {status_text(span)}")
        if attributes := attributes_text(span.attributes):
            lines.append(f"  {attributes}")
        if note := note_of(span):
            lines.append(f"  → {note}")
    return "\n".join(lines)
