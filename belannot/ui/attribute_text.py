"""A span's attributes as one compact line ("certainty=likely, outcome=unresolved")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

# The note has its own field in the tag panel; the attribute displays leave it out.
from belannot.core.attributes import NOTE_ATTRIBUTE


def value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def attributes_text(attributes: Mapping[str, Any], order: Sequence[str] = ()) -> str:
    """``name=value`` pairs, declared ones first in the label's order, the note left out."""
    names = [n for n in order if n in attributes]
    names += [n for n in attributes if n not in names and n != NOTE_ATTRIBUTE]
    return ", ".join(f"{name}={value_text(attributes[name])}" for name in names)
