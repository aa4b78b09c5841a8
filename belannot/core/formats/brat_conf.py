"""Reading brat's ``annotation.conf``: the labels, relation types and attributes it declares.

``[entities]`` and ``[events]`` types are labels (an indented line is a subtype; a ``!``
type is abstract, not a label); ``[relations]`` lines are relation types from ``Arg1`` to
``Arg2`` (``<REL-TYPE>:symmetric…`` undirected); each event role is a relation type from
the event types that name it to its argument types (``Theme?``, ``Theme+`` and ``Theme2``
are ``Theme``); ``[attributes]`` with ``Value:a|b`` are choices, without them yes/no.
``<ENTITY>``, ``<EVENT>`` and ``<ANY>`` stand for those types.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.core.errors import InputError
from belannot.core.formats.brat_schema import CONF_NAME
from belannot.core.formats.records import FileSchema
from belannot.core.relations import RelationType

_ROLE_MARKS = re.compile(r"[?*+\d]+$")


@dataclass(slots=True)
class _Conf:
    entities: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    # name → (head types, tail types, directed)
    relations: dict[str, tuple[list[str], list[str], bool]] = field(default_factory=dict)
    attributes: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    def expand(self, names: list[str]) -> list[str]:
        found: list[str] = []
        for name in names:
            if name == "<ENTITY>":
                found += self.entities
            elif name == "<EVENT>":
                found += self.events
            elif name == "<ANY>":
                found += self.entities + self.events
            elif not name.startswith("<"):
                found.append(name)
        return list(dict.fromkeys(found))


def read_conf(text: str, path: str) -> FileSchema:
    """The schema ``text`` (an ``annotation.conf`` at ``path``) declares."""
    conf = _Conf()
    section = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", "-")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        name, _, rest = line.replace("\t", " ", 1).partition(" ")
        if name.startswith(("!", "<")) or "=" in name:
            continue  # an abstract type or a macro
        try:
            _take(conf, section, name, _arguments(rest))
        except ValueError as error:
            raise InputError(str(error), path=path, line=number, field=name) from error
    return _schema(conf, path)


def _arguments(rest: str) -> list[tuple[str, list[str]]]:
    found = []
    for part in rest.split(","):
        role, colon, types = part.strip().partition(":")
        if not part.strip():
            continue
        if not colon:
            raise ValueError(f"expected '<role>:<type>|<type>', got {part.strip()!r}")
        found.append((role.strip(), [t.strip() for t in types.split("|") if t.strip()]))
    return found


def _take(conf: _Conf, section: str, name: str, arguments: list[tuple[str, list[str]]]) -> None:
    if section == "entities":
        conf.entities.append(name)
    elif section == "events":
        conf.events.append(name)
        for role, types in arguments:
            heads, tails, _ = conf.relations.setdefault(_ROLE_MARKS.sub("", role), ([], [], True))
            heads.append(name)
            tails += types
    elif section == "relations":
        roles = dict(arguments)
        directed = "symmetric" not in " ".join(roles.get("<REL-TYPE>", []))
        heads, tails, _ = conf.relations.get(name, ([], [], directed))
        conf.relations[name] = (
            heads + roles.get("Arg1", []),
            tails + roles.get("Arg2", []),
            directed,
        )
    elif section == "attributes":
        roles = dict(arguments)
        conf.attributes.append((name, roles.get("Arg", []), roles.get("Value", [])))


def _schema(conf: _Conf, path: str) -> FileSchema:
    labels = list(dict.fromkeys(conf.entities + conf.events))
    kinds = []
    for name, (heads, tails, directed) in conf.relations.items():
        head_labels, tail_labels = conf.expand(heads), conf.expand(tails)
        if head_labels and tail_labels:
            kinds.append(RelationType(name, tuple(head_labels), tuple(tail_labels), directed))
    attributes = []
    for name, on, values in conf.attributes:
        kind = AttributeKind.CHOICE if values else AttributeKind.BOOL
        definition = (
            AttributeDef(name, kind, choices=tuple(values)) if values else AttributeDef(name, kind)
        )
        attributes += [(label, definition) for label in conf.expand(on)]
    return FileSchema(labels, kinds, attributes, path)


class ConfFinder:
    """The ``annotation.conf`` nearest a document of a folder (its own folder's, else the
    closest above it, up to the folder imported), given once: to the first record it governs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.given: set[Path] = set()

    def for_document(self, stem: str) -> FileSchema | None:
        folder = (self.root / stem).parent
        while True:
            conf = folder / CONF_NAME
            if conf.is_file():
                if conf in self.given:
                    return None
                self.given.add(conf)
                try:
                    text = conf.read_text("utf-8-sig")
                except (OSError, UnicodeDecodeError) as error:
                    raise InputError(f"cannot be read: {error}", path=conf) from error
                return read_conf(text, str(conf))
            if folder == self.root or self.root not in folder.parents:
                return None
            folder = folder.parent


def nearest_member(stem: str, names: Collection[str]) -> str | None:
    """The ``annotation.conf`` member of a zip nearest its document ``stem``, if any."""
    folder = PurePosixPath(stem).parent
    while True:
        candidate = CONF_NAME if str(folder) == "." else f"{folder.as_posix()}/{CONF_NAME}"
        if candidate in names:
            return candidate
        if str(folder) == ".":
            return None
        folder = folder.parent


def conf_from_bytes(data: bytes, where: str) -> FileSchema:
    """The schema of an ``annotation.conf`` read as bytes (a zip member's)."""
    try:
        return read_conf(data.decode("utf-8-sig"), where)
    except UnicodeDecodeError as error:
        raise InputError("not UTF-8", path=where) from error
