"""The audit pipeline: ingest -> parse -> match -> findings.

Each stage streams: ``parse_articles`` yields one ``ParsedArticle`` at a time,
so a caller (the store, a progress bar) can consume a large corpus without
holding every article. Only cross-article matching needs the whole set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import findings as findings_stage
from . import ingest, match, text
from .errors import InputError
from .ingest import fetch
from .memory import without_cycle_collection
from .models import (
    Article,
    Finding,
    ParsedArticle,
    Person,
    Quote,
    QuoteGroup,
    Skipped,
)
from .parse import people, quotes, sources
from .progress import ProgressBar


@dataclass(frozen=True)
class AuditResult:
    """Everything an audit found, in deterministic order."""

    parsed: tuple[ParsedArticle, ...]
    groups: tuple[QuoteGroup, ...]
    people: tuple[Person, ...]
    findings: tuple[Finding, ...]
    skipped: tuple[Skipped, ...] = ()

    @property
    def quotes(self) -> tuple[Quote, ...]:
        """Every quote of every article, in article order."""
        return tuple(q for p in self.parsed for q in p.quotes)

    def cluster_of(self) -> dict[str, str]:
        """Map each quote id to the id of its quote group."""
        return {m.quote.id: g.id for g in self.groups for m in g.members}

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": [p.as_dict() for p in self.parsed],
            "groups": [g.as_dict() for g in self.groups],
            "people": [p.as_dict() for p in self.people],
            "findings": [f.as_dict() for f in self.findings],
            "skipped": [s.as_dict() for s in self.skipped],
        }


@without_cycle_collection
def parse_article(article: Article) -> ParsedArticle:
    """Run the parse stage on one article: people, then quotes and reported
    speech (which need the people for speakers), then sources (which need both).
    The article is split into sentences once, for all of them."""
    split = text.article_sentences(article)
    found_people = people.find_people(article)
    found_quotes = quotes.find_quotes(article, found_people, split)
    found_sources = sources.find_sources(article, found_people, found_quotes, split)
    return ParsedArticle(
        article=article,
        quotes=sources.attach_via(found_quotes, found_sources),
        sources=found_sources,
        people=found_people,
        reported=quotes.find_reported_speech(article, found_people, split),
    )


def parse_articles(articles: Iterable[Article]) -> Iterator[ParsedArticle]:
    """Parse a stream of articles lazily."""
    for article in articles:
        yield parse_article(article)


def audit_parsed(
    parsed: Iterable[ParsedArticle], skipped: Iterable[Skipped] = ()
) -> AuditResult:
    """Match parsed articles against each other and derive the findings."""
    done = tuple(sorted(parsed, key=lambda p: p.article.path))
    groups = match.group_quotes(q for p in done for q in p.quotes)
    groups = match.link_reported(groups, (r for p in done for r in p.reported))
    merged = match.group_people(person for p in done for person in p.people)
    found = findings_stage.find_all(done, groups, merged)
    return AuditResult(
        parsed=done,
        groups=groups,
        people=merged,
        findings=found,
        skipped=tuple(skipped),
    )


def read_articles(
    inputs: Iterable[str],
    *,
    max_bytes: int = ingest.DEFAULT_MAX_BYTES,
    on_skip: Callable[[Skipped], None],
    fetch_options: fetch.FetchOptions | None = None,
    on_note: Callable[[str], None] | None = None,
) -> Iterator[Article]:
    """Articles from files, folders and http(s) addresses, in that order.

    Addresses are fetched concurrently under ``fetch_options`` (its safety
    limits and private-address guard); every input that cannot be used is
    passed to ``on_skip`` with its reason and the others go on. ``on_note``
    hears what was repaired on the way (a file's stray bytes replaced)."""
    items = list(inputs)
    yield from ingest.read_inputs(
        [i for i in items if not fetch.is_address(i)], max_bytes=max_bytes, on_skip=on_skip,
        on_note=on_note,
    )
    urls = [i for i in items if fetch.is_address(i)]
    if not urls:
        return
    options = fetch_options or fetch.FetchOptions(max_bytes=max_bytes)
    pages = fetch.fetch_all(
        urls, options, on_error=lambda address, reason: on_skip(Skipped(address, reason))
    )
    for page in pages:
        try:
            yield fetch.page_to_article(page)
        except InputError as exc:
            on_skip(Skipped(exc.path, exc.reason))


def list_inputs(paths: Iterable[str], *, on_skip: Callable[[Skipped], None]) -> list[str]:
    """The inputs ``read_articles`` would read for ``paths``, in its order:
    the files (folders listed, see ``ingest.read_inputs``), then the
    addresses; so a progress bar can know the total. Passing this list to
    ``read_articles`` reads the same articles."""
    items = list(paths)
    files = ingest.input_files([i for i in items if not fetch.is_address(i)], on_skip)
    return [*files, *(i for i in items if fetch.is_address(i))]


def parse_inputs(
    paths: Iterable[str],
    *,
    label: str = "parsing",
    max_bytes: int = ingest.DEFAULT_MAX_BYTES,
    on_skip: Callable[[Skipped], None] | None = None,
    show_progress: bool = False,
    fetch_options: fetch.FetchOptions | None = None,
    on_note: Callable[[str], None] | None = None,
) -> Iterator[ParsedArticle]:
    """Read and parse files, folders and http(s) addresses, one article at a
    time, with a progress bar labelled ``label`` on stderr (when it is a
    terminal) that knows the number of inputs. An input that cannot be read
    goes to ``on_skip`` and counts as one input dealt with; ``on_note`` hears
    what was read with a repair (a few bad bytes in a UTF-8 file)."""
    bar = ProgressBar(label, enabled=show_progress)
    listed_skips = 0

    def skip(item: Skipped) -> None:
        bar.clear()  # the reason gets a line of its own
        if on_skip is not None:
            on_skip(item)
        bar.advance()

    def count_listing_skip(item: Skipped) -> None:
        nonlocal listed_skips
        listed_skips += 1
        skip(item)

    # Folders are listed first so that the bar knows how many inputs there are.
    inputs = list_inputs(paths, on_skip=count_listing_skip)
    bar.total = len(inputs) + listed_skips
    articles = read_articles(
        inputs, max_bytes=max_bytes, on_skip=skip, fetch_options=fetch_options, on_note=on_note
    )
    with bar:
        for article in parse_articles(articles):
            yield article
            bar.advance()


def audit_paths(
    paths: Iterable[str],
    *,
    max_bytes: int = ingest.DEFAULT_MAX_BYTES,
    on_skip: Callable[[Skipped], None] | None = None,
    show_progress: bool = False,
    fetch_options: fetch.FetchOptions | None = None,
    on_note: Callable[[str], None] | None = None,
) -> AuditResult:
    """Read, parse and audit files, folders and http(s) addresses.

    Inputs that cannot be read are recorded in ``AuditResult.skipped`` (and
    passed to ``on_skip`` as they happen) while the run goes on; ``on_note``
    hears the notes of reading (see ``read_articles``)."""
    skipped: list[Skipped] = []

    def skip(item: Skipped) -> None:
        skipped.append(item)
        if on_skip is not None:
            on_skip(item)

    parsed = list(parse_inputs(paths, max_bytes=max_bytes, on_skip=skip,
                               show_progress=show_progress, fetch_options=fetch_options,
                               on_note=on_note))
    return audit_parsed(parsed, skipped)
