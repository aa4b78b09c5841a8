"""``belannot agreement``: inter-annotator agreement over the documents all marked done."""

from __future__ import annotations

import click

from belannot.cli.context import Context, pass_context
from belannot.cli.render import agreement_table, echo_json
from belannot.core.agreement import compute_agreement


@click.command("agreement")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--label", "labels", multiple=True, help="Only this label (repeatable).")
@click.option(
    "--annotator",
    "annotators",
    multiple=True,
    help="Compare this annotator (repeatable; default: every annotator with a done document).",
)
@pass_context
def agreement_command(
    context: Context, as_json: bool, labels: tuple[str, ...], annotators: tuple[str, ...]
) -> None:
    """Inter-annotator agreement over the documents every compared annotator marked done.

    Per label and overall: span F1 (exact and overlap) and Cohen's kappa for each pair,
    Krippendorff's alpha for the group (characters as units). Relations: exact
    precision, recall and F1 per type and overall. Attributes of the chosen labels:
    percentage agreement and Cohen's kappa over the spans both made exactly. Actor links
    of the linkable labels: the same over the spans both made exactly, an actor, each NIL
    marker and "not linked" each a value of its own.
    """
    report = compute_agreement(
        context.store(), annotators=annotators or None, labels=labels or None
    )
    if as_json:
        echo_json(report.to_json())
        return
    for line in agreement_table(report):
        click.echo(line)


COMMANDS = (agreement_command,)
