"""Readers, accounts, helper roles and link codes: the SQL."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.domain.readers import Category, ReaderRecord, ReaderRow
from bot.store.timeconv import from_ts, ts


@dataclass(frozen=True, slots=True)
class AccountRow:
    telegram_id: int
    reader_id: int | None
    language: str | None
    tg_language: str | None
    first_name: str


@dataclass(frozen=True, slots=True)
class LinkCodeRow:
    code: str
    reader_id: int
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    used_by: int | None
    replaced: bool


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


_READER_SELECT = """
SELECT r.id, r.card_number, r.name, r.category, r.grade, r.class_name, r.active,
       rr.role IS NOT NULL AS is_helper, a.telegram_id
FROM readers r
LEFT JOIN reader_roles rr ON rr.reader_id = r.id
LEFT JOIN accounts a ON a.reader_id = r.id
"""


def _reader(row: aiosqlite.Row) -> ReaderRow:
    return ReaderRow(
        id=row["id"], card_number=row["card_number"], name=row["name"],
        category=Category(row["category"]), grade=row["grade"], class_name=row["class_name"],
        active=bool(row["active"]), is_helper=bool(row["is_helper"]), telegram_id=row["telegram_id"],
    )


async def upsert_readers(
    conn: aiosqlite.Connection, records: Iterable[ReaderRecord], now: datetime
) -> UpsertCounts:
    added = updated = unchanged = 0
    for rec in records:
        async with conn.execute(
            "SELECT name, category, grade, class_name, active FROM readers WHERE card_number = ?",
            (rec.card_number,),
        ) as cur:
            old = await cur.fetchone()
        new = (rec.name, rec.category.value, rec.grade, rec.class_name, 1)
        if old is None:
            await conn.execute(
                "INSERT INTO readers (card_number, name, category, grade, class_name, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (rec.card_number, *new[:4], ts(now), ts(now)),
            )
            added += 1
        elif tuple(old) != new:
            await conn.execute(
                "UPDATE readers SET name = ?, category = ?, grade = ?, class_name = ?, active = ?,"
                " updated_at = ? WHERE card_number = ?",
                (*new, ts(now), rec.card_number),
            )
            updated += 1
        else:
            unchanged += 1
    return UpsertCounts(added, updated, unchanged)


async def reader_by_id(conn: aiosqlite.Connection, reader_id: int) -> ReaderRow | None:
    async with conn.execute(_READER_SELECT + " WHERE r.id = ?", (reader_id,)) as cur:
        row = await cur.fetchone()
    return _reader(row) if row else None


async def reader_by_card(conn: aiosqlite.Connection, card_number: str) -> ReaderRow | None:
    async with conn.execute(
        _READER_SELECT + " WHERE r.card_number = ? COLLATE NOCASE", (card_number.strip(),)
    ) as cur:
        row = await cur.fetchone()
    return _reader(row) if row else None


async def readers_by_class(conn: aiosqlite.Connection, class_name: str) -> list[ReaderRow]:
    async with conn.execute(
        _READER_SELECT + " WHERE r.class_name = ? COLLATE NOCASE AND r.active ORDER BY r.card_number",
        (class_name.strip(),),
    ) as cur:
        return [_reader(row) for row in await cur.fetchall()]


async def find_readers(conn: aiosqlite.Connection, text: str, limit: int = 10) -> list[ReaderRow]:
    """Readers whose card number is ``text`` or whose name contains it."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    async with conn.execute(
        _READER_SELECT + " WHERE r.active AND (r.card_number = ? COLLATE NOCASE"
        " OR r.name LIKE ? ESCAPE '\\') ORDER BY r.card_number = ? COLLATE NOCASE DESC,"
        " r.class_name, r.name LIMIT ?",
        (text, pattern, text, limit),
    ) as cur:
        return [_reader(row) for row in await cur.fetchall()]


async def helpers(conn: aiosqlite.Connection) -> list[ReaderRow]:
    async with conn.execute(_READER_SELECT + " WHERE rr.role = 'helper' ORDER BY r.card_number") as cur:
        return [_reader(row) for row in await cur.fetchall()]


async def set_helper(
    conn: aiosqlite.Connection, reader_id: int, granted_by: int | None, now: datetime
) -> bool:
    """Grant the helper role; False if the reader already had it."""
    cur = await conn.execute(
        "INSERT OR IGNORE INTO reader_roles (reader_id, role, granted_by, granted_at)"
        " VALUES (?, 'helper', ?, ?)",
        (reader_id, granted_by or 0, ts(now)),
    )
    return cur.rowcount == 1


async def clear_helper(conn: aiosqlite.Connection, reader_id: int) -> bool:
    cur = await conn.execute("DELETE FROM reader_roles WHERE reader_id = ?", (reader_id,))
    return cur.rowcount == 1


