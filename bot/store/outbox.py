"""The outbox: every message the bot owes someone, written in the transaction that caused it.

Sending belongs to the sender job; here a notice is only queued, once per key
(``hold.ready:<hold_id>:<n>``: the n-th time a copy is put aside for that hold), so a job
that runs twice never queues a message twice. A notice that no longer holds true before it
was sent (the copy went missing, the reader cancelled or already collected it) is dropped.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import aiosqlite

from bot.store.timeconv import ts


async def enqueue(
    conn: aiosqlite.Connection, key: str, reader_id: int | None, kind: str,
    payload: dict[str, Any], now: datetime, not_before: datetime,
) -> bool:
    """Queue a notice (``kind`` is its i18n key, ``payload`` its parameters); False if the key
    was queued before."""
    cur = await conn.execute(
        "INSERT OR IGNORE INTO outbox (key, reader_id, kind, payload, created_at, not_before)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (key, reader_id, kind, json.dumps(payload, ensure_ascii=False, default=str), ts(now),
         ts(not_before)),
    )
    return cur.rowcount == 1


async def pending(conn: aiosqlite.Connection, reader_id: int | None = None) -> list[dict[str, Any]]:
    """Pending notices, oldest first (for the sender, tests and the librarian)."""
    sql = "SELECT key, reader_id, kind, payload, not_before FROM outbox WHERE status = 'pending'"
    params: tuple[Any, ...] = ()
    if reader_id is not None:
        sql += " AND reader_id = ?"
        params = (reader_id,)
    async with conn.execute(sql + " ORDER BY id", params) as cur:
        rows = await cur.fetchall()
    return [{**dict(row), "payload": json.loads(row["payload"])} for row in rows]


async def drop_pending(conn: aiosqlite.Connection, key_prefix: str, now: datetime) -> int:
    """Drop the notices not yet sent whose key starts with ``key_prefix``; how many."""
    cur = await conn.execute(
        "UPDATE outbox SET status = 'dropped', last_error = ? WHERE status = 'pending'"
        " AND substr(key, 1, ?) = ?",
        (f"withdrawn {ts(now)}", len(key_prefix), key_prefix),
    )
    return cur.rowcount


async def next_key(conn: aiosqlite.Connection, key_prefix: str) -> str:
    """``key_prefix`` followed by one more than the number of notices queued under it."""
    async with conn.execute("SELECT count(*) FROM outbox WHERE substr(key, 1, ?) = ?",
                            (len(key_prefix), key_prefix)) as cur:
        row = await cur.fetchone()
    return f"{key_prefix}{(row[0] if row else 0) + 1}"
