"""Matching across articles: quotes worded the same or differently, reported
speech that paraphrases a quote, and one person or organisation spelled
several ways.

One module per concern: :mod:`.scorer` (how two quotes relate; every
comparison goes through it, so grouping, look-up and a later index agree),
:mod:`.grouping` (the one join rule of every quote grouping, and the
in-memory grouping), :mod:`.lookup`, :mod:`.reported` (reported speech to
quote groups), :mod:`.renderings` (one statement rendered twice, left in
two groups), :mod:`.people` (people across articles) and
:mod:`.organisations` (organisations spelled out with an acronym).
Thresholds live in ``audit/data/match.toml`` with a note on how each was
calibrated (:mod:`audit.rules.match`).
"""

from ..rules.match import QuoteSettings, quote_settings
from .grouping import (
    JoinPartner,
    JoinRank,
    JoinRules,
    MemberDetail,
    Partner,
    QuoteGrouping,
    group_quotes,
    join_rank,
    member_detail,
    plan_groups,
    ranked_group,
    replaces_reference,
    same_speaker,
)
from .lookup import lookup
from .organisations import NamedAcronym, acronym_names, group_organisations, names_alike
from .people import (
    count_spellings,
    group_people,
    group_people_counted,
    name_keys,
    speaker_surname,
    spelling_counts,
    spelling_key,
    surnames_agree,
    surnames_related,
    words_alike,
)
from .renderings import Rendering, link_renderings
from .reported import link_reported
from .scorer import (
    ComparisonKey,
    QueryTest,
    Relation,
    compare_keys,
    compare_quotes,
    comparison_key,
    stored_comparison_key,
    word_diff,
)

__all__ = [
    "ComparisonKey",
    "JoinPartner",
    "JoinRank",
    "JoinRules",
    "MemberDetail",
    "NamedAcronym",
    "Partner",
    "QueryTest",
    "QuoteGrouping",
    "QuoteSettings",
    "Relation",
    "Rendering",
    "acronym_names",
    "compare_keys",
    "compare_quotes",
    "comparison_key",
    "count_spellings",
    "group_organisations",
    "group_people",
    "group_people_counted",
    "group_quotes",
    "join_rank",
    "link_renderings",
    "link_reported",
    "lookup",
    "member_detail",
    "names_alike",
    "name_keys",
    "plan_groups",
    "quote_settings",
    "ranked_group",
    "replaces_reference",
    "same_speaker",
    "speaker_surname",
    "spelling_counts",
    "spelling_key",
    "stored_comparison_key",
    "surnames_agree",
    "surnames_related",
    "words_alike",
    "word_diff",
]
