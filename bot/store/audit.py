"""The audit log: every staff action and every change of rights."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

import aiosqlite

from bot.store.timeconv import ts

_INSERT = (
    "INSERT INTO audit_log (at, actor, action, object_type, object_id, details)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def _params(
    now: datetime, actor: int | None, action: str, object_type: str | None,
    object_id: str | int | None, details: dict[str, Any],
) -> tuple[Any, ...]:
    return (ts(now), actor, action, object_type, None if object_id is None else str(object_id),
            json.dumps(details, ensure_ascii=False, default=str))


async def record(
    conn: aiosqlite.Connection, now: datetime, actor: int | None, action: str,
    object_type: str | None = None, object_id: str | int | None = None, **details: Any,
) -> None:
    await conn.execute(_INSERT, _params(now, actor, action, object_type, object_id, details))


def record_sync(
    conn: sqlite3.Connection, now: datetime, actor: int | None, action: str,
    object_type: str | None = None, object_id: str | int | None = None, **details: Any,
) -> None:
    """The same, inside ``Database.bulk_write``."""
    conn.execute(_INSERT, _params(now, actor, action, object_type, object_id, details))


async def entries(conn: aiosqlite.Connection, action: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT at, actor, action, object_type, object_id, details FROM audit_log"
    params: tuple[Any, ...] = ()
    if action:
        sql += " WHERE action = ?"
        params = (action,)
    async with conn.execute(sql + " ORDER BY id", params) as cur:
        rows = await cur.fetchall()
    return [{**dict(row), "details": json.loads(row["details"])} for row in rows]
