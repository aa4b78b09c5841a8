"""``belannot import``: files and folders in any supported format, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import click

from belannot.cli.context import Context, pass_context
from belannot.cli.render import terminal_progress
from belannot.core.errors import BelannotError, InputError
from belannot.core.formats.decoding import OTHER_ENCODING
from belannot.core.formats.unpacking import UnpackLimits, parse_size
from belannot.core.importing.pipeline import FORMATS, import_files
from belannot.core.importing.report import WARN_CHARS

if TYPE_CHECKING:
    _SizeType: TypeAlias = click.ParamType[int, Any]
else:  # older click (the minimum we accept) has a ParamType without type arguments
    _SizeType = click.ParamType


class _Size(_SizeType):
    """A size such as 64M, 2G or 500K (binary units), or a plain number."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except (ValueError, KeyError):
            self.fail(f"{value!r} is not a size such as 64M, 2G or 500K", param, ctx)


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True)
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of text files.")
@click.option("--as-annotator", help="Annotator of imported spans that name none.")
@click.option(
    "--max-unpacked-size",
    type=_Size(),
    help="Largest a zip member or a whole zip may unpack to (default 64M a member, 512M a zip).",
)
@click.option(
    "--max-unpack-ratio",
    type=click.FloatRange(min=1),
    help="Largest unpacked-to-compressed ratio of a zip member or a zip (default 100).",
)
@click.option(
    "--warn-size",
    type=_Size(),
    default=WARN_CHARS,
    show_default=True,
    help="Warn about documents longer than this many characters (0: never).",
)
@click.option(
    "--ignore-unknown",
    is_flag=True,
    help="Leave out what the project does not know (belannot JSONL fields this version does "
    "not read, span attributes its labels do not declare, values that do not fit) instead "
    "of refusing the file.",
)
@click.option(
    "--create-actors",
    is_flag=True,
    help="Add the actors belannot JSONL spans name that the registry lacks, instead of "
    "refusing the file.",
)
@click.option(
    "--create-labels",
    is_flag=True,
    help="Add the labels, relation types and attributes the files use that the project "
    "lacks (in the same transaction), instead of refusing the files.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse the import when the files hold anything belannot cannot represent "
    "(listed under 'not represented'); nothing is stored.",
)
@click.option(
    "--conll-column",
    type=click.IntRange(min=2),
    help="CoNLL: the column (counting from 1) that holds the tags (default: the last).",
)
@click.option(
    "--discontinuous",
    type=click.Choice(["fragments", "cover"]),
    default="fragments",
    show_default=True,
    help="brat: a span in fragments with text between them becomes one span per fragment "
    "joined by 'fragment' relations, or the one span covering them.",
)
@pass_context
def import_command(
    context: Context,
    paths: tuple[Path, ...],
    fmt: str,
    encoding: str,
    as_annotator: str | None,
    max_unpacked_size: int | None,
    max_unpack_ratio: float | None,
    warn_size: int,
    ignore_unknown: bool,
    create_actors: bool,
    create_labels: bool,
    strict: bool,
    conll_column: int | None,
    discontinuous: str,
) -> None:
    """Import text, belannot JSONL, doccano, Prodigy, Label Studio, brat or CoNLL. All or nothing.

    The format is detected from each file's content unless --format says it.
    Spans go to the annotator the data names (Label Studio, Prodigy, belannot
    JSONL), else to --as-annotator, else to the current user. Only regular files
    are read: FIFOs, sockets and devices inside a folder are skipped and listed.
    The report counts what the files held per kind and what belannot could not
    represent (--strict refuses those instead).
    """
    store = context.store()
    try:
        report = import_files(
            store,
            list(paths),
            user=context.user(),
            fmt=fmt,
            as_annotator=as_annotator,
            encoding=encoding,
            progress=terminal_progress("importing"),
            unpack_limits=UnpackLimits.up_to(max_unpacked_size, max_unpack_ratio),
            warn_chars=warn_size,
            ignore_unknown=ignore_unknown,
            create_actors=create_actors,
            create_labels=create_labels,
            strict=strict,
            conll_column=conll_column,
            discontinuous=discontinuous,
        )
    except InputError as error:
        if OTHER_ENCODING in str(error):
            raise BelannotError(f"{error}: name it with --encoding") from error
        raise
    click.echo(f"{report.files} {'file' if report.files == 1 else 'files'}: {report.summary()}")
    for note in report.lines() + report.notes():
        click.echo(note)


COMMANDS = (import_command,)
