"""Lend, renew and hold decisions: every refusal code and the happy paths."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.config_rules import CirculationConfig
from bot.domain.calendar import Holiday, SchoolCalendar, Term
from bot.domain.catalog import CopyStatus, ItemType
from bot.domain.circulation import (
    ItemFacts,
    LoanFacts,
    ReaderFacts,
    TitleFacts,
    check_hold,
    check_lend,
    check_renew,
    pickup_deadline,
)
from bot.domain.policy import HoldSettings, RenewFrom
from bot.domain.readers import Category
from bot.errors import LibraryError

POLICY = CirculationConfig().to_policy()
CAL = SchoolCalendar(
    holidays=(Holiday("国庆节", date(2026, 10, 1), date(2026, 10, 7)),),
    terms=(Term("第一学期", date(2026, 9, 1), date(2027, 1, 22)),),
)
STUDENT = ReaderFacts(Category.STUDENT, grade=4)
TEACHER = ReaderFacts(Category.TEACHER)
BOOK = ItemFacts(ItemType.BOOK)
MONDAY = date(2026, 9, 7)


def refused(code: str, call: object, *args: object, **kwargs: object) -> dict[str, object]:
    assert callable(call)
    with pytest.raises(LibraryError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code
    return caught.value.details


# --- lend --------------------------------------------------------------------------------------


def test_lend_happy_path_returns_the_rule() -> None:
    rule = check_lend(STUDENT, BOOK, POLICY)
    assert rule.loan_days == 14
    assert CAL.due_date(MONDAY, rule.loan_days) == date(2026, 9, 21)
    assert check_lend(replace(TEACHER, loans={ItemType.BOOK: 19}), BOOK, POLICY).max_loans == 20


def test_lend_copy_trapped_for_this_reader() -> None:
    assert check_lend(STUDENT, replace(BOOK, status=CopyStatus.ON_HOLD_SHELF), POLICY)


def test_lend_refuses_inactive_reader() -> None:
    assert (
        refused("reader.inactive", check_lend, replace(STUDENT, active=False), BOOK, POLICY) == {}
    )


def test_lend_refuses_reference_and_periodicals() -> None:
    details = refused(
        "item.reference_only", check_lend, TEACHER, ItemFacts(ItemType.REFERENCE), POLICY
    )
    assert details == {"item_type": "reference"}
    details = refused(
        "item.reading_room_only", check_lend, TEACHER, ItemFacts(ItemType.PERIODICAL), POLICY
    )
    assert details == {"item_type": "periodical"}


def test_lend_refuses_copy_on_loan_with_borrower() -> None:
    item = replace(BOOK, status=CopyStatus.ON_LOAN, borrower="王小明")
    assert refused("item.on_loan", check_lend, STUDENT, item, POLICY) == {"borrower": "王小明"}


@pytest.mark.parametrize("status", [CopyStatus.LOST, CopyStatus.WITHDRAWN, CopyStatus.IN_REPAIR])
def test_lend_refuses_unavailable_copy(status: CopyStatus) -> None:
    details = refused(
        "item.not_available", check_lend, STUDENT, replace(BOOK, status=status), POLICY
    )
    assert details == {"status": status.value}


def test_lend_refuses_copy_reserved_for_another_reader() -> None:
    trapped = replace(BOOK, status=CopyStatus.ON_HOLD_SHELF, trapped_for_other=True)
    refused("item.reserved_for_other", check_lend, STUDENT, trapped, POLICY)
    queue_head_other = replace(BOOK, holds_ahead=1, free_copies=1)
    refused("item.reserved_for_other", check_lend, STUDENT, queue_head_other, POLICY)
    enough_copies = replace(BOOK, holds_ahead=1, free_copies=2)
    assert check_lend(STUDENT, enough_copies, POLICY)


def test_lend_refuses_reader_with_overdue_book_unless_configured() -> None:
    late = replace(STUDENT, has_overdue=True)
    assert refused("reader.blocked_overdue", check_lend, late, BOOK, POLICY) == {}
    lenient = CirculationConfig.model_validate(
        {"student": {"block_when_overdue": False}}
    ).to_policy()
    assert check_lend(late, BOOK, lenient)


def test_lend_refuses_at_the_limit() -> None:
    full = replace(STUDENT, loans={ItemType.BOOK: 3})
    assert refused("loan.limit_reached", check_lend, full, BOOK, POLICY) == {
        "limit": 3,
        "item_type": "book",
    }


def test_lend_limit_for_young_grades() -> None:
    policy = CirculationConfig.model_validate(
        {"special_rules": [{"grade_from": 1, "grade_to": 2, "max_loans": 2}]}
    ).to_policy()
    grade2 = ReaderFacts(Category.STUDENT, grade=2, loans={ItemType.BOOK: 2})
    assert refused("loan.limit_reached", check_lend, grade2, BOOK, policy)["limit"] == 2
    assert check_lend(replace(grade2, grade=3), BOOK, policy)


# --- renew -------------------------------------------------------------------------------------

LOAN = LoanFacts(ItemType.BOOK, due_date=date(2026, 9, 21))


def renew(loan: LoanFacts = LOAN, reader: ReaderFacts = STUDENT, **kwargs: object) -> date:
    arguments: dict[str, object] = {"policy": POLICY, "calendar": CAL, "today": date(2026, 9, 14)}
    arguments.update(kwargs)
    return check_renew(loan, reader, **arguments)  # type: ignore[arg-type]


def test_renew_from_today() -> None:
    assert renew() == date(2026, 9, 28)


def test_renew_from_due_date() -> None:
    policy = replace(POLICY, renew_from=RenewFrom.DUE_DATE)
    assert renew(policy=policy) == date(2026, 10, 8)  # 10-05 is in 国庆节


def test_renew_on_the_due_date_is_allowed() -> None:
    assert renew(today=LOAN.due_date) == date(2026, 10, 8)


def test_renew_refusals() -> None:
    assert refused("reader.inactive", renew, reader=replace(STUDENT, active=False)) == {}
    assert refused("renew.overdue", renew, today=date(2026, 9, 22)) == {"due_date": LOAN.due_date}
    refused("reader.blocked_overdue", renew, reader=replace(STUDENT, has_overdue=True))
    assert refused("renew.max_reached", renew, loan=replace(LOAN, renewals_done=1)) == {"max": 1}
    assert refused("renew.hold_waiting", renew, waiting_holds=2, free_copies=1) == {"waiting": 2}


def test_renew_with_waiting_hold_and_a_free_copy() -> None:
    assert renew(waiting_holds=1, free_copies=1) == date(2026, 9, 28)


def test_teacher_renews_twice() -> None:
    loan = replace(LOAN, renewals_done=1)
    assert renew(loan=loan, reader=TEACHER) == date(2026, 10, 14)
    refused("renew.max_reached", renew, loan=replace(LOAN, renewals_done=2), reader=TEACHER)


def test_renew_that_would_not_extend_is_refused() -> None:
    at_term_end = LoanFacts(ItemType.BOOK, due_date=date(2027, 1, 22))
    details = refused("renew.not_extended", renew, loan=at_term_end, today=date(2027, 1, 18))
    assert details == {"due_date": date(2027, 1, 22), "reason": "term_end"}
    far = LoanFacts(ItemType.BOOK, due_date=date(2026, 12, 1))
    details = refused("renew.not_extended", renew, loan=far, today=date(2026, 9, 14))
    assert details["reason"] == "too_early"


def test_renew_skips_extra_closed_days() -> None:
    assert renew(extra_closed={date(2026, 9, 28): "运动会"}) == date(2026, 9, 29)


# --- holds -------------------------------------------------------------------------------------

TITLE = TitleFacts(ItemType.BOOK)


def test_hold_happy_path() -> None:
    assert check_hold(STUDENT, TITLE, POLICY).max_holds == 3
    on_shelf_ok = replace(POLICY, holds=HoldSettings(allow_when_on_shelf=True))
    assert check_hold(STUDENT, replace(TITLE, copies_on_shelf=2), on_shelf_ok)


def test_hold_refusals() -> None:
    refused("reader.inactive", check_hold, replace(STUDENT, active=False), TITLE, POLICY)
    refused("item.reference_only", check_hold, STUDENT, TitleFacts(ItemType.REFERENCE), POLICY)
    refused("item.reading_room_only", check_hold, STUDENT, TitleFacts(ItemType.PERIODICAL), POLICY)
    refused(
        "hold.already_borrowed",
        check_hold,
        STUDENT,
        replace(TITLE, reader_has_on_loan=True),
        POLICY,
    )
    refused("hold.duplicate", check_hold, STUDENT, replace(TITLE, reader_holds=True), POLICY)
    details = refused(
        "hold.copy_available", check_hold, STUDENT, replace(TITLE, copies_on_shelf=1), POLICY
    )
    assert details == {"copies": 1}
    full = replace(STUDENT, holds={ItemType.BOOK: 3})
    assert refused("hold.limit_reached", check_hold, full, TITLE, POLICY) == {"limit": 3}


def test_hold_not_allowed_for_category() -> None:
    policy = CirculationConfig.model_validate({"staff": {"holds_allowed": False}}).to_policy()
    staff = ReaderFacts(Category.STAFF)
    assert refused("hold.not_allowed", check_hold, staff, TITLE, policy) == {"category": "staff"}
    assert check_hold(TEACHER, TITLE, policy)


def test_overdue_reader_may_still_place_holds() -> None:
    assert check_hold(replace(STUDENT, has_overdue=True), TITLE, POLICY)


# --- pickup ------------------------------------------------------------------------------------


def test_pickup_deadline_counts_open_days_after_trapping() -> None:
    assert pickup_deadline(date(2026, 9, 10), CAL, 3) == date(2026, 9, 15)  # Thu -> Tue
    assert pickup_deadline(date(2026, 9, 29), CAL, POLICY.holds.pickup_open_days) == date(
        2026, 10, 9
    )
    assert pickup_deadline(date(2026, 9, 10), CAL, 3, {date(2026, 9, 14)}) == date(2026, 9, 16)
