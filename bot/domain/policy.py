"""Circulation policy (借阅规则): who may borrow what, for how long, and how many.

A rule is found in layers, each later layer changing only the numbers it names:

1. the reader category's base rule (学生 / 教师 / 职工);
2. item types that are reading-room only (工具书, 报刊 by default) become not loanable;
3. special rules, least specific first: a rule that names more of (category, grades, item type)
   is more specific and wins; between equally specific rules, the later one in the list wins.

So a grade-range student rule beats the student rule, and a "grades 1-2, books" rule beats both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from bot.domain.catalog import ItemType
from bot.domain.readers import Category


@dataclass(frozen=True, slots=True)
class LoanRule:
    """The numbers that apply to one reader and one item type."""

    loan_days: int
    max_loans: int
    max_renewals: int
    renewal_days: int
    holds_allowed: bool
    max_holds: int
    block_when_overdue: bool
    loanable: bool = True


@dataclass(frozen=True, slots=True)
class RulePatch:
    """Some fields of a :class:`LoanRule`; ``None`` leaves a field as it is."""

    loan_days: int | None = None
    max_loans: int | None = None
    max_renewals: int | None = None
    renewal_days: int | None = None
    holds_allowed: bool | None = None
    max_holds: int | None = None
    block_when_overdue: bool | None = None
    loanable: bool | None = None

    def apply(self, rule: LoanRule) -> LoanRule:
        changes: dict[str, Any] = {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }
        return replace(rule, **changes)


@dataclass(frozen=True, slots=True)
class RuleOverride:
    """A special rule: where it applies (``None`` = any) and what it changes.

    ``grade_from`` / ``grade_to`` are inclusive; either may be ``None`` (open-ended). A rule with a
    grade bound never applies to a reader without a grade.
    """

    patch: RulePatch
    category: Category | None = None
    item_type: ItemType | None = None
    grade_from: int | None = None
    grade_to: int | None = None

    @property
    def has_grades(self) -> bool:
        return self.grade_from is not None or self.grade_to is not None

    @property
    def specificity(self) -> int:
        return sum((self.category is not None, self.item_type is not None, self.has_grades))

    def matches(self, category: Category, grade: int | None, item_type: ItemType) -> bool:
        if self.category is not None and self.category != category:
            return False
        if self.item_type is not None and self.item_type != item_type:
            return False
        if not self.has_grades:
            return True
        if grade is None:
            return False
        low = self.grade_from if self.grade_from is not None else grade
        high = self.grade_to if self.grade_to is not None else grade
        return low <= grade <= high


class RenewFrom(StrEnum):
    TODAY = "today"  # the renewal period counts from the day of renewal
    DUE_DATE = "due_date"  # ... from the old due date


@dataclass(frozen=True, slots=True)
class HoldSettings:
    pickup_open_days: int = 3  # 预约保留: open days to collect a trapped copy
    allow_when_on_shelf: bool = False  # may a hold be placed while a copy is on the shelf?


@dataclass(frozen=True)
class Policy:
    base: Mapping[Category, LoanRule]
    reading_room_only: frozenset[ItemType] = frozenset({ItemType.REFERENCE, ItemType.PERIODICAL})
    overrides: tuple[RuleOverride, ...] = ()
    renew_from: RenewFrom = RenewFrom.TODAY
    holds: HoldSettings = field(default_factory=HoldSettings)

    def __post_init__(self) -> None:
        missing = [c.value for c in Category if c not in self.base]
        if missing:
            raise ValueError(f"no base rule for: {', '.join(missing)}")

    def rule_for(self, category: Category, grade: int | None, item_type: ItemType) -> LoanRule:
        rule = self.base[category]
        if item_type in self.reading_room_only:
            rule = replace(rule, loanable=False)
        ranked = sorted(
            (o.specificity, i)
            for i, o in enumerate(self.overrides)
            if o.matches(category, grade, item_type)
        )
        for _, index in ranked:
            rule = self.overrides[index].patch.apply(rule)
        return rule
