"""The ``citeaudit`` command line: a thin click layer over the library API.

Exit statuses: 0 done; 1 a check found something at or above ``--fail-on``;
2 usage error or no usable input; 3 done, but some inputs were skipped (each
named on stderr with its reason)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ._version import __version__
from .engine import ENGINES, ProgressLines, group_store, group_with_dask, index_with_dask
from .errors import CiteauditError
from .eval import check_floors, evaluate, format_report_table
from .findings.check import check_paths, fails
from .findings.check import load_config as load_check_config
from .findings.check import load_config_file as load_check_config_file
from .ingest.fetch import read_url_list
from .match import lookup as lookup_quotes
from .models import Skipped
from .options import Options, build_options
from .pipeline import AuditResult, audit_paths, parse_articles, read_articles
from .progress import progress
from .report.annotations import format_github, format_text
from .report.documents import check_document, findings_document
from .report.html import render_html
from .report.listing import (
    audit_summary,
    index_stats_listing,
    lookup_listing,
    people_listing,
    quotes_listing,
    sources_listing,
    to_json,
)
from .store import Store, default_db_path

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_SKIPPED = 0, 1, 2, 3

_FORMAT = click.option(
    "--format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for programs.",
)
_PATHS = click.argument("paths", nargs=-1, type=str)


def embedded_seeds() -> str:
    """The sample corpus shipped with citeaudit, used when no PATH is given."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return str(candidate)
    raise click.UsageError("no PATH given and no embedded sample corpus found")


def _warn_skip(item: Skipped) -> None:
    click.echo(f"citeaudit: skipped {item.path}: {item.reason}", err=True)


def _warn_note(text: str) -> None:
    click.echo(f"citeaudit: {text}", err=True)


def _run(opts: Options) -> AuditResult:
    """Audit the options' paths (the embedded seeds when none), with progress
    on stderr; exit 2 when nothing at all could be read."""
    paths = opts.paths + tuple(read_url_list(opts.urls) if opts.urls else ())
    result = audit_paths(
        paths or (embedded_seeds(),),
        max_bytes=opts.max_bytes,
        on_skip=_warn_skip,
        show_progress=opts.progress,
        fetch_options=opts.fetch_options(),
        on_note=_warn_note,
    )
    if not result.parsed:
        click.echo("citeaudit: error: no readable article in the input", err=True)
        sys.exit(EXIT_USAGE)
    return result


def _finish(result: AuditResult) -> None:
    if result.skipped:
        sys.exit(EXIT_SKIPPED)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citeaudit")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    help="Skip inputs larger than this many bytes (default 5 MB).",
)
@click.option("--urls", type=click.Path(dir_okay=False), default=None,
              help="Also read the http(s) addresses listed in this file, one a line.")
@click.option("--allow-private", is_flag=True,
              help="Allow fetching addresses on loopback or private networks.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None,
              help="Seconds to wait for a server's answer (default 20).")
@click.option("--max-redirects", type=click.IntRange(min=0), default=None,
              help="Redirects to follow per address (default 5).")
@click.option("--connections", type=click.IntRange(min=1), default=None,
              help="Addresses fetched at once (default 4).")
@click.option("--refresh", is_flag=True, help="Fetch addresses again even when cached.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Where fetched pages are cached (default ~/.cache/citeaudit).")
@click.pass_context
def main(ctx: click.Context, /, **_: Any) -> None:
    """Audit who is cited, what is quoted and what disagrees in news articles.

    PATH is a .txt or .html file, a folder of them, or an http(s) address;
    with no PATH the embedded sample corpus is used."""


def _options(ctx: click.Context) -> Options:
    parent = ctx.parent.params if ctx.parent is not None else {}
    return build_options(parent, ctx.params)


@main.command()
@_PATHS
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="HTML report file (default reports/audit.html).")
@click.option("--json", "json_file", type=click.Path(dir_okay=False), default=None,
              help="Also write the findings as JSON to this file.")
