"""belannot from the terminal: a thin click skin over belannot.core."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import orjson

from belannot import __version__
from belannot.core import backup as backups
from belannot.core import identity, schema_edits
from belannot.core.agreement import AgreementReport, LabelAgreement, compute_agreement
from belannot.core.bundled import default_project_path, seed_bundled_corpus
from belannot.core.changes import Changes
from belannot.core.commands import Command
from belannot.core.errors import BelannotError, DamagedProjectError, InputError, ProjectFileError
from belannot.core.fileio import output_errors
from belannot.core.formats.decoding import OTHER_ENCODING
from belannot.core.formats.exporting import (
    DocumentSelection,
    ExportOptions,
    OverlapPolicy,
    parse_splits,
)
from belannot.core.formats.registry import EXPORT_FORMATS
from belannot.core.formats.registry import export as export_formats
from belannot.core.history import History
from belannot.core.importer import FORMATS, WARN_CHARS, UnpackLimits, import_files, parse_size
from belannot.core.model import ReviewState, Role, Span, SpanStatus, User, ValidationError
from belannot.core.review import (
    AcceptAgreed,
    ApproveSpan,
    CorrectSpan,
    RejectSpan,
    ResetReview,
    layers_shared,
    share_layers,
)
from belannot.core.store import SpanFilter, Store, translate_error


def default_user_name() -> str:
    """Without --user or BELANNOT_USER: the name the window remembered, else the login name."""
    return identity.resolve(None)[0]


def with_restore_hint(error: ProjectFileError, path: Path) -> ProjectFileError:
    """A damaged file: say which backup would bring the project back, and what it holds."""
    if not isinstance(error, DamagedProjectError):
        return error
    offer = backups.restore_offer(path)
    if offer.backup is None or offer.held is None:
        return error
    return DamagedProjectError(
        f"{error}\nThe newest backup, taken {offer.backup.when()}, holds "
        f"{offer.held.summary()}; the current file: {offer.current.summary()}. "
        f"To put the backup in place: belannot --db {path} restore {offer.backup.path}"
    )


class Context:
    """What every command gets: where the project is and who is working."""

    def __init__(
        self,
        db: Path | None,
        user_name: str | None,
        user_source: identity.Source = identity.Source.OPTION,
    ) -> None:
        self.db_path = db
        self.user_name = user_name
        self.user_source = user_source
        self._store: Store | None = None

    @property
    def path(self) -> Path:
        return self.db_path or default_project_path()

    def store(self, seed: bool = True) -> Store:
        if self._store is None:
            path = self.path
            fresh = not path.exists()
            try:
                self._store = Store.open(path)
            except ProjectFileError as error:
                raise with_restore_hint(error, path) from error
            if fresh and self.db_path is None and seed:
                seed_bundled_corpus(self._store, self.user())
            if seed or not fresh:
                # A new default project is backed up once the window has seeded it.
                backups.maybe_daily_backup(self._store)
        return self._store

    def adopt(self, store: Store) -> Store:
        """Use ``store`` (opened elsewhere, e.g. after a restore) as this command's project."""
        self._store = store
        return store

    def user(self) -> User:
        """The current user as stored (their role); a new one is added as an annotator by
        the command's write, and only if it commits."""
        name = self.user_name or default_user_name()
        store = self._store
        if store is None:
            return User(name)
        try:
            return store.ensure_user_on_write(name)
        except ValidationError as error:
            raise BelannotError(f"--user: {error}") from error

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def terminal_progress(verb: str) -> Callable[[int, int], None] | None:
    """A one-line progress display on an interactive stderr; nothing when piped."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        click.echo(f"\r{verb}: {done}/{total}", err=True, nl=False)
        click.echo(end, err=True, nl=False)

    return show


class BelannotGroup(click.Group):
    """Shows BelannotError as a one-line message on stderr (exit 1), never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BelannotError as error:
            raise click.ClickException(str(error)) from error
        except Exception as error:
            # A damaged file can fail any read, long after it opened: say so, plainly.
            translated = translate_error(error, None)
            if isinstance(translated, BelannotError):
                raise click.ClickException(str(translated)) from error
            raise


pass_context = click.make_pass_decorator(Context)


