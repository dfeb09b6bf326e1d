"""Titles and copies: lookups and availability. The SQL of the catalogue.

Imports (upsert) are in ``catalog_import``: every change to a title's text rewrites its search
rows in the same transaction; copies-on-shelf for the ranking follow copies through triggers
(0004_search).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from bot.domain.catalog import Availability, CopyRow, CopyStatus, ItemType, TitleRow
from bot.store.timeconv import from_day, from_ts


@dataclass(frozen=True, slots=True)
class BarcodeConflict:
    barcode: str
    held_by_title_id: int  # the title the barcode is attached to (left there)
    record_title: str  # the record that also claimed it


@dataclass(frozen=True, slots=True)
class KeptCopy:
    """A copy in use (on loan, on the hold shelf) whose item type an import wanted to change."""

    barcode: str
    status: str
    kept_type: str
    wanted_type: str


@dataclass(slots=True)
class UpsertStats:
    titles_added: int = 0
    titles_updated: int = 0
    copies_added: int = 0
    copies_updated: int = 0
    unchanged: int = 0  # records (title and all of its copies) that changed nothing
    conflicts: list[BarcodeConflict] = field(default_factory=list)
    kept: list[KeptCopy] = field(default_factory=list)
    new_copies: list[tuple[int, str]] = field(default_factory=list)  # (title id, barcode) added


TITLE_COLS = (
    "id, isbn, title, subtitle, authors, publisher, year, classification, subjects, summary,"
    " language, added_at, updated_at"
)
COPY_COLS = "id, title_id, barcode, call_number, location, item_type, status, price_cents"


def _split(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(";") if p.strip())


def _title_row(row: Any) -> TitleRow:
    return TitleRow(
        row["id"], row["isbn"], row["title"], row["subtitle"], _split(row["authors"]),
        row["publisher"], row["year"], row["classification"], _split(row["subjects"]),
        row["summary"], row["language"], from_ts(row["added_at"]), from_ts(row["updated_at"]),
    )


def _copy_row(row: Any) -> CopyRow:
    return CopyRow(
        row["id"], row["title_id"], row["barcode"], row["call_number"], row["location"],
        ItemType(row["item_type"]), CopyStatus(row["status"]), row["price_cents"],
    )


async def get_title(conn: aiosqlite.Connection, title_id: int) -> TitleRow | None:
    async with conn.execute(f"SELECT {TITLE_COLS} FROM titles WHERE id = ?", (title_id,)) as cur:
        row = await cur.fetchone()
    return _title_row(row) if row else None


async def get_titles(conn: aiosqlite.Connection, title_ids: Sequence[int]) -> dict[int, TitleRow]:
    sql = f"SELECT {TITLE_COLS} FROM titles WHERE id IN (SELECT value FROM json_each(?))"
    async with conn.execute(sql, (json.dumps(list(title_ids)),)) as cur:
        return {row["id"]: _title_row(row) for row in await cur.fetchall()}


async def get_title_by_isbn(conn: aiosqlite.Connection, isbn13: str) -> TitleRow | None:
    async with conn.execute(f"SELECT {TITLE_COLS} FROM titles WHERE isbn = ?", (isbn13,)) as cur:
        row = await cur.fetchone()
    return _title_row(row) if row else None


async def get_copy_by_barcode(conn: aiosqlite.Connection, barcode: str) -> CopyRow | None:
    sql = f"SELECT {COPY_COLS} FROM copies WHERE barcode = ?"
    async with conn.execute(sql, (barcode.strip(),)) as cur:
        row = await cur.fetchone()
    return _copy_row(row) if row else None


async def list_copies(conn: aiosqlite.Connection, title_id: int) -> list[CopyRow]:
    sql = f"SELECT {COPY_COLS} FROM copies WHERE title_id = ? ORDER BY call_number, barcode"
    async with conn.execute(sql, (title_id,)) as cur:
        return [_copy_row(row) for row in await cur.fetchall()]


async def newest_titles(conn: aiosqlite.Connection, offset: int, limit: int) -> tuple[list[TitleRow], int]:
    """Newest first (``added_at``), a page of them, and how many titles there are."""
    sql = f"SELECT {TITLE_COLS} FROM titles ORDER BY added_at DESC, id DESC LIMIT ? OFFSET ?"
    async with conn.execute(sql, (max(0, limit), max(0, offset))) as cur:
        rows = [_title_row(row) for row in await cur.fetchall()]
    async with conn.execute("SELECT count(*) FROM titles") as cur:
        total = await cur.fetchone()
    return rows, int(total[0]) if total else 0


_AVAILABILITY = """
SELECT ids.value AS title_id,
  (SELECT count(*) FROM copies c WHERE c.title_id = ids.value
     AND c.status NOT IN ('lost', 'withdrawn')) AS n_total,
  (SELECT count(*) FROM copies c WHERE c.title_id = ids.value AND c.status = 'on_shelf') AS n_shelf,
  (SELECT min(l.due_date) FROM copies c JOIN loans l ON l.copy_id = c.id
     WHERE c.title_id = ids.value AND l.returned_at IS NULL) AS earliest_due,
  (SELECT count(*) FROM holds h WHERE h.title_id = ids.value AND h.status = 'waiting') AS holds,
  (SELECT group_concat(t, ',') FROM (SELECT DISTINCT c.item_type AS t FROM copies c
     WHERE c.title_id = ids.value AND c.status NOT IN ('lost', 'withdrawn') ORDER BY 1)) AS types
"""


def _availability(r: Any) -> Availability:
    due = from_day(r["earliest_due"]) if r["earliest_due"] else None
    types = tuple(ItemType(t) for t in r["types"].split(",")) if r["types"] else ()
    return Availability(r["n_total"], r["n_shelf"], due, r["holds"], types)


async def availability(conn: aiosqlite.Connection, title_ids: Sequence[int]) -> dict[int, Availability]:
    """Copies, copies on shelf, the earliest due date and waiting holds, for many titles at once."""
    if not title_ids:
        return {}
    rows = await conn.execute_fetchall(_AVAILABILITY + " FROM json_each(?) ids",
                                       (json.dumps(list(title_ids)),))
    return {int(r["title_id"]): _availability(r) for r in rows}


async def titles_with_availability(
    conn: aiosqlite.Connection, title_ids: Sequence[int]
) -> list[tuple[TitleRow, Availability]]:
    """Titles and their availability in the order given (unknown ids left out): one query."""
    sql = (_AVAILABILITY + f", {', '.join('t.' + c.strip() for c in TITLE_COLS.split(','))}"
           " FROM json_each(?) ids JOIN titles t ON t.id = ids.value ORDER BY ids.key")
    rows = await conn.execute_fetchall(sql, (json.dumps(list(title_ids)),))
    return [(_title_row(r), _availability(r)) for r in rows]