@click.pass_context
def report(ctx: click.Context, /, **_: Any) -> None:
    """Write the HTML audit report for PATH... ."""
    opts = _options(ctx)
    result = _run(opts)
    opts.output.parent.mkdir(parents=True, exist_ok=True)
    opts.output.write_text(render_html(result), encoding="utf-8")
    if opts.json_path is not None:
        opts.json_path.parent.mkdir(parents=True, exist_ok=True)
        opts.json_path.write_text(to_json(findings_document(result)) + "\n", encoding="utf-8")
    click.echo(audit_summary(result))
    click.echo(f"report: {opts.output}")
    if opts.json_path is not None:
        click.echo(f"findings JSON: {opts.json_path}")
    _finish(result)


@main.command()
@_PATHS
@_FORMAT
@click.pass_context
def quotes(ctx: click.Context, /, **_: Any) -> None:
    """List every direct quote with its speaker and quote group."""
    opts = _options(ctx)
    result = _run(opts)
    click.echo(quotes_listing(result, opts.output_format))
    _finish(result)


@main.command()
@_PATHS
@_FORMAT
@click.pass_context
def sources(ctx: click.Context, /, **_: Any) -> None:
    """List every attributed source, its cue and the outlet it came through."""
    opts = _options(ctx)
    result = _run(opts)
    click.echo(sources_listing(result, opts.output_format))
    _finish(result)


@main.command()
@_PATHS
@_FORMAT
@click.pass_context
def people(ctx: click.Context, /, **_: Any) -> None:
    """List the people named, joined across articles, with spellings and titles."""
    opts = _options(ctx)
    result = _run(opts)
    click.echo(people_listing(result, opts.output_format))
    _finish(result)


_DB = click.option(
    "--db",
    type=str,
    default=None,
    help="Corpus store: a SQLite file or a postgresql://user@host/dbname URL "
    "(default $CITEAUDIT_DB or citeaudit.db when --db is given bare).",
)


@main.command()
@click.argument("text")
@_PATHS
@_DB
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Lowest score (0-100) to list.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most this many.")
@_FORMAT
@click.pass_context
def lookup(ctx: click.Context, /, text: str, **_: Any) -> None:
    """Find where TEXT was quoted, and in what words, best match first.

    Searches the articles at PATH..., or the corpus store with --db."""
    opts = _options(ctx)
    if opts.db is not None and not opts.paths:
        with Store.open(opts.db, create=False) as store:
            matches = store.lookup(text, min_score=opts.min_score, limit=opts.limit)
        result = None
    else:
        result = _run(opts)
        matches = lookup_quotes(text, result.quotes, min_score=opts.min_score, limit=opts.limit)
    click.echo(lookup_listing(text, matches, opts.output_format))
    if result is not None:
        _finish(result)


@main.group()
def index() -> None:
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


@index.command("add")
@click.argument("paths", nargs=-1, required=True)
@_DB
@_ENGINE_ADD
@_SCHEDULER
@_WORKERS
@click.pass_context
def index_add(ctx: click.Context, /, **_: Any) -> None:
    """Parse PATH... and store the articles (same content: stored once)."""
    opts = _engine_opts(ctx)
    skipped: list[Skipped] = []

    def skip(item: Skipped) -> None:
        skipped.append(item)
        _warn_skip(item)

    db = opts.db or default_db_path()
    with Store.open(db) as store:
        if opts.engine == "dask":
            counts = ProgressLines("indexing")
            summary, done = index_with_dask(
                store, opts.paths, on_skip=skip, scheduler=opts.scheduler,
                workers=opts.workers, on_counts=counts, max_bytes=opts.max_bytes,
                fetch_options=opts.fetch_options(), regroup=True, on_note=counts.note,
            )
            counts(done, final=True)
        else:
            articles = read_articles(opts.paths, max_bytes=opts.max_bytes, on_skip=skip,
                                     fetch_options=opts.fetch_options(), on_note=_warn_note)
            summary = store.add(progress(parse_articles(articles), "indexing",
                                         enabled=opts.progress))
    click.echo(f"{store.path}: " + ", ".join(f"{k} {v}" for k, v in summary.as_dict().items()
                                             if isinstance(v, int)))
    if skipped:
        sys.exit(EXIT_SKIPPED)


