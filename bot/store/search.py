"""Catalogue search: the index rows and the SQL that ranks a query (design: docs/benchmarks.md).

Ranking tiers: 1 exact title, 2 title prefix, 3 title/subtitle substring (or pinyin from a later
syllable), 4 author. Within a tier: copies on shelf (desc), then the folded title, then id.

Every tier has *sources* (index lookups: title_key B-tree, FTS5 bigram phrases, the pinyin
B-tree) and a *predicate* over ``search_doc`` that selects exactly the same titles. Each source
is read at most ``CAP`` rows deep. When no source reaches the cap, the candidates are ranked in
one query (exact total). When one does, the query is unselective and the total is a lower bound;
tier by tier, a tier with at most ``RANK_MAX`` candidates is still ranked, a bigger one is dense
in the rank order, so its page is read walking ``search_doc`` (clustered in rank order) filtered
by the tier's predicate, stopping as soon as the page is full.

Query text reaches SQL only as bound parameters or as quoted FTS5 tokens made of letters, digits
and CJK characters (``runs``), with any ``"`` doubled all the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from bot.domain.query import Query

CAP = 300  # rows read from one source before the query counts as unselective
RANK_MAX = 1500  # an unselective query's tier with at most this many is still ranked, not walked
_TOP = "\U0010ffff"  # sorts after every character: [k, k + _TOP) is "starts with k"


@dataclass(frozen=True, slots=True)
class _Tier:
    sources: list[tuple[str, tuple[Any, ...]]]
    pred: str
    params: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class SearchPage:
    ids: list[int]
    total: int
    total_exact: bool = True


@dataclass(slots=True)
class _Window:
    skip: int
    need: int
    ids: list[int] = field(default_factory=list)
    seen: int = 0  # matches counted so far, over all tiers


# --- the query plan ---------------------------------------------------------------------------


def _phrase(run: str) -> str:
    if len(run) == 1:
        return '"' + run.replace('"', '""') + '" *'
    windows = [run[i : i + 2] for i in range(len(run) - 1)]
    return '"' + " ".join(windows).replace('"', '""') + '"'


def _fts_match(runs: Sequence[str]) -> str:
    return " AND ".join(_phrase(r) for r in runs)


def _instr_all(column: str, runs: Sequence[str]) -> tuple[str, tuple[Any, ...]]:
    return " AND ".join(f"instr({column}, ?) > 0" for _ in runs), tuple(runs)


def _py_source(op: str, fields: str, params: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    return f"SELECT DISTINCT title_id FROM search_py WHERE {op} AND field IN ({fields})", params


def _tiers(q: Query) -> list[_Tier]:
    k, runs, p = q.key, q.runs, q.pinyin
    fts = "SELECT rowid AS title_id FROM search_fts_{0} WHERE search_fts_{0} MATCH ?"
    t1 = _Tier([("SELECT title_id FROM search_doc WHERE title_key = ?", (k,))],
               "d.title_key = ?", (k,))
    t2 = _Tier([("SELECT title_id FROM search_doc WHERE title_key >= ? AND title_key < ?",
                 (k, k + _TOP))], "(d.title_key >= ? AND d.title_key < ?)", (k, k + _TOP))
    sub_sql, sub_params = _instr_all("d.match_key", runs)
    t3 = _Tier([(fts.format("title"), (_fts_match(runs),))], f"({sub_sql})", sub_params)
    au_sql, au_params = _instr_all("d.author_key", runs)
    t4 = _Tier([(fts.format("author"), (_fts_match(runs),))], f"({au_sql})", au_params)
    if not p:
        return [t1, t2, t3, t4]
    rng = "token >= ? AND token < ?"
    return [
        _Tier(t1.sources + [_py_source("token = ?", "0, 1", (p,))],
              f"({t1.pred} OR d.py_full = ? OR d.py_initials = ?)", t1.params + (p, p)),
        _Tier(t2.sources + [_py_source(rng, "0, 1", (p, p + _TOP))],
              f"({t2.pred} OR substr(d.py_full, 1, ?) = ? OR substr(d.py_initials, 1, ?) = ?)",
              t2.params + (len(p), p, len(p), p)),
        _Tier(t3.sources + [_py_source(rng, "2", (p, p + _TOP))],
              f"({t3.pred} OR instr(' ' || d.py_rest, ?) > 0)", t3.params + (" " + p,)),
        _Tier(t4.sources + [_py_source(rng, "3", (p, p + _TOP))],
              f"({t4.pred} OR instr(' ' || d.py_authors, ?) > 0)", t4.params + (" " + p,)),
    ]


# --- running it -------------------------------------------------------------------------------

_ORDER = "ORDER BY d.on_shelf DESC, d.title_key, d.title_id"


async def _source_counts(
    conn: aiosqlite.Connection, tiers: list[_Tier], cap: int | None = None
) -> list[list[int]]:
    """How many rows each source has, counting no further than ``cap + 1``."""
    parts: list[str] = []
    params: list[Any] = []
    for tier in tiers:
        for sql, sp in tier.sources:
            parts.append(f"(SELECT count(*) FROM ({sql} LIMIT ?))")
            params += [*sp, (cap or CAP) + 1]
    rows = list(await conn.execute_fetchall("SELECT " + ", ".join(parts), params))
    flat, out = list(rows[0]), []
    for tier in tiers:
        out.append(flat[: len(tier.sources)])
        flat = flat[len(tier.sources) :]
    return out


def _candidates(
    tiers: Sequence[_Tier], only: int | None = None, cap: int | None = None
) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    for n, tier in enumerate(tiers, start=1):
        if only is not None and n != only:
            continue
        for sql, sp in tier.sources:
            parts.append(f"SELECT title_id, {n} AS tier FROM ({sql} LIMIT ?)")
            params += [*sp, cap or CAP]
    return " UNION ALL ".join(parts), params


async def _rank_all(conn: aiosqlite.Connection, tiers: list[_Tier], offset: int, limit: int) -> SearchPage:
    cands, params = _candidates(tiers)
    sql = (
        f"WITH c(title_id, tier) AS ({cands}),"
        " m(title_id, tier) AS (SELECT title_id, min(tier) FROM c GROUP BY title_id)"
        " SELECT d.title_id, count(*) OVER () FROM m"
        " JOIN search_doc d INDEXED BY search_doc_id ON d.title_id = m.title_id"
        f" ORDER BY m.tier, d.on_shelf DESC, d.title_key, d.title_id LIMIT ? OFFSET ?"
    )
    rows = list(await conn.execute_fetchall(sql, [*params, limit, offset]))
    if rows:
        return SearchPage([r[0] for r in rows], int(rows[0][1]))
    count = list(await conn.execute_fetchall(
        f"WITH c(title_id, tier) AS ({cands}) SELECT count(DISTINCT d.title_id) FROM c"
        " JOIN search_doc d ON d.title_id = c.title_id", params,
    ))
    return SearchPage([], int(count[0][0]))


def _not_earlier(tiers: Sequence[_Tier], k: int) -> tuple[str, list[Any]]:
    sql = "".join(f" AND NOT {t.pred}" for t in tiers[: k - 1])
    return sql, [p for t in tiers[: k - 1] for p in t.params]


async def _tier_page(
    conn: aiosqlite.Connection, tiers: list[_Tier], k: int, large: bool, win: _Window, cap: int
) -> tuple[list[int], int | None]:
    """The window's rows from tier ``k`` and the tier's size (None: not counted).

    Only used for an unselective query, whose total is a lower bound anyway: once the page is
    full, later tiers are not counted.
    """
    if not win.need:
        return [], None
    excl, excl_params = _not_earlier(tiers, k)
    tier = tiers[k - 1]
    if large:
        base = f"FROM search_doc d NOT INDEXED WHERE {tier.pred}{excl}"
        params: list[Any] = [*tier.params, *excl_params]
    else:
        cands, cparams = _candidates(tiers, only=k, cap=cap)
        base = (f"FROM (SELECT DISTINCT title_id FROM ({cands})) c"
                f" JOIN search_doc d ON d.title_id = c.title_id WHERE 1{excl}")
        params = [*cparams, *excl_params]
    cols = "d.title_id" if large else "d.title_id, count(*) OVER ()"
    rows = list(await conn.execute_fetchall(
        f"SELECT {cols} {base} {_ORDER} LIMIT ? OFFSET ?", [*params, win.need, win.skip]))
    ids = [r[0] for r in rows]
    if rows and not large:
        return ids, int(rows[0][1])
    if large and len(rows) == win.need:  # the window is full: more may follow, uncounted
        return ids, None
    if rows or win.skip == 0:  # the tier ended inside the window
        return ids, win.skip + len(rows)
    count = list(await conn.execute_fetchall(f"SELECT count(*) {base}", params))
    return [], int(count[0][0])


async def _rank_by_tier(
    conn: aiosqlite.Connection, tiers: list[_Tier], counts: list[list[int]], offset: int, limit: int
) -> SearchPage:
    win = _Window(skip=offset, need=limit)
    exact = True
    for k in range(1, len(tiers) + 1):
        large, cap = max(counts[k - 1]) > CAP, CAP
        if large and win.need:  # a few hundred more: ranking them beats walking the table
            [deeper] = await _source_counts(conn, [tiers[k - 1]], RANK_MAX)
            large, cap = max(deeper) > RANK_MAX, RANK_MAX
        ids, size = await _tier_page(conn, tiers, k, large, win, cap)
        win.ids += ids
        win.need -= len(ids)
        if size is None:
            exact = False
            win.seen += win.skip + len(ids)
            win.skip = 0
            continue
        win.seen += size
        win.skip = max(0, win.skip - size)
    if exact:
        return SearchPage(win.ids, win.seen)
    lower = max(win.seen, offset + len(win.ids), max(max(c) for c in counts))
    return SearchPage(win.ids, lower, total_exact=False)


async def search_titles(conn: aiosqlite.Connection, q: Query, offset: int, limit: int) -> SearchPage:
    """Ranked title ids for a parsed text query (not ISBN), and how many match."""
    if not q.runs:
        return SearchPage([], 0)
    offset, limit = max(0, offset), max(0, limit)
    tiers = _tiers(q)
    counts = await _source_counts(conn, tiers)
    if all(c <= CAP for tier in counts for c in tier):
        return await _rank_all(conn, tiers, offset, limit)
    return await _rank_by_tier(conn, tiers, counts, offset, limit)
