"""The catalogue store: idempotent import, copies, conflicts, availability, index kept in sync."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.domain.catalog import CopyRecord, CopyStatus, ItemType, TitleRecord
from bot.domain.query import parse_query
from bot.store import catalog
from bot.store.catalog_import import upsert_titles
from bot.store.db import Database
from bot.store.search import search_titles

NOW = datetime(2026, 9, 7, 2, 0, tzinfo=UTC)
XYJ = TitleRecord(
    "西游记", "9787020008735", authors=("吴承恩",), publisher="人民文学出版社", year=1980,
    copies=(CopyRecord("A001", "I242.4/1", "二楼"), CopyRecord("A002", "I242.4/1", "二楼")),
)
HLM = TitleRecord("红楼梦", authors=("曹雪芹",), copies=(CopyRecord("A003"),))


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    async with Database(tmp_path / "lib.db") as database:
        yield database


async def _import(db: Database, records: list[TitleRecord], now: datetime = NOW) -> catalog.UpsertStats:
    return await db.bulk_write(lambda conn: upsert_titles(conn, records, now))


async def _ids(db: Database, text: str) -> list[int]:
    async with db.read() as conn:
        return (await search_titles(conn, parse_query(text), 0, 50)).ids


async def _scalar(db: Database, sql: str, *params: object) -> object:
    async with db.read() as conn, conn.execute(sql, params) as cur:
        row = await cur.fetchone()
    assert row is not None
    return row[0]


async def _reader(db: Database) -> int:
    async with db.write() as conn:
        cur = await conn.execute(
            "INSERT INTO readers (card_number, name, category, created_at, updated_at)"
            " VALUES ('S1', '小明', 'student', '2026-09-01T00:00:00Z', '2026-09-01T00:00:00Z')")
        return int(cur.lastrowid or 0)


async def _lend(db: Database, barcode: str, reader: int, due: str, returned: bool = False) -> None:
    async with db.write() as conn:
        copy = await catalog.get_copy_by_barcode(conn, barcode)
        assert copy is not None
        await conn.execute(
            "INSERT INTO loans (copy_id, reader_id, lent_at, due_date, returned_at)"
            " VALUES (?, ?, '2026-09-07T02:00:00Z', ?, ?)",
            (copy.id, reader, due, "2026-09-08T02:00:00Z" if returned else None))
        if not returned:
            await conn.execute("UPDATE copies SET status = 'on_loan' WHERE id = ?", (copy.id,))


async def test_import_then_reimport_changes_nothing(db: Database) -> None:
    first = await _import(db, [XYJ, HLM])
    assert (first.titles_added, first.copies_added, first.unchanged) == (2, 3, 0)
    async with db.read() as conn:
        before = await catalog.get_title_by_isbn(conn, "9787020008735")
    again = await _import(db, [XYJ, HLM], NOW + timedelta(days=1))
    assert (again.titles_added, again.titles_updated, again.copies_added, again.copies_updated,
            again.unchanged) == (0, 0, 0, 0, 2)
    async with db.read() as conn:
        after = await catalog.get_title_by_isbn(conn, "9787020008735")
    assert before is not None and after == before
    assert after.updated_at == NOW and after.authors == ("吴承恩",)


async def test_changed_copy_row_updates_the_copy(db: Database) -> None:
    await _import(db, [XYJ])
    moved = TitleRecord(XYJ.title, XYJ.isbn, authors=XYJ.authors, publisher=XYJ.publisher,
                        year=XYJ.year, copies=(CopyRecord("A001", "I242.4/2", "三楼"), XYJ.copies[1]))
    stats = await _import(db, [moved], NOW + timedelta(days=1))
    assert (stats.copies_updated, stats.titles_updated, stats.unchanged) == (1, 0, 0)
    async with db.read() as conn:
        copy = await catalog.get_copy_by_barcode(conn, "a001")  # barcodes ignore case
        title = await catalog.get_title_by_isbn(conn, "9787020008735")
    assert copy is not None and (copy.call_number, copy.location) == ("I242.4/2", "三楼")
    assert title is not None and title.updated_at == NOW


async def test_barcode_of_another_title_is_reported_not_moved(db: Database) -> None:
    await _import(db, [XYJ])
    thief = TitleRecord("水浒传", authors=("施耐庵",), copies=(CopyRecord("A001"),))
    stats = await _import(db, [thief])
    assert stats.titles_added == 1 and stats.copies_added == 0
    assert [(c.barcode, c.record_title) for c in stats.conflicts] == [("A001", "水浒传")]
    async with db.read() as conn:
        copy = await catalog.get_copy_by_barcode(conn, "A001")
        xyj = await catalog.get_title_by_isbn(conn, "9787020008735")
    assert copy is not None and xyj is not None and copy.title_id == xyj.id


async def test_changed_title_text_updates_the_index(db: Database) -> None:
    await _import(db, [XYJ, HLM])
    assert len(await _ids(db, "脂评")) == 0
    renamed = TitleRecord("西游记（插图本）", XYJ.isbn, authors=("吴承恩",), copies=XYJ.copies)
    with_subtitle = TitleRecord("红楼梦", authors=("曹雪芹",), subtitle="脂评本", copies=HLM.copies)
    stats = await _import(db, [renamed, with_subtitle])
    assert (stats.titles_updated, stats.titles_added) == (2, 0)
    assert len(await _ids(db, "插图")) == 1 and len(await _ids(db, "脂评")) == 1
    assert len(await _ids(db, "xiyouji")) == 1 and len(await _ids(db, "楼梦")) == 1
    assert await _scalar(db, "SELECT count(*) FROM search_doc") == 2
    # the old whole-title token is gone
    assert await _scalar(db, "SELECT count(*) FROM search_py WHERE token = 'xiyouji'") == 0
    assert await _scalar(db, "SELECT count(*) FROM search_py WHERE field = 0") == 2


async def test_isbn_added_later_upgrades_the_title(db: Database) -> None:
    await _import(db, [TitleRecord("西游记", authors=("吴承恩",))])
    stats = await _import(db, [XYJ])
    assert (stats.titles_added, stats.titles_updated) == (0, 1)
    async with db.read() as conn:
        assert await catalog.get_title_by_isbn(conn, "9787020008735") is not None


async def test_one_import_with_editions_with_and_without_isbn_is_idempotent(db: Database) -> None:
    """LoC-style data: 'Report' by the same body every year, some editions with an ISBN."""
    first = TitleRecord("Annual report", authors=("Ministry of Culture",), year=1990,
                        copies=(CopyRecord("R1"),))
    second = TitleRecord("Annual report", authors=("Ministry of Culture",), year=1991,
                         copies=(CopyRecord("R2"),))
    with_isbn = TitleRecord("Annual report", "9787020008735", authors=("Ministry of Culture",),
                            year=2001)
    stats = await _import(db, [first, second, with_isbn])
    assert (stats.titles_added, stats.copies_added) == (2, 2)  # the 1991 record adds a copy
    assert await _scalar(db, "SELECT year FROM titles WHERE isbn IS NULL") == 1990  # first wins
    assert await _scalar(db, "SELECT count(*) FROM search_doc") == 2
    again = await _import(db, [first, second, with_isbn])
    changes = (again.titles_added, again.titles_updated, again.copies_added, again.copies_updated)
    assert changes == (0, 0, 0, 0) and again.unchanged == 3


async def test_availability_counts_and_earliest_due(db: Database) -> None:
    copies = tuple(CopyRecord(f"C{i}") for i in range(5)) + (
        CopyRecord("R1", item_type=ItemType.REFERENCE),)
    await _import(db, [TitleRecord("昆虫记", authors=("法布尔",), copies=copies), HLM])
    reader = await _reader(db)
    await _lend(db, "C0", reader, "2026-09-21")
    await _lend(db, "C1", reader, "2026-09-14")
    await _lend(db, "C2", reader, "2026-09-01", returned=True)  # a closed loan does not count
    async with db.write() as conn:
        await conn.execute("UPDATE copies SET status = 'lost' WHERE barcode = 'C3'")
        await conn.execute("UPDATE copies SET status = 'withdrawn' WHERE barcode = 'C4'")
        title = await catalog.get_title(conn, 1)
        assert title is not None
        await conn.execute(
            "INSERT INTO holds (title_id, reader_id, placed_at, status) VALUES"
            " (?, ?, '2026-09-07T03:00:00Z', 'waiting')", (title.id, reader))
        avail = await catalog.availability(conn, [title.id, 2, 999])
    got = avail[title.id]
    assert (got.total, got.on_shelf, got.holds_waiting) == (4, 2, 1)  # C0 C1 C2 R1; C2 R1 in
    assert got.earliest_due == date(2026, 9, 14)
    assert got.item_types == (ItemType.BOOK, ItemType.REFERENCE)
    assert avail[2].total == 1 and avail[2].earliest_due is None
    assert avail[999].total == 0
    on_shelf = "SELECT on_shelf FROM search_doc WHERE title_id = ?"
    assert await _scalar(db, on_shelf, title.id) == 2  # kept by the triggers


async def test_lookups_and_newest(db: Database) -> None:
    await _import(db, [XYJ])
    await _import(db, [HLM], NOW + timedelta(hours=1))
    async with db.read() as conn:
        rows, total = await catalog.newest_titles(conn, 0, 5)
        assert [r.title for r in rows] == ["红楼梦", "西游记"] and total == 2
        rows, _ = await catalog.newest_titles(conn, 1, 5)
        assert [r.title for r in rows] == ["西游记"]
        xyj = await catalog.get_title_by_isbn(conn, "9787020008735")
        assert xyj is not None
        copies = await catalog.list_copies(conn, xyj.id)
        assert [c.barcode for c in copies] == ["A001", "A002"]
        assert all(c.status is CopyStatus.ON_SHELF for c in copies)
        assert await catalog.get_title(conn, 999) is None
        assert await catalog.get_copy_by_barcode(conn, "nope") is None
