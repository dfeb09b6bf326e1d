"""Circulation decisions (借还规则): pure functions over facts the service read from the store.

Each ``check_*`` returns what the service needs to go ahead, or raises :class:`LibraryError` with a
stable code and the details the message needs. Checks run in a fixed order, so a reader always
hears the most fundamental reason first: the reader's card, then the item, then the reader's
record (overdue), then the limits.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.domain.calendar import NO_EXTRA, SchoolCalendar
from bot.domain.catalog import CopyStatus, ItemType
from bot.domain.policy import LoanRule, Policy, RenewFrom
from bot.domain.readers import Category
from bot.errors import LibraryError

UNAVAILABLE = frozenset({CopyStatus.LOST, CopyStatus.WITHDRAWN, CopyStatus.IN_REPAIR})


@dataclass(frozen=True, slots=True)
class ReaderFacts:
    """The reader, as far as the rules care.

    ``active``: the card is linked and not suspended. ``has_overdue``: some loan is past due.
    ``loans`` / ``holds``: current loans and live (waiting or trapped) holds, per item type.
    """

    category: Category
    grade: int | None = None
    active: bool = True
    has_overdue: bool = False
    loans: Mapping[ItemType, int] = field(default_factory=dict)
    holds: Mapping[ItemType, int] = field(default_factory=dict)

    def loans_of(self, item_type: ItemType) -> int:
        return self.loans.get(item_type, 0)

    def holds_of(self, item_type: ItemType) -> int:
        return self.holds.get(item_type, 0)


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """The copy at the desk and its title's hold queue.

    ``borrower``: who has it when it is on loan (shown to staff only).
    ``trapped_for_other``: the copy waits on the hold shelf for another reader. A copy trapped
    for *this* reader is fine (the service then fills the hold).
    ``holds_ahead``: waiting, not yet trapped holds on the title by other readers who are ahead
    of this reader (all of them if this reader has no hold).
    ``free_copies``: copies of the title on the open shelf, not trapped, this one included.
    """

    item_type: ItemType
    status: CopyStatus = CopyStatus.ON_SHELF
    borrower: str | None = None
    trapped_for_other: bool = False
    holds_ahead: int = 0
    free_copies: int = 1


@dataclass(frozen=True, slots=True)
class LoanFacts:
    """A current loan. It is overdue when ``today`` is after ``due_date``."""

    item_type: ItemType
    due_date: date
    renewals_done: int = 0

    def is_overdue(self, today: date) -> bool:
        return today > self.due_date


@dataclass(frozen=True, slots=True)
class TitleFacts:
    """A title a reader wants to place a hold (预约) on.

    ``copies_on_shelf``: copies on the open shelf and not trapped for anyone.
    """

    item_type: ItemType
    reader_has_on_loan: bool = False
    reader_holds: bool = False
    copies_on_shelf: int = 0


def _rule(policy: Policy, reader: ReaderFacts, item_type: ItemType) -> LoanRule:
    return policy.rule_for(reader.category, reader.grade, item_type)


def _require_active(reader: ReaderFacts) -> None:
    if not reader.active:
        raise LibraryError("reader.inactive")


def _require_loanable(rule: LoanRule, item_type: ItemType) -> None:
    if rule.loanable:
        return
    if item_type is ItemType.REFERENCE:
        raise LibraryError("item.reference_only", item_type=item_type.value)
    raise LibraryError("item.reading_room_only", item_type=item_type.value)


def _require_not_blocked(rule: LoanRule, reader: ReaderFacts) -> None:
    if rule.block_when_overdue and reader.has_overdue:
        raise LibraryError("reader.blocked_overdue")


def _require_copy_free(item: ItemFacts) -> None:
    if item.status is CopyStatus.ON_LOAN:
        raise LibraryError("item.on_loan", borrower=item.borrower)
    if item.status in UNAVAILABLE:
        raise LibraryError("item.not_available", status=item.status.value)
    if item.trapped_for_other or item.holds_ahead >= max(item.free_copies, 1):
        raise LibraryError("item.reserved_for_other")


def check_lend(reader: ReaderFacts, item: ItemFacts, policy: Policy) -> LoanRule:
    """May ``reader`` borrow this copy? Returns the rule (its ``loan_days`` give the due date)."""
    _require_active(reader)
    rule = _rule(policy, reader, item.item_type)
    _require_loanable(rule, item.item_type)
    _require_copy_free(item)
    _require_not_blocked(rule, reader)
    if reader.loans_of(item.item_type) >= rule.max_loans:
        raise LibraryError(
            "loan.limit_reached", limit=rule.max_loans, item_type=item.item_type.value
        )
    return rule


def check_renew(
    loan: LoanFacts,
    reader: ReaderFacts,
    *,
    policy: Policy,
    calendar: SchoolCalendar,
    today: date,
    waiting_holds: int = 0,
    free_copies: int = 0,
    extra_closed: Collection[date] = NO_EXTRA,
) -> date:
    """May ``reader`` renew ``loan`` today? Returns the new due date.

    ``waiting_holds``: waiting holds on the title; ``free_copies``: copies on the shelf and not
    trapped, which could serve them instead. The new due date is (today or the old due date, per
    ``policy.renew_from``) + ``renewal_days`` through :meth:`SchoolCalendar.due_date`. A renewal
    that would not move the due date later is refused (``renew.not_extended``) rather than
    spending one of the reader's renewals for nothing.
    """
    _require_active(reader)
    if loan.is_overdue(today):
        raise LibraryError("renew.overdue", due_date=loan.due_date)
    rule = _rule(policy, reader, loan.item_type)
    _require_not_blocked(rule, reader)
    if loan.renewals_done >= rule.max_renewals:
        raise LibraryError("renew.max_reached", max=rule.max_renewals)
    if waiting_holds > free_copies:
        raise LibraryError("renew.hold_waiting", waiting=waiting_holds)
    base = today if policy.renew_from is RenewFrom.TODAY else loan.due_date
    new_due = calendar.due_date(base, rule.renewal_days, extra_closed)
    if new_due <= loan.due_date:
        uncapped = calendar.next_open_day(base + timedelta(days=rule.renewal_days), extra_closed)
        reason = "term_end" if uncapped > new_due else "too_early"
        raise LibraryError("renew.not_extended", due_date=loan.due_date, reason=reason)
    return new_due


def check_hold(reader: ReaderFacts, title: TitleFacts, policy: Policy) -> LoanRule:
    """May ``reader`` place a hold on ``title``? Returns the rule that applies."""
    _require_active(reader)
    rule = _rule(policy, reader, title.item_type)
    _require_loanable(rule, title.item_type)
    if not rule.holds_allowed:
        raise LibraryError("hold.not_allowed", category=reader.category.value)
    if title.reader_has_on_loan:
        raise LibraryError("hold.already_borrowed")
    if title.reader_holds:
        raise LibraryError("hold.duplicate")
    if title.copies_on_shelf > 0 and not policy.holds.allow_when_on_shelf:
        raise LibraryError("hold.copy_available", copies=title.copies_on_shelf)
    if reader.holds_of(title.item_type) >= rule.max_holds:
        raise LibraryError("hold.limit_reached", limit=rule.max_holds)
    return rule


def pickup_deadline(
    trapped_on: date,
    calendar: SchoolCalendar,
    open_days: int,
    extra_closed: Collection[date] = NO_EXTRA,
) -> date:
    """The last day to collect a copy trapped on ``trapped_on``: the ``open_days``-th open day
    after it (the day of trapping does not count; ``policy.holds.pickup_open_days``)."""
    return calendar.add_open_days(trapped_on, open_days, extra_closed)