def project_path(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Path | None:
    """--db as a path; a URL is refused before ``Path`` turns ``a://b`` into a folder ``a:``."""
    if value is not None and "://" in value:
        # Parsing runs before BelannotGroup.invoke: a ClickException is its one line too.
        raise click.ClickException(
            f"--db {value}: belannot opens a project file (a path), not a database URL"
        )
    return None if value is None else Path(value)


@click.group(cls=BelannotGroup, invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False),
    callback=project_path,
    envvar="BELANNOT_DB",
    help="Project file (default: the default project in the user data folder).",
)
@click.option(
    "--user",
    "user_name",
    envvar="BELANNOT_USER",
    help="Who is working (default: the name the window remembered, else the OS user).",
)
@click.version_option(__version__, prog_name="belannot")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, user_name: str | None) -> None:
    """belannot: label actors, events, predictions and quotes in news articles.

    With no command, opens the annotation window.
    """
    from_env = ctx.get_parameter_source("user_name") is click.core.ParameterSource.ENVIRONMENT
    source = identity.Source.ENVIRONMENT if from_env else identity.Source.OPTION
    context = Context(db, user_name, source)
    ctx.obj = context
    ctx.call_on_close(context.close)
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui)


NO_DISPLAY = (
    "no display: set DISPLAY or WAYLAND_DISPLAY, or run with QT_QPA_PLATFORM=offscreen "
    "for --screenshot"
)


def display_available() -> bool:
    """Whether Qt can find a screen: elsewhere than X11/Wayland systems there always is one.

    Without one, Qt aborts the process with a misleading message about xcb libraries.
    """
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


@cli.command()
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Render the window to this PNG and exit.",
)
@click.option("--doc", "document_id", help="Open this document first.")
@click.option(
    "--welcome", is_flag=True, help="With --screenshot: draw the first-run welcome over the window."
)
@pass_context
def gui(context: Context, screenshot: Path | None, document_id: str | None, welcome: bool) -> None:
    """Open the annotation window."""
    if not display_available():
        if screenshot is None:
            click.echo(NO_DISPLAY, err=True)
            sys.exit(2)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture needs no screen
    from belannot.app import run_window  # Qt is loaded only when a window is wanted

    # A new default project is seeded once the window knows who is working, so the
    # import is not attributed to the OS account of someone who then types another name.
    seed_later = context.db_path is None and not context.path.exists()
    try:
        store = context.store(seed=not seed_later)
    except DamagedProjectError as error:
        from belannot.app import open_after_restore

        opened = open_after_restore(context.path, error)
        if opened is None:
            raise
        store = context.adopt(opened)
    # Without --user the window uses the remembered name or asks for one on first launch.
    user = context.user() if context.user_name else None
    sys.exit(
        run_window(
            store,
            user,
            screenshot=screenshot,
            document_id=document_id,
            seed_corpus=seed_later,
            welcome=welcome,
        )
    )


class _Size(click.ParamType):
    """A size such as 64M, 2G or 500K (binary units), or a plain number."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        try:
            return parse_size(str(value))
        except (ValueError, KeyError):
            self.fail(f"{value!r} is not a size such as 64M, 2G or 500K", param, ctx)


@cli.command("import")
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
) -> None:
    """Import text, belannot JSONL, doccano, Prodigy, Label Studio, brat or CoNLL. All or nothing.

    The format is detected from each file's content unless --format says it.
    Spans go to the annotator the data names (Label Studio, Prodigy, belannot
    JSONL), else to --as-annotator, else to the current user. Only regular files
    are read: FIFOs, sockets and devices inside a folder are skipped and listed.
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
        )
    except InputError as error:
        if OTHER_ENCODING in str(error):
            raise BelannotError(f"{error}: name it with --encoding") from error
        raise
    click.echo(f"{report.files} {'file' if report.files == 1 else 'files'}: {report.summary()}")
    for note in report.notes():
        click.echo(note)


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


@cli.command("export")
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
    )
    splits = parse_splits(split_spec) if split_spec else None
    for report in export_formats(store, fmt, output, options, splits=splits, seed=seed):
        prefix = f"{report.split}: " if report.split else ""
        click.echo(prefix + report.summary())
        for note in report.notes[:_NOTES_SHOWN]:
            click.echo(f"  {note}")
        if len(report.notes) > _NOTES_SHOWN:
            click.echo(f"  … and {len(report.notes) - _NOTES_SHOWN} more")


_NOTES_SHOWN = 20


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def stats(context: Context, as_json: bool) -> None:
    """Count documents and spans, by label, status and annotator."""
    numbers = context.store().stats()
    if as_json:
        click.echo(orjson.dumps(numbers, option=orjson.OPT_INDENT_2).decode())
        return
    click.echo(f"project: {context.path}")
    click.echo(f"documents: {numbers['documents']}")
    click.echo(f"spans: {numbers['spans']}")
    for name, count in numbers["labels"].items():
        click.echo(f"  {name}: {count}")


@cli.group()
def users() -> None:
    """Who works on the project, and in which role."""


