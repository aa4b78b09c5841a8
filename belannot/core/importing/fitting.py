"""Attribute values a format gives as text, fitted to the kinds the label declares.

brat writes every value as a word (``came_true``, ``3``) and Label Studio a yes/no as a
choice (``"true"``). Before the import checks a span's attributes, each such value that
its definition would refuse is turned into the one it stands for, when there is exactly
one; any other value is left for the check to refuse, naming it.
"""

from __future__ import annotations

import math
import re
from typing import Any

from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.core.errors import ValidationError
from belannot.core.formats.records import DocumentRecord
from belannot.core.importing.checks import LabelDefinitions

_WHITESPACE = re.compile(r"\s")
_BOOLS = {"true": True, "yes": True, "false": False, "no": False}


def fit_loose_attributes(record: DocumentRecord, labels: LabelDefinitions) -> None:
    """Fit each span's loosely typed attribute values to its label's definitions."""
    for span in record.spans:
        if not span.attributes:
            continue
        declared = {d.name: d for d in labels.get(span.label, ())}
        if declared:
            span.attributes = {
                name: fit_value(declared[name], value) if name in declared else value
                for name, value in span.attributes.items()
            }


def fit_value(definition: AttributeDef, value: Any) -> Any:
    """``value`` as ``definition`` takes it; ``value`` itself when it fits or nothing does."""
    try:
        return definition.check(value)
    except ValidationError:
        pass
    if not isinstance(value, str):
        return value
    kind = definition.kind
    if kind is AttributeKind.CHOICE:
        matches = [c for c in definition.choices if _WHITESPACE.sub("_", c) == value]
        return matches[0] if len(matches) == 1 else value
    if kind is AttributeKind.BOOL:
        return _BOOLS.get(value.strip().lower(), value)
    if kind is AttributeKind.NUMBER:
        return _number(value)
    return value


def _number(value: str) -> Any:
    try:
        number: int | float = int(value)
    except ValueError:
        try:
            number = float(value)
        except ValueError:
            return value
    return number if math.isfinite(number) else value
