"""Importing titles and copies: synchronous SQL, run by ``Database.bulk_write`` in one transaction.

An import is hundreds of thousands of statements; through aiosqlite each would cost a thread hop
(about 0.1 ms), so this path talks to ``sqlite3`` directly in a worker thread. Every change to a
title's text rewrites its search rows in the same transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.catalog import CopyRecord, CopyStatus, TitleRecord
from bot.domain.search_text import SearchDoc, key, search_doc
from bot.store.catalog import COPY_COLS, TITLE_COLS, BarcodeConflict, KeptCopy, UpsertStats
from bot.store.search_index import (
    INSERT_DOC,
    INSERT_FTS_AUTHOR,
    INSERT_FTS_TITLE,
    INSERT_PY,
    index_rows,
    remove_title_index,
)
from bot.store.timeconv import ts

_IN_USE = (CopyStatus.ON_LOAN.value, CopyStatus.ON_HOLD_SHELF.value)


def dedup_key(record: TitleRecord) -> str:
    """``isbn:<13>``, or ``ta:<folded title>|<folded first author>`` for a record without one."""
    return _Keys.of(record).dedup


@dataclass(frozen=True, slots=True)
class _Keys:
    """A record's keys, computed once per import (folding is a third of the store's time)."""

    dedup: str  # what ``dedup_key`` returns
    plain: str  # title and first author, even when the record has an ISBN

    @classmethod
    def of(cls, record: TitleRecord) -> _Keys:
        title = record.search.title_key if record.search else key(record.title)
        first = key(record.authors[0]) if record.authors else ""
        plain = f"ta:{title}|{first}"
        return cls(f"isbn:{record.isbn}" if record.isbn else plain, plain)


def _title_values(r: TitleRecord) -> tuple[Any, ...]:
    return (r.isbn, r.title, r.subtitle, "; ".join(r.authors), r.publisher, r.year,
            r.classification, "; ".join(r.subjects), r.summary, r.language)


def _find_title(
    conn: sqlite3.Connection, record: TitleRecord, keys: _Keys, importing: set[str]
) -> Any:
    """The stored title of ``record``: by ISBN, else by title and first author.

    A title catalogued before without its ISBN (an earlier spreadsheet) is found by title and
    author and given the ISBN, unless this import itself has a record without ISBN under that
    title and author: then the two are different books (editions), and merging them would make a
    re-import of the same file change things again.
    """
    sql = f"SELECT {TITLE_COLS}, dedup_key FROM titles WHERE dedup_key = ?"
    row = conn.execute(sql, (keys.dedup,)).fetchone()
    if row is None and record.isbn and keys.plain not in importing:
        row = conn.execute(sql + " AND isbn IS NULL", (keys.plain,)).fetchone()
    if row is None:
        row = _title_of_its_copies(conn, record, importing)
    return row


def _title_of_its_copies(conn: sqlite3.Connection, record: TitleRecord, importing: set[str]) -> Any:
    """A corrected record of a book without ISBN (its title or author retyped) is the title its
    barcodes already belong to, when they all belong to one title without ISBN that this import
    does not also name: otherwise the correction would make a second title with no copies."""
    barcodes = [c.barcode for c in record.copies]
    if not barcodes:
        return None
    marks = ", ".join("?" * len(barcodes))
    rows = conn.execute(
        f"SELECT DISTINCT t.id, t.isbn, t.dedup_key FROM copies c JOIN titles t ON t.id = c.title_id"
        f" WHERE c.barcode IN ({marks})", barcodes).fetchall()
    if len(rows) != 1 or rows[0]["isbn"] is not None or rows[0]["dedup_key"] in importing:
        return None
    return conn.execute(f"SELECT {TITLE_COLS}, dedup_key FROM titles WHERE id = ?",
                        (rows[0]["id"],)).fetchone()


def _py_order(row: tuple[str, int, int]) -> tuple[int, str, int]:
    token, field, title_id = row
    return field, token, title_id  # the primary key of search_py


class _Reindex:
    """Search rows to write at the end of the import, in title-id order.

    FTS5 flushes its in-memory segment whenever a row id at or below the highest pending one is
    written, so re-indexing old titles one by one amid new ones (a file that gives earlier titles
    their ISBN) cost a flush each: 1,200 of them took 4 s of a 250,000-record import.
    """

    def __init__(self) -> None:
        self.docs: dict[int, SearchDoc] = {}
        self.existing: set[int] = set()  # titles that had index rows before this import

    def add(self, title_id: int, record: TitleRecord, *, new: bool) -> None:
        if not new and title_id not in self.docs:  # not inserted earlier in this import
            self.existing.add(title_id)
        doc = record.search or search_doc(record.title, record.subtitle, record.authors)
        self.docs[title_id] = doc

    def write(self, conn: sqlite3.Connection) -> None:
        """Old rows out, then all new rows, each table in its own key order (B-tree appends
        instead of page splits all over the index: a third of the store time of a big file)."""
        for title_id in sorted(self.existing):
            remove_title_index(conn, title_id)
        rows = [index_rows(title_id, doc) for title_id, doc in sorted(self.docs.items())]
        conn.executemany(INSERT_FTS_TITLE, [r.fts_title for r in rows])
        conn.executemany(INSERT_FTS_AUTHOR, [r.fts_author for r in rows])
        docs: list[tuple[Any, ...]] = sorted((r.doc for r in rows), key=lambda d: str(d[1]))
        py: list[tuple[str, int, int]] = sorted((p for r in rows for p in r.py), key=_py_order)
        conn.executemany(INSERT_DOC, docs)
        conn.executemany(INSERT_PY, py)


def _upsert_title(
    conn: sqlite3.Connection, record: TitleRecord, keys: _Keys, stamp: str, stats: UpsertStats,
    reindex: _Reindex, importing: set[str],
) -> tuple[int, bool]:
    """The title's id, and whether anything about it changed."""
    values = _title_values(record)
    row = _find_title(conn, record, keys, importing)
    if row is None:
        cur = conn.execute(
            "INSERT INTO titles (isbn, title, subtitle, authors, publisher, year, classification,"
            " subjects, summary, language, dedup_key, added_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, keys.dedup, stamp, stamp),
        )
        title_id = int(cur.lastrowid or 0)
        reindex.add(title_id, record, new=True)
        stats.titles_added += 1
        return title_id, True
    old = (row["isbn"], row["title"], row["subtitle"], row["authors"], row["publisher"],
           row["year"], row["classification"], row["subjects"], row["summary"], row["language"])
    if old == values and row["dedup_key"] == keys.dedup:
        return int(row["id"]), False
    conn.execute(
        "UPDATE titles SET isbn = ?, title = ?, subtitle = ?, authors = ?, publisher = ?, year = ?,"
        " classification = ?, subjects = ?, summary = ?, language = ?, dedup_key = ?,"
        " updated_at = ? WHERE id = ?",
        (*values, keys.dedup, stamp, row["id"]),
    )
    if old[1:4] != values[1:4]:
        reindex.add(int(row["id"]), record, new=False)
    stats.titles_updated += 1
    return int(row["id"]), True


