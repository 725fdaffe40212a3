"""The ``citeaudit`` command line: a thin click layer over the library API.

Exit statuses, all decided in :func:`run` (commands report their outcome with
:func:`outcome`): 0 done; 1 a check found something at or above ``--fail-on``;
2 usage error or no usable input; 3 done, but some inputs were skipped (each
named on stderr with its reason); 4 an internal error (one line, the
traceback with ``--debug``); 130 interrupted."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ._version import __version__
from .engine import ENGINES, ProgressLines, group_store, group_with_dask, index_with_dask
from .errors import CiteauditError, OutputError
from .eval import check_floors, evaluate, format_report_table
from .findings.check import CheckConfig, apply_config, check_paths, fails
from .findings.check import load_config as load_check_config
from .findings.check import load_config_file as load_check_config_file
from .ingest.fetch import read_url_list
from .match import lookup as lookup_quotes
from .models import Skipped
from .options import Options, build_options
from .pipeline import AuditResult, audit_paths, parse_inputs, read_articles
from .report.annotations import format_github, format_text
from .report.documents import articles_document, check_document, findings_document
from .report.files import write_atomic
from .report.html import render_html
from .report.listing import (
    LISTING_FORMATS,
    articles_text,
    audit_summary,
    index_stats_listing,
    lookup_listing,
    people_listing,
    quotes_listing,
    sources_listing,
    to_json,
)
from .report.terminal import COLOR_MODES, safe_text, terminal_width, use_color
from .store import DEFAULT_DB, ENV_DB, Store, default_db_path

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3
EXIT_INTERNAL, EXIT_INTERRUPTED = 4, 130
STDOUT = "-"

F = TypeVar("F", bound=Callable[..., Any])


class Interrupted(Exception):
    """Ctrl-C, with what the command had done by then (``str()``)."""


def outcome(*, usable: bool = True, failed: bool = False, skipped: bool = False) -> NoReturn:
    """End a command with the status its outcome calls for: no usable input
    (2) before findings at ``--fail-on`` (1) before skipped inputs (3)."""
    if not usable:
        raise click.exceptions.Exit(EXIT_USAGE)
    if failed:
        raise click.exceptions.Exit(EXIT_FINDINGS)
    raise click.exceptions.Exit(EXIT_SKIPPED if skipped else EXIT_OK)


_FORMAT = click.option(
    "--format",
    type=click.Choice(LISTING_FORMATS),
    default="table",
    show_default=True,
    help="table for people (full text unless on a terminal), csv for spreadsheets, "
    "json or jsonl (one record a line) for programs.",
)
_PATHS = click.argument("paths", nargs=-1, type=str)

# Options of how inputs are read and fetched: accepted before the subcommand
# (for every command) and after it (for each command that reads inputs).
_INPUT_OPTIONS = (
    click.option("--max-bytes", type=click.IntRange(min=1), default=None,
                 help="Skip inputs larger than this many bytes (default 5 MB)."),
    click.option("--urls", type=click.Path(dir_okay=False), default=None,
                 help="Also read the http(s) addresses listed in this file, one a line."),
    click.option("--allow-private", is_flag=True,
                 help="Allow fetching addresses on loopback or private networks."),
    click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
                 help="Seconds to wait for a server's answer (default 20)."),
    click.option("--max-redirects", type=click.IntRange(min=0), default=None,
                 help="Redirects to follow per address (default 5)."),
    click.option("--connections", type=click.IntRange(min=1), default=None,
                 help="Addresses fetched at once (default 4)."),
    click.option("--refresh", is_flag=True, help="Fetch addresses again even when cached."),
    click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                 help="Where fetched pages are cached (default $XDG_CACHE_HOME/citeaudit, "
                 "else ~/.cache/citeaudit)."),
)
_DEBUG_KEY = "citeaudit.debug"


def _remember_debug(ctx: click.Context, _: click.Parameter, value: bool) -> bool:
    # ctx.meta is shared by every context of the run, so the top-level group
    # sees a --debug given after the command.
    if value:
        ctx.meta[_DEBUG_KEY] = True
    return value


_DEBUG = click.option("--debug", is_flag=True, callback=_remember_debug,
                      help="On an internal error, print the traceback.")


def input_options(command: F) -> F:
    """Add the input options and ``--debug`` to ``command``."""
    for option in reversed((*_INPUT_OPTIONS, _DEBUG)):
        command = option(command)
    return command


def embedded_seeds() -> str:
    """The sample corpus shipped with citeaudit, used when no PATH is given."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return str(candidate)
    raise click.UsageError("no PATH given and no embedded sample corpus found")


