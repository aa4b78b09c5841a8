"""What an import did: counts, the files it left alone, and its warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

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

    def notes(self) -> list[str]:
        """What the summary counts, one line per file."""
        return [f"skipped {path}: {reason}" for path, reason in self.skipped] + [
            f"warning: {line}" for line in self.warnings
        ]