async def account(conn: aiosqlite.Connection, telegram_id: int) -> AccountRow | None:
    async with conn.execute(
        "SELECT telegram_id, reader_id, language, tg_language, first_name FROM accounts"
        " WHERE telegram_id = ?",
        (telegram_id,),
    ) as cur:
        row = await cur.fetchone()
    return AccountRow(**dict(row)) if row else None


async def touch_account(
    conn: aiosqlite.Connection, telegram_id: int, first_name: str, username: str | None,
    tg_language: str | None, now: datetime,
) -> None:
    await conn.execute(
        "INSERT INTO accounts (telegram_id, first_name, username, tg_language, created_at,"
        " last_seen_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (telegram_id) DO UPDATE SET"
        " first_name = excluded.first_name, username = excluded.username,"
        " tg_language = excluded.tg_language, last_seen_at = excluded.last_seen_at",
        (telegram_id, first_name, username, tg_language, ts(now), ts(now)),
    )


async def set_language(conn: aiosqlite.Connection, telegram_id: int, language: str | None) -> None:
    await conn.execute(
        "UPDATE accounts SET language = ? WHERE telegram_id = ?", (language, telegram_id)
    )


async def link_account(
    conn: aiosqlite.Connection, telegram_id: int, reader_id: int, now: datetime
) -> int | None:
    """Link the account to the reader, unlinking whichever account had the reader before.
    Returns that previous account's telegram id, if any."""
    async with conn.execute(
        "SELECT telegram_id FROM accounts WHERE reader_id = ? AND telegram_id != ?",
        (reader_id, telegram_id),
    ) as cur:
        row = await cur.fetchone()
    previous = int(row[0]) if row else None
    await conn.execute("UPDATE accounts SET reader_id = NULL WHERE reader_id = ?", (reader_id,))
    await conn.execute(
        "UPDATE accounts SET reader_id = ?, linked_at = ? WHERE telegram_id = ?",
        (reader_id, ts(now), telegram_id),
    )
    return previous


async def unlink_reader(conn: aiosqlite.Connection, reader_id: int) -> int | None:
    async with conn.execute("SELECT telegram_id FROM accounts WHERE reader_id = ?", (reader_id,)) as cur:
        row = await cur.fetchone()
    await conn.execute("UPDATE accounts SET reader_id = NULL WHERE reader_id = ?", (reader_id,))
    return int(row[0]) if row else None


async def add_link_code(
    conn: aiosqlite.Connection, code: str, reader_id: int, created_by: str,
    now: datetime, expires_at: datetime,
) -> None:
    """Store a new code; the reader's older unused codes stop working (a lost slip is harmless)."""
    await conn.execute(
        "UPDATE link_codes SET replaced_at = ? WHERE reader_id = ? AND used_at IS NULL"
        " AND replaced_at IS NULL",
        (ts(now), reader_id),
    )
    await conn.execute(
        "INSERT INTO link_codes (code, reader_id, created_by, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (code, reader_id, created_by, ts(now), ts(expires_at)),
    )


async def link_code(conn: aiosqlite.Connection, code: str) -> LinkCodeRow | None:
    async with conn.execute(
        "SELECT code, reader_id, created_at, expires_at, used_at, used_by, replaced_at"
        " FROM link_codes"
        " WHERE code = ?",
        (code,),
    ) as cur:
        row = await cur.fetchone()
    if row is None:
        return None
    return LinkCodeRow(
        code=row["code"], reader_id=row["reader_id"], created_at=from_ts(row["created_at"]),
        expires_at=from_ts(row["expires_at"]),
        used_at=from_ts(row["used_at"]) if row["used_at"] else None, used_by=row["used_by"],
        replaced=row["replaced_at"] is not None,
    )


async def use_link_code(conn: aiosqlite.Connection, code: str, telegram_id: int, now: datetime) -> None:
    await conn.execute(
        "UPDATE link_codes SET used_at = ?, used_by = ? WHERE code = ?", (ts(now), telegram_id, code)
    )


async def record_link_failure(conn: aiosqlite.Connection, telegram_id: int, now: datetime) -> None:
    await conn.execute(
        "INSERT INTO link_failures (telegram_id, at) VALUES (?, ?)", (telegram_id, ts(now))
    )


async def link_failures_since(conn: aiosqlite.Connection, telegram_id: int, since: datetime) -> list[datetime]:
    async with conn.execute(
        "SELECT at FROM link_failures WHERE telegram_id = ? AND at > ? ORDER BY at",
        (telegram_id, ts(since)),
    ) as cur:
        return [from_ts(row[0]) for row in await cur.fetchall()]
