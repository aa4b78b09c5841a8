"""Typed span attributes: a label's attribute definitions and the checks of their values."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from belannot.core.errors import ValidationError

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class AttributeKind(StrEnum):
    CHOICE = "choice"
    BOOL = "bool"
    NUMBER = "number"
    DATE = "date"
    TEXT = "text"


class AttributeFormatError(ValidationError):
    """A definition (in a schema file or JSON) that breaks a rule; ``field`` says where."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.problem = message


def _describe(value: object) -> str:
    return repr(value) if not isinstance(value, str) else f"{value!r}"


@dataclass(frozen=True, slots=True)
class AttributeDef:
    """One typed attribute a label's spans may carry."""

    name: str
    kind: AttributeKind
    choices: tuple[str, ...] = ()
    default: Any = None
    required: bool = False
    remember_last: bool = False
    description: str = ""
    # A date attribute that also takes free text ("by the end of the year").
    free_text: bool = False

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValidationError(
                f"attribute name {self.name!r} must be 1–64 letters, digits, '_' or '-'"
            )
        if self.kind is AttributeKind.CHOICE:
            if not self.choices:
                raise ValidationError(f"attribute {self.name!r}: a choice needs choices")
            if len(set(self.choices)) != len(self.choices):
                raise ValidationError(f"attribute {self.name!r}: a choice appears twice")
            if any(not isinstance(c, str) or not c.strip() for c in self.choices):
                raise ValidationError(f"attribute {self.name!r}: choices must be non-empty text")
        elif self.choices:
            raise ValidationError(f"attribute {self.name!r}: only a choice has choices")
        if self.free_text and self.kind is not AttributeKind.DATE:
            raise ValidationError(f"attribute {self.name!r}: only a date may allow free text")
        if self.default is not None:
            self.check(self.default)

    def check(self, value: object) -> Any:
        """``value`` if it fits this definition; else ValidationError naming both."""
        if self._fits(value):
            return value
        raise ValidationError(
            f"attribute {self.name!r}: {_describe(value)} is not {self.expected()}"
        )

    def _fits(self, value: object) -> bool:
        kind = self.kind
        if kind is AttributeKind.CHOICE:
            return isinstance(value, str) and value in self.choices
        if kind is AttributeKind.BOOL:
            return isinstance(value, bool)
        if kind is AttributeKind.NUMBER:
            return (
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and math.isfinite(value)
            )
        if not isinstance(value, str):
            return False
        if kind is AttributeKind.DATE:
            return (self.free_text and bool(value.strip())) or _is_iso_date(value)
        return True

    def expected(self) -> str:
        kind = self.kind
        if kind is AttributeKind.CHOICE:
            return "one of " + ", ".join(self.choices)
        if kind is AttributeKind.BOOL:
            return "true or false"
        if kind is AttributeKind.NUMBER:
            return "a number"
        if kind is AttributeKind.DATE:
            return "an ISO date or text" if self.free_text else "an ISO date (YYYY-MM-DD)"
        return "text"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "kind": self.kind.value}
        if self.choices:
            data["choices"] = list(self.choices)
        if self.free_text:
            data["free_text"] = True
        data |= {
            "default": self.default,
            "required": self.required,
            "remember_last": self.remember_last,
            "description": self.description,
        }
        return data

    @classmethod
    def from_json(cls, data: object, where: str = "attribute") -> AttributeDef:
        if not isinstance(data, dict):
            raise AttributeFormatError("must be an object", where)
        name, kind = data.get("name"), data.get("kind")
        if not isinstance(name, str):
            raise AttributeFormatError("must be a string", f"{where}.name")
        try:
            parsed = AttributeKind(kind if isinstance(kind, str) else "")
        except ValueError:
            known = ", ".join(k.value for k in AttributeKind)
            raise AttributeFormatError(f"{kind!r} is not one of {known}", f"{where}.kind") from None
        choices = data.get("choices", [])
        if not isinstance(choices, list):
            raise AttributeFormatError("must be a list", f"{where}.choices")
        flags = {key: data.get(key, False) for key in ("required", "remember_last", "free_text")}
        for key, flag in flags.items():
            if not isinstance(flag, bool):
                raise AttributeFormatError("must be true or false", f"{where}.{key}")
        description = data.get("description", "")
        if not isinstance(description, str):
            raise AttributeFormatError("must be a string", f"{where}.description")
        try:
            return cls(
                name=name,
                kind=parsed,
                choices=tuple(choices),
                default=data.get("default"),
                description=description,
                **flags,
            )
        except ValidationError as error:
            raise AttributeFormatError(str(error), where) from error


