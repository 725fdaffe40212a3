"""Look-up: every stored quote that matches a query, best first, by the
quote scorer (:func:`audit.match.scorer.compare_keys`)."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import LookupMatch, Quote
from ..rules.match import quote_settings
from .scorer import compare_keys, comparison_key

# Among equal scores, a quote holding the whole query comes before one
# holding only part of it.
_LOOKUP_RANK = {"identical": 0, "extended": 1, "excerpt": 2, "variant": 3}


def lookup(
    query: str,
    quotes: Iterable[Quote],
    *,
    min_score: float | None = None,
    limit: int | None = None,
) -> list[LookupMatch]:
    """Every stored quote that matches ``query``, best first.

    A quote matches when :func:`compare_quotes` relates it to the query
    (identical, variant, or one a part of the other) with at least
    ``min_score`` (default: ``lookup.min_score`` in match.toml; a lower value
    does not admit unrelated quotes). ``relation`` describes the stored quote
    against the query: "extended" means the query is a fragment of it,
    "excerpt" that it is a fragment of the query. Each quote is scored on its
    own, so an index that pre-selects candidates returns the same matches.
    Ordered by score (descending), then relation (identical, extended,
    excerpt, variant: on a tie the quote holding the whole query first),
    then article and start."""
    threshold = quote_settings().lookup_min_score if min_score is None else min_score
    qkey = comparison_key(query)
    found: list[LookupMatch] = []
    for quote in quotes:
        score, relation = compare_keys(qkey, comparison_key(quote.text), threshold)
        if relation != "unrelated" and score >= threshold:
            found.append(LookupMatch(quote, score, relation))
    found.sort(
        key=lambda m: (
            -m.score,
            _LOOKUP_RANK.get(m.relation, len(_LOOKUP_RANK)),
            m.quote.article,
            m.quote.start,
            m.quote.end,
            m.quote.id,
        )
    )
    return found if limit is None else found[: max(0, limit)]
