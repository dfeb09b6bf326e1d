"""Re-importing the catalogue never breaks circulation (issue 9): a copy in use keeps its type,
and a corrected record of a book without ISBN is the same title, not a second one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.domain.catalog import CopyRecord, CopyRow, ItemType, TitleRecord
from bot.library import Library
from bot.store import catalog as store
from bot.testing.scenario import demo_settings

from .test_circulation import LIBRARIAN, lend, small_library


@pytest.fixture
async def lib(tmp_path: Path) -> AsyncIterator[Library]:
    async with small_library(demo_settings(tmp_path)) as library:
        yield library


async def _copy(library: Library, barcode: str) -> CopyRow:
    async with library.db.read() as conn:
        copy = await store.get_copy_by_barcode(conn, barcode)
    assert copy is not None
    return copy


async def test_a_copy_on_loan_keeps_its_type_and_the_change_is_reported(lib: Library) -> None:
    await lend(lib, "S3A01", "XY1")
    record = TitleRecord("西游记", authors=("佚名",), copies=(
        CopyRecord("XY1", call_number="I242/1", item_type=ItemType.REFERENCE),
        CopyRecord("XY2", item_type=ItemType.REFERENCE)))
    stats = await lib.catalog.import_titles(LIBRARIAN, [record])
    on_loan, on_shelf = await _copy(lib, "XY1"), await _copy(lib, "XY2")
    assert (on_loan.item_type, on_loan.call_number) == (ItemType.BOOK, "I242/1")
    assert on_shelf.item_type is ItemType.REFERENCE  # not in use: changed as asked
    assert [(k.barcode, k.kept_type, k.wanted_type) for k in stats.kept] == [
        ("XY1", "book", "reference")]
    await lib.circulation.return_item(LIBRARIAN, "XY1")
    stats = await lib.catalog.import_titles(LIBRARIAN, [record])
    assert (await _copy(lib, "XY1")).item_type is ItemType.REFERENCE and stats.kept == []


async def test_a_corrected_title_without_isbn_stays_one_title(lib: Library) -> None:
    before = await _copy(lib, "SG1")
    corrected = TitleRecord("三国演义（插图本）", authors=("罗贯中",), copies=(CopyRecord("SG1"),))
    stats = await lib.catalog.import_titles(LIBRARIAN, [corrected])
    after = await _copy(lib, "SG1")
    assert after.title_id == before.title_id
    assert (stats.titles_added, stats.titles_updated, stats.conflicts) == (0, 1, [])
    async with lib.db.read() as conn:
        title = await store.get_title(conn, before.title_id)
    assert title is not None and title.title == "三国演义（插图本）"
    again = await lib.catalog.import_titles(LIBRARIAN, [corrected])
    assert (again.titles_added, again.titles_updated, again.unchanged) == (0, 0, 1)


async def test_new_copies_of_a_reserved_title_go_to_the_hold_shelf(lib: Library) -> None:
    from bot.store import outbox

    from .test_circulation import reader

    await lend(lib, "S3A01", "SG1")  # the only copy of 三国演义
    xiaohong = await reader(lib, "S3A02")
    title_id = (await _copy(lib, "SG1")).title_id
    placed = await lib.holds.place(xiaohong, title_id)
    more = TitleRecord("三国演义", authors=("佚名",), copies=(
        CopyRecord("SG1"), CopyRecord("SG2"), CopyRecord("SG3")))
    await lib.catalog.import_titles(LIBRARIAN, [more])
    statuses = {b: (await _copy(lib, b)).status.value for b in ("SG2", "SG3")}
    assert sorted(statuses.values()) == ["on_hold_shelf", "on_shelf"]  # one for the one reader
    async with lib.db.read() as conn:
        notices = await outbox.pending(conn, xiaohong.reader_id)
    assert [n["key"] for n in notices] == [f"hold.ready:{placed.hold_id}:1"]
