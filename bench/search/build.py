"""Build (or reuse) a benchmark catalogue under bench/.cache/.

The schema comes from the real migrations (``Database.open``). Titles and copies are bulk-loaded
with plain ``sqlite3``; the search rows are computed by ``bot.domain.search_text.search_doc`` (in
a process pool) and written with the store's own SQL (``bot.store.search_index.INSERT_*``), so the
index is exactly what ``upsert_titles`` would write. The copies triggers keep ``on_shelf``.
``time_upsert_path`` measures the real import path (``CatalogService.import_titles``) too.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sqlite3
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from bench.search.corpus import generate
from bot.clock import FakeClock
from bot.domain.actor import Actor
from bot.domain.catalog import CopyStatus, TitleRecord
from bot.domain.search_text import SearchDoc, search_doc
from bot.services.catalog import CatalogService
from bot.store.catalog import dedup_key
from bot.store.db import Database
from bot.store.search_index import (
    INSERT_DOC,
    INSERT_FTS_AUTHOR,
    INSERT_FTS_TITLE,
    INSERT_PY,
    index_rows,
)

CACHE = Path(__file__).resolve().parent.parent / ".cache"
CHUNK = 5000
STAMP = "2026-09-01T00:00:00Z"
_TITLE_SQL = (
    "INSERT INTO titles (id, isbn, title, subtitle, authors, publisher, year, classification,"
    " subjects, summary, language, dedup_key, added_at, updated_at)"
    " VALUES (?, ?, ?, '', ?, '', NULL, '', '', '', ?, ?, ?, ?)"
)
_COPY_SQL = (
    "INSERT INTO copies (title_id, barcode, call_number, location, item_type, status, added_at,"
    " updated_at) VALUES (?, ?, ?, ?, 'book', ?, ?, ?)"
)


def _docs(chunk: list[tuple[str, str, tuple[str, ...]]]) -> list[SearchDoc]:
    return [search_doc(t, s, a) for t, s, a in chunk]


def _chunks(count: int) -> Any:
    it = generate(count)
    while batch := list(itertools.islice(it, CHUNK)):
        yield batch


def _insert(conn: sqlite3.Connection, first_id: int, seen: set[str],
            batch: list[tuple[TitleRecord, list[CopyStatus]]], docs: list[SearchDoc]) -> int:
    """Insert a batch; a record whose dedup key was seen is skipped (an import would merge it)."""
    titles, copies, rows_doc, rows_ft, rows_fa, rows_py = [], [], [], [], [], []
    tid = first_id - 1
    for (rec, statuses), doc in zip(batch, docs, strict=True):
        if dedup_key(rec) in seen:
            continue
        seen.add(dedup_key(rec))
        tid += 1
        titles.append((tid, rec.isbn, rec.title, "; ".join(rec.authors), rec.language,
                       dedup_key(rec), STAMP, STAMP))
        rows = index_rows(tid, doc)
        rows_doc.append(rows.doc)
        rows_ft.append(rows.fts_title)
        rows_fa.append(rows.fts_author)
        rows_py.extend(rows.py)
        copies += [(tid, c.barcode, c.call_number, c.location, st.value, STAMP, STAMP)
                   for c, st in zip(rec.copies, statuses, strict=True)]
    conn.executemany(_TITLE_SQL, titles)
    conn.executemany(INSERT_DOC, rows_doc)
    conn.executemany(INSERT_FTS_TITLE, rows_ft)
    conn.executemany(INSERT_FTS_AUTHOR, rows_fa)
    conn.executemany(INSERT_PY, rows_py)
    conn.executemany(_COPY_SQL, copies)
    return len(titles)


def build(count: int, path: Path) -> dict[str, float]:
    asyncio.run(_migrate(path))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1500000")  # 1.5 GB page cache while loading
    started, next_id, seen = time.perf_counter(), 1, set[str]()
    conn.execute("BEGIN")
    with ProcessPoolExecutor(max_workers=2) as pool:
        pending: list[Any] = []
        for batch in _chunks(count):
            pending.append((batch, pool.submit(
                _docs, [(r.title, r.subtitle, r.authors) for r, _ in batch])))
            if len(pending) >= 4:
                b, fut = pending.pop(0)
                next_id += _insert(conn, next_id, seen, b, fut.result())
                if next_id // 100_000 != (next_id - len(b)) // 100_000:
                    print(f"  {next_id - 1:,} titles, {time.perf_counter() - started:.0f} s",
                          flush=True)
        for b, fut in pending:
            next_id += _insert(conn, next_id, seen, b, fut.result())
    conn.execute("COMMIT")
    loaded = time.perf_counter() - started
    for fts in ("search_fts_title", "search_fts_author"):
        conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    total = time.perf_counter() - started
    return {"titles": next_id - 1, "load_s": loaded, "total_s": total,
            "per_100k_s": total / ((next_id - 1) / 100_000), "db_mb": path.stat().st_size / 2**20}


async def _migrate(path: Path) -> None:
    async with Database(path):
        pass


def catalogue(count: int) -> tuple[Path, dict[str, float]]:
    """The cached catalogue of ``count`` titles, built if missing, and its build figures."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path, meta = CACHE / f"catalog-{count}.db", CACHE / f"catalog-{count}.json"
    if path.exists() and meta.exists():
        return path, json.loads(meta.read_text())
    for stale in CACHE.glob(f"catalog-{count}.db*"):
        stale.unlink()
    print(f"building {count:,} titles into {path} ...", flush=True)
    figures = build(count, path)
    meta.write_text(json.dumps(figures))
    return path, figures


def time_upsert_path(count: int = 5000) -> float:
    """Seconds per 100k titles through CatalogService.import_titles (batches of 1,000)."""
    records = [r for r, _ in generate(count, seed=11)]

    async def run() -> float:
        with tempfile.TemporaryDirectory() as tmp:
            async with Database(Path(tmp) / "up.db") as db:
                svc = CatalogService(db, FakeClock())
                started = time.perf_counter()
                for i in range(0, count, 1000):
                    await svc.import_titles(Actor.system(), records[i : i + 1000])
                return (time.perf_counter() - started) / (count / 100_000)

    return asyncio.run(run())
