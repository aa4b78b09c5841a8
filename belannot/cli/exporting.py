"""``belannot export``: documents and their spans in every export format, split if asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from belannot.cli.context import Context, pass_context
from belannot.cli.render import echo_notes
from belannot.core.errors import BelannotError
from belannot.core.formats.exporting import (
    DocumentSelection,
    ExportOptions,
    OverlapPolicy,
    parse_splits,
)
from belannot.core.formats.registry import EXPORT_FORMATS
from belannot.core.formats.registry import export as export_formats
from belannot.core.model import SpanStatus
from belannot.core.store import SpanFilter


def span_filter_options(function: Any) -> Any:
    for option in reversed(
        [
            click.option("--approved-only", is_flag=True, help="Only approved (gold) spans."),
            click.option("--annotator", "annotators", multiple=True, help="Only this annotator's."),
            click.option("--label", "labels", multiple=True, help="Only this label (repeatable)."),
            click.option(
                "--status",
                "statuses",
                multiple=True,
                type=click.Choice([s.value for s in SpanStatus]),
                help="Only spans with this status (repeatable).",
            ),
        ]
    ):
        function = option(function)
    return function


def build_span_filter(
    approved_only: bool,
    annotators: tuple[str, ...],
    labels: tuple[str, ...],
    statuses: tuple[str, ...],
) -> SpanFilter:
    chosen = tuple(SpanStatus(s) for s in statuses)
    if approved_only:
        chosen = (SpanStatus.APPROVED,)
    return SpanFilter(annotators=annotators, labels=labels, statuses=chosen)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(EXPORT_FORMATS)),
    default="jsonl",
    show_default=True,
    help="jsonl, spacy (.spacy DocBin), hf (datasets folder), prodigy, doccano, "
    "label-studio, brat (folder, or .zip), conll (IOB2).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@span_filter_options
@click.option(
    "--split",
    "split_spec",
    help="Assign whole documents to splits, e.g. train=0.8,dev=0.1,test=0.1; "
    "writes one output per split (out.train.jsonl …).",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Seed of the split assignment."
)
@click.option(
    "--documents",
    type=click.Choice([d.value for d in DocumentSelection]),
    help="Which documents: reviewed (no pending span), done (marked done by an --annotator, "
    "or by anyone), all. Default: reviewed with --approved-only, else all.",
)
@click.option(
    "--conll-overlap",
    type=click.Choice([p.value for p in OverlapPolicy]),
    default="longest",
    show_default=True,
    help="Which overlapping span keeps the tokens where one label per token fits "
    "(conll, hf ner_tags, spacy doc.ents); priority follows the label order.",
)
@click.option(
    "--include-suggestions",
    is_flag=True,
    help="Also write each document's suggestions for --user (jsonl only; never as spans).",
)
@pass_context
def export_command(
    context: Context,
    fmt: str,
    output: Path,
    force: bool,
    approved_only: bool,
    annotators: tuple[str, ...],
    labels: tuple[str, ...],
    statuses: tuple[str, ...],
    split_spec: str | None,
    seed: int,
    documents: str | None,
    conll_overlap: str,
    include_suggestions: bool,
) -> None:
    """Export documents and their spans.

    With --approved-only only reviewed documents are taken unless --documents says
    otherwise: a document nobody reviewed would look like one without any span.
    """
    store = context.store()
    unknown = [name for name in labels if store.label(name) is None]
    if unknown:
        raise BelannotError(f"--label: unknown label {', '.join(unknown)}")
    span_filter = build_span_filter(approved_only, annotators, labels, statuses)
    selection = DocumentSelection(documents or ("reviewed" if approved_only else "all"))
    options = ExportOptions(
        span_filter=span_filter,
        overwrite=force,
        overlap=OverlapPolicy(conll_overlap),
        documents=selection,
        suggestions=suggestions_json(context, fmt) if include_suggestions else None,
    )
    splits = parse_splits(split_spec) if split_spec else None
    for report in export_formats(store, fmt, output, options, splits=splits, seed=seed):
        prefix = f"{report.split}: " if report.split else ""
        click.echo(prefix + report.summary())
        echo_notes(report.notes)


def suggestions_json(context: Context, fmt: str) -> Any:
    """What ``--include-suggestions`` writes: the user's suggestions in each document."""
    if fmt != "jsonl":
        raise BelannotError(f"--include-suggestions: only jsonl writes suggestions, not {fmt}")
    from belannot.core.suggestions import Suggester

    suggester = Suggester(context.store(), context.user().name)
    return lambda document_id, text: [s.to_json() for s in suggester.suggest(document_id, text)]


COMMANDS = (export_command,)
