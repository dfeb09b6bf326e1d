"""Reservations (预约): place, cancel, "I'll come and get it", and the pickup-deadline scan.

A reader reserves a title, not a copy; the queue is first come, first served. A returned copy
is trapped for the first waiting reader (``CirculationBase.shelve``); a reader who misses the
pickup deadline loses the hold and the copy passes to the next reader or back to the shelf.
"""

from __future__ import annotations

from dataclasses import dataclass

import aiosqlite

from bot.domain.actor import Actor
from bot.domain.circulation import TitleFacts, check_hold
from bot.domain.loans import HoldRow, HoldStatus
from bot.errors import LibraryError
from bot.services.circulation_base import HOLD_EXPIRED, CirculationBase, Trapped, ready_key
from bot.store import audit, outbox
from bot.store import holds as store
from bot.store import loans as loans_store
from bot.store.catalog import get_title


@dataclass(frozen=True, slots=True)
class Placed:
    hold_id: int
    title: str
    position: int  # 1 = next in line


@dataclass(frozen=True, slots=True)
class Expired:
    hold: HoldRow
    passed_to: Trapped | None  # the next reader, or None: back on the shelf


class HoldService(CirculationBase):
    async def place(self, actor: Actor, title_id: int) -> Placed:
        """The reader joins the queue for a title, within the rules."""
        reader_id = actor.require_linked()
        now, today = self.now_and_today()
        async with self.db.write() as conn:
            title = await get_title(conn, title_id)
            if title is None:
                raise LibraryError("hold.unknown_title")
            item_type = await loans_store.title_item_type(conn, title_id)
            if item_type is None:
                raise LibraryError("hold.no_copies", title=title.title)
            reader = await self.reader(conn, reader_id)
            facts = await self.reader_facts(conn, reader, today)
            on_loan = any(
                loan.title_id == title_id for loan in await loans_store.open_loans(conn, reader_id)
            )
            existing = await store.live_hold(conn, reader_id, title_id)
            shelf = await loans_store.copies_on_shelf(conn, title_id)
            check_hold(facts, TitleFacts(item_type, on_loan, existing is not None, shelf),
                       self.policy)
            hold_id = await store.insert_hold(conn, title_id, reader_id, now)
            hold = await store.get_hold(conn, hold_id)
            assert hold is not None
            position = await store.position(conn, hold)
            await audit.record(conn, now, actor.telegram_id, "hold.place", "hold", hold_id,
                               title_id=title_id, reader_id=reader_id, position=position)
        return Placed(hold_id, title.title, position)

    async def cancel(self, actor: Actor, hold_id: int) -> HoldRow:
        """The reader (or the librarian) cancels a hold; a trapped copy passes on."""
        now, today = self.now_and_today()
        async with self.db.write() as conn:
            hold = await self._live(conn, actor, hold_id, librarian_too=True)
            await store.close_hold(conn, hold.id, HoldStatus.CANCELLED, now)
            await outbox.drop_pending(conn, ready_key(hold.id), now)
            passed = None
            if hold.copy_id is not None:
                passed = await self.release_trapped(conn, hold.copy_id, now, today)
            await audit.record(conn, now, actor.telegram_id, "hold.cancel", "hold", hold.id,
                               reader_id=hold.reader_id, passed_to=passed and passed.hold_id)
        return hold

    async def coming(self, actor: Actor, hold_id: int) -> HoldRow:
        """The reader says "I'll come and get it" for a copy waiting on the hold shelf."""
        now, _ = self.now_and_today()
        async with self.db.write() as conn:
            hold = await self._live(conn, actor, hold_id, librarian_too=False)
            if hold.status is not HoldStatus.TRAPPED:
                raise LibraryError("hold.not_ready", title=hold.title)
            await store.set_coming(conn, hold.id)
            await audit.record(conn, now, actor.telegram_id, "hold.coming", "hold", hold.id)
        return hold

    async def expire_pickups(self) -> list[Expired]:
        """The scan job: trapped holds past their pickup deadline expire, the reader is told
        (outbox), and the copy passes to the next reader or goes back to the shelf.

        Idempotent: a hold expires once; running late or twice changes nothing more."""
        now, today = self.now_and_today()
        expired: list[Expired] = []
        async with self.db.write() as conn:
            for hold in await store.past_pickup(conn, today):
                await store.close_hold(conn, hold.id, HoldStatus.EXPIRED, now)
                await outbox.enqueue(conn, f"hold.expired:{hold.id}", hold.reader_id,
                                     HOLD_EXPIRED, {"title": hold.title}, now, self.notice_time(now))
                passed = None
                if hold.copy_id is not None:
                    passed = await self.release_trapped(conn, hold.copy_id, now, today)
                await audit.record(conn, now, None, "hold.expire", "hold", hold.id,
                                   reader_id=hold.reader_id, pickup_by=hold.pickup_by,
                                   passed_to=passed and passed.hold_id)
                expired.append(Expired(hold, passed))
        return expired

    async def _live(
        self, conn: aiosqlite.Connection, actor: Actor, hold_id: int, *, librarian_too: bool
    ) -> HoldRow:
        hold = await store.get_hold(conn, hold_id)
        if hold is None:
            raise LibraryError("hold.not_found")
        if not (librarian_too and actor.is_librarian) and actor.require_linked() != hold.reader_id:
            raise LibraryError("hold.not_yours")
        if not hold.is_live:
            raise LibraryError("hold.not_active", title=hold.title, status=hold.status.value)
        return hold