def _warn_skip(item: Skipped) -> None:
    _note(f"skipped {item.path}: {item.reason}")


def _note(text: str) -> None:
    click.echo(safe_text(f"citeaudit: {text}"), err=True)


def _inputs(opts: Options) -> tuple[str, ...]:
    return opts.paths + tuple(read_url_list(opts.urls) if opts.urls else ())


@contextlib.contextmanager
def _reading(opts: Options) -> Iterator[tuple[str, ...]]:
    """The inputs to read: the options' paths, else the embedded sample corpus
    (said on stderr), read from its parent folder so that its articles are
    named seeds/..., not by where the package is installed."""
    paths = _inputs(opts)
    if paths:
        yield paths
        return
    seeds = Path(embedded_seeds())
    _note(f"no PATH given: using the sample corpus in {seeds}")
    with contextlib.chdir(seeds.parent):
        yield (seeds.name,)


def _run(opts: Options) -> AuditResult:
    """Audit the options' inputs (see :func:`_reading`), with progress on
    stderr; exit 2 when nothing could be read."""
    with _reading(opts) as paths:
        result = audit_paths(
            paths,
            max_bytes=opts.max_bytes,
            on_skip=_warn_skip,
            show_progress=opts.progress,
            fetch_options=opts.fetch_options(),
            on_note=_note,
        )
    if not result.parsed:
        _note("error: no readable article in the input")
        outcome(usable=False)
    return result


class CiteauditGroup(click.Group):
    """The top-level group: the one place where what a command raised becomes
    an exit status and a one-line message on stderr."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except Interrupted as exc:
            _note(f"interrupted: {exc}")
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from exc
        except (click.exceptions.Abort, KeyboardInterrupt) as exc:
            _note("interrupted")
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from exc
        except CiteauditError as exc:
            _note(f"error: {exc}")
            raise click.exceptions.Exit(EXIT_USAGE) from exc
        except Exception as exc:  # the last resort: one line, the traceback on request
            if ctx.meta.get(_DEBUG_KEY):
                click.echo(traceback.format_exc(), err=True, nl=False)
            first = str(exc).strip().splitlines()[:1]
            detail = f"{type(exc).__name__}: {first[0]}" if first else type(exc).__name__
            _note(f"internal error: {detail} (run again with --debug for the traceback)")
            raise click.exceptions.Exit(EXIT_INTERNAL) from exc


@click.group(cls=CiteauditGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citeaudit")
@input_options
@click.pass_context
def main(ctx: click.Context, /, **_: Any) -> None:
    """Audit who is cited, what is quoted and what disagrees in news articles.

    PATH is a .txt or .html file, a folder of them, or an http(s) address;
    with no PATH, report, quotes, sources and people use the embedded sample
    corpus (and say so on stderr). Options of how inputs are read may come
    before or after the command."""


def _options(ctx: click.Context) -> Options:
    """The options of the command and of every group above it (the command's win)."""
    chain = []
    here: click.Context | None = ctx
    while here is not None:
        chain.append(here.params)
        here = here.parent
    return build_options(*reversed(chain))


def _config(opts: Options) -> CheckConfig:
    """The newsroom settings: ``--config``, else found from the current folder."""
    return load_check_config_file(opts.config_file) if opts.config_file else load_check_config()


def _writable(path: Path) -> None:
    """Refuse, before any work, an output path that cannot be written."""
    if str(path) == STDOUT:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError(str(path), f"{exc.filename} is not a folder") from exc
    except OSError as exc:
        raise OutputError(str(path), f"cannot create its folder ({exc.strerror or exc})") from exc
    if path.is_dir():
        raise OutputError(str(path), "is a folder")
    target = path if path.exists() else path.parent
    if not os.access(target, os.W_OK):
        raise OutputError(str(path), "permission denied")


def _write(path: Path, text: str) -> None:
    """Write an output file, or stdout for ``-``."""
    if str(path) == STDOUT:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise OutputError(str(path), exc.strerror or str(exc)) from exc


_CONFIG = click.option(
    "--config", "config_file", type=click.Path(dir_okay=False, exists=True), default=None,
    help="Settings file (default: citeaudit.toml or pyproject.toml, from here upwards).",
)


@main.command()
@_PATHS
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="HTML report file, - for stdout (default reports/audit.html).")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, allow_dash=True),
              default=None, help="Also write the findings as JSON to this file (- for stdout).")
