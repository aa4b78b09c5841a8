"""``belannot labels``: the project's label schema, its guidelines, and their files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from belannot.cli.context import Context, pass_context
from belannot.cli.render import echo_rows
from belannot.core import attribute_edits, schema_edits
from belannot.core.attributes import AttributeDef, AttributeKind
from belannot.core.errors import BelannotError


@click.group()
def labels() -> None:
    """The project's label schema."""


@labels.command("list")
@pass_context
def labels_list(context: Context) -> None:
    """List labels in schema order with colour and hotkey."""
    echo_rows(
        (label.hotkey or "-", label.name, label.color, label.description)
        for label in context.store().labels()
    )


@labels.command("add")
@click.argument("name")
@click.option("--color", required=True, help="Colour as #rrggbb.")
@click.option("--hotkey", help="One key that applies the label.")
@click.option("--description", default="", help="One line saying what the label marks.")
@pass_context
def labels_add(
    context: Context, name: str, color: str, hotkey: str | None, description: str
) -> None:
    """Add a label at the end of the schema."""
    store = context.store()
    label = schema_edits.add_label(
        store, context.user(), name, color, hotkey=hotkey, description=description
    )
    click.echo(f"added {label.name}")


@labels.command("rename")
@click.argument("name")
@click.argument("new_name")
@pass_context
def labels_rename(context: Context, name: str, new_name: str) -> None:
    """Rename a label; its spans follow."""
    store = context.store()
    schema_edits.rename_label(store, context.user(), name, new_name)
    click.echo(f"renamed {name} to {new_name}")


@labels.command("color")
@click.argument("name")
@click.argument("color")
@pass_context
def labels_color(context: Context, name: str, color: str) -> None:
    """Change a label's colour (#rrggbb)."""
    store = context.store()
    schema_edits.recolor_label(store, context.user(), name, color)
    click.echo(f"{name}: {color}")


@labels.command("hotkey")
@click.argument("name")
@click.argument("key", required=False)
@click.option("--none", "unbind", is_flag=True, help="Remove the label's key.")
@pass_context
def labels_hotkey(context: Context, name: str, key: str | None, unbind: bool) -> None:
    """Bind KEY to a label (refused if another label has it), or --none to unbind."""
    if (key is None) == (not unbind):
        raise BelannotError("give a KEY or --none")
    store = context.store()
    label = schema_edits.rebind_hotkey(store, context.user(), name, None if unbind else key)
    click.echo(f"{name}: {label.hotkey or 'no key'}")


@labels.command("move")
@click.argument("name")
@click.argument("position", type=click.IntRange(min=1))
@pass_context
def labels_move(context: Context, name: str, position: int) -> None:
    """Move a label to POSITION in the schema (1 is first)."""
    store = context.store()
    order = schema_edits.move_label(store, context.user(), name, position - 1)
    click.echo(" ".join(label.name for label in order))


@labels.command("describe")
@click.argument("name")
@click.argument("description", required=False)
@click.option(
    "--guidelines",
    "guidelines_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Replace the guideline text with this file's (UTF-8 text; examples are kept).",
)
@pass_context
def labels_describe(
    context: Context, name: str, description: str | None, guidelines_file: Path | None
) -> None:
    """Set a label's one-line DESCRIPTION and/or its guideline text; with neither, show them."""
    store = context.store()
    label = store.label(name)
    if label is None:
        raise BelannotError(f"no label {name!r}")
    if description is None and guidelines_file is None:
        click.echo(label.description)
        if label.guidelines.text:
            click.echo()
            click.echo(label.guidelines.text)
        for example in label.guidelines.examples:
            mark = "+" if example.positive else "-"
            click.echo(f"  {mark} {example.text}" + (f"  ({example.note})" if example.note else ""))
        return
    guidelines = None
    if guidelines_file is not None:
        try:
            text = guidelines_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise BelannotError(f"{guidelines_file}: cannot read as UTF-8 text: {error}") from error
        guidelines = replace(label.guidelines, text=text.strip())
    schema_edits.describe_label(
        store, context.user(), name, description=description, guidelines=guidelines
    )
    click.echo(f"described {name}")


