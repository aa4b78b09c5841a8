"""``belannot suggest``, ``belannot train`` and ``belannot recommenders``: suggestions from
the terminal, scored against an annotator, a model trained from the project, and each
recommender's settings, rules and acceptance."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click
import orjson

from belannot.cli.context import Context, pass_context
from belannot.cli.render import (
    acceptance_rows,
    echo_json,
    echo_json_line,
    echo_rows,
    evaluation_table,
    terminal_progress,
)
from belannot.core.errors import BelannotError
from belannot.core.operations import run
from belannot.core.recommenders.rules import project_rules, rules_from_json, rules_to_json
from belannot.core.recommenders.settings import (
    NAMES,
    SetRecommender,
    SetRules,
    recommender_settings,
)
from belannot.core.suggestion_stats import acceptance

_NAMES = click.Choice(NAMES)


@click.command("suggest")
@click.option(
    "--recommender",
    "names",
    multiple=True,
    type=_NAMES,
    help="Only this recommender (repeatable; default: those switched on).",
)
@click.option("--doc", "documents", multiple=True, help="Only this document (repeatable).")
@click.option(
    "--model",
    type=click.Path(path_type=Path),
    help="A spaCy pipeline folder (belannot train -o) or installed pipeline for the model.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON line per document instead.")
@click.option("--evaluate", is_flag=True, help="Score the recommenders against --against.")
@click.option("--against", help="The annotator whose done documents --evaluate scores against.")
@click.option("--stats", is_flag=True, help="How often each recommender was accepted.")
@pass_context
def suggest_command(
    context: Context,
    names: tuple[str, ...],
    documents: tuple[str, ...],
    model: Path | None,
    as_json: bool,
    evaluate: bool,
    against: str | None,
    stats: bool,
) -> None:
    """Suggestions for --user: the whole corpus (or --doc), counted per recommender.

    Nothing is stored: a suggestion becomes a span only when accepted in the window.
    """
    store = context.store()
    if stats:
        rows = acceptance(store)
        if as_json:
            echo_json([row.to_json() for row in rows])
        else:
            echo_rows(acceptance_rows(rows))
        return
    if evaluate:
        if against is None:
            raise BelannotError("--evaluate needs --against ANNOTATOR")
        from belannot.core.suggestion_evaluation import evaluate as score

        report = score(store, against, names or None, model, terminal_progress("Scoring"))
        if as_json:
            echo_json(report.to_json())
        else:
            for line in evaluation_table(report):
                click.echo(line)
        return
    from belannot.core.suggestions import Suggester

    for document_id in documents:
        if not store.has_document(document_id):
            raise BelannotError(f"--doc: no document {document_id!r}")
    suggester = Suggester(store, context.user().name, names or None, model)
    for notice in suggester.notices:
        click.echo(notice, err=True)
    counts: Counter[str] = Counter()
    seen = 0
    progress = None if as_json else terminal_progress("Suggesting")
    for document_id, found in suggester.corpus(list(documents) or None, progress):
        seen += 1
        if as_json:
            echo_json_line({"id": document_id, "suggestions": [s.to_json() for s in found]})
        counts.update(s.recommender for s in found)
    if not as_json:
        click.echo(f"{sum(counts.values())} suggestions in {seen} documents")
        echo_rows((name, count) for name, count in sorted(counts.items()))


@click.command("train")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True)
@click.option("--approved-only", is_flag=True, help="Learn from the gold only.")
@click.option(
    "--pipe", type=click.Choice(["spancat", "ner"]), default="spancat", show_default=True,
    help="spancat learns overlapping spans; ner one label per token.",
)  # fmt: skip
@click.option("--epochs", type=click.IntRange(1), default=20, show_default=True)
@click.option("--dev-share", type=click.FloatRange(0, 0.9), default=0.2, show_default=True)
@click.option("--lang", default="en", show_default=True, help="spaCy language of the blank model.")
@click.option("--seed", type=int, default=0, show_default=True)
@pass_context
def train_command(
    context: Context,
    output: Path,
    approved_only: bool,
    pipe: str,
    epochs: int,
    dev_share: float,
    lang: str,
    seed: int,
) -> None:
    """Train a spaCy pipeline from the project's spans, offline (needs the spacy extra).

    Whole documents are held out for the dev scores. Use it with
    belannot suggest --model OUTPUT or belannot recommenders set model --model OUTPUT.
    """
    from belannot.core.recommenders.training import train

    report = train(
        context.store(),
        output,
        approved_only=approved_only,
        pipe=pipe,
        epochs=epochs,
        dev_share=dev_share,
        lang=lang,
        seed=seed,
        say=lambda line: click.echo(line, err=True),
    )
    click.echo(
        f"trained {pipe}: {report.train_documents} training and {report.dev_documents} dev"
        f" documents, {report.spans} spans"
    )
    if report.dev is None:
        click.echo("no dev documents: too few documents to hold any out")
    else:
        p, r, f = report.dev
        click.echo(f"dev scores: P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    click.echo(f"saved to {output}")


@click.group("recommenders")
def recommenders() -> None:
    """Each recommender's settings, the rules' patterns, and their acceptance."""


@recommenders.command("list")
@pass_context
def recommenders_list(context: Context) -> None:
    """Name, on or off, threshold, options; then each rule, on or off."""
    store = context.store()
    for name, settings in recommender_settings(store).items():
        options = [] if settings.case_sensitive or name != "string" else ["ignore case"]
        if name == "model":
            options.append(settings.model or "no model")
        state = "on" if settings.enabled else "off"
        echo_rows([(name, state, f"{settings.threshold:g}", ", ".join(options) or "-")])
    for rule in project_rules(store):
        echo_rows([(f"rules:{rule.name}", "on" if rule.enabled else "off", "-", rule.label)])


@recommenders.command("set")
@click.argument("name", type=_NAMES)
@click.option("--on/--off", "enabled", default=None, help="Switch it on or off.")
@click.option("--threshold", type=float, help="Offer only suggestions scoring at least this.")
@click.option(
    "--case-sensitive/--ignore-case", "case_sensitive", default=None, help="String matcher."
)
@click.option("--model", help="Model: a pipeline folder or installed pipeline name.")
@click.option("--rule", help="Rules: switch only this rule --on or --off (undoable).")
@pass_context
def recommenders_set(
    context: Context,
    name: str,
    enabled: bool | None,
    threshold: float | None,
    case_sensitive: bool | None,
    model: str | None,
    rule: str | None,
) -> None:
    """Change one recommender's settings (audited), or switch one rule (--rule)."""
    operation = SetRecommender(name, enabled, threshold, case_sensitive, model, rule)
    run(context.store(), operation, context.user())


@recommenders.command("rules")
@click.option(
    "--import",
    "source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Replace the rules by those of this JSON file (a list of rule objects).",
)
@pass_context
def recommenders_rules(context: Context, source: Path | None) -> None:
    """Print the rules as JSON, or replace them (--import FILE); see docs/SUGGESTIONS.md."""
    store = context.store()
    if source is None:
        echo_json(rules_to_json(project_rules(store)))
        return
    try:
        data = orjson.loads(source.read_bytes())
    except orjson.JSONDecodeError as error:
        raise BelannotError(f"{source}: not JSON ({error})") from error
    try:
        rules = rules_from_json(data)
    except BelannotError as error:
        raise BelannotError(f"{source}: {error}") from error
    run(store, SetRules(rules), context.user())
    click.echo(f"{len(rules)} rules")


COMMANDS = (suggest_command, train_command, recommenders)
