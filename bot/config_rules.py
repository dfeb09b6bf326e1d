"""The ``[circulation]`` and ``[calendar]`` sections of config.toml, validated.

Unknown keys are errors (a misspelt key would otherwise be silently ignored). Every model turns
into the pure domain objects with ``to_policy()`` / ``to_calendar()``. The commented example is
``docs/config-rules.example.toml``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.domain.calendar import (
    WEEKDAY_NAMES,
    DateRange,
    DeskHours,
    Holiday,
    SchoolCalendar,
    Term,
    parse_desk_period,
)
from bot.domain.catalog import ItemType
from bot.domain.policy import HoldSettings, LoanRule, Policy, RenewFrom, RuleOverride, RulePatch
from bot.domain.readers import Category

MIN_GRADE, MAX_GRADE = 1, 12
_CN_DAYS = "一二三四五六日"
WEEKDAY_WORDS: dict[str, int] = {
    **{name: i for i, name in enumerate(WEEKDAY_NAMES)},
    **{name[:3]: i for i, name in enumerate(WEEKDAY_NAMES)},
    **{f"周{c}": i for i, c in enumerate(_CN_DAYS)},
    **{f"星期{c}": i for i, c in enumerate(_CN_DAYS)},
    "周天": 6,
    "星期天": 6,
}


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- [circulation] ---------------------------------------------------------------------------


class CategoryRules(_Section):
    """``[circulation.student]``: the base rule for a category. Defaults: students."""

    loan_days: PositiveInt = 14
    max_loans: NonNegativeInt = 3
    max_renewals: NonNegativeInt = 1
    renewal_days: PositiveInt = 14
    holds_allowed: bool = True
    max_holds: NonNegativeInt = 3
    block_when_overdue: bool = True

    def to_rule(self) -> LoanRule:
        return LoanRule(**self.model_dump())


class TeacherRules(CategoryRules):
    """``[circulation.teacher]`` and ``[circulation.staff]``: same keys, teachers' defaults."""

    loan_days: PositiveInt = 30
    max_loans: NonNegativeInt = 20
    max_renewals: NonNegativeInt = 2
    renewal_days: PositiveInt = 30
    max_holds: NonNegativeInt = 10


class SpecialRule(_Section):
    """``[[circulation.special_rules]]``: where it applies, then only the numbers it changes."""

    name: str = ""
    category: Category | None = None
    grade_from: int | None = Field(None, ge=MIN_GRADE, le=MAX_GRADE)
    grade_to: int | None = Field(None, ge=MIN_GRADE, le=MAX_GRADE)
    item_type: ItemType | None = None
    loanable: bool | None = None
    loan_days: PositiveInt | None = None
    max_loans: NonNegativeInt | None = None
    max_renewals: NonNegativeInt | None = None
    renewal_days: PositiveInt | None = None
    holds_allowed: bool | None = None
    max_holds: NonNegativeInt | None = None
    block_when_overdue: bool | None = None

    @field_validator("grade_to")
    @classmethod
    def _grades_in_order(cls, value: int | None, info: ValidationInfo) -> int | None:
        low = info.data.get("grade_from")
        if value is not None and low is not None and value < low:
            raise ValueError(f"grade_to ({value}) is below grade_from ({low})")
        return value

    @model_validator(mode="after")
    def _sensible(self) -> SpecialRule:
        has_grades = self.grade_from is not None or self.grade_to is not None
        if has_grades and self.category not in (None, Category.STUDENT):
            raise ValueError("grade_from / grade_to only apply to category = 'student'")
        if not self._patch_values():
            raise ValueError("this special rule changes nothing: add e.g. max_loans = 2")
        return self

    def _patch_values(self) -> dict[str, Any]:
        where = {"name", "category", "grade_from", "grade_to", "item_type"}
        return {k: v for k, v in self.model_dump(exclude=where).items() if v is not None}

    def to_override(self) -> RuleOverride:
        has_grades = self.grade_from is not None or self.grade_to is not None
        return RuleOverride(
            patch=RulePatch(**self._patch_values()),
            category=Category.STUDENT if has_grades else self.category,
            item_type=self.item_type,
            grade_from=self.grade_from,
            grade_to=self.grade_to,
        )


class CirculationConfig(_Section):
    """``[circulation]``."""

    renew_from: RenewFrom = RenewFrom.TODAY
    hold_pickup_days: PositiveInt = 3
    holds_when_on_shelf: bool = False
    reading_room_only: tuple[ItemType, ...] = (ItemType.REFERENCE, ItemType.PERIODICAL)
    student: CategoryRules = CategoryRules()
    teacher: TeacherRules = TeacherRules()
    staff: TeacherRules = TeacherRules()
    special_rules: tuple[SpecialRule, ...] = ()

    def to_policy(self) -> Policy:
        return Policy(
            base={
                Category.STUDENT: self.student.to_rule(),
                Category.TEACHER: self.teacher.to_rule(),
                Category.STAFF: self.staff.to_rule(),
            },
            reading_room_only=frozenset(self.reading_room_only),
            overrides=tuple(r.to_override() for r in self.special_rules),
            renew_from=self.renew_from,
            holds=HoldSettings(self.hold_pickup_days, self.holds_when_on_shelf),
        )


