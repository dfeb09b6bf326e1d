"""The outbox: every message the bot owes someone, written in the transaction that caused it.

Sending belongs to the sender job; here a notice is only queued, once per key
(``hold.ready:<hold_id>``), so a job that runs twice never queues a message twice.
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
