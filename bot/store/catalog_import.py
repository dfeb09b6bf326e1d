"""Importing titles and copies: synchronous SQL, run by ``Database.bulk_write`` in one transaction.

An import is hundreds of thousands of statements; through aiosqlite each would cost a thread hop
(about 0.1 ms), so this path talks to ``sqlite3`` directly in a worker thread. Every change to a
title's text rewrites its search rows in the same transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.domain.catalog import CopyRecord, TitleRecord
from bot.domain.search_text import key, search_doc
from bot.store.catalog import COPY_COLS, TITLE_COLS, BarcodeConflict, UpsertStats
from bot.store.search_index import index_title
from bot.store.timeconv import ts


def dedup_key(record: TitleRecord) -> str:
    """``isbn:<13>``, or ``ta:<folded title>|<folded first author>`` for a record without one."""
    if record.isbn:
        return f"isbn:{record.isbn}"
    first = record.authors[0] if record.authors else ""
    return f"ta:{key(record.title)}|{key(first)}"


def _title_values(r: TitleRecord) -> tuple[Any, ...]:
    return (r.isbn, r.title, r.subtitle, "; ".join(r.authors), r.publisher, r.year,
            r.classification, "; ".join(r.subjects), r.summary, r.language)


def _find_title(conn: sqlite3.Connection, record: TitleRecord) -> Any:
    sql = f"SELECT {TITLE_COLS}, dedup_key FROM titles WHERE dedup_key = ?"
    row = conn.execute(sql, (dedup_key(record),)).fetchone()
    if row is None and record.isbn:  # catalogued before without its ISBN: give it one
        plain = dedup_key(TitleRecord(record.title, None, authors=record.authors))
        row = conn.execute(sql + " AND isbn IS NULL", (plain,)).fetchone()
    return row


def _upsert_title(
    conn: sqlite3.Connection, record: TitleRecord, now: datetime, stats: UpsertStats
) -> tuple[int, bool]:
    """The title's id, and whether anything about it changed."""
    values, stamp = _title_values(record), ts(now)
    row = _find_title(conn, record)
    if row is None:
        cur = conn.execute(
            "INSERT INTO titles (isbn, title, subtitle, authors, publisher, year, classification,"
            " subjects, summary, language, dedup_key, added_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, dedup_key(record), stamp, stamp),
        )
        title_id = int(cur.lastrowid or 0)
        index_title(conn, title_id, search_doc(record.title, record.subtitle, record.authors),
                    new=True)
        stats.titles_added += 1
        return title_id, True
    old = (row["isbn"], row["title"], row["subtitle"], row["authors"], row["publisher"],
           row["year"], row["classification"], row["subjects"], row["summary"], row["language"])
    if old == values and row["dedup_key"] == dedup_key(record):
        return int(row["id"]), False
    conn.execute(
        "UPDATE titles SET isbn = ?, title = ?, subtitle = ?, authors = ?, publisher = ?, year = ?,"
        " classification = ?, subjects = ?, summary = ?, language = ?, dedup_key = ?,"
        " updated_at = ? WHERE id = ?",
        (*values, dedup_key(record), stamp, row["id"]),
    )
    if old[1:4] != values[1:4]:
        index_title(conn, row["id"], search_doc(record.title, record.subtitle, record.authors))
    stats.titles_updated += 1
    return int(row["id"]), True


def _upsert_copy(
    conn: sqlite3.Connection, title_id: int, record: TitleRecord, copy: CopyRecord,
    now: datetime, stats: UpsertStats,
) -> bool:
    """Add or update one copy of ``title_id``; True if something was written."""
    row = conn.execute(f"SELECT {COPY_COLS} FROM copies WHERE barcode = ?",
                       (copy.barcode,)).fetchone()
    values = (copy.call_number, copy.location, copy.item_type.value, copy.price_cents)
    if row is None:
        conn.execute(
            "INSERT INTO copies (title_id, barcode, call_number, location, item_type, price_cents,"
            " added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (title_id, copy.barcode, *values, ts(now), ts(now)),
        )
        stats.copies_added += 1
        return True
    if row["title_id"] != title_id:
        stats.conflicts.append(BarcodeConflict(copy.barcode, row["title_id"], record.title))
        return False
    if (row["call_number"], row["location"], row["item_type"], row["price_cents"]) == values:
        return False
    conn.execute(
        "UPDATE copies SET call_number = ?, location = ?, item_type = ?, price_cents = ?,"
        " updated_at = ? WHERE id = ?",
        (*values, ts(now), row["id"]),
    )
    stats.copies_updated += 1
    return True


def upsert_titles(
    conn: sqlite3.Connection, records: Iterable[TitleRecord], now: datetime
) -> UpsertStats:
    """Import records: new titles and copies are added, changed ones updated, the rest untouched.

    Re-importing the same file writes nothing. A barcode already attached to another title is
    reported in ``conflicts`` and left where it is. Run it inside ``db.bulk_write()``.
    """
    stats = UpsertStats()
    for record in records:
        title_id, changed = _upsert_title(conn, record, now, stats)
        for copy in record.copies:
            changed = _upsert_copy(conn, title_id, record, copy, now, stats) or changed
        if not changed:
            stats.unchanged += 1
    return stats
