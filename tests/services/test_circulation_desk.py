"""DeskService: copy status (lost, repair, withdrawn, found), closed days, privacy of look-ups."""

from __future__ import annotations

from datetime import date

from bot.domain.catalog import CopyStatus
from bot.domain.readers import Role
from bot.library import Library
from bot.services.desk import StatusChange
from bot.store import audit, outbox
from bot.store.catalog import availability
from bot.store.loans import open_loans

from .test_circulation import LIBRARIAN, _title_id, advance, lend, lib, reader, refused

__all__ = ["lib"]  # the fixture


async def test_a_lost_book_ends_the_loan_and_records_the_price(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    result = await lib.desk.set_status(LIBRARIAN, "SG1", StatusChange.LOST, price_cents=5200)
    assert (result.old, result.new, result.price_cents) == (
        CopyStatus.ON_LOAN, CopyStatus.LOST, 5200)
    assert result.loan is not None and result.loan.reader_name == "小明"
    xiaoming = await reader(lib, "S3A01")
    async with lib.db.read() as conn:
        assert await open_loans(conn, xiaoming.reader_id or 0) == []
        [entry] = await audit.entries(conn, "copy.lost")
        avail = await availability(conn, [await _title_id(lib, "SG1")])
    assert entry["details"]["price_cents"] == 5200 and entry["details"]["reader_id"] == xiaoming.reader_id
    assert list(avail.values())[0].total == 0  # lost copies leave the shelf count


async def test_repair_withdraw_and_found(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    await refused("status.on_loan", lib.desk.set_status(LIBRARIAN, "SG1", StatusChange.WITHDRAWN))
    await refused("status.in_service", lib.desk.set_status(LIBRARIAN, "SH1", StatusChange.FOUND))
    await lib.desk.set_status(LIBRARIAN, "SH1", StatusChange.REPAIR)
    await refused("status.unchanged", lib.desk.set_status(LIBRARIAN, "SH1", StatusChange.REPAIR))
    await lib.circulation.return_item(LIBRARIAN, "SG1")
    await lib.desk.set_status(LIBRARIAN, "SG1", StatusChange.WITHDRAWN)
    async with lib.db.read() as conn:
        avail = await availability(conn, [await _title_id(lib, "SG1")])
    assert list(avail.values())[0].total == 0
    back = await lib.desk.set_status(LIBRARIAN, "SH1", StatusChange.FOUND)
    assert back.new is CopyStatus.ON_SHELF
    helper = await reader(lib, "S6A01", Role.HELPER)
    await refused("auth.librarian_only", lib.desk.set_status(helper, "SH1", StatusChange.LOST))


async def test_a_found_copy_goes_to_the_first_waiting_reader(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    await lib.holds.place(await reader(lib, "S3A02"), await _title_id(lib, "SG1"))
    await lib.desk.set_status(LIBRARIAN, "SG1", StatusChange.LOST)
    found = await lib.desk.set_status(LIBRARIAN, "SG1", StatusChange.FOUND)
    assert found.new is CopyStatus.ON_HOLD_SHELF
    assert found.trapped is not None and found.trapped.reader_name == "小红"
    # Then lost again from the hold shelf: 小红 goes back into the queue.
    lost = await lib.desk.set_status(LIBRARIAN, "SG1", StatusChange.LOST)
    assert lost.hold_requeued is not None and lost.hold_requeued.reader_name == "小红"
    books = await lib.circulation.my_books(await reader(lib, "S3A02"))
    assert [(w.hold.title, w.position) for w in books.holds] == [("三国演义", 1)]
    # The "ready" notice not sent yet no longer holds: dropped, not sent.
    async with lib.db.read() as conn:
        assert await outbox.pending(conn) == []
    # Found a second time: put aside for her again, and she is told again.
    again = await lib.desk.set_status(LIBRARIAN, "SG1", StatusChange.FOUND)
    assert again.trapped is not None and again.trapped.reader_name == "小红"
    async with lib.db.read() as conn:
        notices = await outbox.pending(conn)
    assert [(n["kind"], n["payload"]["barcode"]) for n in notices] == [
        ("notify.hold_ready", "SG1")]


async def test_a_closed_day_moves_due_dates_and_counts_for_new_loans(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")  # due Monday 16 March
    moved = await lib.desk.add_closed_day(LIBRARIAN, date(2026, 3, 16), "运动会")
    assert moved == 1
    books = await lib.circulation.my_books(await reader(lib, "S3A01"))
    assert books.loans[0].due_date == date(2026, 3, 17)
    lent = await lib.circulation.lend(LIBRARIAN, (await reader(lib, "S3A02")).reader_id or 0, "SH1")
    assert lent.due_date == date(2026, 3, 17)
    assert await lib.desk.closed_days(LIBRARIAN) == {date(2026, 3, 16): "运动会"}
    await lib.desk.remove_closed_day(LIBRARIAN, date(2026, 3, 16))
    await refused("closed.not_found", lib.desk.remove_closed_day(LIBRARIAN, date(2026, 3, 16)))


async def test_closed_day_refusals(lib: Library) -> None:
    await refused("closed.past", lib.desk.add_closed_day(LIBRARIAN, date(2026, 3, 1), ""))
    error = await refused("closed.already_closed",
                          lib.desk.add_closed_day(LIBRARIAN, date(2026, 3, 7), ""))  # Saturday
    assert error.details == {"day": date(2026, 3, 7)}
    helper = await reader(lib, "S6A01", Role.HELPER)
    await refused("auth.librarian_only", lib.desk.add_closed_day(helper, date(2026, 3, 20), ""))


async def test_helpers_see_current_loans_only(lib: Library) -> None:
    await lend(lib, "S3A01", "SG1")
    await lend(lib, "S3A01", "SH1")
    await lib.circulation.return_item(LIBRARIAN, "SH1")
    await lend(lib, "S3A02", "HL1")
    await lib.holds.place(await reader(lib, "S3A03"), await _title_id(lib, "HL1"))
    xiaoming = (await reader(lib, "S3A01")).reader_id or 0
    helper = await reader(lib, "S6A01", Role.HELPER)
    seen = await lib.desk.patron(helper, xiaoming)
    assert [loan.barcode for loan in seen.loans] == ["SG1"]
    assert (seen.holds, seen.history) == (None, None)
    full = await lib.desk.patron(LIBRARIAN, xiaoming)
    assert full.history is not None and [loan.barcode for loan in full.history] == ["SH1"]
    item = await lib.desk.item(helper, "HL1")
    assert (item.queue, item.waiting) == (None, 1) and item.loan is not None
    item = await lib.desk.item(LIBRARIAN, "HL1")
    assert item.queue is not None and [h.reader_name for h in item.queue] == ["小刚"]
    await refused("auth.staff_only", lib.desk.patron(await reader(lib, "S3A02"), xiaoming))


async def test_find_readers_by_card_or_name(lib: Library) -> None:
    helper = await reader(lib, "S6A01", Role.HELPER)
    assert [r.name for r in await lib.desk.find_readers(helper, "s3a02")] == ["小红"]
    assert {r.name for r in await lib.desk.find_readers(helper, "小")} == {"小明", "小红", "小刚"}
    advance(lib, days=1)
    await refused("auth.staff_only", lib.desk.find_readers(await reader(lib, "S3A01"), "小"))