# --- [calendar] ------------------------------------------------------------------------------


class Days(_Section):
    """A named day (``date = 2027-01-01``) or run of days (``from = ...``, ``to = ...``)."""

    name: str = ""
    day: dt.date | None = Field(None, alias="date")
    start: dt.date | None = Field(None, alias="from")
    end: dt.date | None = Field(None, alias="to")

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("start")
        if value is not None and start is not None and value < start:
            raise ValueError(f"'to' ({value}) is before 'from' ({start})")
        return value

    @model_validator(mode="after")
    def _one_form(self) -> Days:
        if (self.day is None) == (self.start is None):
            raise ValueError("give either 'date' (one day) or 'from' and 'to' (a range)")
        if self.day is not None and self.end is not None:
            raise ValueError("'to' goes with 'from', not with 'date'")
        return self

    @property
    def first(self) -> dt.date:
        first = self.day or self.start
        assert first is not None  # guaranteed by _one_form
        return first

    @property
    def last(self) -> dt.date:
        return self.end or self.first


class TermConfig(_Section):
    """``[[calendar.terms]]``: a school term (学期)."""

    name: str = Field(min_length=1)
    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if start is not None and value < start:
            raise ValueError(f"'to' ({value}) is before 'from' ({start})")
        return value


class DeskHoursConfig(_Section):
    """``[calendar.desk_hours]``: periods per category, "HH:MM-HH:MM" or "all day" (全天)."""

    student: tuple[str, ...] = ("11:30-12:30",)
    teacher: tuple[str, ...] = ("all day",)
    staff: tuple[str, ...] = ("all day",)

    @field_validator("student", "teacher", "staff")
    @classmethod
    def _periods_parse(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for text in value:
            parse_desk_period(text)  # raises ValueError with a readable message
        return value

    def to_domain(self) -> DeskHours:
        return DeskHours(
            {
                Category.STUDENT: tuple(parse_desk_period(t) for t in self.student),
                Category.TEACHER: tuple(parse_desk_period(t) for t in self.teacher),
                Category.STAFF: tuple(parse_desk_period(t) for t in self.staff),
            }
        )


class CalendarConfig(_Section):
    """``[calendar]``."""

    closed_weekdays: tuple[int, ...] = (5, 6)
    closed_between_terms: bool = True
    terms: tuple[TermConfig, ...] = ()
    holidays: tuple[Days, ...] = ()
    makeup_days: tuple[Days, ...] = ()
    desk_hours: DeskHoursConfig = DeskHoursConfig()

    @field_validator("closed_weekdays", mode="before")
    @classmethod
    def _weekday_names(cls, value: Any) -> Any:
        if not isinstance(value, list | tuple):
            return value
        return tuple(_weekday_number(v) for v in value)

    @field_validator("closed_weekdays")
    @classmethod
    def _some_day_open(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if len(set(value)) >= 7:
            raise ValueError("the library cannot be closed on every day of the week")
        return value

    @field_validator("terms")
    @classmethod
    def _terms_apart(cls, value: tuple[TermConfig, ...]) -> tuple[TermConfig, ...]:
        ordered = sorted(value, key=lambda t: t.start)
        for earlier, later in zip(ordered, ordered[1:], strict=False):
            if later.start <= earlier.end:
                raise ValueError(f"terms {earlier.name!r} and {later.name!r} overlap")
        return tuple(ordered)

    def to_calendar(self) -> SchoolCalendar:
        return SchoolCalendar(
            closed_weekdays=frozenset(self.closed_weekdays),
            holidays=tuple(Holiday(h.name, h.first, h.last) for h in self.holidays),
            terms=tuple(Term(t.name, t.start, t.end) for t in self.terms),
            makeup_days=tuple(DateRange(m.name, m.first, m.last) for m in self.makeup_days),
            closed_between_terms=self.closed_between_terms,
            desk_hours=self.desk_hours.to_domain(),
        )


def _weekday_number(value: Any) -> Any:
    """``"saturday"``, ``"sat"``, ``"周六"``, ``"星期六"`` -> 5; anything else is left to pydantic."""
    if isinstance(value, str):
        number = WEEKDAY_WORDS.get(value.strip().lower())
        if number is None:
            raise ValueError(f"{value!r} is not a weekday (write e.g. 'saturday' or '周六')")
        return number
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(f"{value!r}: write weekday names, e.g. 'saturday', not numbers")
    return value
