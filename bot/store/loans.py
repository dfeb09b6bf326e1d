"""Loans (借阅) and the copy statuses that follow them: the SQL of circulation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import aiosqlite

from bot.domain.catalog import CopyRow, CopyStatus, ItemType
from bot.domain.loans import LoanRow
from bot.store.timeconv import day, from_day, from_ts, ts

_SELECT = """
SELECT l.id, l.copy_id, l.reader_id, l.lent_at, l.due_date, l.renewals, l.returned_at,
       c.barcode, c.item_type, c.title_id, t.title, r.name AS reader_name, r.class_name,
       r.card_number
FROM loans l
JOIN copies c ON c.id = l.copy_id
JOIN titles t ON t.id = c.title_id
JOIN readers r ON r.id = l.reader_id
"""


def _loan(row: Any) -> LoanRow:
    return LoanRow(
        row["id"], row["copy_id"], row["reader_id"], from_ts(row["lent_at"]),
        from_day(row["due_date"]), row["renewals"],
        from_ts(row["returned_at"]) if row["returned_at"] else None,
        row["barcode"], ItemType(row["item_type"]), row["title_id"], row["title"],
        row["reader_name"], row["class_name"], row["card_number"],
    )


async def _many(conn: aiosqlite.Connection, where: str, params: tuple[Any, ...]) -> list[LoanRow]:
    async with conn.execute(_SELECT + where, params) as cur:
        return [_loan(row) for row in await cur.fetchall()]


async def get_loan(conn: aiosqlite.Connection, loan_id: int) -> LoanRow | None:
    found = await _many(conn, " WHERE l.id = ?", (loan_id,))
    return found[0] if found else None


async def open_loan_for_copy(conn: aiosqlite.Connection, copy_id: int) -> LoanRow | None:
    found = await _many(conn, " WHERE l.copy_id = ? AND l.returned_at IS NULL", (copy_id,))
    return found[0] if found else None


async def open_loans(conn: aiosqlite.Connection, reader_id: int) -> list[LoanRow]:
    """The reader's current loans, soonest due first."""
    return await _many(
        conn, " WHERE l.reader_id = ? AND l.returned_at IS NULL ORDER BY l.due_date, l.id",
        (reader_id,),
    )


async def history(conn: aiosqlite.Connection, reader_id: int, limit: int = 20) -> list[LoanRow]:
    """The reader's returned loans, newest first (借阅历史)."""
    return await _many(
        conn, " WHERE l.reader_id = ? AND l.returned_at IS NOT NULL"
        " ORDER BY l.returned_at DESC, l.id DESC LIMIT ?", (reader_id, limit),
    )


async def open_loans_of_title(conn: aiosqlite.Connection, title_id: int) -> list[LoanRow]:
    return await _many(
        conn, " WHERE c.title_id = ? AND l.returned_at IS NULL ORDER BY l.due_date", (title_id,)
    )


async def insert_loan(
    conn: aiosqlite.Connection, copy_id: int, reader_id: int, now: datetime, due: date,
    lent_by: int | None,
) -> int:
    cur = await conn.execute(
        "INSERT INTO loans (copy_id, reader_id, lent_at, due_date, lent_by) VALUES (?, ?, ?, ?, ?)",
        (copy_id, reader_id, ts(now), day(due), lent_by),
    )
    return int(cur.lastrowid or 0)


async def close_loan(
    conn: aiosqlite.Connection, loan_id: int, now: datetime, returned_by: int | None
) -> None:
    await conn.execute(
        "UPDATE loans SET returned_at = ?, returned_by = ? WHERE id = ? AND returned_at IS NULL",
        (ts(now), returned_by, loan_id),
    )


async def renew_loan(conn: aiosqlite.Connection, loan_id: int, due: date) -> None:
    await conn.execute(
        "UPDATE loans SET due_date = ?, renewals = renewals + 1 WHERE id = ?", (day(due), loan_id)
    )


async def move_due_dates(conn: aiosqlite.Connection, old: date, new: date) -> int:
    """Open loans due on ``old`` (a day that became closed) fall due on ``new`` instead."""
    cur = await conn.execute(
        "UPDATE loans SET due_date = ? WHERE due_date = ? AND returned_at IS NULL",
        (day(new), day(old)),
    )
    return cur.rowcount


async def reader_counts(
    conn: aiosqlite.Connection, reader_id: int, today: date
) -> tuple[dict[ItemType, int], bool]:
    """The reader's current loans per item type, and whether one of them is overdue."""
    async with conn.execute(
        "SELECT c.item_type, count(*), sum(l.due_date < ?) FROM loans l"
        " JOIN copies c ON c.id = l.copy_id WHERE l.reader_id = ? AND l.returned_at IS NULL"
        " GROUP BY c.item_type",
        (day(today), reader_id),
    ) as cur:
        rows = await cur.fetchall()
    return {ItemType(r[0]): int(r[1]) for r in rows}, any(r[2] for r in rows)


async def set_copy_status(
    conn: aiosqlite.Connection, copy_id: int, status: CopyStatus, now: datetime
) -> None:
    await conn.execute(
        "UPDATE copies SET status = ?, updated_at = ? WHERE id = ?", (status.value, ts(now), copy_id)
    )


async def set_copy_price(
    conn: aiosqlite.Connection, copy_id: int, price_cents: int, now: datetime
) -> None:
    await conn.execute(
        "UPDATE copies SET price_cents = ?, updated_at = ? WHERE id = ?",
        (price_cents, ts(now), copy_id),
    )


async def copies_on_shelf(conn: aiosqlite.Connection, title_id: int) -> int:
    async with conn.execute(
        "SELECT count(*) FROM copies WHERE title_id = ? AND status = 'on_shelf'", (title_id,)
    ) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def title_item_type(conn: aiosqlite.Connection, title_id: int) -> ItemType | None:
    """The item type of a title's copies in service (books first when they are mixed)."""
    async with conn.execute(
        "SELECT item_type FROM copies WHERE title_id = ? AND status NOT IN ('lost', 'withdrawn')"
        " GROUP BY item_type ORDER BY item_type = 'book' DESC, count(*) DESC LIMIT 1",
        (title_id,),
    ) as cur:
        row = await cur.fetchone()
    return ItemType(row[0]) if row else None


async def copy_by_id(conn: aiosqlite.Connection, copy_id: int) -> CopyRow | None:
    async with conn.execute(
        "SELECT id, title_id, barcode, call_number, location, item_type, status, price_cents"
        " FROM copies WHERE id = ?", (copy_id,),
    ) as cur:
        row = await cur.fetchone()
    if row is None:
        return None
    return CopyRow(row["id"], row["title_id"], row["barcode"], row["call_number"],
                   row["location"], ItemType(row["item_type"]), CopyStatus(row["status"]),
                   row["price_cents"])