@labels.command("delete")
@click.argument("name")
@click.option("--reassign", "reassign_to", metavar="OTHER", help="Give its spans label OTHER.")
@click.option("--delete-spans", is_flag=True, help="Delete its spans with it.")
@pass_context
def labels_delete(context: Context, name: str, reassign_to: str | None, delete_spans: bool) -> None:
    """Delete a label; refused while it has spans unless --reassign or --delete-spans."""
    edits = schema_edits
    if reassign_to is not None and delete_spans:
        raise BelannotError("--reassign and --delete-spans exclude each other")
    policy = edits.SpanPolicy.REFUSE
    if reassign_to is not None:
        policy = edits.SpanPolicy.REASSIGN
    elif delete_spans:
        policy = edits.SpanPolicy.DELETE
    store = context.store()
    count = edits.delete_label(store, context.user(), name, policy=policy, reassign_to=reassign_to)
    what = {
        edits.SpanPolicy.REFUSE: "",
        edits.SpanPolicy.REASSIGN: f"; {count} spans now {reassign_to}",
        edits.SpanPolicy.DELETE: f"; {count} spans deleted",
    }[policy]
    click.echo(f"deleted {name}{what}")


@labels.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@pass_context
def labels_export(context: Context, file: Path, force: bool) -> None:
    """Write the label schema with its guidelines to FILE (JSON)."""
    count = schema_edits.export_labels(context.store(), file, overwrite=force)
    click.echo(f"wrote {count} labels to {file}")


@labels.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def labels_import(context: Context, file: Path) -> None:
    """Merge a label schema from FILE: add new labels, update known ones, keep the rest."""
    store = context.store()
    added, updated = schema_edits.import_labels(store, context.user(), file)
    click.echo(f"{added} labels added, {updated} updated")


@labels.command("attributes")
@click.argument("name")
@pass_context
def labels_attributes(context: Context, name: str) -> None:
    """List the typed attributes label NAME declares: name, kind, values, flags."""
    label = context.store().label(name)
    if label is None:
        raise BelannotError(f"no label {name!r}")
    echo_rows(
        (
            definition.name,
            definition.kind.value + (" or text" if definition.free_text else ""),
            ", ".join(definition.choices) or "-",
            "required" if definition.required else "optional",
            f"default {definition.default}" if definition.default is not None else "-",
            definition.description,
        )
        for definition in label.attributes
    )


def _typed(kind: AttributeKind, text: str | None) -> object:
    """A default given on the command line, as the value its kind stores."""
    if text is None:
        return None
    if kind is AttributeKind.BOOL:
        if text.lower() not in ("true", "false", "yes", "no"):
            raise BelannotError(f"--default {text!r}: a yes/no attribute takes true or false")
        return text.lower() in ("true", "yes")
    if kind is AttributeKind.NUMBER:
        try:
            return int(text)
        except ValueError:
            try:
                return float(text)
            except ValueError:
                raise BelannotError(f"--default {text!r}: not a number") from None
    return text


@labels.command("attribute-add")
@click.argument("label")
@click.argument("name")
@click.option(
    "--kind",
    required=True,
    type=click.Choice([kind.value for kind in AttributeKind]),
    help="What its values are.",
)
@click.option("--choice", "choices", multiple=True, help="A value of a choice (repeat).")
@click.option("--default", "default", help="The value a new span starts with in the editor.")
@click.option("--required", is_flag=True, help="Needed before a document can be marked done.")
@click.option("--remember-last", is_flag=True, help="The editor offers the last value given.")
@click.option("--free-text", is_flag=True, help="A date that also takes free text.")
@click.option("--description", default="", help="One line saying what it records.")
@pass_context
def labels_attribute_add(
    context: Context,
    label: str,
    name: str,
    kind: str,
    choices: tuple[str, ...],
    default: str | None,
    required: bool,
    remember_last: bool,
    free_text: bool,
    description: str,
) -> None:
    """Declare attribute NAME on LABEL (e.g. --kind choice --choice likely --choice possible)."""
    parsed = AttributeKind(kind)
    definition = AttributeDef(
        name,
        parsed,
        choices,
        _typed(parsed, default),
        required,
        remember_last,
        description,
        free_text,
    )
    attribute_edits.add_attribute(context.store(), context.user(), label, definition)
    click.echo(f"{label}: added attribute {name}")


@labels.command("attribute-remove")
@click.argument("label")
@click.argument("name")
@pass_context
def labels_attribute_remove(context: Context, label: str, name: str) -> None:
    """Remove attribute NAME from LABEL; its values leave the label's spans."""
    count = attribute_edits.remove_attribute(context.store(), context.user(), label, name)
    click.echo(f"{label}: removed attribute {name}; {count} spans lost a value")


COMMANDS = (labels,)