def _upsert_copy(
    conn: sqlite3.Connection, title_id: int, record: TitleRecord, copy: CopyRecord,
    stamp: str, stats: UpsertStats,
) -> bool:
    """Add or update one copy of ``title_id``; True if something was written."""
    row = conn.execute(f"SELECT {COPY_COLS} FROM copies WHERE barcode = ?",
                       (copy.barcode,)).fetchone()
    values = (copy.call_number, copy.location, copy.item_type.value, copy.price_cents)
    if row is None:
        conn.execute(
            "INSERT INTO copies (title_id, barcode, call_number, location, item_type, price_cents,"
            " added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (title_id, copy.barcode, *values, stamp, stamp),
        )
        stats.copies_added += 1
        stats.new_copies.append((title_id, copy.barcode))
        return True
    if row["title_id"] != title_id:
        stats.conflicts.append(BarcodeConflict(copy.barcode, row["title_id"], record.title))
        return False
    if (row["call_number"], row["location"], row["item_type"], row["price_cents"]) == values:
        return False
    if row["item_type"] != copy.item_type.value and row["status"] in _IN_USE:
        # On loan or waiting on the hold shelf: its type may not change under the loan (a
        # reference copy with an open loan). The rest is updated; the type waits, reported.
        stats.kept.append(KeptCopy(copy.barcode, row["status"], row["item_type"], copy.item_type.value))
        values = (copy.call_number, copy.location, row["item_type"], copy.price_cents)
        if (row["call_number"], row["location"], row["price_cents"]) == (
                copy.call_number, copy.location, copy.price_cents):
            return False
    conn.execute(
        "UPDATE copies SET call_number = ?, location = ?, item_type = ?, price_cents = ?,"
        " updated_at = ? WHERE id = ?",
        (*values, stamp, row["id"]),
    )
    stats.copies_updated += 1
    return True


def upsert_titles(
    conn: sqlite3.Connection, records: Iterable[TitleRecord], now: datetime
) -> UpsertStats:
    """Import records: new titles and copies are added, changed ones updated, the rest untouched.

    Records with the same ISBN, or without one and with the same title and first author, are
    one title: the first record's description wins, later ones add their copies (as rows of a
    spreadsheet do). Re-importing the same file writes nothing. A barcode already attached to
    another title is reported in ``conflicts`` and left where it is. Run it inside
    ``db.bulk_write()``.
    """
    keyed = [(record, _Keys.of(record)) for record in records]
    stats, reindex, stamp = UpsertStats(), _Reindex(), ts(now)
    importing = {keys.dedup for _, keys in keyed}
    done: dict[str, int] = {}  # dedup key -> title id, for keys seen earlier in this import
    for record, keys in keyed:
        if keys.dedup in done:
            title_id, changed = done[keys.dedup], False
        else:
            title_id, changed = _upsert_title(conn, record, keys, stamp, stats, reindex,
                                              importing)
            done[keys.dedup] = title_id
        for copy in record.copies:
            changed = _upsert_copy(conn, title_id, record, copy, stamp, stats) or changed
        if not changed:
            stats.unchanged += 1
    reindex.write(conn)
    return stats
