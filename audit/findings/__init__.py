"""Findings: what a fact-checker should look at, each with its evidence and
the rule that raised it. ``finders`` holds one finder per kind of an audited
set and their registry; ``check`` the pre-publication check of drafts against
earlier coverage. Rules, severities and their word lists live in
``audit/data/findings.toml``."""

from .finders import (
    FINDERS,
    ArticleTexts,
    AuditedSet,
    Finder,
    count_by_severity,
    find_all,
    is_shorter_form,
    name_variants,
    quote_variants,
    short_text,
    sort_key,
    speaker_conflicts,
    spelling_variants,
    state_media,
    title_conflicts,
    titles_conflict,
    unattributed_quotes,
    vague_attributions,
)

__all__ = [
    "FINDERS",
    "ArticleTexts",
    "AuditedSet",
    "Finder",
    "count_by_severity",
    "find_all",
    "is_shorter_form",
    "name_variants",
    "quote_variants",
    "short_text",
    "sort_key",
    "speaker_conflicts",
    "spelling_variants",
    "state_media",
    "title_conflicts",
    "titles_conflict",
    "unattributed_quotes",
    "vague_attributions",
]