@users.command("add")
@click.argument("name")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default="annotator", show_default=True
)
@pass_context
def users_add(context: Context, name: str, role: str) -> None:
    """Add a user, or change an existing user's role."""
    try:
        user = User(name, Role(role))
    except ValidationError as error:
        raise BelannotError(str(error)) from error
    context.store().add_user(user)
    click.echo(f"{user.name}: {user.role.value}")


@users.command("whoami")
@pass_context
def users_whoami(context: Context) -> None:
    """Who works: name, role, and where the name came from (--user, BELANNOT_USER,
    remembered by the window, or the login name)."""
    name, source = identity.resolve(context.user_name, context.user_source)
    known = context.store().user(name)
    role = known.role.value if known is not None else "not in this project"
    where = f" ({identity.identity_path()})" if source is identity.Source.REMEMBERED else ""
    click.echo(f"{name}\t{role}\t{source.value}{where}")


@users.command("list")
@pass_context
def users_list(context: Context) -> None:
    """List users and their roles."""
    for user in context.store().users():
        click.echo(f"{user.name}\t{user.role.value}")


@cli.group()
def labels() -> None:
    """The project's label schema."""


@labels.command("list")
@pass_context
def labels_list(context: Context) -> None:
    """List labels in schema order with colour and hotkey."""
    for label in context.store().labels():
        click.echo(f"{label.hotkey or '-'}\t{label.name}\t{label.color}\t{label.description}")


