"""Findings: what a fact-checker should look at, each with its evidence and
the rule that raised it. ``finders`` holds one finder per kind of an audited
set and their registry, ``sourcing`` the finders of vague and state-media
sourcing, ``common`` what they share; ``check`` the pre-publication check of
drafts against earlier coverage. Rules, severities and their word lists live
in ``audit/data/findings.toml``."""

from .common import ArticleTexts
from .finders import (
    FINDERS,
    AuditedSet,
    Finder,
    count_by_severity,
    equal_share,
    find_all,
    is_alteration,
    is_direct,
    is_own_title,
    is_said_by,
    is_shorter_form,
    mark_diff,
    merge_overlapping,
    name_variants,
    quote_variants,
    same_wording,
    short_text,
    sort_key,
    speaker_conflicts,
    speakers_differ,
    spelling_variants,
    title_conflict_rule,
    title_conflicts,
    title_evidence,
    title_span,
    titles_conflict,
    unattributed_quotes,
)
from .sourcing import names_institution, state_media, vague_attributions

__all__ = [
    "FINDERS",
    "ArticleTexts",
    "AuditedSet",
    "Finder",
    "count_by_severity",
    "speakers_differ",
    "same_wording",
    "title_conflict_rule",
    "is_own_title",
    "title_span",
    "title_evidence",
    "names_institution",
    "merge_overlapping",
    "mark_diff",
    "is_said_by",
    "is_direct",
    "is_alteration",
    "equal_share",
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
