"""brat's ``annotation.conf``: the project's labels, relation types and attributes.

Sections ``[entities]`` (one label a line), ``[relations]`` (``name<TAB>Arg1:A|B, Arg2:C``,
``<REL-TYPE>:symmetric`` for a symmetric type: brat keeps its Equiv ``*`` lines for types
both symmetric and transitive, which belannot's are not), ``[events]`` (empty) and
``[attributes]``: a choice as ``name<TAB>Arg:label, Value:a|b``, a yes/no as a binary
attribute ``name<TAB>Arg:label``. brat has no attribute of open value: numbers, dates and
text are written in the ``.ann`` (``A1<TAB>horizon T3 by the end of 2024``) and listed in a
comment. brat types and values hold no whitespace: it is written as ``_``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.core.model import Label
from belannot.core.relations import RelationType

CONF_NAME = "annotation.conf"
VISUAL_NAME = "visual.conf"
_WHITESPACE = re.compile(r"\s")


def brat_name(name: str) -> str:
    """A label, type or choice as brat can hold it: whitespace becomes ``_``."""
    return _WHITESPACE.sub("_", name)


def annotation_conf(labels: Iterable[Label], relation_types: Iterable[RelationType]) -> bytes:
    """The ``annotation.conf`` describing ``labels`` and ``relation_types``."""
    labels = list(labels)
    lines = ["# The schema of a belannot project, for brat.", "", "[entities]", ""]
    lines += [brat_name(label.name) for label in labels]
    lines += ["", "[relations]", ""]
    for kind in relation_types:
        heads = "|".join(brat_name(name) for name in kind.head_labels)
        tails = "|".join(brat_name(name) for name in kind.tail_labels)
        line = f"{brat_name(kind.name)}\tArg1:{heads}, Arg2:{tails}"
        lines.append(line if kind.directed else line + ", <REL-TYPE>:symmetric")
    lines += ["", "[events]", "", "[attributes]", ""]
    lines += _attribute_lines(_on_labels(labels))
    return ("\n".join(lines) + "\n").encode("utf-8")


def visual_conf(labels: Iterable[Label], relation_types: Iterable[RelationType]) -> bytes:
    """The ``visual.conf`` that shows ``labels`` and ``relation_types`` in their colours."""
    lines = ["# How brat draws a belannot project's labels.", "", "[labels]", "", "[drawing]", ""]
    lines += [f"{brat_name(label.name)}\tbgColor:{label.color}" for label in labels]
    lines += [f"{brat_name(kind.name)}\tcolor:{kind.color}" for kind in relation_types]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _on_labels(labels: Iterable[Label]) -> dict[str, tuple[AttributeDef, list[str]]]:
    """Each attribute name with its definition and the labels that declare it, in order.

    brat declares an attribute once: the first label's definition stands for all."""
    found: dict[str, tuple[AttributeDef, list[str]]] = {}
    for label in labels:
        for definition in label.attributes:
            found.setdefault(definition.name, (definition, []))[1].append(brat_name(label.name))
    return found


def _attribute_lines(found: Mapping[str, tuple[AttributeDef, list[str]]]) -> list[str]:
    lines, open_values = [], []
    for name, (definition, on) in found.items():
        where = f"Arg:{'|'.join(on)}"
        if definition.kind is AttributeKind.CHOICE:
            values = "|".join(brat_name(choice) for choice in definition.choices)
            lines.append(f"{name}\t{where}, Value:{values}")
        elif definition.kind is AttributeKind.BOOL:
            lines.append(f"{name}\t{where}")
        else:
            open_values.append(f"# {name} ({definition.kind.value}, on {', '.join(on)})")
    if open_values:
        lines += ["", "# Open values, written in the .ann files; brat cannot list them:"]
        lines += open_values
    return lines