@cli.command("agreement")
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
    Krippendorff's alpha for the group (characters as units).
    """
    report = compute_agreement(
        context.store(), annotators=annotators or None, labels=labels or None
    )
    if as_json:
        click.echo(orjson.dumps(report.to_json(), option=orjson.OPT_INDENT_2).decode())
        return
    for line in agreement_table(report):
        click.echo(line)


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


@cli.group(cls=BelannotGroup)
def review() -> None:
    """Reviewer decisions: approve, reject, correct, accept agreed spans (reviewers only)."""


def _run_review(context: Context, command: Command) -> Changes:
    store = context.store()
    try:
        return History(store).do(command, context.user())
    except ValidationError as error:  # a model rule, not a bug: show it as a message
        raise BelannotError(str(error)) from error


def _describe(store: Store, span: Span) -> str:
    text = span.text_in(store.document_text(span.document_id))
    if len(text) > 40:
        text = text[:39] + "…"
    return f"{span.id} ({span.annotator}, {span.label} [{span.start}, {span.end}) {text!r})"


def _span_or_fail(store: Store, span_id: str) -> Span:
    span = store.span(span_id)
    if span is None:
        raise BelannotError(f"no span {span_id!r}")
    return span


def _report_decision(context: Context, span_id: str, changes: Changes) -> None:
    store = context.store()
    span = _span_or_fail(store, span_id)
    click.echo(f"{span.status.value}: {_describe(store, span)}")
    for other_id in sorted(changes.span_ids - {span_id}):
        other = _span_or_fail(store, other_id)
        click.echo(f"  identical copy {other.status.value}: {_describe(store, other)}")


@review.command("approve")
@click.argument("span_id")
@pass_context
def review_approve(context: Context, span_id: str) -> None:
    """Approve a span as the current --user (its identical copies become duplicates)."""
    changes = _run_review(context, ApproveSpan(span_id))
    _report_decision(context, span_id, changes)


@review.command("reject")
@click.argument("span_id")
@pass_context
def review_reject(context: Context, span_id: str) -> None:
    """Reject a span, and its identical copies, as the current --user."""
    changes = _run_review(context, RejectSpan(span_id))
    _report_decision(context, span_id, changes)


@review.command("reset")
@click.argument("span_id")
@pass_context
def review_reset(context: Context, span_id: str) -> None:
    """Make a span, and its identical copies, undecided again."""
    changes = _run_review(context, ResetReview(span_id))
    _report_decision(context, span_id, changes)


@review.command("correct")
@click.argument("span_id")
@click.option("--start", type=int, help="New start offset.")
@click.option("--end", type=int, help="New end offset (exclusive).")
@click.option("--label", help="New label.")
@pass_context
def review_correct(
    context: Context, span_id: str, start: int | None, end: int | None, label: str | None
) -> None:
    """Replace a span by your corrected version; the original is kept, rejected."""
    changes = _run_review(context, CorrectSpan(span_id, start=start, end=end, label=label))
    store = context.store()
    for changed_id in sorted(changes.span_ids):
        span = _span_or_fail(store, changed_id)
        role = "correction" if span.corrects == span_id else span.status.value
        click.echo(f"{role}: {_describe(store, span)}")


@review.command("accept-agreed")
@click.option(
    "--min-annotators",
    type=click.IntRange(min=2),
    required=True,
    help="Approve spans at least this many annotators made identically.",
)
@click.option("--doc", "document_ids", multiple=True, help="Only this document (repeatable).")
@pass_context
def review_accept_agreed(
    context: Context, min_annotators: int, document_ids: tuple[str, ...]
) -> None:
    """Approve every span N annotators made identically (same start, end, label).

    One copy of each becomes gold, the other identical copies duplicates; one undo
    reverts it all.
    """
    changes = _run_review(context, AcceptAgreed(min_annotators, document_ids or None))
    store = context.store()
    approved = duplicates = 0
    for span_id in changes.span_ids:
        if _span_or_fail(store, span_id).status is SpanStatus.APPROVED:
            approved += 1
        else:
            duplicates += 1
    click.echo(
        f"approved {approved} spans in {len(changes.document_ids)} documents; "
        f"{duplicates} identical copies marked duplicates"
    )


@review.command("status")
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice([s.value for s in ReviewState]),
    help="Only documents in this review state (repeatable).",
)
@pass_context
def review_status(context: Context, states: tuple[str, ...]) -> None:
    """List documents with their review state."""
    wanted = {ReviewState(s) for s in states} or set(ReviewState)
    for document_id, state in context.store().review_states().items():
        if state in wanted:
            click.echo(f"{document_id}\t{state.value}")


@review.command("share-layers")
@click.argument("state", required=False, type=click.Choice(["on", "off"]))
@pass_context
def review_share_layers(context: Context, state: str | None) -> None:
    """Whether annotators see each other's spans, read-only (a reviewer's choice).

    Off by default: each annotator works alone, so agreement between them means
    something. Without ON or OFF, say which it is.
    """
    store = context.store()
    if state is not None:
        share_layers(store, context.user(), state == "on")
    if layers_shared(store):
        click.echo("on: annotators see each other's spans, read-only")
    else:
        click.echo("off: each annotator sees only their own spans")


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
    from dataclasses import replace

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


@cli.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite TARGET if it exists.")
@pass_context
def backup_command(context: Context, target: Path | None, force: bool) -> None:
    """Back the project up now (to TARGET, or to the backup folder, keeping the newest 10)."""
    path = context.path
    if not path.exists():
        raise BelannotError(f"{path} does not exist: nothing to back up")
    store = context.store()
    if target is None:
        written = backups.backup_project(store, reason=backups.MANUAL)
    else:
        if target.exists() and not force:
            raise BelannotError(f"{target} exists; use --force to overwrite it")
        with output_errors(target):
            written = store.backup_to(target)
    click.echo(f"backed up {path} to {written}")


@cli.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def restore_command(context: Context, source: Path) -> None:
    """Replace the project by the backup SOURCE (the current project is backed up first)."""
    path = context.path
    Store.check_backup(source)
    held = Store.contents(source)
    current = Store.contents(path) if path.exists() else None
    saved = backups.restore(path, source)
    if saved is not None and current is not None:
        click.echo(f"the previous project was saved to {saved} ({current.summary()})")
    click.echo(f"restored {path} from {source} ({held.summary()})")


@cli.command("backups")
@pass_context
def backups_list(context: Context) -> None:
    """List the project's backups, oldest first, with what each holds."""
    for found in backups.list_backups(context.path):
        click.echo(
            f"{found.taken.isoformat(timespec='seconds')}\t{found.reason}"
            f"\t{Store.contents(found.path).summary()}\t{found.path}"
        )


@cli.command("log")
@click.option("--doc", "document_id", help="Only changes to this document.")
@click.option("--user", "user", help="Only changes by this user.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the newest N entries.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@pass_context
def log_command(
    context: Context, document_id: str | None, user: str | None, limit: int | None, as_json: bool
) -> None:
    """Show the audit trail: every change anyone made, oldest first."""
    entries = context.store().audit_log(document_id=document_id, user=user)
    if limit is not None:
        entries = entries[-limit:]
    for entry in entries:
        if as_json:
            click.echo(
                orjson.dumps(
                    {
                        "id": entry.id,
                        "at": entry.at,
                        "user": entry.user,
                        "action": entry.action,
                        "entity": entry.entity,
                        "entity_id": entry.entity_id,
                        "document_id": entry.document_id,
                        "before": entry.before,
                        "after": entry.after,
                    }
                ).decode()
            )
        else:
            click.echo(
                f"{entry.at}\t{entry.user}\t{entry.action}\t{entry.entity} {entry.entity_id}"
                f"\t{entry.document_id or '-'}"
            )


def main() -> None:
    cli(prog_name="belannot")
