"""The desk's look-ups and the librarian's housekeeping: find a reader, a reader's record
(/patron), a copy's story (/item), copy status (lost, repair, withdrawn, found) and closed days.

Privacy: readers are minors. Helpers see a reader's current loans only; the librarian also
sees holds and history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

import aiosqlite

from bot.domain.actor import Actor
from bot.domain.catalog import CopyRow, CopyStatus
from bot.domain.loans import HoldRow, HoldStatus, LoanRow
from bot.domain.readers import ReaderRow
from bot.errors import LibraryError
from bot.services.circulation_base import CirculationBase, Trapped, ready_key
from bot.store import audit, closed_days, outbox
from bot.store import holds as holds_store
from bot.store import loans as loans_store
from bot.store import readers as readers_store
from bot.store.catalog import get_title

MAX_SEARCH = 64
CLOSED_DAYS_AHEAD = timedelta(days=2 * 366)  # how far ahead a closed day may be added


class StatusChange(StrEnum):
    LOST = "lost"  # 丢失: 照价赔偿
    REPAIR = "repair"  # 修补
    WITHDRAWN = "withdrawn"  # 剔除
    FOUND = "found"  # back in service: found again, repaired, reinstated


_NEW_STATUS = {
    StatusChange.LOST: CopyStatus.LOST,
    StatusChange.REPAIR: CopyStatus.IN_REPAIR,
    StatusChange.WITHDRAWN: CopyStatus.WITHDRAWN,
}
_OUT_OF_SERVICE = (CopyStatus.LOST, CopyStatus.IN_REPAIR, CopyStatus.WITHDRAWN)


@dataclass(frozen=True, slots=True)
class Patron:
    reader: ReaderRow
    loans: list[LoanRow]
    holds: list[HoldRow] | None  # None: not for this actor (helpers)
    history: list[LoanRow] | None


@dataclass(frozen=True, slots=True)
class ItemStory:
    copy: CopyRow
    title: str
    loan: LoanRow | None
    queue: list[HoldRow] | None  # None: not for this actor (helpers)
    waiting: int  # readers waiting for the title


@dataclass(frozen=True, slots=True)
class StatusResult:
    copy: CopyRow
    title: str
    old: CopyStatus
    new: CopyStatus
    loan: LoanRow | None  # the loan closed because the copy was lost
    price_cents: int | None
    trapped: Trapped | None  # a found copy went to the first waiting reader
    hold_requeued: HoldRow | None  # the copy was waiting for this reader, who is back in line


@dataclass(frozen=True, slots=True)
class ReaderMatch:
    """What a card number or a piece of a name found at the desk."""

    chosen: ReaderRow | None  # the card typed, or the only reader the name matched
    candidates: list[ReaderRow]  # everyone it matched, for buttons when nobody is chosen


class DeskService(CirculationBase):
    async def match_readers(self, actor: Actor, text: str, *, card_only: bool = False) -> ReaderMatch:
        """A card number (exact) chooses its reader; a piece of a name that matches one reader
        chooses them; several give candidates. ``card_only``: a scanned card must match exactly."""
        found = await self.find_readers(actor, text)
        exact = [r for r in found if r.card_number.lower() == text.strip().lower()]
        if card_only and not exact:
            raise LibraryError("reader.unknown_card", card=text.strip()[:32])
        if not found:
            raise LibraryError("reader.no_match", text=text.strip()[:32])
        if exact or len(found) == 1:
            return ReaderMatch((exact or found)[0], found)
        return ReaderMatch(None, found)

    async def find_readers(self, actor: Actor, text: str) -> list[ReaderRow]:
        """Staff find a reader by card number (exact) or part of the name."""
        actor.require_staff()
        text = text.strip()[:MAX_SEARCH]
        if not text:
            return []
        async with self.db.read() as conn:
            return await readers_store.find_readers(conn, text)

    async def reader_by_id(self, actor: Actor, reader_id: int) -> ReaderRow:
        actor.require_staff()
        async with self.db.read() as conn:
            return await self.reader(conn, reader_id)

    async def patron(self, actor: Actor, reader_id: int) -> Patron:
        """A reader's record as this member of staff may see it; the look-up is audited
        (``reader.view``: who looked at whom), since readers are minors."""
        actor.require_staff()
        async with self.db.read() as conn:
            reader = await self.reader(conn, reader_id)
            loans = await loans_store.open_loans(conn, reader_id)
            holds = past = None
            if actor.is_librarian:
                holds = await holds_store.reader_holds(conn, reader_id)
                past = await loans_store.history(conn, reader_id)
        await self._audit_view(actor, "reader", reader_id, history=past is not None)
        return Patron(reader, loans, holds, past)

    async def _audit_view(self, actor: Actor, object_type: str, object_id: int,
                          **details: object) -> None:
        now, _ = self.now_and_today()
        async with self.db.write() as conn:
            await audit.record(conn, now, actor.telegram_id, f"{object_type}.view", object_type,
                               object_id, **details)

    async def item(self, actor: Actor, barcode: str) -> ItemStory:
        actor.require_staff()
        async with self.db.read() as conn:
            copy = await self.copy(conn, barcode)
            title = await get_title(conn, copy.title_id)
            loan = await loans_store.open_loan_for_copy(conn, copy.id)
            queue = await holds_store.queue(conn, copy.title_id)
        waiting = sum(1 for h in queue if h.status is HoldStatus.WAITING)
        shown = [loan.reader_id] if loan else []
        if actor.is_librarian:
            shown += [h.reader_id for h in queue]
        if shown:  # a copy's story names its borrower (and, for the librarian, the queue)
            await self._audit_view(actor, "copy", copy.id, readers=shown)
        return ItemStory(copy, title.title if title else "", loan,
                         queue if actor.is_librarian else None, waiting)

    async def set_status(
        self, actor: Actor, barcode: str, change: StatusChange, price_cents: int | None = None
    ) -> StatusResult:
        """Lost (the open loan ends; the price to pay is recorded), in repair, withdrawn, or
        found (back into service: to the first waiting reader or the shelf). Librarian only."""
        actor.require_librarian()
        now, today = self.now_and_today()
        async with self.db.write() as conn:
            copy = await self.copy(conn, barcode)
            loan = await loans_store.open_loan_for_copy(conn, copy.id)
            title = await get_title(conn, copy.title_id)
            name = title.title if title else ""
            trapped, requeued = None, None
            if change is StatusChange.FOUND:
                if copy.status not in _OUT_OF_SERVICE:
                    raise LibraryError("status.in_service", barcode=copy.barcode)
                trapped = await self.shelve(conn, copy, now, today)
                new = CopyStatus.ON_HOLD_SHELF if trapped else CopyStatus.ON_SHELF
            else:
                new = _NEW_STATUS[change]
                if copy.status is new:
                    raise LibraryError("status.unchanged", barcode=copy.barcode)
                if loan is not None and change is not StatusChange.LOST:
                    raise LibraryError("status.on_loan", barcode=copy.barcode)
                requeued = await self._take_off_hold_shelf(conn, copy, now)
                if loan is not None:
                    await loans_store.close_loan(conn, loan.id, now, actor.telegram_id)
                await loans_store.set_copy_status(conn, copy.id, new, now)
            if price_cents is not None:
                await loans_store.set_copy_price(conn, copy.id, price_cents, now)
            price = price_cents if price_cents is not None else copy.price_cents
            await audit.record(conn, now, actor.telegram_id, f"copy.{change.value}", "copy",
                               copy.id, barcode=copy.barcode, old=copy.status.value,
                               new=new.value, loan_id=loan and loan.id,
                               reader_id=loan and loan.reader_id, price_cents=price)
        return StatusResult(copy, name, copy.status, new,
                            loan if change is StatusChange.LOST else None, price, trapped, requeued)

    async def _take_off_hold_shelf(
        self, conn: aiosqlite.Connection, copy: CopyRow, now: datetime
    ) -> HoldRow | None:
        """A copy trapped for a reader leaves service: their hold goes back into the queue."""
        if copy.status is not CopyStatus.ON_HOLD_SHELF:
            return None
        hold = await holds_store.trapped_for_copy(conn, copy.id)
        if hold is not None:
            await holds_store.untrap(conn, hold.id)
            await outbox.drop_pending(conn, ready_key(hold.id), now)
        return hold

    # --- closed days ------------------------------------------------------------------------

    async def add_closed_day(self, actor: Actor, day: date, reason: str) -> int:
        """Close the library on ``day``; loans due (and pickups ending) that day move to the
        next open day. Returns how many loans moved."""
        actor.require_librarian()
        now, today = self.now_and_today()
        if day < today:
            raise LibraryError("closed.past", day=day)
        if day > today + CLOSED_DAYS_AHEAD:  # a typo like 9999-12-31, not a plan
            raise LibraryError("closed.too_far", day=day.isoformat())  # with its year
        configured = self.calendar.closed_reason(day)
        if configured is not None:
            raise LibraryError("closed.already_closed", day=day)
        async with self.db.write() as conn:
            await closed_days.add(conn, day, reason.strip()[:100], actor.telegram_id, now)
            closed = await self.closed(conn)
            next_open = self.calendar.next_open_day(day, closed)
            moved = await loans_store.move_due_dates(conn, day, next_open)
            await holds_store.move_pickup_dates(conn, day, next_open)
            await audit.record(conn, now, actor.telegram_id, "calendar.close", "day", day.isoformat(),
                               reason=reason, loans_moved=moved)
        return moved

    async def remove_closed_day(self, actor: Actor, day: date) -> None:
        actor.require_librarian()
        now, _ = self.now_and_today()
        async with self.db.write() as conn:
            if not await closed_days.remove(conn, day):
                raise LibraryError("closed.not_found", day=day)
            await audit.record(conn, now, actor.telegram_id, "calendar.reopen", "day", day.isoformat())

    async def closed_days(self, actor: Actor) -> dict[date, str]:
        """The closed days added in chat, from today on."""
        actor.require_staff()
        _, today = self.now_and_today()
        async with self.db.read() as conn:
            closed = await self.closed(conn)
        return {d: reason for d, reason in closed.items() if d >= today}
