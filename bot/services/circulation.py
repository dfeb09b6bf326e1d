"""Lending, returning and renewing (借书、还书、续借). One transaction per action; the rules are
the pure ones in ``bot.domain.circulation``; every refusal is a ``LibraryError``.

Desk actions (lend, return, renew by barcode) are for staff: the librarian and the student
helpers on duty. A reader renews only their own loans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.domain.actor import Actor
from bot.domain.calendar import DeskPeriod
from bot.domain.catalog import CopyRow, CopyStatus
from bot.domain.circulation import LoanFacts, check_lend, check_renew
from bot.domain.loans import HoldRow, HoldStatus, LoanRow
from bot.errors import LibraryError
from bot.services.circulation_base import CirculationBase, Trapped
from bot.store import audit
from bot.store import holds as holds_store
from bot.store import loans as loans_store
from bot.store.catalog import get_title

HISTORY_LIMIT = 30  # returned loans a reader sees in /history, newest first


@dataclass(frozen=True, slots=True)
class Lent:
    loan_id: int
    barcode: str
    title: str
    due_date: date
    hold_filled: bool  # the reader had reserved this title


@dataclass(frozen=True, slots=True)
class Returned:
    barcode: str
    title: str
    reader_name: str
    class_name: str | None
    days_late: int
    trapped: Trapped | None  # set aside for the first reader waiting


@dataclass(frozen=True, slots=True)
class Renewed:
    loan_id: int
    reader_id: int
    barcode: str
    title: str
    due_date: date  # the new one


@dataclass(frozen=True, slots=True)
class RenewOutcome:
    """One loan of a "renew all": renewed, or the reason it was not."""

    loan: LoanRow
    renewed: Renewed | None = None
    refusal: LibraryError | None = None


@dataclass(frozen=True, slots=True)
class WaitingHold:
    hold: HoldRow
    position: int  # 1 = next in line; 0 when trapped (ready to collect)


@dataclass(frozen=True, slots=True)
class MyBooks:
    today: date
    loans: list[LoanRow]
    holds: list[WaitingHold]  # waiting ones, with their place in the queue
    ready: list[HoldRow]  # copies waiting on the hold shelf, with the pickup deadline
    desk_hours: tuple[DeskPeriod, ...] = ()  # when the desk serves this reader (借还书时间)


class CirculationService(CirculationBase):
    async def lend(self, actor: Actor, reader_id: int, barcode: str) -> Lent:
        """Lend the copy with ``barcode`` to the reader (staff at the desk)."""
        actor.require_staff()
        now, today = self.now_and_today()
        async with self.db.write() as conn:
            reader = await self.reader(conn, reader_id)
            if reader.id == actor.reader_id and not actor.is_librarian:
                raise LibraryError("loan.self_service")  # a helper lends to others, not himself
            copy = await self.copy(conn, barcode)
            facts = await self.reader_facts(conn, reader, today)
            item = await self.item_facts(conn, copy, reader.id)
            rule = check_lend(facts, item, self.policy)
            due = self.calendar.due_date(today, rule.loan_days, await self.closed(conn))
            filled = await self.fill_hold(conn, reader.id, copy, now, today)
            loan_id = await loans_store.insert_loan(conn, copy.id, reader.id, now, due,
                                                    actor.telegram_id)
            await loans_store.set_copy_status(conn, copy.id, CopyStatus.ON_LOAN, now)
            await audit.record(conn, now, actor.telegram_id, "loan.lend", "loan", loan_id,
                               barcode=copy.barcode, reader_id=reader.id, due_date=due,
                               hold_filled=filled)
            title = await get_title(conn, copy.title_id)
        return Lent(loan_id, copy.barcode, title.title if title else "", due, filled)

    async def trap_new_copies(self, copies: Sequence[tuple[int, str]]) -> list[Trapped]:
        """New copies (title id, barcode) just imported for titles readers are queueing for
        go to the hold shelf for the first in line, as a returned copy does."""
        if not copies:
            return []
        now, today = self.now_and_today()
        trapped: list[Trapped] = []
        async with self.db.write() as conn:
            waiting = await holds_store.titles_with_waiting(conn)
            for title_id, barcode in copies:
                if title_id not in waiting:
                    continue
                copy = await self.copy(conn, barcode)
                if copy.status is not CopyStatus.ON_SHELF or copy.item_type in self.policy.reading_room_only:
                    continue
                done = await self.shelve(conn, copy, now, today)
                if done is not None:
                    trapped.append(done)
                    await audit.record(conn, now, None, "hold.trap_new_copy", "copy", copy.id,
                                       barcode=copy.barcode, hold_id=done.hold_id)
        return trapped

    async def _open_loan(self, conn: aiosqlite.Connection, barcode: str) -> tuple[CopyRow, LoanRow]:
        """The copy with this barcode and its open loan; ``return.not_on_loan`` if it has none."""
        copy = await self.copy(conn, barcode)
        loan = await loans_store.open_loan_for_copy(conn, copy.id)
        if loan is None:
            title = await get_title(conn, copy.title_id)
            raise LibraryError("return.not_on_loan", barcode=copy.barcode,
                               title=title.title if title else "")
        return copy, loan

    async def return_item(self, actor: Actor, barcode: str) -> Returned:
        """Check a copy in; trap it for the first waiting reader, if any (staff at the desk)."""
        actor.require_staff()
        now, today = self.now_and_today()
        async with self.db.write() as conn:
            copy, loan = await self._open_loan(conn, barcode)
            await loans_store.close_loan(conn, loan.id, now, actor.telegram_id)
            days_late = max(0, (today - loan.due_date).days)
            trapped = await self.shelve(conn, copy, now, today)
            await audit.record(conn, now, actor.telegram_id, "loan.return", "loan", loan.id,
                               barcode=copy.barcode, reader_id=loan.reader_id,
                               days_late=days_late, trapped_for_hold=trapped and trapped.hold_id)
        return Returned(copy.barcode, loan.title, loan.reader_name, loan.class_name, days_late,
                        trapped)

    async def renew(self, actor: Actor, loan_id: int) -> Renewed:
        """Renew one loan: the reader's own, or any at the desk (staff)."""
        if not actor.is_staff:
            actor.require_linked()
        now, today = self.now_and_today()
        async with self.db.write() as conn:
            loan = await loans_store.get_loan(conn, loan_id)
            if loan is None:
                raise LibraryError("loan.not_found")
            self._may_act_on(actor, loan)
            return await self._renew(conn, actor, loan, today, now)

    async def renew_barcode(self, actor: Actor, barcode: str) -> Renewed:
        """Renew the loan of the copy with ``barcode`` (staff at the desk)."""
        actor.require_staff()
        now, today = self.now_and_today()
        async with self.db.write() as conn:
            _, loan = await self._open_loan(conn, barcode)
            return await self._renew(conn, actor, loan, today, now)

    async def renew_all(self, actor: Actor) -> list[RenewOutcome]:
        """Renew every current loan of the reader that may be renewed; say why not for the rest."""
        reader_id = actor.require_linked()
        now, today = self.now_and_today()
        outcomes: list[RenewOutcome] = []
        async with self.db.write() as conn:
            for loan in await loans_store.open_loans(conn, reader_id):
                try:
                    renewed = await self._renew(conn, actor, loan, today, now)
                except LibraryError as refusal:
                    outcomes.append(RenewOutcome(loan, refusal=refusal))
                else:
                    outcomes.append(RenewOutcome(loan, renewed=renewed))
        return outcomes

    async def my_books(self, actor: Actor) -> MyBooks:
        """The reader's own loans, holds in the queue and books waiting on the hold shelf."""
        reader_id = actor.require_linked()
        _, today = self.now_and_today()
        async with self.db.read() as conn:
            loans = await loans_store.open_loans(conn, reader_id)
            holds = await holds_store.reader_holds(conn, reader_id)
            waiting = [WaitingHold(h, await holds_store.position(conn, h)) for h in holds
                       if h.status is HoldStatus.WAITING]
        ready = [h for h in holds if h.status is HoldStatus.TRAPPED]
        hours = self.calendar.desk_hours.for_category(actor.category) if actor.category else ()
        return MyBooks(today, loans, waiting, ready, hours)

    async def my_history(self, actor: Actor) -> list[LoanRow]:
        """The reader's own returned loans, newest first (借阅历史). Only the reader sees their
        own; staff look a reader up with ``DeskService.patron``."""
        reader_id = actor.require_linked()
        async with self.db.read() as conn:
            return await loans_store.history(conn, reader_id, limit=HISTORY_LIMIT)

    # --- helpers ---------------------------------------------------------------------------

    @staticmethod
    def _may_act_on(actor: Actor, loan: LoanRow) -> None:
        if actor.is_staff:
            return
        if actor.require_linked() != loan.reader_id:
            raise LibraryError("loan.not_yours")

    async def _renew(
        self, conn: aiosqlite.Connection, actor: Actor, loan: LoanRow, today: date,
        now: datetime,
    ) -> Renewed:
        if not loan.is_open:
            raise LibraryError("loan.already_returned", title=loan.title)
        reader = await self.reader(conn, loan.reader_id)
        facts = await self.reader_facts(conn, reader, today)
        waiting = await holds_store.waiting_count(conn, loan.title_id, exclude_reader=reader.id)
        free = await loans_store.copies_on_shelf(conn, loan.title_id)
        new_due = check_renew(
            LoanFacts(loan.item_type, loan.due_date, loan.renewals), facts,
            policy=self.policy, calendar=self.calendar, today=today,
            waiting_holds=waiting, free_copies=free, extra_closed=await self.closed(conn),
        )
        await loans_store.renew_loan(conn, loan.id, new_due)
        await audit.record(conn, now, actor.telegram_id, "loan.renew", "loan", loan.id,
                           barcode=loan.barcode, reader_id=reader.id, old_due=loan.due_date,
                           due_date=new_due)
        return Renewed(loan.id, reader.id, loan.barcode, loan.title, new_due)
