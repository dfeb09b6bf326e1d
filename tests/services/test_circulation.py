"""CirculationService against a real SQLite file: lending, returning, renewing, every refusal.

The small library below runs on the demo calendar (data/demo/config.toml): Monday 2 March 2026,
spring term to 10 July, weekends closed, 清明节 4-6 April. Students: 14 days, 3 books, 1 renewal.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.config import Settings
from bot.domain.actor import Actor
from bot.domain.catalog import CopyRecord, ItemType, TitleRecord
from bot.domain.readers import Category, ReaderRecord, Role
from bot.errors import LibraryError
from bot.library import Library
from bot.store import audit
from bot.store.db import Database
from bot.store.readers import reader_by_card
from bot.testing.scenario import DEMO_START, demo_settings

LIBRARIAN = Actor(telegram_id=1006, role=Role.LIBRARIAN, name="张老师")

READERS = [
    ReaderRecord("S3A01", "小明", Category.STUDENT, 3, "3A"),
    ReaderRecord("S3A02", "小红", Category.STUDENT, 3, "3A"),
    ReaderRecord("S3A03", "小刚", Category.STUDENT, 3, "3A"),
    ReaderRecord("S6A01", "王同学", Category.STUDENT, 6, "6A"),
    ReaderRecord("T001", "李老师", Category.TEACHER),
]


def _book(title: str, *barcodes: str, item_type: ItemType = ItemType.BOOK) -> TitleRecord:
    copies = tuple(CopyRecord(b, price_cents=4700, item_type=item_type) for b in barcodes)
    return TitleRecord(title, authors=("佚名",), copies=copies)


TITLES = [
    _book("西游记", "XY1", "XY2"),
    _book("三国演义", "SG1"),
    _book("水浒传", "SH1"),
    _book("红楼梦", "HL1"),
    _book("论语", "LY1"),
    _book("新华字典", "ZD1", item_type=ItemType.REFERENCE),
    _book("儿童文学", "QK1", item_type=ItemType.PERIODICAL),
]


def settings_with(tmp_path: Path, **circulation: Any) -> Settings:
    settings = demo_settings(tmp_path)
    if not circulation:
        return settings
    rules = settings.circulation.model_copy(update=circulation)
    return settings.model_copy(update={"circulation": rules})


@pytest.fixture
async def lib(tmp_path: Path) -> AsyncIterator[Library]:
    async with small_library(demo_settings(tmp_path)) as library:
        yield library


class small_library:  # noqa: N801 - used like a function: ``async with small_library(s) as lib``
    def __init__(self, settings: Settings, start: datetime = DEMO_START) -> None:
        self.library = Library(settings, FakeClock(start), Database(settings.database.path))

    async def __aenter__(self) -> Library:
        await self.library.db.open()
        await self.library.readers.import_readers(Actor.system(), READERS)
        await self.library.catalog.import_titles(Actor.system(), TITLES)
        return self.library

    async def __aexit__(self, *exc: object) -> None:
        await self.library.db.close()


async def reader(lib: Library, card: str, role: Role = Role.READER) -> Actor:
    """The actor of the reader with ``card``, as a linked account would be."""
    async with lib.db.read() as conn:
        row = await reader_by_card(conn, card)
    assert row is not None
    return Actor(telegram_id=5000 + row.id, reader_id=row.id, role=role, category=row.category,
                 grade=row.grade, name=row.name)


async def lend(lib: Library, card: str, barcode: str, by: Actor = LIBRARIAN) -> int:
    who = await reader(lib, card)
    assert who.reader_id is not None
    return (await lib.circulation.lend(by, who.reader_id, barcode)).loan_id


def advance(lib: Library, **delta: float) -> None:
    clock = lib.clock
    assert isinstance(clock, FakeClock)
    clock.advance(timedelta(**delta))


async def refused(code: str, call: Any) -> LibraryError:
    with pytest.raises(LibraryError) as caught:
        await call
    assert caught.value.code == code, caught.value
    return caught.value


# --- lending --------------------------------------------------------------------------------


async def test_lend_gives_the_due_date_and_is_audited(lib: Library) -> None:
    xiaoming = await reader(lib, "S3A01")
    assert xiaoming.reader_id is not None
    lent = await lib.circulation.lend(LIBRARIAN, xiaoming.reader_id, "xy1")  # case-insensitive
    assert (lent.barcode, lent.title, lent.due_date) == ("XY1", "西游记", date(2026, 3, 16))
    async with lib.db.read() as conn:
        entries = await audit.entries(conn, "loan.lend")
    assert entries[0]["actor"] == 1006 and entries[0]["details"]["barcode"] == "XY1"
    await refused("reader.not_found", lib.circulation.lend(LIBRARIAN, 99999, "XY2"))


async def test_teacher_loans_are_longer_and_capped_at_the_end_of_term(tmp_path: Path) -> None:
    start = datetime(2026, 7, 1, 2, 0, tzinfo=DEMO_START.tzinfo)
    async with small_library(demo_settings(tmp_path), start) as library:
        teacher = await reader(library, "T001")
        assert teacher.reader_id is not None
        lent = await library.circulation.lend(LIBRARIAN, teacher.reader_id, "SG1")
    assert lent.due_date == date(2026, 7, 10)  # the last open day of the term, not 31 July


@pytest.mark.parametrize(("barcode", "code"), [
    ("ZD1", "item.reference_only"),
    ("QK1", "item.reading_room_only"),
    ("NOPE1", "item.unknown_barcode"),
])
async def test_what_is_never_lent(lib: Library, barcode: str, code: str) -> None:
    await refused(code, lend(lib, "S3A01", barcode))


async def test_a_copy_on_loan_names_the_borrower_for_staff(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    error = await refused("item.on_loan", lend(lib, "S3A02", "SG1"))
    assert error.details["borrower"] == "小明 3A"


async def test_student_limit_is_three_books_teacher_more(lib: Library) -> None:
    for barcode in ("SG1", "SH1", "HL1"):
        await lend(lib, "S3A01", barcode)
    error = await refused("loan.limit_reached", lend(lib, "S3A01", "LY1"))
    assert error.details == {"limit": 3, "item_type": "book"}
    for barcode in ("XY1", "XY2", "LY1"):
        await lend(lib, "T001", barcode)  # a teacher's fourth book is fine


async def test_an_overdue_book_blocks_lending(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    advance(lib, days=15)  # Tuesday 17 March: due 16 March
    await refused("reader.blocked_overdue", lend(lib, "S3A01", "SH1"))


async def test_an_inactive_card_borrows_nothing(lib: Library) -> None:
    async with lib.db.write() as conn:
        await conn.execute("UPDATE readers SET active = 0 WHERE card_number = 'S3A01'")
    await refused("reader.inactive", lend(lib, "S3A01", "SG1"))


async def test_lost_or_in_repair_copies_are_not_lent(lib: Library) -> None:
    from bot.services.desk import StatusChange

    await lib.desk.set_status(LIBRARIAN, "SG1", StatusChange.REPAIR)
    error = await refused("item.not_available", lend(lib, "S3A01", "SG1"))
    assert error.details == {"status": "in_repair"}


async def test_only_staff_lend_and_return(lib: Library) -> None:
    xiaoming = await reader(lib, "S3A01")
    await refused("auth.staff_only", lend(lib, "S3A01", "SG1", by=xiaoming))
    helper = await reader(lib, "S6A01", Role.HELPER)
    await lend(lib, "S3A01", "SG1", by=helper)
    await refused("auth.staff_only", lib.circulation.return_item(xiaoming, "SG1"))
    returned = await lib.circulation.return_item(helper, "SG1")
    assert returned.reader_name == "小明"
    async with lib.db.read() as conn:
        actors = [e["actor"] for e in await audit.entries(conn) if e["action"].startswith("loan.")]
    assert actors == [helper.telegram_id, helper.telegram_id]


# --- returns --------------------------------------------------------------------------------


async def test_return_counts_days_late(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    advance(lib, days=18)  # Friday 20 March, due Monday 16 March
    returned = await lib.circulation.return_item(LIBRARIAN, "SG1")
    assert (returned.days_late, returned.trapped) == (4, None)
    await refused("return.not_on_loan", lib.circulation.return_item(LIBRARIAN, "SG1"))


# --- renewals -------------------------------------------------------------------------------


async def test_renewal_counts_from_today_and_only_once(lib: Library) -> None:
    loan = await lend(lib, "S3A01", "SG1")
    xiaoming = await reader(lib, "S3A01")
    error = await refused("renew.not_extended", lib.circulation.renew(xiaoming, loan))
    assert error.details == {"due_date": date(2026, 3, 16), "reason": "too_early"}
    advance(lib, days=10)  # Thursday 12 March
    renewed = await lib.circulation.renew(xiaoming, loan)
    assert renewed.due_date == date(2026, 3, 26)
    error = await refused("renew.max_reached", lib.circulation.renew(xiaoming, loan))
    assert error.details == {"max": 1}


async def test_renewal_at_the_end_of_term_is_not_extended(tmp_path: Path) -> None:
    start = datetime(2026, 6, 26, 2, 0, tzinfo=DEMO_START.tzinfo)
    async with small_library(demo_settings(tmp_path), start) as library:
        loan = await lend(library, "S3A01", "SG1")  # due 10 July, the last open day
        advance(library, days=3)  # Monday 29 June: 14 days on would be 13 July
        error = await refused("renew.not_extended",
                              library.circulation.renew(LIBRARIAN, loan))
    assert error.details["reason"] == "term_end"


async def test_no_renewal_when_overdue_or_blocked(lib: Library) -> None:
    first = await lend(lib, "S3A01", "SG1")
    advance(lib, days=7)
    second = await lend(lib, "S3A01", "SH1")  # due 23 March
    advance(lib, days=8)  # Tuesday 17 March: the first is overdue
    xiaoming = await reader(lib, "S3A01")
    error = await refused("renew.overdue", lib.circulation.renew(xiaoming, first))
    assert error.details == {"due_date": date(2026, 3, 16)}
    await refused("reader.blocked_overdue", lib.circulation.renew(xiaoming, second))


async def test_no_renewal_while_a_reader_waits_and_no_copy_can_serve(tmp_path: Path) -> None:
    async with small_library(settings_with(tmp_path, holds_when_on_shelf=True)) as library:
        xiaoming, xiaohong = await reader(library, "S3A01"), await reader(library, "S3A02")
        only = await lend(library, "S3A01", "SG1")
        one_of_two = await lend(library, "S3A01", "XY1")
        await library.holds.place(xiaohong, await _title_id(library, "SG1"))
        await library.holds.place(xiaohong, await _title_id(library, "XY1"))
        advance(library, days=10)
        error = await refused("renew.hold_waiting", library.circulation.renew(xiaoming, only))
        assert error.details == {"waiting": 1}
        # XY2 is on the shelf and can serve 小红: 小明 may keep his copy longer.
        assert (await library.circulation.renew(xiaoming, one_of_two)).due_date == date(2026, 3, 26)


async def test_a_reader_renews_only_their_own_loans(lib: Library) -> None:
    loan = await lend(lib, "S3A01", "SG1")
    advance(lib, days=10)
    await refused("loan.not_yours", lib.circulation.renew(await reader(lib, "S3A02"), loan))
    await refused("loan.not_found", lib.circulation.renew(await reader(lib, "S3A02"), 9999))
    await refused("auth.not_linked", lib.circulation.renew(Actor(telegram_id=77), loan))
    helper = await reader(lib, "S6A01", Role.HELPER)
    assert (await lib.circulation.renew(helper, loan)).reader_id != helper.reader_id
    await lib.circulation.return_item(LIBRARIAN, "SG1")
    error = await refused("loan.already_returned", lib.circulation.renew(helper, loan))
    assert error.details == {"title": "三国演义"}


async def test_renew_all_says_why_for_each_loan(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    advance(lib, days=10)
    await lend(lib, "S3A01", "SH1")
    outcomes = await lib.circulation.renew_all(await reader(lib, "S3A01"))
    assert [(o.loan.barcode, o.renewed is not None) for o in outcomes] == [
        ("SG1", True), ("SH1", False)]
    assert outcomes[1].refusal is not None and outcomes[1].refusal.code == "renew.not_extended"


async def test_desk_renews_by_barcode(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    advance(lib, days=10)
    helper = await reader(lib, "S6A01", Role.HELPER)
    assert (await lib.circulation.renew_barcode(helper, "SG1")).due_date == date(2026, 3, 26)
    await refused("return.not_on_loan", lib.circulation.renew_barcode(helper, "SH1"))
    await refused("auth.staff_only", lib.circulation.renew_barcode(await reader(lib, "S3A01"), "SG1"))


async def _title_id(lib: Library, barcode: str) -> int:
    from bot.store.catalog import get_copy_by_barcode

    async with lib.db.read() as conn:
        copy = await get_copy_by_barcode(conn, barcode)
    assert copy is not None
    return copy.title_id
