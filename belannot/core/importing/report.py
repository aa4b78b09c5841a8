"""What an import did: counts, the files it left alone, and its warnings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from belannot.core.formats.tally import ReadTally

# Above this many characters an import warns: spaCy refuses longer texts by default,
# and the window takes seconds to lay one out.
WARN_CHARS = 1_000_000


@dataclass(slots=True)
class ImportReport:
    documents_added: int = 0
    documents_existing: int = 0
    spans_added: int = 0
    spans_existing: int = 0
    relations_added: int = 0
    relations_existing: int = 0
    # Links naming another database (brat's Wikidata:Q7747) that no registry actor's
    # external reference matches: read, but not represented in the project.
    links_left_out: int = 0
    files: int = 0
    document_ids: list[str] = field(default_factory=list)
    # Files found in a folder and left alone, with why ("not text", "not a regular file").
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    # One line each: documents long enough to be slow to export and to show.
    warnings: list[str] = field(default_factory=list)
    # What the files held, per kind (documents, spans, relations, attributes, links).
    read: Counter[str] = field(default_factory=Counter)
    # Construct → how many the files held that belannot has no model for.
    not_represented: Counter[str] = field(default_factory=Counter)
    # Construct → how many were kept as suggestions ("Label Studio prediction results").
    suggestions_kept: Counter[str] = field(default_factory=Counter)
    # Why → how many records a reader passed over.
    skipped_records: Counter[str] = field(default_factory=Counter)
    # Labels, relation types and attributes --create-labels made, by kind.
    created: dict[str, list[str]] = field(default_factory=dict)
    # How the readers read the files ("tags from column 4 of 4 (the last), scheme IOB1").
    read_notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.documents_added} documents added, {self.documents_existing} already present; "
            f"{self.spans_added} spans added, {self.spans_existing} already present"
        )
        if self.relations_added or self.relations_existing:
            text += (
                f"; {self.relations_added} relations added, "
                f"{self.relations_existing} already present"
            )
        if self.links_left_out:
            text += (
                f"; {self.links_left_out} actor links to other databases left out "
                "(no actor of the registry has that reference)"
            )
        if self.skipped:
            text += f"; {len(self.skipped)} skipped"
        if self.warnings:
            text += f"; {len(self.warnings)} very long documents"
        return text

    def take(self, tally: ReadTally) -> None:
        """Add what the readers counted beside their records."""
        self.not_represented.update(tally.not_represented)
        self.skipped_records.update(tally.skipped)
        self.read_notes.extend(tally.notes)
        tally.not_represented.clear()
        tally.skipped.clear()
        tally.notes.clear()

    def lines(self) -> list[str]:
        """What was read per kind, what could not be represented, what was made: one line
        each, for the terminal and the import dialog alike."""
        found = [f"read: {_counted(self.read, _KINDS)}"] if self.read else []
        found += [f"{what}: {n}" for what, n in sorted(self.suggestions_kept.items())]
        if self.not_represented:
            found.append(f"not represented: {_listed(self.not_represented)}")
        if self.skipped_records:
            found.append(f"skipped records: {_listed(self.skipped_records)}")
        found += [f"created {kind}: {', '.join(names)}" for kind, names in self.created.items()]
        return found + self.read_notes

    def notes(self) -> list[str]:
        """What the summary counts, one line per file."""
        return [f"skipped {path}: {reason}" for path, reason in self.skipped] + [
            f"warning: {line}" for line in self.warnings
        ]


_KINDS = ("documents", "spans", "relations", "attributes", "links")
_SINGULAR = {
    "documents": "document",
    "spans": "span",
    "relations": "relation",
    "attributes": "attribute",
    "links": "link",
}


def _counted(counts: Counter[str], order: tuple[str, ...]) -> str:
    return ", ".join(
        f"{counts[kind]} {kind if counts[kind] != 1 else _SINGULAR[kind]}"
        for kind in order
        if counts[kind]
    )


def _listed(counts: Counter[str]) -> str:
    return "; ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