@_CONFIG
@input_options
@click.pass_context
def report(ctx: click.Context, /, **_: Any) -> None:
    """Write the HTML audit report for PATH... ."""
    opts = _options(ctx)
    outputs = [opts.output] + ([opts.json_path] if opts.json_path is not None else [])
    if [str(p) for p in outputs].count(STDOUT) > 1:
        raise click.UsageError("only one of -o and --json can be - (stdout)")
    config = _config(opts)
    for path in outputs:
        _writable(path)
    result = _run(opts)
    result = replace(result, findings=apply_config(result.findings, config))
    # Both documents are made before either is written: a failure leaves no half pair.
    documents = [(opts.output, render_html(result))]
    if opts.json_path is not None:  # not made unasked: thousands of findings take a while
        documents.append((opts.json_path, to_json(findings_document(result)) + "\n"))
    for path, document in documents:
        _write(path, document)
    # Status lines go to stderr: stdout may carry the report itself.
    _note(audit_summary(result))
    _note(f"report: {opts.output}")
    if opts.json_path is not None:
        _note(f"findings JSON: {opts.json_path}")
    outcome(skipped=bool(result.skipped))


@main.command()
@_PATHS
@_FORMAT
@input_options
@click.pass_context
def quotes(ctx: click.Context, /, **_: Any) -> None:
    """List every direct quote with its speaker and quote group."""
    opts = _options(ctx)
    result = _run(opts)
    click.echo(quotes_listing(result, opts.output_format, terminal_width(sys.stdout)))
    outcome(skipped=bool(result.skipped))


@main.command()
@_PATHS
@_FORMAT
@input_options
@click.pass_context
def sources(ctx: click.Context, /, **_: Any) -> None:
    """List every attributed source, its cue and the outlet it came through."""
    opts = _options(ctx)
    result = _run(opts)
    click.echo(sources_listing(result, opts.output_format, terminal_width(sys.stdout)))
    outcome(skipped=bool(result.skipped))


@main.command()
@_PATHS
@_FORMAT
@input_options
@click.pass_context
def people(ctx: click.Context, /, **_: Any) -> None:
    """List the people named, joined across articles, with spellings and titles."""
    opts = _options(ctx)
    result = _run(opts)
    click.echo(people_listing(result, opts.output_format, terminal_width(sys.stdout)))
    outcome(skipped=bool(result.skipped))


_DB = click.option(
    "--db",
    type=str,
    default=None,
    help="Corpus store: a SQLite file or a postgresql://user@host/dbname URL "
    "(default: $CITEAUDIT_DB, else citeaudit.db).",
)


@main.command()
@click.argument("text")
@_PATHS
@_DB
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Lowest score (0-100) to list.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@_FORMAT
@input_options
@click.pass_context
def lookup(ctx: click.Context, /, text: str, **_: Any) -> None:
    """Find where TEXT was quoted, and in what words, best match first.

    Searches the articles at PATH..., or else the corpus store (--db, else
    $CITEAUDIT_DB, else citeaudit.db). No match: "no match" on stderr, exit 0."""
    opts = _options(ctx)
    result = None
    if opts.db is not None and _inputs(opts):
        raise click.UsageError("give PATH... or --db, not both")
    if _inputs(opts):
        result = _run(opts)
        matches = lookup_quotes(text, result.quotes, min_score=opts.min_score, limit=opts.limit)
    else:
        with Store.open(opts.db or default_db_path(), create=False) as store:
            matches = store.lookup(text, min_score=opts.min_score, limit=opts.limit)
    if matches or opts.output_format == "json":
        click.echo(lookup_listing(text, matches, opts.output_format, terminal_width(sys.stdout)))
    if not matches:
        _note(f"no match for {text!r}")
    outcome(skipped=result is not None and bool(result.skipped))


@main.group()
@_DEBUG
def index(**_: Any) -> None:
    """Keep a corpus store of articles (SQLite or PostgreSQL) for look-ups and checks."""


