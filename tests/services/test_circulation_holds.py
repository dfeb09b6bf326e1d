"""HoldService and the hold shelf: queue order, trapping on return, pickup deadlines, expiry."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.domain.actor import Actor
from bot.domain.loans import HoldStatus
from bot.domain.readers import Role
from bot.library import Library
from bot.services.circulation_base import ready_key
from bot.services.desk import StatusChange
from bot.store import outbox
from bot.store.holds import get_hold

from .test_circulation import (
    LIBRARIAN,
    _title_id,
    advance,
    lend,
    lib,
    reader,
    refused,
    settings_with,
    small_library,
)

__all__ = ["lib"]  # the fixture


async def _hold(lib: Library, card: str, barcode: str) -> int:
    placed = await lib.holds.place(await reader(lib, card), await _title_id(lib, barcode))
    return placed.hold_id


async def _status(lib: Library, hold_id: int) -> HoldStatus:
    async with lib.db.read() as conn:
        hold = await get_hold(conn, hold_id)
    assert hold is not None
    return hold.status


async def test_queue_is_first_come_first_served(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    title = await _title_id(lib, "SG1")
    positions = [(await lib.holds.place(await reader(lib, card), title)).position
                 for card in ("S3A02", "S3A03", "T001")]
    assert positions == [1, 2, 3]


async def test_hold_refusals(lib: Library) -> None:
    xiaoming = await reader(lib, "S3A01")
    title = await _title_id(lib, "SG1")
    error = await refused("hold.copy_available", lib.holds.place(xiaoming, title))
    assert error.details == {"copies": 1}
    await lend(lib, "S3A01", "SG1")
    await refused("hold.already_borrowed", lib.holds.place(xiaoming, title))
    xiaohong = await reader(lib, "S3A02")
    await lib.holds.place(xiaohong, title)
    await refused("hold.duplicate", lib.holds.place(xiaohong, title))
    await refused("hold.unknown_title", lib.holds.place(xiaohong, 99999))
    await refused("item.reference_only", lib.holds.place(xiaohong, await _title_id(lib, "ZD1")))
    await refused("auth.not_linked", lib.holds.place(Actor(telegram_id=77), title))
    await lib.desk.set_status(LIBRARIAN, "LY1", StatusChange.WITHDRAWN)
    error = await refused("hold.no_copies", lib.holds.place(xiaohong, await _title_id(lib, "LY1")))
    assert error.details == {"title": "论语"}


async def test_a_reader_holds_at_most_three_titles(lib: Library) -> None:
    for barcode in ("SG1", "SH1", "HL1", "LY1"):
        await lend(lib, "T001", barcode)
    for barcode in ("SG1", "SH1", "HL1"):
        await _hold(lib, "S3A02", barcode)
    title = await _title_id(lib, "LY1")
    error = await refused("hold.limit_reached", lib.holds.place(await reader(lib, "S3A02"), title))
    assert error.details == {"limit": 3}


async def test_holds_can_be_switched_off_for_a_category(tmp_path: Path) -> None:
    student = {"holds_allowed": False}
    settings = settings_with(tmp_path)
    rules = settings.circulation.model_copy(
        update={"student": settings.circulation.student.model_copy(update=student)})
    async with small_library(settings.model_copy(update={"circulation": rules})) as library:
        await lend(library, "T001", "SG1")
        error = await refused("hold.not_allowed", library.holds.place(
            await reader(library, "S3A02"), await _title_id(library, "SG1")))
    assert error.details == {"category": "student"}


async def test_return_traps_the_copy_for_the_first_reader_with_a_notice(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    first = await _hold(lib, "S3A02", "SG1")
    await _hold(lib, "S3A03", "SG1")
    advance(lib, days=3)  # Thursday 5 March
    returned = await lib.circulation.return_item(LIBRARIAN, "SG1")
    assert returned.trapped is not None
    assert (returned.trapped.reader_name, returned.trapped.class_name) == ("小红", "3A")
    # Three open days after Thursday: Friday, (weekend), Monday, Tuesday.
    assert returned.trapped.pickup_by == date(2026, 3, 10)
    async with lib.db.read() as conn:
        notices = await outbox.pending(conn)
    assert [n["kind"] for n in notices] == ["notify.hold_ready"]
    assert notices[0]["key"].startswith(ready_key(first)) and notices[0]["reader_id"] == (
        await reader(lib, "S3A02")).reader_id
    assert notices[0]["payload"]["title"] == "三国演义"
    assert notices[0]["payload"]["pickup_by"] == "2026-03-10"
    error = await refused("item.reserved_for_other", lend(lib, "S3A03", "SG1"))
    assert error.code == "item.reserved_for_other"
    lent = await lib.circulation.lend(LIBRARIAN, (await reader(lib, "S3A02")).reader_id or 0, "SG1")
    assert lent.hold_filled and await _status(lib, first) is HoldStatus.COLLECTED
    async with lib.db.read() as conn:  # she came before the notice went out: none is sent
        assert await outbox.pending(conn) == []


async def test_a_missed_pickup_passes_the_copy_on_once_however_late_the_scan(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    first, second = await _hold(lib, "S3A02", "SG1"), await _hold(lib, "S3A03", "SG1")
    await lib.circulation.return_item(LIBRARIAN, "SG1")  # Monday 2 March: keep until Thursday
    advance(lib, days=3)  # Thursday 5 March, the last day: still kept
    assert await lib.holds.expire_pickups() == []
    advance(lib, days=6)  # the scan ran late: Wednesday 11 March
    expired = await lib.holds.expire_pickups()
    assert [e.hold.id for e in expired] == [first]
    passed = expired[0].passed_to
    assert passed is not None and passed.hold_id == second
    assert passed.pickup_by == date(2026, 3, 16)  # counted from the day of the scan
    assert await lib.holds.expire_pickups() == []  # twice: nothing more
    assert (await _status(lib, first), await _status(lib, second)) == (
        HoldStatus.EXPIRED, HoldStatus.TRAPPED)
    async with lib.db.read() as conn:
        kinds = [n["kind"] for n in await outbox.pending(conn)]
    assert kinds == ["notify.hold_ready", "notify.hold_expired", "notify.hold_ready"]


async def test_the_last_missed_pickup_puts_the_copy_back_on_the_shelf(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    await _hold(lib, "S3A02", "SG1")
    await lib.circulation.return_item(LIBRARIAN, "SG1")
    advance(lib, days=4)
    [expired] = await lib.holds.expire_pickups()
    assert expired.passed_to is None
    assert (await lend(lib, "S3A03", "SG1")) > 0


async def test_cancel_and_coming(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    first, second = await _hold(lib, "S3A02", "SG1"), await _hold(lib, "S3A03", "SG1")
    xiaohong, xiaogang = await reader(lib, "S3A02"), await reader(lib, "S3A03")
    await refused("hold.not_ready", lib.holds.coming(xiaohong, first))
    await refused("hold.not_yours", lib.holds.cancel(xiaogang, first))
    await refused("hold.not_found", lib.holds.cancel(xiaogang, 9999))
    await lib.circulation.return_item(LIBRARIAN, "SG1")
    assert (await lib.holds.coming(xiaohong, first)).title == "三国演义"
    await lib.holds.cancel(xiaohong, first)  # the trapped copy passes to 小刚
    assert await _status(lib, second) is HoldStatus.TRAPPED
    async with lib.db.read() as conn:  # 小红's "ready" notice is dropped; 小刚 gets his
        pending = [(n["reader_id"], n["kind"]) for n in await outbox.pending(conn)]
    assert pending == [(xiaogang.reader_id, "notify.hold_ready")]
    error = await refused("hold.not_active", lib.holds.cancel(xiaohong, first))
    assert error.details == {"title": "三国演义", "status": "cancelled"}
    await lib.holds.cancel(LIBRARIAN, second)  # the librarian may cancel too
    helper = await reader(lib, "S6A01", Role.HELPER)
    await refused("hold.not_yours", lib.holds.cancel(helper, second))


async def test_borrowing_another_copy_releases_the_one_kept(tmp_path: Path) -> None:
    async with small_library(settings_with(tmp_path, holds_when_on_shelf=True)) as library:
        await lend(library, "S3A01", "XY1")
        await _hold(library, "S3A02", "XY1")
        other = await _hold(library, "S3A03", "XY1")
        await library.circulation.return_item(LIBRARIAN, "XY1")  # kept for 小红
        # 小红 takes XY2 from the shelf instead: XY1 now waits for 小刚.
        lent = await library.circulation.lend(LIBRARIAN, (await reader(library, "S3A02")).reader_id
                                              or 0, "XY2")
        assert lent.hold_filled
        assert await _status(library, other) is HoldStatus.TRAPPED


def test_notices_wait_for_the_end_of_the_quiet_hours(lib: Library) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    shanghai = ZoneInfo("Asia/Shanghai")
    noon = datetime(2026, 3, 2, 12, 0, tzinfo=shanghai)
    assert lib.holds.notice_time(noon) == noon
    evening = datetime(2026, 3, 2, 22, 30, tzinfo=shanghai)
    assert lib.holds.notice_time(evening) == datetime(2026, 3, 3, 7, 0, tzinfo=shanghai)
    night = datetime(2026, 3, 3, 1, 0, tzinfo=shanghai)
    assert lib.holds.notice_time(night) == datetime(2026, 3, 3, 7, 0, tzinfo=shanghai)