def _is_iso_date(value: str) -> bool:
    if not _ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def definitions_from_json(data: object, where: str = "attributes") -> tuple[AttributeDef, ...]:
    """A label's definitions from JSON (a list); names must be unique."""
    if data is None:
        return ()
    if not isinstance(data, list):
        raise AttributeFormatError("must be a list", where)
    definitions = tuple(
        AttributeDef.from_json(item, f"{where}[{i}]") for i, item in enumerate(data)
    )
    check_unique(definitions, where)
    return definitions


def check_unique(definitions: Iterable[AttributeDef], where: str = "attributes") -> None:
    seen: set[str] = set()
    for index, definition in enumerate(definitions):
        if definition.name in seen:
            raise AttributeFormatError(
                f"attribute {definition.name!r} appears twice", f"{where}[{index}].name"
            )
        seen.add(definition.name)


# Every span may carry a free-text note (the tag panel's note field), whatever its
# label declares; a label may still declare "note" itself.
NOTE_ATTRIBUTE = "note"
_NOTE = AttributeDef(NOTE_ATTRIBUTE, AttributeKind.TEXT)


def compared_values(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """The attribute values annotators are compared on: all but the free-text note."""
    return {name: value for name, value in attributes.items() if name != NOTE_ATTRIBUTE}


def _declared(definitions: Iterable[AttributeDef]) -> dict[str, AttributeDef]:
    """A label's definitions by name, the note among them; empty when it declares none."""
    declared = {definition.name: definition for definition in definitions}
    if declared:
        declared.setdefault(NOTE_ATTRIBUTE, _NOTE)
    return declared


def attribute_fault(
    label: str, definitions: Iterable[AttributeDef], attributes: Mapping[str, Any]
) -> tuple[str, str] | None:
    """Why ``attributes`` do not fit ``label``'s definitions, as (message, attribute name).

    A label that declares no attributes takes any, as every label did before definitions
    existed: projects and exports made then keep their free-form attributes.
    """
    declared = _declared(definitions)
    if not declared:
        return None
    for name, value in attributes.items():
        definition = declared.get(name)
        if definition is None:
            known = ", ".join(sorted(declared)) or "none"
            return f"label {label!r} has no attribute {name!r} (known: {known})", name
        try:
            definition.check(value)
        except ValidationError as error:
            return str(error), name
    return None


def check_attributes(
    label: str, definitions: Iterable[AttributeDef], attributes: Mapping[str, Any]
) -> None:
    """Raise ValidationError when ``attributes`` do not fit ``label``'s definitions."""
    fault = attribute_fault(label, definitions, attributes)
    if fault is not None:
        raise ValidationError(fault[0])


def declared_only(
    definitions: Iterable[AttributeDef], attributes: Mapping[str, Any]
) -> dict[str, Any]:
    """The attributes a label declares and whose values fit (what a span keeps when it
    changes label). A label that declares none keeps them all, as before."""
    declared = _declared(definitions)
    if not declared:
        return dict(attributes)
    return {
        name: value
        for name, value in attributes.items()
        if name in declared and declared[name]._fits(value)
    }


def missing_required(
    definitions: Iterable[AttributeDef], attributes: Mapping[str, Any]
) -> list[str]:
    return [d.name for d in definitions if d.required and attributes.get(d.name) is None]
