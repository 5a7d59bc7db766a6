"""The command line: `annotator` opens the app; subcommands work on files and databases.

Every subcommand is a thin call into `annotator.services`, the same functions the GUI uses.
Exit status: 0 when everything worked, 1 when some inputs failed (the rest still arrived) or
`db check` found problems, 2 for a usage error, a database that cannot be opened or used, or
an output that cannot be written. Failures are reported as one line saying what to do, never
as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from annotator.core.settings import Settings
from annotator.services.errors import StoreError
from annotator.services.output import OutputError
from annotator.services.settings import load_settings

Handler = Callable[[argparse.Namespace, Settings], int]
#: Statement statuses a search can filter on (`services.corpus_search.STATUSES`; spelled out
#: here so `--help` needs no import of the services).
_STATUSES = ["suggested", "accepted", "corrected", "rejected", "added"]


class _VersionAction(argparse.Action):
    """--version: the version is read from the package metadata only when asked for."""

    def __init__(self, option_strings, dest, **kwargs) -> None:
        kwargs.update(nargs=0, default=argparse.SUPPRESS)
        super().__init__(option_strings, dest, help="show the version and exit", **kwargs)

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        import annotator

        print(f"annotator {annotator.__version__}")  # on stdout, as argparse's own does
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Verify who said what in news articles. Without a command, opens the app.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument("--db", help="database file path or URL (default: your data folder)")
    parser.add_argument("--user", help="annotator name recorded with every edit")
    parser.add_argument("--pipeline", help="installed spaCy pipeline to pre-annotate with")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    annotate = commands.add_parser(
        "annotate", help="pre-annotate text files, folders or JSONL into a JSONL file (no database)"
    )
    annotate.add_argument("inputs", nargs="+", metavar="INPUT")
    annotate.add_argument("--output", "-o", required=True, type=Path, metavar="FILE.jsonl")
    annotate.add_argument("--batch-size", type=int, default=None)
    annotate.add_argument("--processes", type=int, default=1, help="worker processes")
    _add_accept_damaged(annotate)
    _add_text_column(annotate)
    annotate.set_defaults(handler=cmd_annotate)

    importer = commands.add_parser("import", help="import articles into the database")
    importer.add_argument("paths", nargs="+", metavar="PATH")
    importer.add_argument(
        "--no-annotate", action="store_true", help="store the text without pre-annotating it"
    )
    _add_accept_damaged(importer)
    _add_text_column(importer)
    importer.set_defaults(handler=cmd_import)

    export = commands.add_parser(
        "export",
        help="export a dataset: by default your gold (decisions in documents marked done)",
        description="Write a dataset: by default one annotator's gold, their accepted, "
        "corrected and added statements and entities in the documents they marked done; "
        "options widen or filter it. Provenance goes in each document and in "
        "PATH.provenance.json. Formats: docs/DATASETS.md.",
    )
    _add_export_options(export)
    export.set_defaults(handler=cmd_export)

    evaluate = commands.add_parser("evaluate", help="score the pre-annotator against gold")
    evaluate.add_argument("--gold", required=True, type=Path, help="brat corpus folder or JSONL")
    group = evaluate.add_mutually_exclusive_group()
    group.add_argument("--pred", type=Path, help="predictions as JSONL")
    group.add_argument("--pipeline", dest="eval_pipeline", help="run this pipeline on the gold")
    evaluate.add_argument("--limit", type=int, help="only the first N documents")
    evaluate.set_defaults(handler=cmd_evaluate)

    trainer = commands.add_parser(
        "train",
        help="train the learned parts (cue proposer, span chooser, statement filter) on gold; "
        "save a pipeline",
    )
    trainer.add_argument(
        "--gold",
        required=True,
        help="brat corpus folder, document JSONL, or 'database' (the gold in --db)",
    )
    trainer.add_argument(
        "--output",
        type=Path,
        help="new folder for the pipeline (default: a new one under models/ in the data folder)",
    )
    trainer.add_argument("--seed", type=int, default=0, help="seed of the document split")
    trainer.add_argument(
        "--held-out", type=float, default=0.2, help="share of documents held out to measure"
    )
    trainer.set_defaults(handler=cmd_train)

    resuggest = commands.add_parser(
        "resuggest",
        help="re-run a pipeline on the documents nobody has reviewed (decisions never change)",
    )
    resuggest.add_argument(
        "--pipeline",
        dest="resuggest_pipeline",
        help="pipeline folder or name (default: the pipeline setting)",
    )
    resuggest.set_defaults(handler=cmd_resuggest)

    search = commands.add_parser(
        "search", help="find statements and articles by their words or speaker (as Ctrl+F)"
    )
    search.add_argument("query", metavar="QUERY", help="words that must all occur (may be '')")
    search.add_argument("--speaker", help="part of the speaker's name")
    search.add_argument("--anonymity", choices=["anonymous", "vague"])
    search.add_argument("--status", choices=_STATUSES, help="your decision on the statement")
    search.add_argument("--format", choices=["table", "jsonl"], default="table")
    search.add_argument(
        "--limit", type=int, default=50, help="at most N statements and N articles (default 50)"
    )
    search.set_defaults(handler=cmd_search)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    backup = db_commands.add_parser("backup", help="online, consistent copy of the database")
    backup.add_argument("target", type=Path, metavar="PATH")
    backup.set_defaults(handler=cmd_db_backup)
    check = db_commands.add_parser(
        "check",
        help="integrity and schema check (exit 1: problems found; 2: could not check, "
        "e.g. locked by another program)",
    )
    check.set_defaults(handler=cmd_db_check)
    _add_review(commands)
    return parser


def _add_export_options(export: argparse.ArgumentParser) -> None:
    from annotator.services.exporting import DOCUMENT_CHOICES, EXPORT_FORMATS

    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl")
    export.add_argument(
        "--output", "-o", required=True, type=Path, metavar="PATH", help="file (brat: folder)"
    )
    export.add_argument("--annotator", help="whose decisions (default: --user)")
    export.add_argument(
        "--documents",
        choices=DOCUMENT_CHOICES,
        default="done",
        help="documents the annotator marked done (default), did not (open), or all",
    )
    export.add_argument(
        "--include-suggestions",
        action="store_true",
        help="also the model's suggestions nobody reviewed (never the rejected ones)",
    )
    export.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help="only statements and entities of this status (accepted, corrected, added; "
        "suggested with --include-suggestions); repeat or comma-separate",
    )
    export.add_argument("--outlet", help="only articles of this outlet")
    export.add_argument("--since", metavar="YYYY-MM-DD", help="published on or after")
    export.add_argument("--until", metavar="YYYY-MM-DD", help="published on or before")
    export.add_argument(
        "--split", metavar="TRAIN,DEV,TEST", help="split by document, e.g. 0.8,0.1,0.1"
    )
    export.add_argument("--seed", type=int, default=0, help="seed of the split (default 0)")


def _add_text_column(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--text-column",
        default="text",
        metavar="NAME",
        help="the column of a CSV/TSV table that holds the article (default: text)",
    )


def _add_review(commands) -> None:
    review = commands.add_parser("review", help="review queues across the corpus")
    queues = review.add_subparsers(dest="review_queue", metavar="QUEUE", required=True)
    anonymous = queues.add_parser(
        "anonymous",
        help="every statement whose source is anonymous or vague, grouped by source",
        description="Statements whose source is anonymous or vague, as --user sees them "
        "(their decisions over the suggestions), each source once with its statements.",
    )
    anonymous.add_argument("--format", choices=["table", "csv"], default="table")
    anonymous.add_argument("--output", "-o", type=Path, metavar="FILE", help="default: stdout")
    anonymous.add_argument("--anonymity", choices=["anonymous", "vague"], help="default: both")
    anonymous.add_argument(
        "--no-reason", action="store_true", help="only anonymous sources with no stated reason"
    )
    anonymous.add_argument(
        "--anonymous-only-articles",
        action="store_true",
        help="only articles whose statements all rest on anonymous or vague sources",
    )
    anonymous.add_argument(
        "--recurring",
        action="store_true",
        help="only descriptions (e.g. 'senior palestinian official') found in 2+ articles",
    )
    anonymous.add_argument(
        "--description",
        metavar="TEXT",
        help="one normalised description, as the listing shows it (e.g. 'senior palestinian "
        "official'): where else it occurs",
    )
    anonymous.add_argument("--outlet", metavar="X")
    anonymous.add_argument("--since", metavar="DATE", help="published on or after (YYYY-MM-DD)")
    anonymous.add_argument("--until", metavar="DATE", help="published on or before")
    anonymous.add_argument(
        "--status",
        choices=["reviewed", "unreviewed"],
        help="whether you have confirmed or corrected the source's identity",
    )
    anonymous.add_argument(
        "--statement-status",
        choices=["suggested", "accepted", "corrected", "added", "rejected"],
        help="the statement's status (rejected statements are left out otherwise)",
    )
    anonymous.add_argument(
        "--descriptor",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="role, affiliation, seniority or reason containing VALUE, or count=N (repeatable)",
    )
    anonymous.add_argument(
        "--speaker",
        choices=["described", "none"],
        help="described: sources the text describes; none: statements whose sentence names no "
        "speaker ('it was reported that ...', vague by the spec); default: both",
    )
    anonymous.add_argument(
        "--group-by",
        choices=["source", "description", "outlet", "month", "day"],
        default="source",
        help="a heading per description (across articles and outlets), outlet or date, with "
        "its counts, the sources under it (default: each source on its own)",
    )
    anonymous.add_argument(
        "--sort",
        choices=["article", "newest", "oldest"],
        default="article",
        help="sources by article id (default) or by the article's date",
    )
    anonymous.set_defaults(handler=cmd_review_anonymous)


def _add_accept_damaged(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--accept-damaged",
        action="store_true",
        help="import text files with damaged bytes, each marked by U+FFFD (refused otherwise)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings().with_overrides(
        database=args.db, user=args.user, pipeline=args.pipeline
    )
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        # The store's modules before Qt's: once PySide6 is imported, its import hook reads
        # the source of every module imported after it (for its `__feature__` switch),
        # which costs the launch about 0.1 s over SQLAlchemy's few hundred modules.
        import annotator.services.workspace  # noqa: F401
        from annotator.qt.app import run_gui  # Qt only when the window is wanted

        return run_gui(settings)
    try:
        return handler(args, settings)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except (_UserError, StoreError, OutputError) as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2


class _UserError(Exception):
    """A problem the user can fix, printed without a traceback."""


# ---------------------------------------------------------------------------------- helpers


def _load_pipeline(name: str):
    from annotator.services.pipeline import load_pipeline

    print(f"Loading language model {name} …", file=sys.stderr)
    try:
        return load_pipeline(name)
    except OSError as exc:  # spaCy raises OSError for a pipeline that is not installed
        raise _UserError(f"cannot load the spaCy pipeline {name!r}: {exc}") from exc


def _open_workspace(settings: Settings, *, verify: bool = False):
    """The workspace of `settings`; `verify` checks the pages first (before an import)."""
    from annotator.services.workspace import Workspace

    return Workspace.open(
        settings.database, settings.user, verify=verify, busy_timeout_ms=settings.lock_wait_ms
    )


def _progress(label: str) -> Callable[[int], None]:
    interactive = sys.stderr.isatty()

    def report(done: int) -> None:
        if interactive:
            print(f"\r{label}: {done}", end="", file=sys.stderr, flush=True)

    return report


def _print_errors(report) -> None:
    """Every failed input by file, line and field, and every notice (a skipped link …)."""
    if sys.stderr.isatty():
        print(file=sys.stderr)
    for notice in report.notices:
        print(f"note: {notice}", file=sys.stderr)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)


# --------------------------------------------------------------------------------- commands


def cmd_annotate(args: argparse.Namespace, settings: Settings) -> int:
    from annotator.services.corpus import annotate_to_jsonl, read_inputs

    nlp = _load_pipeline(settings.pipeline)
    report = annotate_to_jsonl(
        read_inputs(args.inputs, accept_damaged=args.accept_damaged, text_column=args.text_column),
        args.output,
        nlp,
        batch_size=args.batch_size or settings.batch_size,
        n_process=args.processes,
        progress=_progress("annotated"),
    )
    _print_errors(report)
    print(f"{len(report.imported)} documents written to {args.output}", file=sys.stderr)
    return 1 if report.errors else 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from annotator.services.corpus import import_documents, read_inputs

    workspace = _open_workspace(settings, verify=True)  # never write into a damaged file
    try:
        nlp = None if args.no_annotate else _load_pipeline(settings.pipeline)
        report = import_documents(
            workspace,
            read_inputs(
                args.paths, accept_damaged=args.accept_damaged, text_column=args.text_column
            ),
            nlp,
            batch_size=settings.batch_size,
            progress=_progress("imported"),
        )
    finally:
        workspace.close()
    _print_errors(report)
    print(report.summary(), file=sys.stderr)
    return 1 if report.errors else 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from annotator.services.exporting import NothingToExport, Selection, Split, export

    statuses = tuple(s.strip() for arg in args.status or () for s in arg.split(",") if s.strip())
    try:
        selection = Selection(
            args.annotator or settings.user,
            documents=args.documents,
            include_suggestions=args.include_suggestions,
            statuses=statuses,
            outlet=args.outlet,
            since=args.since,
            until=args.until,
        )
        split = Split.parse(args.split, args.seed) if args.split else None
    except ValueError as exc:
        raise _UserError(str(exc)) from None
    workspace = _open_workspace(settings)
    try:
        report = export(workspace, args.output, selection, fmt=args.format, split=split)
    except NothingToExport as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 1
    finally:
        workspace.close()
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"{report.summary()}: {', '.join(map(str, report.files))}", file=sys.stderr)
    return 0


def cmd_evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from annotator.services.evaluation import run_evaluation

    pipeline = None if args.pred else (args.eval_pipeline or settings.pipeline)
    report = run_evaluation(args.gold, pred_path=args.pred, pipeline=pipeline, limit=args.limit)
    print(report.to_text())
    return 0


def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    from annotator.services.training import TrainingError
    from annotator.services.training_runs import TrainingRequest, run_training, verdict

    request = TrainingRequest(
        gold=str(args.gold),
        output=args.output,
        base=settings.pipeline,
        seed=args.seed,
        held_out=args.held_out,
    )
    print("Training (Ctrl+C cancels and leaves nothing behind) …", file=sys.stderr)
    try:
        report = run_training(request, settings, progress=_stage_progress())
    except TrainingError as exc:
        raise _UserError(str(exc)) from exc
    except OSError as exc:  # spaCy raises OSError for a pipeline that is not installed
        raise _UserError(f"cannot load the spaCy pipeline {settings.pipeline!r}: {exc}") from exc
    print(file=sys.stderr)
    print(report.to_text())
    print()
    print(verdict(report))
    print(f"Use it: annotator --pipeline {report.output} …, or choose it in the window")
    return 0


def cmd_resuggest(args: argparse.Namespace, settings: Settings) -> int:
    from annotator.services.models import PipelineUnusable, load_chosen_pipeline
    from annotator.services.resuggesting import resuggest

    location = args.resuggest_pipeline or settings.pipeline
    print(f"Loading language model {location} …", file=sys.stderr)
    try:
        nlp = load_chosen_pipeline(location)
    except PipelineUnusable as exc:
        raise _UserError(str(exc)) from exc
    workspace = _open_workspace(settings)
    shown = _progress("re-suggested")
    try:
        report = resuggest(workspace, nlp, progress=lambda done, _total: shown(done))
    finally:
        workspace.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    return 0


def _stage_progress() -> Callable[[str, int, int], None]:
    """Progress of a multi-stage run on stderr: a live line on a terminal, else one a stage."""
    interactive = sys.stderr.isatty()
    announced: set[str] = set()

    def report(stage: str, done: int, total: int) -> None:
        if interactive:
            print(f"\r{stage}: {done}/{total}   ", end="", file=sys.stderr, flush=True)
        elif stage not in announced:
            announced.add(stage)
            print(f"{stage} …", file=sys.stderr, flush=True)

    return report


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from annotator.services.corpus_search import SearchRequest, find
    from annotator.services.search_output import write_hits

    if args.limit < 1:
        raise _UserError("--limit must be at least 1")
    request = SearchRequest(
        args.query,
        speaker=args.speaker,
        anonymity=args.anonymity,
        status=args.status,
        limit=args.limit,
    )
    if request.is_empty:
        raise _UserError("give words to search for, or --speaker, --anonymity or --status")
    workspace = _open_workspace(settings)
    try:
        hits = find(workspace, request)
    finally:
        workspace.close()
    write_hits(hits, sys.stdout, args.format)
    print(f"{len(hits)} hits", file=sys.stderr)
    return 0


def cmd_db_backup(args: argparse.Namespace, settings: Settings) -> int:
    from annotator.services.database_admin import backup_database

    target = backup_database(settings.database, args.target, busy_timeout_ms=settings.lock_wait_ms)
    print(f"backup written to {target}", file=sys.stderr)
    return 0


def cmd_db_check(args: argparse.Namespace, settings: Settings) -> int:
    from annotator.services.database_admin import check_database

    report = check_database(settings.database, busy_timeout_ms=settings.lock_wait_ms)
    print(report.to_text())
    return report.exit_code


def cmd_review_anonymous(args: argparse.Namespace, settings: Settings) -> int:
    from annotator.services.anonymous_review import QueueFilters, iter_groups, iter_queue
    from annotator.services.anonymous_review_output import (
        write_csv,
        write_grouped_csv,
        write_grouped_table,
        write_table,
    )
    from annotator.services.output import atomic_text_file

    filters = QueueFilters(
        anonymity=args.anonymity,
        descriptors=tuple(_descriptor(text) for text in args.descriptor),
        description=" ".join(args.description.lower().split()) if args.description else None,
        outlet=args.outlet,
        published_from=_date(args.since, "--since"),
        published_to=_date(args.until, "--until"),
        review=args.status,
        statement_status=args.statement_status,
        no_reason=args.no_reason,
        anonymous_only_articles=args.anonymous_only_articles,
        recurring=args.recurring,
        speaker=args.speaker,
    )
    grouped = args.group_by != "source"
    if grouped:
        write = write_grouped_csv if args.format == "csv" else write_grouped_table
    else:
        write = write_csv if args.format == "csv" else write_table
    workspace = _open_workspace(settings)
    try:
        if grouped:
            sources = iter_groups(workspace, filters, args.group_by, args.sort)
        else:
            sources = iter_queue(workspace, filters, args.sort)
        if args.output is None:
            written = _to_stdout(write, sources)
        else:
            with atomic_text_file(args.output) as stream:
                written = write(sources, stream)
    finally:
        workspace.close()
    what = "statements" if args.format == "csv" else "sources"
    print(f"{written} {what} with an anonymous or vague source", file=sys.stderr)
    return 0


def _date(text: str | None, option: str) -> str | None:
    """An ISO date as given, or a usage error naming the option."""
    from datetime import date

    if text is None:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise _UserError(f"{option} {text!r}: use a date such as 2025-03-01") from exc


def _to_stdout(write, items) -> int:
    """Write to stdout; a reader that stops early (`| head`) ends the output quietly."""
    import os

    try:
        written = write(items, sys.stdout)
        sys.stdout.flush()
        return written
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return 0


_DESCRIPTORS = ("role", "affiliation", "seniority", "count", "reason")


def _descriptor(text: str) -> tuple[str, str]:
    """`role=official` as ("role", "official"); a usage error names what is accepted."""
    name, equals, value = text.partition("=")
    name = name.strip().lower()
    if not equals or name not in _DESCRIPTORS or not value.strip():
        names = ", ".join(_DESCRIPTORS)
        raise _UserError(f"--descriptor {text!r}: use NAME=VALUE with NAME one of {names}")
    if name == "count" and not value.strip().isdigit():
        raise _UserError(f"--descriptor {text!r}: count is a whole number")
    return name, value.strip()