@index.command("group")
@_DB
@_ENGINE_GROUP
@_SCHEDULER
@_WORKERS
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
@click.pass_context
def index_stats(ctx: click.Context, /, **_: Any) -> None:
    """Counts of what the store holds, and its size on disk."""
    opts = _options(ctx)
    with Store.open(opts.db or default_db_path(), create=False) as store:
        stats = store.stats()
    click.echo(index_stats_listing(stats, opts.output_format))


@main.command("eval")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Score only the first N articles.")
@click.option("--floors", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Fail (exit 1) when a figure is below its pinned floor in this file.")
@_FORMAT
@click.pass_context
def eval_command(ctx: click.Context, /, folder: str, **_: Any) -> None:
    """Score extraction against human annotations (PolNeAR brat format)."""
    opts = _options(ctx)
    report = evaluate(Path(folder), limit=opts.limit)
    if opts.output_format == "json":
        click.echo(to_json(report.as_dict()))
    else:
        click.echo(format_report_table(report), nl=False)
    failures = check_floors(report, opts.floors) if opts.floors else []
    for failure in failures:
        click.echo(f"citeaudit: floor not met: {failure}", err=True)
    if failures:
        sys.exit(EXIT_FINDINGS)


@main.command()
@click.argument("drafts", nargs=-1, required=True)
@_DB
@click.option("--against", multiple=True, help="Reference article file or folder (repeatable).")
@click.option("--fail-on", type=click.Choice(["info", "warning", "error"]), default="error",
              show_default=True, help="Exit 1 when a finding reaches this severity.")
@click.option("--format", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for programs, github for Actions.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, exists=True),
              default=None, help="Settings file (default: citeaudit.toml or pyproject.toml).")
@click.pass_context
def check(ctx: click.Context, /, **_: Any) -> None:
    """Check DRAFT... against earlier coverage before publication.

    Exit 0 when no finding reaches --fail-on, 1 when one does, 2 on a usage
    or input error (a draft or reference that cannot be read)."""
    opts = _options(ctx)
    if bool(opts.against) == (opts.db is not None):
        raise click.UsageError("give the reference coverage with either --db or --against")
    config = (
        load_check_config_file(opts.config_file) if opts.config_file else load_check_config()
    )
    bad: list[Skipped] = []

    def skip(item: Skipped) -> None:
        bad.append(item)
        _warn_skip(item)

    parsed, found = check_paths(
        opts.paths, against=opts.against, db=opts.db, config=config, max_bytes=opts.max_bytes,
        on_skip=skip, fetch_options=opts.fetch_options(),
    )
    texts = {p.article.path: p.article.text for p in parsed}
    if opts.output_format == "json":
        out = to_json(check_document(found, bad))
    elif opts.output_format == "github":
        out = format_github(found, texts)
    else:
        out = format_text(found, texts, color=sys.stdout.isatty())
    if out:
        click.echo(out)
    if bad or not parsed:
        sys.exit(EXIT_USAGE)
    if fails(found, opts.fail_on):
        sys.exit(EXIT_FINDINGS)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit status (for tests and ``python -m``)."""
    try:
        main.main(args=list(argv) if argv is not None else None, standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_USAGE
    except CiteauditError as exc:
        click.echo(f"citeaudit: error: {exc}", err=True)
        return EXIT_USAGE
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    return EXIT_OK


def entry() -> None:
    """Console-script entry point."""
    sys.exit(run())