_ENGINE_ADD = click.option(
    "--engine", type=click.Choice(ENGINES), default="local", show_default=True,
    help="Parse and group in this process (incrementally), or parse on Dask workers "
    "and then group the whole store on them (needs citeaudit[dask]).",
)
_ENGINE_GROUP = click.option(
    "--engine", type=click.Choice(ENGINES), default="local", show_default=True,
    help="Group in this process, or on Dask workers (needs citeaudit[dask]).",
)
_SCHEDULER = click.option("--scheduler", default=None,
                          help="Dask scheduler address (default: a local cluster).")
_WORKERS = click.option("--workers", type=click.IntRange(min=1), default=None,
                        help="Workers of the local Dask cluster (default: one per CPU).")


def _engine_opts(ctx: click.Context) -> Options:
    """The command's options, refusing Dask cluster options without the Dask engine."""
    opts = _options(ctx)
    if opts.engine != "dask" and (opts.scheduler or opts.workers):
        raise click.UsageError("--scheduler and --workers need --engine dask")
    return opts


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@index.command("add")
@click.argument("paths", nargs=-1)
@_DB
@_ENGINE_ADD
@_SCHEDULER
@_WORKERS
@input_options
@click.pass_context
def index_add(ctx: click.Context, /, **_: Any) -> None:
    """Parse PATH... and store the articles (same content: stored once)."""
    opts = _engine_opts(ctx)
    paths = _inputs(opts)
    if not paths:
        raise click.UsageError("give PATH... (or --urls FILE) to add")
    skipped: list[Skipped] = []

    def skip(item: Skipped) -> None:
        skipped.append(item)
        _warn_skip(item)

    stored = 0

    def count(path: str, how: str) -> None:
        nonlocal stored
        stored += how != "unchanged"

    db = opts.db or default_db_path()
    with Store.open(db) as store:
        if opts.engine == "dask":
            counts = ProgressLines("indexing")
            summary, done = index_with_dask(
                store, paths, on_skip=skip, scheduler=opts.scheduler,
                workers=opts.workers, on_counts=counts, max_bytes=opts.max_bytes,
                fetch_options=opts.fetch_options(), regroup=True, on_note=counts.note,
                on_read_note=_note,
            )
            counts(done, final=True)
        else:
            parsed = parse_inputs(paths, label="indexing", max_bytes=opts.max_bytes,
                                  on_skip=skip, show_progress=opts.progress,
                                  fetch_options=opts.fetch_options(), on_note=_note)
            try:
                summary = store.add(parsed, on_progress=count)
            except KeyboardInterrupt:
                raise Interrupted(
                    f"{_plural(stored, 'article')} stored in {store.path} "
                    "(each one whole), the rest not"
                ) from None
    click.echo(
        f"{store.path}: quotes {summary.quotes}; articles added {len(summary.added)}, "
        f"replaced {len(summary.replaced)}, unchanged {len(summary.unchanged)}, "
        f"skipped {len(skipped)}"
    )
    outcome(skipped=bool(skipped))


@index.command("group")
@_DB
@_ENGINE_GROUP
@_SCHEDULER
@_WORKERS
@_DEBUG
@click.pass_context
def index_group(ctx: click.Context, /, **_: Any) -> None:
    """Regroup the whole store from scratch, as match.group_quotes groups a
    corpus (the store's groups are replaced in one transaction)."""
    opts = _engine_opts(ctx)
    lines = ProgressLines("grouping")
    with Store.open(opts.db or default_db_path(), create=False) as store:
        if opts.engine == "dask":
            group_with_dask(store, scheduler=opts.scheduler, workers=opts.workers,
                            on_note=lines.note)
        else:
            group_store(store, on_note=lines.note)
        stats = store.stats()
    click.echo(f"{store.path}: " + ", ".join(
        f"{k} {stats[k]}" for k in ("quotes", "groups", "shared_groups")))


@index.command("stats")
@_DB
@_FORMAT
@_DEBUG
@click.pass_context
def index_stats(ctx: click.Context, /, **_: Any) -> None:
    """Counts of what the store holds, and its size on disk."""
    opts = _options(ctx)
    with Store.open(opts.db or default_db_path(), create=False) as store:
        stats = store.stats()
    click.echo(index_stats_listing(stats, opts.output_format, terminal_width(sys.stdout)))


