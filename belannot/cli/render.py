"""Everything the commands print: tables, JSON, one-line descriptions, progress."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import click
import orjson

from belannot.core.agreement import AgreementReport, LabelAgreement
from belannot.core.model import Span
from belannot.core.store import Store
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
    rows = [("label", "pair", "spans", "exact F1", "overlap F1", "kappa", "alpha")]

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
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines.append("")
    for row in rows:
        cells = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.append("")
    lines.append(
        "overall: F1 over all labels together (micro); kappa and alpha with each character's"
        " set of labels as its category. — means undefined."
    )
    return lines


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
