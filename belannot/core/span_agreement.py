"""Per-span agreement in one document: which annotators made each span, and where they clash.

A reviewer's view of one document's layers (docs/GLOSSARY.md words):

- **all**: every annotator of the document made an identical copy (same start,
  end and label);
- **some**: fewer than all made it (one annotator alone included);
- **label conflict**: another annotator marked the same range with another label;
- **boundary conflict**: another annotator marked an overlapping range with the
  same label but other boundaries;
- **attributes differ**: another annotator made an identical copy whose attributes
  differ (a value not given counts as a value of its own); ``differing`` names them.

A conflict wins over "attributes differ", which wins over "all" and "some": it is
what a reviewer must settle. Spans of one
annotator never conflict with each other, and reviewer corrections (``corrects``
set) are the reviewer's own version: they are marked **correction**.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from belannot.core.attributes import compared_values
from belannot.core.model import Span


class AgreementKind(StrEnum):
    ALL = "all"
    SOME = "some"
    LABEL_CONFLICT = "label conflict"
    BOUNDARY_CONFLICT = "boundary conflict"
    CORRECTION = "correction"
    ATTRIBUTES_DIFFER = "attributes differ"


@dataclass(frozen=True, slots=True)
class SpanAgreement:
    """How one span stands among the document's annotators."""

    kind: AgreementKind
    # Distinct annotators with an identical copy (this span's annotator included).
    agreeing: int
    # Annotators of the document.
    annotators: int
    # The attributes an identical copy of another annotator has other values of.
    differing: tuple[str, ...] = ()

    @property
    def is_conflict(self) -> bool:
        return self.kind in (AgreementKind.LABEL_CONFLICT, AgreementKind.BOUNDARY_CONFLICT)

    def describe(self) -> str:
        if self.kind is AgreementKind.CORRECTION:
            return "correction"
        if self.kind in (AgreementKind.ALL, AgreementKind.SOME):
            return f"{self.kind.value} {self.agreeing}/{self.annotators}"
        if self.kind is AgreementKind.ATTRIBUTES_DIFFER:
            return f"≠ {', '.join(self.differing)}"
        # Short: it is a table column; the tooltip and the legend say the rest.
        return "≠ label" if self.kind is AgreementKind.LABEL_CONFLICT else "≠ bounds"


def document_annotators(spans: Iterable[Span], also: Iterable[str] = ()) -> list[str]:
    """The annotators of a document: those who made a span (not a correction), and ``also``
    (e.g. those who marked it done without a span), sorted."""
    return sorted({s.annotator for s in spans if s.corrects is None} | set(also))


def span_agreements(
    spans: Sequence[Span], annotators: Sequence[str] | None = None
) -> dict[str, SpanAgreement]:
    """span id → how the annotators agree on it, for every span of one document.

    ``annotators`` defaults to :func:`document_annotators` of ``spans``.
    """
    names = set(annotators) if annotators is not None else set(document_annotators(spans))
    total = max(len(names), 1)
    made = [s for s in spans if s.corrects is None]
    makers: dict[tuple[int, int, str], set[str]] = defaultdict(set)
    copies: dict[tuple[int, int, str], list[Span]] = defaultdict(list)
    labels_by_range: dict[tuple[int, int], set[tuple[str, str]]] = defaultdict(set)
    by_label: dict[str, list[Span]] = defaultdict(list)
    for span in made:
        makers[(span.start, span.end, span.label)].add(span.annotator)
        copies[(span.start, span.end, span.label)].append(span)
        labels_by_range[(span.start, span.end)].add((span.label, span.annotator))
        by_label[span.label].append(span)
    for group in by_label.values():
        group.sort(key=lambda s: (s.start, s.end))
    result: dict[str, SpanAgreement] = {}
    for span in spans:
        if span.corrects is not None:
            result[span.id] = SpanAgreement(AgreementKind.CORRECTION, 0, total)
            continue
        agreeing = len(makers[(span.start, span.end, span.label)])
        differing: tuple[str, ...] = ()
        if any(
            label != span.label and who != span.annotator
            for label, who in labels_by_range[(span.start, span.end)]
        ):
            kind = AgreementKind.LABEL_CONFLICT
        elif _boundary_conflict(span, by_label[span.label]):
            kind = AgreementKind.BOUNDARY_CONFLICT
        elif differing := _differing(span, copies[(span.start, span.end, span.label)]):
            kind = AgreementKind.ATTRIBUTES_DIFFER
        elif agreeing >= total and total >= 2:
            kind = AgreementKind.ALL
        else:
            kind = AgreementKind.SOME
        result[span.id] = SpanAgreement(kind, agreeing, total, differing)
    return result


def _differing(span: Span, copies: Sequence[Span]) -> tuple[str, ...]:
    """The attributes some other annotator's identical copy gives another value (or none)."""
    names: set[str] = set()
    mine = compared_values(span.attributes)
    for other in copies:
        theirs = compared_values(other.attributes)
        if other.annotator == span.annotator or theirs == mine:
            continue
        for name in theirs.keys() | mine.keys():
            if theirs.get(name) != mine.get(name):
                names.add(name)
    return tuple(sorted(names))


def _boundary_conflict(span: Span, same_label: Sequence[Span]) -> bool:
    # same_label is sorted by start; spans starting at or after span.end cannot overlap.
    for other in same_label:
        if other.start >= span.end:
            break
        if (
            other.annotator != span.annotator
            and other.end > span.start
            and (other.start, other.end) != (span.start, span.end)
        ):
            return True
    return False
