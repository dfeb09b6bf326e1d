"""Sample queries from a built catalogue, time the service's search and a LIKE scan, check recall."""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.clock import FakeClock
from bot.domain.actor import Actor
from bot.domain.isbn import format_isbn13, isbn13_to_10
from bot.domain.query import parse_query
from bot.domain.search_text import has_cjk, syllables
from bot.services.catalog import CatalogService
from bot.store import search
from bot.store.db import Database

READER = Actor(telegram_id=1)
REPEATS = 5
CLASSES = ("cjk1", "cjk2", "cjk3", "cjk5", "pinyin", "initials", "isbn", "english")
_LIKE_TEXT = "SELECT title_id FROM search_doc WHERE match_key LIKE ?1 ESCAPE '!' OR author_key LIKE ?1 ESCAPE '!'"
_LIKE_PY = ("SELECT title_id FROM search_doc WHERE (' ' || py_full || ' ' || py_initials || ' ' ||"
            " py_rest || ' ' || py_authors) LIKE ?1 ESCAPE '!'")
_LIKE_ISBN = "SELECT id FROM titles WHERE isbn LIKE ?1 ESCAPE '!'"


@dataclass
class ClassResult:
    name: str
    queries: int
    p50_ms: float
    p95_ms: float
    like_p50_ms: float
    like_p95_ms: float
    recall: float
    unselective: int  # queries answered by the rank-order scan (a source reached CAP)


def _esc(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _rows(conn: sqlite3.Connection, sql: str, *params: object) -> list[tuple]:
    return conn.execute(sql, params).fetchall()


def _cjk_query(rng: random.Random, conn: sqlite3.Connection, n: int, max_id: int) -> str:
    while True:
        [(title_key,)] = _rows(conn, "SELECT title_key FROM search_doc WHERE title_id = ?",
                               rng.randint(1, max_id)) or [("",)]
        runs = [r for r in title_key.split() if len(r) >= n and all(has_cjk(c) for c in r)]
        if runs:
            run = rng.choice(runs)
            start = rng.randint(0, len(run) - n)
            return run[start : start + n]


def _pinyin_query(rng: random.Random, conn: sqlite3.Connection, max_id: int, initials: bool) -> str:
    while True:
        [(title,)] = _rows(conn, "SELECT title FROM titles WHERE id = ?", rng.randint(1, max_id))
        syl = syllables(title) if has_cjk(title) else []
        if len(syl) >= 2:
            cut = syl[: rng.randint(2, len(syl))]
            if initials:
                return "".join(s[0] for s in cut)
            return " ".join(cut) if rng.random() < 0.5 else "".join(cut)


def _isbn_query(rng: random.Random, conn: sqlite3.Connection, max_id: int) -> str:
    while True:
        [(isbn,)] = _rows(conn, "SELECT isbn FROM titles WHERE id = ?", rng.randint(1, max_id))
        if isbn:
            return (isbn13_to_10(isbn) or isbn) if rng.random() < 0.3 else format_isbn13(isbn)


def _english_query(rng: random.Random, conn: sqlite3.Connection, max_id: int) -> str:
    while True:
        [(title,)] = _rows(conn, "SELECT title FROM titles WHERE id = ?", rng.randint(1, max_id))
        words = [w for w in title.split() if len(w) >= 3 and w.isascii()]
        if words:
            word = rng.choice(words)
            return word[: rng.randint(3, len(word))]


def sample(path: Path, per_class: int, seed: int = 3) -> dict[str, list[str]]:
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    max_id = _rows(conn, "SELECT max(id) FROM titles")[0][0]
    makers: dict[str, Callable[[], str]] = {
        "cjk1": lambda: _cjk_query(rng, conn, 1, max_id),
        "cjk2": lambda: _cjk_query(rng, conn, 2, max_id),
        "cjk3": lambda: _cjk_query(rng, conn, 3, max_id),
        "cjk5": lambda: _cjk_query(rng, conn, 5, max_id),
        "pinyin": lambda: _pinyin_query(rng, conn, max_id, initials=False),
        "initials": lambda: _pinyin_query(rng, conn, max_id, initials=True),
        "isbn": lambda: _isbn_query(rng, conn, max_id),
        "english": lambda: _english_query(rng, conn, max_id),
    }
    queries = {name: [make() for _ in range(per_class)] for name, make in makers.items()}
    conn.close()
    return queries


def _baseline(conn: sqlite3.Connection, cls: str, text: str) -> tuple[float, set[int]]:
    q = parse_query(text)
    if cls == "isbn":
        sql, arg = _LIKE_ISBN, f"%{q.isbn}%"
    elif cls in ("pinyin", "initials"):
        sql, arg = _LIKE_PY, f"% {_esc(q.pinyin)}%"
    else:
        sql, arg = _LIKE_TEXT, f"%{_esc(q.key)}%"
    started = time.perf_counter()
    ids = {r[0] for r in conn.execute(sql, (arg,))}
    return (time.perf_counter() - started) * 1000, ids


async def _all_ids(svc: CatalogService, text: str) -> set[int]:
    """Every title the search path matches (ids only: no availability for 100k hits)."""
    async with svc.db.read() as conn:
        page = await search.search_titles(conn, parse_query(text), 0, 10_000_000)
    return set(page.ids)


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


async def run_class(svc: CatalogService, conn: sqlite3.Connection, cls: str, queries: list[str]) -> ClassResult:
    times: list[float] = []
    like_times: list[float] = []
    found = expected = unselective = 0
    for text in queries:
        await svc.search(READER, text)  # warm the page cache for this query's pages
        for _ in range(REPEATS):
            started = time.perf_counter()
            result = await svc.search(READER, text)
            times.append((time.perf_counter() - started) * 1000)
        unselective += not result.total_exact
        like_ms, like_ids = _baseline(conn, cls, text)
        like_times.append(like_ms)
        if cls == "isbn":
            got = {h.id for h in result.hits}
        else:
            got = await _all_ids(svc, text) if like_ids else set()
        found += len(like_ids & got)
        expected += len(like_ids)
    return ClassResult(
        cls, len(queries), statistics.median(times), _pct(times, 0.95),
        statistics.median(like_times), _pct(like_times, 0.95),
        found / expected if expected else 1.0, unselective,
    )


async def measure(path: Path, per_class: int) -> list[ClassResult]:
    queries = sample(path, per_class)
    conn = sqlite3.connect(path)
    results = []
    async with Database(path) as db:
        svc = CatalogService(db, FakeClock())
        for cls in CLASSES:
            results.append(await run_class(svc, conn, cls, queries[cls]))
            r = results[-1]
            print(f"  {cls:9} p50 {r.p50_ms:7.2f} ms  p95 {r.p95_ms:7.2f} ms | LIKE p50"
                  f" {r.like_p50_ms:8.1f} p95 {r.like_p95_ms:8.1f} | recall {r.recall:.4f}"
                  f" | scan {r.unselective}/{r.queries} (CAP {search.CAP})", flush=True)
    conn.close()
    return results
