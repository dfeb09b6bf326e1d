"""The school calendar: open days, due dates, pickup deadlines, desk hours, and its config."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.config_rules import CalendarConfig
from bot.domain.calendar import (
    ClosedKind,
    ClosedReason,
    DateRange,
    Holiday,
    SchoolCalendar,
    Term,
    parse_desk_period,
)
from bot.domain.readers import Category

TERM1 = Term("2026-2027 第一学期", date(2026, 9, 1), date(2027, 1, 22))
TERM2 = Term("2026-2027 第二学期", date(2027, 2, 22), date(2027, 7, 9))
NATIONAL_DAY = Holiday("国庆节", date(2026, 10, 1), date(2026, 10, 7))
CAL = SchoolCalendar(
    holidays=(NATIONAL_DAY, Holiday("元旦", date(2027, 1, 1), date(2027, 1, 1))),
    terms=(TERM1, TERM2),
    makeup_days=(DateRange("国庆调休", date(2026, 9, 27), date(2026, 9, 27)),),
)


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- open and closed ---------------------------------------------------------------------------


def test_weekdays_open_weekends_closed() -> None:
    assert CAL.is_open(d("2026-09-07"))  # Monday
    assert CAL.closed_reason(d("2026-09-12")) == ClosedReason(ClosedKind.WEEKLY, "saturday")


def test_holiday_wins_and_has_its_name() -> None:
    assert CAL.closed_reason(d("2026-10-03")) == ClosedReason(ClosedKind.HOLIDAY, "国庆节")
    assert CAL.closed_reason(d("2026-10-05")) == ClosedReason(ClosedKind.HOLIDAY, "国庆节")


def test_makeup_day_opens_a_weekend() -> None:
    assert CAL.is_open(d("2026-09-27"))  # Sunday, 调休上课


def test_extra_closed_days_as_set_or_mapping() -> None:
    day = d("2026-09-09")
    assert CAL.closed_reason(day, frozenset({day})) == ClosedReason(ClosedKind.EXTRA, "")
    assert CAL.closed_reason(day, {day: "运动会"}) == ClosedReason(ClosedKind.EXTRA, "运动会")


def test_vacation_between_terms_is_closed_unless_configured_open() -> None:
    winter = d("2027-02-02")  # a Tuesday in the winter break
    assert CAL.closed_reason(winter) == ClosedReason(ClosedKind.VACATION, TERM2.name)
    open_in_breaks = SchoolCalendar(terms=(TERM1, TERM2), closed_between_terms=False)
    assert open_in_breaks.is_open(winter)
    assert CAL.is_open(d("2027-08-03"))  # after the last configured term: not a vacation


def test_next_open_day() -> None:
    assert CAL.next_open_day(d("2026-09-07")) == d("2026-09-07")
    assert CAL.next_open_day(d("2026-09-12")) == d("2026-09-14")
    assert CAL.next_open_day(d("2026-10-01")) == d("2026-10-08")


def test_add_open_days_skips_closed_days() -> None:
    assert CAL.add_open_days(d("2026-09-10"), 3) == d("2026-09-15")  # Thu -> Fri, Mon, Tue
    assert CAL.add_open_days(d("2026-09-30"), 1) == d("2026-10-08")
    assert CAL.add_open_days(d("2026-09-12"), 0) == d("2026-09-14")
    with pytest.raises(ValueError):
        CAL.add_open_days(d("2026-09-12"), -1)


def test_term_lookup() -> None:
    assert CAL.term_for(d("2026-12-01")) == TERM1
    assert CAL.term_for(d("2027-02-01")) is None
    assert CAL.next_term_after(d("2027-02-01")) == TERM2
    assert CAL.last_open_day_of_term(TERM1) == d("2027-01-22")  # a Friday
    all_closed = Term("closed", d("2026-09-12"), d("2026-09-13"))
    assert SchoolCalendar().last_open_day_of_term(all_closed) is None


# --- due dates ---------------------------------------------------------------------------------


def test_due_date_plain() -> None:
    assert CAL.due_date(d("2026-09-07"), 14) == d("2026-09-21")


def test_due_date_moves_off_closed_days() -> None:
    assert CAL.due_date(d("2026-09-05"), 14) == d("2026-09-21")  # lands on a Saturday
    assert CAL.due_date(d("2026-09-17"), 14) == d("2026-10-08")  # lands in 国庆节


def test_due_date_capped_at_term_end() -> None:
    assert CAL.due_date(d("2027-01-11"), 14) == d("2027-01-22")
    extra = frozenset({d("2027-01-22")})
    assert CAL.due_date(d("2027-01-11"), 14, extra) == d("2027-01-21")


def test_due_date_in_vacation_runs_into_next_term() -> None:
    assert CAL.due_date(d("2027-02-01"), 14) == d("2027-02-22")
    assert CAL.due_date(d("2027-02-20"), 14) == d("2027-03-08")


def test_due_date_after_last_open_day_of_term_goes_to_next_term() -> None:
    term = Term("ends on Sunday", d("2026-09-01"), d("2026-09-13"))
    cal = SchoolCalendar(terms=(term, Term("next", d("2026-09-21"), d("2026-12-31"))))
    assert cal.due_date(d("2026-09-12"), 3) == d("2026-09-21")


def test_due_date_without_terms_only_moves_to_open_day() -> None:
    assert SchoolCalendar().due_date(d("2026-09-07"), 12) == d("2026-09-21")
    with pytest.raises(ValueError):
        SchoolCalendar().due_date(d("2026-09-07"), -1)


def test_calendar_refuses_every_day_closed_and_overlapping_terms() -> None:
    with pytest.raises(ValueError):
        SchoolCalendar(closed_weekdays=frozenset(range(7)))
    with pytest.raises(ValueError):
        SchoolCalendar(terms=(TERM1, Term("x", d("2027-01-01"), d("2027-03-01"))))
    with pytest.raises(ValueError):
        Holiday("backwards", d("2026-10-07"), d("2026-10-01"))


# --- desk hours --------------------------------------------------------------------------------


def test_desk_hours() -> None:
    cal = CalendarConfig().to_calendar()
    monday = datetime(2026, 9, 7)
    assert cal.is_desk_open(Category.STUDENT, monday.replace(hour=11, minute=30))
    assert not cal.is_desk_open(Category.STUDENT, monday.replace(hour=12, minute=30))
    assert cal.is_desk_open(Category.TEACHER, monday.replace(hour=16))
    assert not cal.is_desk_open(Category.TEACHER, datetime(2026, 9, 12, 10))  # Saturday
    periods = cal.desk_hours.for_category(Category.STUDENT)
    assert [str(p) for p in periods] == ["11:30-12:30"]
    assert str(cal.desk_hours.for_category(Category.STAFF)[0]) == "all day"


@pytest.mark.parametrize("text", ["11:30", "12:30-11:30", "noon-1", "11:30-12:30-13:00"])
def test_bad_desk_periods(text: str) -> None:
    with pytest.raises(ValueError):
        parse_desk_period(text)


def test_desk_period_forms() -> None:
    assert str(parse_desk_period("8:05~9:00")) == "08:05-09:00"
    assert parse_desk_period("全天").is_all_day


# --- config ------------------------------------------------------------------------------------


def test_calendar_config_from_toml_like_dict() -> None:
    config = CalendarConfig.model_validate(
        {
            "closed_weekdays": ["Saturday", "周日"],
            "terms": [
                {"name": "第二学期", "from": date(2027, 2, 22), "to": date(2027, 7, 9)},
                {"name": "第一学期", "from": date(2026, 9, 1), "to": date(2027, 1, 22)},
            ],
            "holidays": [
                {"name": "国庆节", "from": date(2026, 10, 1), "to": date(2026, 10, 7)},
                {"name": "元旦", "date": date(2027, 1, 1)},
            ],
            "makeup_days": [{"name": "国庆调休", "date": date(2026, 9, 27)}],
            "desk_hours": {"student": ["11:30-12:30", "16:00-16:30"]},
        }
    )
    cal = config.to_calendar()
    assert cal.closed_weekdays == {5, 6}
    assert [t.name for t in cal.terms] == ["第一学期", "第二学期"]  # sorted
    assert cal.closed_reason(d("2027-01-01")) == ClosedReason(ClosedKind.HOLIDAY, "元旦")
    assert cal.is_open(d("2026-09-27"))
    assert cal.is_desk_open(Category.STUDENT, datetime(2026, 9, 7, 16, 10))


def _error_locations(error: ValidationError) -> list[tuple[str | int, ...]]:
    return [tuple(e["loc"]) for e in error.errors()]


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        ({"closed_weekday": ["saturday"]}, ("closed_weekday",)),
        ({"closed_weekdays": ["caturday"]}, ("closed_weekdays",)),
        ({"closed_weekdays": [6]}, ("closed_weekdays",)),
        (
            {"closed_weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
            ("closed_weekdays",),
        ),
        ({"terms": [{"name": "t", "from": "2026-09-01", "to": "2026-08-01"}]}, ("terms", 0, "to")),
        (
            {"terms": [{"name": "t", "from": "2026-09-01", "to": "2026-12-01", "x": 1}]},
            ("terms", 0, "x"),
        ),
        (
            {"holidays": [{"name": "h", "from": "2026-10-07", "to": "2026-10-01"}]},
            ("holidays", 0, "to"),
        ),
        ({"holidays": [{"name": "h"}]}, ("holidays", 0)),
        (
            {"holidays": [{"name": "h", "date": "2026-10-01", "from": "2026-10-01"}]},
            ("holidays", 0),
        ),
        ({"desk_hours": {"student": ["12:30-11:30"]}}, ("desk_hours", "student")),
        ({"desk_hours": {"students": ["11:30-12:30"]}}, ("desk_hours", "students")),
        (
            {
                "terms": [
                    {"name": "a", "from": "2026-09-01", "to": "2027-01-22"},
                    {"name": "b", "from": "2027-01-22", "to": "2027-07-01"},
                ]
            },
            ("terms",),
        ),
    ],
)
def test_calendar_config_refusals_name_the_field(
    data: dict[str, object], loc: tuple[str | int, ...]
) -> None:
    with pytest.raises(ValidationError) as caught:
        CalendarConfig.model_validate(data)
    assert loc in _error_locations(caught.value)


# --- properties over random calendars -----------------------------------------------------------

BASE = date(2026, 1, 1)
SPAN = 800


@st.composite
def day_ranges(draw: st.DrawFn, max_len: int) -> tuple[date, date]:
    start = BASE + timedelta(days=draw(st.integers(0, SPAN)))
    return start, start + timedelta(days=draw(st.integers(0, max_len)))


@st.composite
def calendars(draw: st.DrawFn) -> SchoolCalendar:
    closed = draw(st.frozensets(st.integers(0, 6), max_size=6))
    holidays = tuple(
        Holiday(f"h{i}", a, b)
        for i, (a, b) in enumerate(draw(st.lists(day_ranges(40), max_size=6)))
    )
    cuts = sorted(draw(st.sets(st.integers(0, SPAN + 100), max_size=8)))
    terms = tuple(
        Term(f"t{i}", BASE + timedelta(days=a), BASE + timedelta(days=b))
        for i, (a, b) in enumerate(zip(cuts[::2], cuts[1::2], strict=False))
    )
    makeup = tuple(DateRange("m", a, a) for a, _ in draw(st.lists(day_ranges(0), max_size=3)))
    return SchoolCalendar(closed, holidays, terms, makeup, draw(st.booleans()))


extras = st.frozensets(
    st.integers(0, SPAN + 100).map(lambda n: BASE + timedelta(days=n)), max_size=20
)
starts = st.integers(-30, SPAN + 130).map(lambda n: BASE + timedelta(days=n))


@settings(max_examples=300, deadline=None)
@given(calendars(), extras, starts, st.integers(0, 120))
def test_due_date_properties(
    cal: SchoolCalendar, extra: frozenset[date], start: date, days: int
) -> None:
    due = cal.due_date(start, days, extra)
    assert cal.is_open(due, extra)
    assert due >= start
    term = cal.term_for(start)
    last_open = cal.last_open_day_of_term(term, extra) if term else None
    if last_open is not None and last_open >= start:
        assert due <= last_open
        if due < last_open:  # not capped: start + days moved forward to an open day
            assert due == cal.next_open_day(start + timedelta(days=days), extra)
    later_terms = [t for t in cal.terms if t.end >= start]
    last_opens = [cal.last_open_day_of_term(t, extra) for t in later_terms]
    governing = [lo for lo in last_opens if lo is not None and lo >= start]
    if governing:  # never beyond the last open day of the term the loan belongs to
        assert due <= governing[0]


@settings(max_examples=300, deadline=None)
@given(calendars(), extras, starts)
def test_next_open_day_is_the_first_open_day(
    cal: SchoolCalendar, extra: frozenset[date], day: date
) -> None:
    found = cal.next_open_day(day, extra)
    assert found >= day
    assert cal.is_open(found, extra)
    skipped = (day + timedelta(days=i) for i in range((found - day).days))
    assert not any(cal.is_open(s, extra) for s in skipped)


@settings(max_examples=300, deadline=None)
@given(calendars(), extras, starts, st.integers(1, 15))
def test_add_open_days_counts_only_open_days(
    cal: SchoolCalendar, extra: frozenset[date], day: date, n: int
) -> None:
    found = cal.add_open_days(day, n, extra)
    assert cal.is_open(found, extra)
    between = (day + timedelta(days=i) for i in range(1, (found - day).days + 1))
    assert sum(cal.is_open(b, extra) for b in between) == n
