"""The school calendar (校历): which days the library is open, and when loans fall due.

Everything here works on plain ``datetime.date`` values in the school's own calendar; there are no
time zones. A day is *closed* when it is in a holiday (节假日), in a closed day the librarian added
at run time (passed in as ``extra_closed``), in the vacation between two configured terms (寒暑假,
when ``closed_between_terms``), or on a weekly closed day (周末) that is not a make-up school day
(调休上课日).

Due dates (应还日期) never fall on a closed day (they move to the next open day) and never run past
the last open day of the term that governs the loan; see :meth:`SchoolCalendar.due_date`.

``extra_closed`` may be a set of dates, or a mapping of date -> reason (the ``closed_days`` table),
in which case :meth:`SchoolCalendar.closed_reason` reports the reason.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.readers import Category

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NO_EXTRA: frozenset[date] = frozenset()
ONE_DAY = timedelta(days=1)
ALL_DAY_WORDS = frozenset({"all day", "all-day", "allday", "全天"})


@dataclass(frozen=True, slots=True)
class DateRange:
    """A named run of days, both ends included. A single day has ``start == end``."""

    name: str
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"{self.name!r}: end {self.end} is before start {self.start}")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Term(DateRange):
    """A school term (学期), e.g. 2026-2027 first term, 2026-09-01..2027-01-22."""


@dataclass(frozen=True, slots=True)
class Holiday(DateRange):
    """A closed run of days with a name, e.g. 国庆节 2026-10-01..2026-10-07."""


class ClosedKind(StrEnum):
    HOLIDAY = "holiday"  # name: the holiday's name
    EXTRA = "extra"  # name: the reason the librarian gave, or ""
    VACATION = "vacation"  # between two terms; name: the next term's name
    WEEKLY = "weekly"  # name: the English weekday name, e.g. "saturday"


@dataclass(frozen=True, slots=True)
class ClosedReason:
    kind: ClosedKind
    name: str = ""


@dataclass(frozen=True, slots=True)
class DeskPeriod:
    """A period when the desk serves a category; ``end`` is exclusive. See :func:`parse_desk_period`."""

    start: time
    end: time

    @classmethod
    def all_day(cls) -> DeskPeriod:
        return cls(time.min, time.max)

    @property
    def is_all_day(self) -> bool:
        return self.start == time.min and self.end == time.max

    def contains(self, moment: time) -> bool:
        return self.is_all_day or self.start <= moment < self.end

    def __str__(self) -> str:
        if self.is_all_day:
            return "all day"
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def parse_desk_period(text: str) -> DeskPeriod:
    """``"11:30-12:30"`` (also ``~``) or ``"all day"`` / ``"全天"``; raises ``ValueError``."""
    cleaned = text.strip().lower()
    if cleaned in ALL_DAY_WORDS:
        return DeskPeriod.all_day()
    parts = cleaned.replace("~", "-").replace("～", "-").split("-")
    if len(parts) != 2:
        raise ValueError(f"{text!r}: write a period as HH:MM-HH:MM, or 'all day'")
    try:
        start, end = (time.fromisoformat(p.strip().zfill(5)) for p in parts)
    except ValueError:
        raise ValueError(f"{text!r}: times must look like 08:05 or 13:30") from None
    if end <= start:
        raise ValueError(f"{text!r}: the period ends before it starts")
    return DeskPeriod(start, end)


@dataclass(frozen=True, slots=True)
class DeskHours:
    """When the desk serves each category on open days (借还书时间).

    A category missing from ``periods`` is served all day; an empty tuple means never.
    """

    periods: Mapping[Category, tuple[DeskPeriod, ...]] = field(default_factory=dict)

    def for_category(self, category: Category) -> tuple[DeskPeriod, ...]:
        return self.periods.get(category, (DeskPeriod.all_day(),))

    def serves(self, category: Category, moment: time) -> bool:
        return any(p.contains(moment) for p in self.for_category(category))


@dataclass(frozen=True)
class SchoolCalendar:
    """Open and closed days. ``closed_weekdays`` uses Python's numbering: 0 = Monday .. 6 = Sunday."""

    closed_weekdays: frozenset[int] = frozenset({5, 6})
    holidays: tuple[Holiday, ...] = ()
    terms: tuple[Term, ...] = ()
    makeup_days: tuple[DateRange, ...] = ()
    closed_between_terms: bool = True
    desk_hours: DeskHours = field(default_factory=DeskHours)

    def __post_init__(self) -> None:
        if not self.closed_weekdays <= set(range(7)):
            raise ValueError("closed weekdays must be 0 (Monday) .. 6 (Sunday)")
        if len(self.closed_weekdays) == 7:
            raise ValueError("the library cannot be closed on every day of the week")
        for earlier, later in zip(self.terms, self.terms[1:], strict=False):
            if later.start <= earlier.end:
                raise ValueError(
                    f"terms {earlier.name!r} and {later.name!r} overlap or are unsorted"
                )

    # --- open and closed -------------------------------------------------------------------------

    def closed_reason(
        self, day: date, extra_closed: Collection[date] = NO_EXTRA
    ) -> ClosedReason | None:
        """Why ``day`` is closed, or ``None`` when it is open. Holidays win over the rest."""
        for holiday in self.holidays:
            if day in holiday:
                return ClosedReason(ClosedKind.HOLIDAY, holiday.name)
        if day in extra_closed:
            reason = extra_closed[day] if isinstance(extra_closed, Mapping) else ""
            return ClosedReason(ClosedKind.EXTRA, str(reason))
        vacation_before = self._vacation_before(day)
        if vacation_before is not None:
            return ClosedReason(ClosedKind.VACATION, vacation_before.name)
        weekday = day.weekday()
        if weekday in self.closed_weekdays and not any(day in m for m in self.makeup_days):
            return ClosedReason(ClosedKind.WEEKLY, WEEKDAY_NAMES[weekday])
        return None

    def is_open(self, day: date, extra_closed: Collection[date] = NO_EXTRA) -> bool:
        return self.closed_reason(day, extra_closed) is None

    def next_open_day(self, day: date, extra_closed: Collection[date] = NO_EXTRA) -> date:
        """The first open day on or after ``day`` (``day`` itself when it is open)."""
        horizon = self._horizon(day, extra_closed)
        while not self.is_open(day, extra_closed):
            day += ONE_DAY
            if day > horizon:  # pragma: no cover - impossible while some weekday is open
                raise RuntimeError("no open day found")
        return day

    def add_open_days(self, day: date, n: int, extra_closed: Collection[date] = NO_EXTRA) -> date:
        """The ``n``-th open day strictly after ``day``; for ``n == 0``, :meth:`next_open_day`."""
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return self.next_open_day(day, extra_closed)
        result = day
        for _ in range(n):
            result = self.next_open_day(result + ONE_DAY, extra_closed)
        return result

    # --- terms -----------------------------------------------------------------------------------

    def term_for(self, day: date) -> Term | None:
        return next((t for t in self.terms if day in t), None)

    def next_term_after(self, day: date) -> Term | None:
        """The first term that starts after ``day``."""
        return next((t for t in self.terms if t.start > day), None)

    def last_open_day_of_term(
        self, term: Term, extra_closed: Collection[date] = NO_EXTRA
    ) -> date | None:
        """The last open day inside ``term``, or ``None`` if every day of it is closed."""
        day = term.end
        while day >= term.start:
            if self.is_open(day, extra_closed):
                return day
            day -= ONE_DAY
        return None

    # --- due dates -------------------------------------------------------------------------------

    def due_date(self, start: date, days: int, extra_closed: Collection[date] = NO_EXTRA) -> date:
        """The due date for a loan (or renewal) of ``days`` days counted from ``start``.

        The *governing term* is the term holding ``start`` if an open day of it is still left on
        or after ``start``; otherwise the next term that has an open day. Then:

        * no governing term (no terms configured, or ``start`` after the last one): ``start +
          days``, moved forward to the next open day;
        * otherwise ``start + days`` but not before the term starts (a loan made in the vacation
          runs into the next term), moved forward to the next open day, and never past the term's
          last open day (which may be earlier than ``start + days``).

        The result is always an open day and never earlier than ``start``.
        """
        if days < 0:
            raise ValueError("days must not be negative")
        target = start + timedelta(days=days)
        governing = self._governing_term(start, extra_closed)
        if governing is None:
            return self.next_open_day(target, extra_closed)
        term, last_open = governing
        return min(self.next_open_day(max(target, term.start), extra_closed), last_open)

    def is_desk_open(
        self,
        category: Category,
        local_datetime: datetime,
        extra_closed: Collection[date] = NO_EXTRA,
    ) -> bool:
        """Whether the desk serves ``category`` at ``local_datetime`` (the school's local time)."""
        if not self.is_open(local_datetime.date(), extra_closed):
            return False
        return self.desk_hours.serves(category, local_datetime.time())

    # --- helpers ---------------------------------------------------------------------------------

    def _governing_term(
        self, start: date, extra_closed: Collection[date]
    ) -> tuple[Term, date] | None:
        for term in self.terms:
            if term.end < start:
                continue
            last_open = self.last_open_day_of_term(term, extra_closed)
            if last_open is not None and last_open >= start:
                return term, last_open
        return None

    def _vacation_before(self, day: date) -> Term | None:
        """The term that follows ``day`` when ``day`` lies strictly between two terms."""
        if not self.closed_between_terms:
            return None
        for earlier, later in zip(self.terms, self.terms[1:], strict=False):
            if earlier.end < day < later.start:
                return later
        return None

    def _horizon(self, day: date, extra_closed: Collection[date]) -> date:
        """A day by which an open day must have been found (all closures are finite)."""
        ends = [r.end for r in self.holidays] + [t.end for t in self.terms]
        latest = max([day, *ends, *extra_closed])
        return latest + timedelta(days=8)
