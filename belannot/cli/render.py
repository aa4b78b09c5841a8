"""Everything the commands print: tables, JSON, one-line descriptions, progress."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import click
import orjson

from belannot.core.store import Store

if TYPE_CHECKING:  # types only: import and export, which print progress, load none of these
    from belannot.core.agreement import AgreementReport, LabelAgreement
    from belannot.core.model import Span
    from belannot.core.relations import Relation
    from belannot.core.suggestion_evaluation import Evaluation
    from belannot.core.suggestion_stats import Acceptance

NOTES_SHOWN = 20


def echo_json(value: Any) -> None:
    """``value`` as indented JSON."""
    click.echo(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode())


def echo_json_line(value: Any) -> None:
    """``value`` as one line of JSON (JSON Lines)."""
    click.echo(orjson.dumps(value).decode())


def echo_rows(rows: Iterable[Iterable[object]]) -> None:
    """One tab-separated line per row."""
    for row in rows:
        click.echo("\t".join(str(cell) for cell in row))


def echo_notes(notes: list[str], indent: str = "  ") -> None:
    """The first NOTES_SHOWN notes, then how many more there are."""
    for note in notes[:NOTES_SHOWN]:
        click.echo(f"{indent}{note}")
    if len(notes) > NOTES_SHOWN:
        click.echo(f"{indent}… and {len(notes) - NOTES_SHOWN} more")


def terminal_progress(verb: str) -> Callable[[int, int], None] | None:
    """A one-line progress display on an interactive stderr; nothing when piped."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        click.echo(f"\r{verb}: {done}/{total}", err=True, nl=False)
        click.echo(end, err=True, nl=False)

    return show


def describe_span(store: Store, span: Span) -> str:
    """A span in one line: id, annotator, label, offsets and (the start of) its text."""
    text = span.text_in(store.document_text(span.document_id))
    if len(text) > 40:
        text = text[:39] + "…"
    return f"{span.id} ({span.annotator}, {span.label} [{span.start}, {span.end}) {text!r})"


def describe_relation(store: Store, relation: Relation) -> str:
    """A relation in one line: id, annotator, type, and its two ends' labels and text."""
    text = store.document_text(relation.document_id)

    def end(span_id: str) -> str:
        span = store.span(span_id)
        if span is None:
            return span_id
        shown = span.text_in(text)
        return f"{span.label} {shown[:29] + '…' if len(shown) > 30 else shown!r}"

    return (
        f"{relation.id} ({relation.annotator}, {relation.type}: "
        f"{end(relation.head)} → {end(relation.tail)})"
    )


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def agreement_table(report: AgreementReport, *, list_documents: int = 10) -> list[str]:
    """The agreement report as aligned text lines."""
    shown = ", ".join(report.documents[:list_documents])
    if len(report.documents) > list_documents:
        shown += f", … ({len(report.documents) - list_documents} more)"
    lines = [
        f"annotators: {', '.join(report.annotators)}",
        f"documents: {len(report.documents)} marked done by all of them"
        f" ({report.excluded_documents} other documents left out)"
        + (f": {shown}" if shown else ""),
        f"characters: {report.characters}",
    ]
    if not report.documents:
        lines.append("no document is marked done by every one of these annotators")
        return lines
    rows: list[tuple[str, ...]] = [
        ("label", "pair", "spans", "exact F1", "overlap F1", "kappa", "alpha")
    ]

    def add(entry: LabelAgreement) -> None:
        name = entry.label or "overall"
        for pair in entry.pairs:
            rows.append(
                (
                    name,
                    " / ".join(pair.annotators),
                    " / ".join(str(n) for n in pair.spans),
                    _figure(pair.exact_f1),
                    _figure(pair.overlap_f1),
                    _figure(pair.kappa),
                    "",
                )
            )
        rows.append(
            (
                name,
                "group (mean)",
                "",
                _figure(entry.mean_exact_f1),
                _figure(entry.mean_overlap_f1),
                _figure(entry.mean_kappa),
                _figure(entry.alpha),
            )
        )

    for entry in report.labels:
        add(entry)
    add(report.overall)
    lines.append("")
    lines.extend(_aligned(rows))
    lines.append("")
    lines.append(
        "overall: F1 over all labels together (micro); kappa and alpha with each character's"
        " set of labels as its category. — means undefined."
    )
    return lines + _relation_lines(report) + _attribute_lines(report) + _link_lines(report)


def _aligned(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows as columns: the first two left-aligned, figures right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _relation_lines(report: AgreementReport) -> list[str]:
    if report.relations is None:
        return []
    header = ("type", "pair", "relations", "matches", "precision", "recall", "F1")
    return [
        "",
        "relations (exact: same type, head and tail)",
        *_aligned([header, *report.relations.table(_figure)]),
        "precision and recall take the first of the pair as the reference.",
    ]


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _attribute_lines(report: AgreementReport) -> list[str]:
    if not report.attributes:
        return []
    from belannot.core.attribute_agreement import attribute_table

    header = ("attribute", "pair", "spans", "agreed", "agreement", "kappa")
    rows = attribute_table(report.attributes, _figure, _percent)
    return ["", "attributes (spans both made exactly)", *_aligned([header, *rows])]


def _link_lines(report: AgreementReport) -> list[str]:
    if report.links is None or not report.link_labels:
        return []
    from belannot.core.attribute_agreement import attribute_table

    header = ("link", "pair", "spans", "agreed", "agreement", "kappa")
    rows = attribute_table([report.links], _figure, _percent)
    labels = ", ".join(report.link_labels)
    return [
        "",
        f"actor links ({labels} spans both made exactly; not linked is a value of its own)",
        *_aligned([header, *rows]),
    ]


def acceptance_rows(rows: Iterable[Acceptance]) -> Iterator[tuple[object, ...]]:
    """Recommender, accepted, rejected, acceptance rate."""
    yield ("recommender", "accepted", "rejected", "rate")
    for row in rows:
        yield (row.recommender, row.accepted, row.rejected, _figure(row.rate))


def evaluation_table(report: Evaluation) -> list[str]:
    """Per recommender and label: counts, then P/R/F1 exact and overlap."""
    lines = [
        f"against {report.annotator}'s layer in {report.documents} done documents",
        f"{'recommender':<24} {'label':<12} {'sugg':>6} {'gold':>6}"
        f"  {'P':>5} {'R':>5} {'F1':>5}  {'P~':>5} {'R~':>5} {'F1~':>5}",
    ]
    for name, labels in report.scores.items():
        for label, score in labels.items():
            data = score.to_json()
            figures = [
                _figure(data[kind][key])
                for kind in ("exact", "overlap")
                for key in ("p", "r", "f1")
            ]
            lines.append(
                f"{name:<24} {label:<12} {score.predicted:>6} {score.gold:>6}"
                f"  {' '.join(f'{f:>5}' for f in figures[:3])}"
                f"  {' '.join(f'{f:>5}' for f in figures[3:])}"
            )
    lines.append("exact: same start, end and label; ~ overlap: same label, overlapping")
    return lines