@main.command("eval")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Score only the first N articles.")
@click.option("--floors", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Fail (exit 1) when a figure is below its pinned floor in this file.")
@click.option("--format", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table for people, json for programs.")
@_DEBUG
@click.option("--speakers", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Hand-made speaker labels (default: FOLDER/speakers.toml if present).")
@click.pass_context
def eval_command(ctx: click.Context, /, folder: str, **_: Any) -> None:
    """Score extraction against human annotations (PolNeAR brat format)."""
    opts = _options(ctx)
    report = evaluate(Path(folder), limit=opts.limit, speakers=opts.speakers)
    if opts.output_format == "json":
        click.echo(to_json(report.as_dict()))
    else:
        click.echo(format_report_table(report), nl=False)
    failures = check_floors(report, opts.floors) if opts.floors else []
    for failure in failures:
        _note(f"floor not met: {failure}")
    outcome(failed=bool(failures))


@main.command()
@click.argument("drafts", nargs=-1, required=True)
@_DB
@click.option("--against", multiple=True,
              help="Reference article file, folder or address (repeatable).")
@click.option("--fail-on", type=click.Choice(["info", "warning", "error"]), default="error",
              show_default=True, help="Exit 1 when a finding reaches this severity.")
@click.option("--format", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for programs, github for Actions.")
@_CONFIG
@click.option("--color", type=click.Choice(COLOR_MODES), default="auto", show_default=True,
              help="Colour the text output: auto colours a terminal unless NO_COLOR is set.")
@input_options
@click.pass_context
def check(ctx: click.Context, /, **_: Any) -> None:
    """Check DRAFT... against earlier coverage before publication: files with
    --against, else the corpus store (--db, else $CITEAUDIT_DB, else citeaudit.db).

    Exit 0 when no finding reaches --fail-on, 1 when one does, 2 on a usage
    error or when no draft can be read, 3 when some drafts were skipped."""
    opts = _options(ctx)
    if opts.against and opts.db is not None:
        raise click.UsageError("give the reference coverage with either --db or --against")
    db = None if opts.against else (opts.db or default_db_path())
    if db == DEFAULT_DB and opts.db is None and not os.path.exists(DEFAULT_DB):
        raise click.UsageError(
            f"no reference coverage: give --against PATH... or --db FILE, or set ${ENV_DB} "
            f"(there is no {DEFAULT_DB} here)")
    config = _config(opts)
    bad: list[Skipped] = []

    def skip(item: Skipped) -> None:
        bad.append(item)
        _warn_skip(item)

    parsed, found = check_paths(
        _inputs(opts), against=opts.against, db=db, config=config, max_bytes=opts.max_bytes,
        on_skip=skip, fetch_options=opts.fetch_options(),
    )
    texts = {p.article.path: p.article.text for p in parsed}
    if opts.output_format == "json":
        out = to_json(check_document(found, bad))
    elif opts.output_format == "github":
        out = format_github(found, texts)
    else:
        out = format_text(found, texts, color=use_color(opts.color, sys.stdout))
    if out:
        click.echo(out, color=use_color(opts.color, sys.stdout))
    outcome(usable=bool(parsed), failed=fails(found, opts.fail_on), skipped=bool(bad))


@main.command()
@_PATHS
@click.option("--format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people, json for programs.")
@input_options
@click.pass_context
def articles(ctx: click.Context, /, **_: Any) -> None:
    """Show what the audit read from PATH...: metadata, text and labelled blocks.

    Content blocks are read for quotes and sources; blocks marked "set aside"
    are page boilerplate (captions, bylines, link lists...)."""
    opts = _options(ctx)
    skipped: list[Skipped] = []

    def skip(item: Skipped) -> None:
        skipped.append(item)
        _warn_skip(item)

    with _reading(opts) as paths:
        read = list(read_articles(paths, max_bytes=opts.max_bytes, on_skip=skip,
                                  fetch_options=opts.fetch_options()))
    if opts.output_format == "json":
        click.echo(to_json(articles_document(read, skipped)))
    else:
        click.echo(safe_text(articles_text(read), keep="\n"), nl=False)
    outcome(usable=bool(read), skipped=bool(skipped))


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status (for tests and ``python -m``)."""
    try:
        status = main.main(args=list(argv) if argv is not None else None,
                           standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Abort:  # Ctrl-C or end of input while parsing
        _note("interrupted")
        return EXIT_INTERRUPTED
    return status if isinstance(status, int) else EXIT_OK


def entry() -> None:
    """Console-script entry point."""
    sys.exit(run())
