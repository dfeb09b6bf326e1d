"""Holds (预约): a queue per title, first come first served; the SQL.

A hold is ``waiting`` in the queue, ``trapped`` when a copy waits for the reader on the hold
shelf (``copy_id``, ``pickup_by``), and then ``collected``, ``cancelled`` or ``expired``. The queue
order is ``(placed_at, id)``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import aiosqlite

from bot.domain.catalog import ItemType
from bot.domain.loans import HoldRow, HoldStatus
from bot.store.timeconv import day, from_day, from_ts, ts

_SELECT = """
SELECT h.id, h.title_id, h.reader_id, h.placed_at, h.status, h.copy_id, h.pickup_by, h.coming,
       t.title, r.name AS reader_name, r.class_name, c.barcode
FROM holds h
JOIN titles t ON t.id = h.title_id
JOIN readers r ON r.id = h.reader_id
LEFT JOIN copies c ON c.id = h.copy_id
"""
_QUEUE_ORDER = " ORDER BY h.placed_at, h.id"


def _hold(row: Any) -> HoldRow:
    return HoldRow(
        row["id"], row["title_id"], row["reader_id"], from_ts(row["placed_at"]),
        HoldStatus(row["status"]), row["copy_id"],
        from_day(row["pickup_by"]) if row["pickup_by"] else None, bool(row["coming"]),
        row["title"], row["reader_name"], row["class_name"], row["barcode"],
    )


async def _many(conn: aiosqlite.Connection, where: str, params: tuple[Any, ...]) -> list[HoldRow]:
    async with conn.execute(_SELECT + where, params) as cur:
        return [_hold(row) for row in await cur.fetchall()]


async def get_hold(conn: aiosqlite.Connection, hold_id: int) -> HoldRow | None:
    found = await _many(conn, " WHERE h.id = ?", (hold_id,))
    return found[0] if found else None


async def live_hold(conn: aiosqlite.Connection, reader_id: int, title_id: int) -> HoldRow | None:
    found = await _many(
        conn, " WHERE h.reader_id = ? AND h.title_id = ? AND h.status IN ('waiting', 'trapped')",
        (reader_id, title_id),
    )
    return found[0] if found else None


async def reader_holds(conn: aiosqlite.Connection, reader_id: int) -> list[HoldRow]:
    """The reader's live holds, in the order they were placed."""
    return await _many(
        conn, " WHERE h.reader_id = ? AND h.status IN ('waiting', 'trapped')" + _QUEUE_ORDER,
        (reader_id,),
    )


async def queue(conn: aiosqlite.Connection, title_id: int) -> list[HoldRow]:
    """The title's live holds: trapped ones first, then the waiting queue in order."""
    return await _many(
        conn, " WHERE h.title_id = ? AND h.status IN ('waiting', 'trapped')"
        " ORDER BY h.status = 'waiting', h.placed_at, h.id", (title_id,),
    )


async def titles_with_waiting(conn: aiosqlite.Connection) -> set[int]:
    """The titles somebody is queueing for."""
    async with conn.execute("SELECT DISTINCT title_id FROM holds WHERE status = 'waiting'") as cur:
        return {int(row[0]) for row in await cur.fetchall()}


async def first_waiting(conn: aiosqlite.Connection, title_id: int) -> HoldRow | None:
    found = await _many(
        conn, " WHERE h.title_id = ? AND h.status = 'waiting'" + _QUEUE_ORDER + " LIMIT 1",
        (title_id,),
    )
    return found[0] if found else None


async def trapped_for_copy(conn: aiosqlite.Connection, copy_id: int) -> HoldRow | None:
    found = await _many(conn, " WHERE h.copy_id = ? AND h.status = 'trapped'", (copy_id,))
    return found[0] if found else None


async def position(conn: aiosqlite.Connection, hold: HoldRow) -> int:
    """1 for the first waiting reader; 0 for a hold that is not waiting."""
    if hold.status is not HoldStatus.WAITING:
        return 0
    async with conn.execute(
        "SELECT count(*) FROM holds WHERE title_id = ? AND status = 'waiting'"
        " AND (placed_at < ? OR (placed_at = ? AND id < ?))",
        (hold.title_id, ts(hold.placed_at), ts(hold.placed_at), hold.id),
    ) as cur:
        row = await cur.fetchone()
    return 1 + (int(row[0]) if row else 0)


async def waiting_count(conn: aiosqlite.Connection, title_id: int, *, exclude_reader: int = 0) -> int:
    async with conn.execute(
        "SELECT count(*) FROM holds WHERE title_id = ? AND status = 'waiting' AND reader_id != ?",
        (title_id, exclude_reader),
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def holds_per_type(conn: aiosqlite.Connection, reader_id: int) -> dict[ItemType, int]:
    """The reader's live holds counted by the item type of each title (books when mixed)."""
    async with conn.execute(
        "SELECT coalesce((SELECT c.item_type FROM copies c WHERE c.title_id = h.title_id"
        "   GROUP BY c.item_type ORDER BY c.item_type = 'book' DESC, count(*) DESC LIMIT 1),"
        " 'book') AS type, count(*) FROM holds h"
        " WHERE h.reader_id = ? AND h.status IN ('waiting', 'trapped') GROUP BY type",
        (reader_id,),
    ) as cur:
        return {ItemType(r[0]): int(r[1]) for r in await cur.fetchall()}


async def insert_hold(conn: aiosqlite.Connection, title_id: int, reader_id: int, now: datetime) -> int:
    cur = await conn.execute(
        "INSERT INTO holds (title_id, reader_id, placed_at) VALUES (?, ?, ?)",
        (title_id, reader_id, ts(now)),
    )
    return int(cur.lastrowid or 0)


async def trap(
    conn: aiosqlite.Connection, hold_id: int, copy_id: int, now: datetime, pickup_by: date
) -> None:
    await conn.execute(
        "UPDATE holds SET status = 'trapped', copy_id = ?, trapped_at = ?, pickup_by = ?"
        " WHERE id = ?",
        (copy_id, ts(now), day(pickup_by), hold_id),
    )


async def untrap(conn: aiosqlite.Connection, hold_id: int) -> None:
    """Back to the queue, keeping its place (the trapped copy went missing)."""
    await conn.execute(
        "UPDATE holds SET status = 'waiting', copy_id = NULL, trapped_at = NULL,"
        " pickup_by = NULL, coming = 0 WHERE id = ?",
        (hold_id,),
    )


async def close_hold(
    conn: aiosqlite.Connection, hold_id: int, status: HoldStatus, now: datetime
) -> None:
    await conn.execute(
        "UPDATE holds SET status = ?, closed_at = ? WHERE id = ?", (status.value, ts(now), hold_id)
    )


async def set_coming(conn: aiosqlite.Connection, hold_id: int) -> None:
    await conn.execute("UPDATE holds SET coming = 1 WHERE id = ?", (hold_id,))


async def past_pickup(conn: aiosqlite.Connection, today: date) -> list[HoldRow]:
    """Trapped holds whose last pickup day is before ``today``."""
    return await _many(
        conn, " WHERE h.status = 'trapped' AND h.pickup_by < ? ORDER BY h.pickup_by, h.id",
        (day(today),),
    )


async def move_pickup_dates(conn: aiosqlite.Connection, old: date, new: date) -> int:
    cur = await conn.execute(
        "UPDATE holds SET pickup_by = ? WHERE pickup_by = ? AND status = 'trapped'",
        (day(new), day(old)),
    )
    return cur.rowcount
