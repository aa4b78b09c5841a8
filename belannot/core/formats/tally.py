"""What a read met but did not turn into records: skipped records and constructs left out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(slots=True)
class ReadTally:
    """One per import, shared by its readers through ``ReadOptions.tally``.

    A reader that passes over a whole record (a rejected Prodigy task) calls
    :meth:`skip`; one that meets a construct belannot has no model for (brat's ``E``
    lines) calls :meth:`left_out`, or counts it in its record's ``left_out``. The
    import report lists both, and ``--strict`` refuses the import when anything was
    left out.
    """

    # Why → how many records.
    skipped: Counter[str] = field(default_factory=Counter)
    # Where each skipped record was (file:line), in order, for the report's notes.
    skipped_at: list[tuple[str, str]] = field(default_factory=list)
    # Construct ("brat E lines") → how many.
    not_represented: Counter[str] = field(default_factory=Counter)
    # One line each about how a file was read ("tags from column 4 of 4 (the last)").
    notes: list[str] = field(default_factory=list)

    def skip(self, where: str, reason: str) -> None:
        self.skipped[reason] += 1
        self.skipped_at.append((where, reason))

    def left_out(self, construct: str, count: int = 1) -> None:
        self.not_represented[construct] += count

    def note(self, line: str) -> None:
        self.notes.append(line)
