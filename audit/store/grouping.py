"""Quote groups in the store: the incremental grouping of an add run (each
new quote looks up its candidates in the stem index and joins the group of
its best match under the rules of :func:`audit.match.group_quotes`, or starts
a group), a group's reference kept right when members come and go, a
whole-corpus grouping stored at once (:func:`set_groups`), and the groups
read back as :class:`QuoteGroup` records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .. import match
from ..errors import StoreError
from ..models import Quote, QuoteGroup, QuoteMember
from .backends import Database
from .postings import IndexMemory, IndexSettings, candidate_ids
from .records import QUOTE_COLUMNS, marks, quote_from_row

# Comparison keys kept while adding (a popular statement is a candidate again
# and again); the cache is emptied when it grows past this many (~1 KB each).
_KEY_CACHE = 100_000


def _light_quote(text: str, speaker: str | None, fragment: int) -> Quote:
    """A stored quote with only the fields the join rules read."""
    return Quote(id="", article="", start=0, end=0, text=text, speaker=speaker,
                 fragment=bool(fragment))


class GroupChooser:
    """Chooses the group of each new quote of an add run that groups. Holds
    the index in memory (:class:`IndexMemory`, loaded by :meth:`load` when
    a batch begins and another writer committed since) and the comparison
    keys of stored quotes met as candidates (by row id)."""

    def __init__(self, db: Database, settings: IndexSettings) -> None:
        self.db = db
        self.settings = settings
        self.memory: IndexMemory | None = None
        self.keys: dict[int, match.ComparisonKey] = {}
        # The one join rule of every grouping (in memory, on Dask, here).
        self.rules = match.JoinRules(match.quote_settings())

    def load(self) -> None:
        """(Re)read the index memory from the store."""
        self.memory = IndexMemory.load(self.db, self.settings)

    def choose(
        self,
        qid: int,
        quote: Quote,
        norm: str,
        terms: Sequence[int],
        pending: Sequence[tuple[int, int]],
    ) -> int | None:
        """The group new quote ``qid`` (normalised text ``norm``) joins (None:
        it starts one), by the rules of match.group_quotes over the candidates
        the index gives (with the article's ``pending`` postings); makes it the
        group's reference when it is the group's longest wording."""
        words = norm.split()
        key = match.stored_comparison_key(quote.text, norm)
        # A short quote with no speaker joins no group (the join rules'
        # may_pair, skipped as in match.plan_groups): not even compared.
        if not words or not self.rules.may_pair(quote, key):
            return None
        ids = candidate_ids(
            self.db, self.settings, words, terms, self.settings.grouping, short_runs=True,
            pending=pending, memory=self.memory,
        )
        if not ids:
            return None
        # Only what the join rules read: text (with its stored normal form),
        # speaker, fragment flag; with each member's group reference's
        # wording length and fragment flag (read in the same query).
        rows = self.db.execute(
            "SELECT q.id, q.text, q.norm, q.speaker, q.fragment, q.grp, g.reference, "
            "length(r.norm), r.fragment FROM quotes q JOIN quote_groups g ON g.id = q.grp "
            f"LEFT JOIN quotes r ON r.id = g.reference WHERE q.id IN ({marks(len(ids))}) "
            "ORDER BY q.id",
            tuple(ids),
        ).fetchall()
        keys = self.keys
        if len(keys) > _KEY_CACHE:
            keys.clear()
        members = []
        for r in rows:
            mkey = keys.get(r[0])
            if mkey is None:
                mkey = keys[r[0]] = match.stored_comparison_key(r[1], r[2])
            partner = _light_quote(r[1], r[3], r[4])
            # An unpairable stored quote is no partner (match.plan_groups
            # leaves it out of its blocking index).
            if self.rules.may_pair(partner, mkey):
                members.append(match.Partner(r[0], partner, mkey, r[5], r[6] == r[0]))
        group = self.rules.best_group(quote, key, members)
        if group is None:
            return None
        length, fragment = next(r[7:] for r in rows if r[5] == group)
        if length is None or match.replaces_reference(
            bool(fragment), length, quote.fragment, len(norm)
        ):
            self.db.execute("UPDATE quote_groups SET reference = ? WHERE id = ?", (qid, group))
        return group


# ---------------------------------------------------------------- references


def repair_group(db: Database, group: int) -> None:
    """After members left ``group``: delete it when empty, else give it the
    best remaining wording as reference when its reference left."""
    ref = db.execute("SELECT reference FROM quote_groups WHERE id = ?", (group,)).fetchone()
    if ref is not None and db.execute(
        "SELECT 1 FROM quotes WHERE id = ?", (ref[0],)
    ).fetchone():
        return
    rows = db.execute(
        "SELECT id, length(norm), fragment FROM quotes WHERE grp = ? ORDER BY id", (group,)
    ).fetchall()
    if not rows:
        db.execute("DELETE FROM quote_groups WHERE id = ?", (group,))
        return
    best = rows[0]
    for row in rows[1:]:
        if match.replaces_reference(bool(best[2]), best[1], bool(row[2]), row[1]):
            best = row
    db.execute("UPDATE quote_groups SET reference = ? WHERE id = ?", (best[0], group))


# ---------------------------------------------------------------- whole-corpus grouping


def set_groups(db: Database, name: str, groups: Iterable[Sequence[str]]) -> int:
    """See :meth:`audit.store.Store.set_groups` (``name``: the store, for errors)."""
    db.begin_write()
    try:
        row_grp, refs = _partition(db, name, groups)
        old_refs = dict(db.execute("SELECT id, reference FROM quote_groups").fetchall())
        db.upsert_ints(
            "quote_groups", "id", "reference",
            [(k, ref) for k, ref in enumerate(refs, start=1) if old_refs.get(k) != ref],
        )
        # Only the quotes that move: regrouping a grouped store rewrites little.
        moved = [(rid, k) for rid, (k, old) in sorted(row_grp.items()) if k != old]
        db.update_ints("quotes", "id", "grp", moved)
        db.execute("DELETE FROM quote_groups WHERE id > ?", (len(refs),))
        db.commit()
    except BaseException:
        if db.in_transaction:
            db.rollback()
        raise
    return len(refs)


def _partition(
    db: Database, name: str, groups: Iterable[Sequence[str]]
) -> tuple[dict[int, tuple[int, int]], list[int]]:
    """For :func:`set_groups`: each stored quote's row id -> (new group,
    current group), and each new group's reference row id; raises
    StoreError unless ``groups`` hold every stored quote once."""
    rows: dict[str, tuple[int, int, int, int]] = {}
    count = 0
    for qid, rid, length, fragment, grp in db.execute(
        "SELECT qid, id, length(norm), fragment, grp FROM quotes"
    ):
        rows[qid] = (int(rid), int(length), int(fragment), int(grp))
        count += 1
    if len(rows) < count:
        raise StoreError(name, "cannot set groups: stored quote ids are not unique")
    row_grp: dict[int, tuple[int, int]] = {}
    refs: list[int] = []
    for k, members in enumerate(groups, start=1):
        best: tuple[int, int, int, int] | None = None
        for qid in members:
            row = rows.get(qid)
            if row is None:
                raise StoreError(name, f"cannot set groups: quote {qid!r} is not stored")
            if row[0] in row_grp:
                raise StoreError(name, f"cannot set groups: quote {qid!r} is in two groups")
            row_grp[row[0]] = (k, row[3])
            if best is None or match.replaces_reference(
                bool(best[2]), best[1], bool(row[2]), row[1]
            ):
                best = row
        if best is None:
            raise StoreError(name, f"cannot set groups: group {k} is empty")
        refs.append(best[0])
    if len(row_grp) < count:
        raise StoreError(
            name,
            f"cannot set groups: {count - len(row_grp)} stored quotes are in no group "
            "(was the store changed after its quotes were read?)",
        )
    return row_grp, refs


# ---------------------------------------------------------------- reading


def stored_groups(
    db: Database, paths: Iterable[str] | None = None, *, min_size: int = 1
) -> tuple[QuoteGroup, ...]:
    """See :meth:`audit.store.Store.groups`."""
    if paths is None:
        group_ids: list[int] = [
            r[0]
            for r in db.execute(
                "SELECT grp FROM quotes GROUP BY grp HAVING count(*) >= ? ORDER BY grp",
                (min_size,),
            )
        ]
    else:
        group_ids = [
            r[0]
            for r in db.execute(
                "SELECT DISTINCT q.grp FROM quotes q JOIN articles a ON a.id = q.article "
                f"WHERE {db.any_of('a.path')} ORDER BY q.grp",
                (db.list_param(sorted(set(paths))),),
            )
        ]
    out: list[QuoteGroup] = []
    for group in group_ids:
        rows = db.execute(
            f"SELECT {QUOTE_COLUMNS}, g.reference FROM quotes q "
            "JOIN articles a ON a.id = q.article JOIN quote_groups g ON g.id = q.grp "
            "WHERE q.grp = ? ORDER BY q.id",
            (group,),
        ).fetchall()
        if len(rows) < min_size:
            continue
        ref = next(r for r in rows if r[0] == r[12])
        reference = quote_from_row(ref)
        built = [QuoteMember(reference, "reference", 100.0)]
        for r in rows:
            if r is ref:
                continue
            quote = quote_from_row(r)
            score, relation = match.compare_quotes(reference.text, quote.text)
            built.append(
                QuoteMember(
                    quote,
                    "variant" if relation == "unrelated" else relation,
                    score,
                    match.word_diff(reference.text, quote.text),
                )
            )
        out.append(QuoteGroup(f"g{group}", tuple(built)))
    return tuple(out)


def group_of(db: Database, paths: Iterable[str] | None = None) -> dict[str, str]:
    """See :meth:`audit.store.Store.group_of`."""
    sql = "SELECT q.qid, q.grp FROM quotes q JOIN articles a ON a.id = q.article"
    if paths is None:
        rows = db.execute(sql + " ORDER BY q.id")
    else:
        rows = db.execute(
            sql + f" WHERE {db.any_of('a.path')} ORDER BY q.id",
            (db.list_param(sorted(set(paths))),),
        )
    return {qid: f"g{grp}" for qid, grp in rows}
