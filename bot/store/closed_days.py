"""Closed days the librarian adds in chat (on top of the configured calendar): the SQL."""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite

from bot.store.timeconv import day, from_day, ts


async def all_closed(conn: aiosqlite.Connection) -> dict[date, str]:
    """Every added closed day with its reason (a school adds a handful a year)."""
    async with conn.execute("SELECT day, reason FROM closed_days ORDER BY day") as cur:
        return {from_day(row[0]): row[1] for row in await cur.fetchall()}


async def add(
    conn: aiosqlite.Connection, closed: date, reason: str, added_by: int | None, now: datetime
) -> bool:
    """Add the day (or change its reason); True if it was not closed before."""
    async with conn.execute("SELECT 1 FROM closed_days WHERE day = ?", (day(closed),)) as cur:
        existed = await cur.fetchone() is not None
    await conn.execute(
        "INSERT INTO closed_days (day, reason, added_by, added_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (day) DO UPDATE SET reason = excluded.reason",
        (day(closed), reason, added_by, ts(now)),
    )
    return not existed


async def remove(conn: aiosqlite.Connection, closed: date) -> bool:
    cur = await conn.execute("DELETE FROM closed_days WHERE day = ?", (day(closed),))
    return cur.rowcount == 1
