"""What the circulation services share: the rules from config, the facts the pure rules need,
and putting a copy back into service (to the first waiting reader, or on the shelf).

Every function that takes ``conn`` runs inside the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import aiosqlite

from bot.clock import Clock
from bot.config import Settings
from bot.domain.calendar import SchoolCalendar
from bot.domain.catalog import CopyRow, CopyStatus
from bot.domain.circulation import ItemFacts, ReaderFacts, pickup_deadline
from bot.domain.loans import HoldStatus
from bot.domain.policy import Policy
from bot.domain.readers import ReaderRow
from bot.errors import LibraryError
from bot.store import closed_days, outbox
from bot.store import holds as holds_store
from bot.store import loans as loans_store
from bot.store import readers as readers_store
from bot.store.catalog import get_copy_by_barcode
from bot.store.db import Database

HOLD_READY = "notify.hold_ready"  # outbox kinds are i18n keys
HOLD_EXPIRED = "notify.hold_expired"
MAX_BARCODE = 32


def ready_key(hold_id: int) -> str:
    """The start of the outbox keys of a hold's "ready to collect" notices (one per trap)."""
    return f"hold.ready:{hold_id}:"


@dataclass(frozen=True, slots=True)
class Trapped:
    """A copy set aside on the hold shelf for the first reader in the queue."""

    hold_id: int
    reader_id: int
    reader_name: str
    class_name: str | None
    pickup_by: date


class CirculationBase:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        self.policy: Policy = settings.circulation.to_policy()
        self.calendar: SchoolCalendar = settings.calendar.to_calendar()

    def now_and_today(self) -> tuple[datetime, date]:
        now = self.clock.now()
        return now, now.astimezone(self.settings.school.tz).date()

    def notice_time(self, now: datetime) -> datetime:
        """When a notice may go out: now, or the end of the quiet hours (免打扰) if now is in them."""
        quiet, tz = self.settings.quiet_hours, self.settings.school.tz
        local = now.astimezone(tz)
        moment = local.time().replace(tzinfo=None)
        wraps = quiet.start > quiet.end  # e.g. 21:00-07:00
        inside = (moment >= quiet.start or moment < quiet.end) if wraps else (
            quiet.start <= moment < quiet.end)
        if not inside:
            return now
        day = local.date() + timedelta(days=1) if moment >= quiet.end else local.date()
        return datetime.combine(day, quiet.end, tz).astimezone(now.tzinfo)

    async def closed(self, conn: aiosqlite.Connection) -> dict[date, str]:
        return await closed_days.all_closed(conn)

    async def reader(self, conn: aiosqlite.Connection, reader_id: int) -> ReaderRow:
        reader = await readers_store.reader_by_id(conn, reader_id)
        if reader is None:
            raise LibraryError("reader.not_found")
        return reader

    async def copy(self, conn: aiosqlite.Connection, barcode: str) -> CopyRow:
        barcode = barcode.strip()[:MAX_BARCODE]
        copy = await get_copy_by_barcode(conn, barcode) if barcode else None
        if copy is None:
            raise LibraryError("item.unknown_barcode", barcode=barcode)
        return copy

    async def reader_facts(
        self, conn: aiosqlite.Connection, reader: ReaderRow, today: date
    ) -> ReaderFacts:
        loans, overdue = await loans_store.reader_counts(conn, reader.id, today)
        holds = await holds_store.holds_per_type(conn, reader.id)
        return ReaderFacts(reader.category, reader.grade, reader.active, overdue, loans, holds)

    async def item_facts(
        self, conn: aiosqlite.Connection, copy: CopyRow, reader_id: int
    ) -> ItemFacts:
        status, borrower, trapped_for_other = copy.status, None, False
        loan = await loans_store.open_loan_for_copy(conn, copy.id)
        if loan is not None:
            status = CopyStatus.ON_LOAN
            borrower = f"{loan.reader_name} {loan.class_name or loan.card_number}"
        elif status is CopyStatus.ON_HOLD_SHELF:
            trapped = await holds_store.trapped_for_copy(conn, copy.id)
            trapped_for_other = trapped is not None and trapped.reader_id != reader_id
        mine = await holds_store.live_hold(conn, reader_id, copy.title_id)
        if mine is None:
            ahead = await holds_store.waiting_count(conn, copy.title_id)
        else:
            ahead = max(0, await holds_store.position(conn, mine) - 1)
        free = await loans_store.copies_on_shelf(conn, copy.title_id)
        return ItemFacts(copy.item_type, status, borrower, trapped_for_other, ahead, free)

    async def shelve(
        self, conn: aiosqlite.Connection, copy: CopyRow, now: datetime, today: date
    ) -> Trapped | None:
        """A copy comes back into service: trap it for the first waiting reader of its title
        (pickup deadline, notice in the outbox), or put it on the open shelf."""
        hold = await holds_store.first_waiting(conn, copy.title_id)
        if hold is None:
            await loans_store.set_copy_status(conn, copy.id, CopyStatus.ON_SHELF, now)
            return None
        closed = await self.closed(conn)
        pickup = pickup_deadline(today, self.calendar, self.policy.holds.pickup_open_days, closed)
        await holds_store.trap(conn, hold.id, copy.id, now, pickup)
        await loans_store.set_copy_status(conn, copy.id, CopyStatus.ON_HOLD_SHELF, now)
        await outbox.enqueue(
            conn, await outbox.next_key(conn, ready_key(hold.id)), hold.reader_id, HOLD_READY,
            {"title": hold.title, "pickup_by": pickup.isoformat(), "barcode": copy.barcode},
            now, self.notice_time(now),
        )
        return Trapped(hold.id, hold.reader_id, hold.reader_name, hold.class_name, pickup)

    async def release_trapped(
        self, conn: aiosqlite.Connection, copy_id: int, now: datetime, today: date
    ) -> Trapped | None:
        """The copy trapped for a hold that has just closed goes to the next reader or the shelf."""
        copy = await loans_store.copy_by_id(conn, copy_id)
        if copy is None or copy.status is not CopyStatus.ON_HOLD_SHELF:
            return None
        return await self.shelve(conn, copy, now, today)

    async def fill_hold(
        self, conn: aiosqlite.Connection, reader_id: int, copy: CopyRow, now: datetime, today: date
    ) -> bool:
        """The reader borrows a copy of a title they reserved: the hold is collected. If another
        copy was waiting for them on the hold shelf, it passes to the next reader."""
        hold = await holds_store.live_hold(conn, reader_id, copy.title_id)
        if hold is None:
            return False
        await holds_store.close_hold(conn, hold.id, HoldStatus.COLLECTED, now)
        await outbox.drop_pending(conn, ready_key(hold.id), now)  # already here: no notice
        if hold.copy_id is not None and hold.copy_id != copy.id:
            await self.release_trapped(conn, hold.copy_id, now, today)
        return True
