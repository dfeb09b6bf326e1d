"""Circulation policy: the rule matrix, special rules by grade, and the [circulation] config."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config_rules import CalendarConfig, CirculationConfig
from bot.domain.catalog import ItemType
from bot.domain.policy import LoanRule, Policy, RenewFrom, RuleOverride, RulePatch
from bot.domain.readers import Category

EXAMPLE = Path(__file__).parents[2] / "config.example.toml"
DEFAULT = CirculationConfig().to_policy()


def test_default_students() -> None:
    rule = DEFAULT.rule_for(Category.STUDENT, 5, ItemType.BOOK)
    assert rule == LoanRule(
        loan_days=14,
        max_loans=3,
        max_renewals=1,
        renewal_days=14,
        holds_allowed=True,
        max_holds=3,
        block_when_overdue=True,
    )


@pytest.mark.parametrize("category", [Category.TEACHER, Category.STAFF])
def test_default_teachers_and_staff(category: Category) -> None:
    rule = DEFAULT.rule_for(category, None, ItemType.BOOK)
    assert (rule.loan_days, rule.max_loans, rule.max_renewals, rule.max_holds) == (30, 20, 2, 10)
    assert rule.loanable


@pytest.mark.parametrize("item_type", [ItemType.REFERENCE, ItemType.PERIODICAL])
def test_reading_room_only_by_default(item_type: ItemType) -> None:
    for category in Category:
        assert not DEFAULT.rule_for(category, 3, item_type).loanable


def test_default_hold_and_renew_settings() -> None:
    assert DEFAULT.renew_from is RenewFrom.TODAY
    assert DEFAULT.holds.pickup_open_days == 3
    assert not DEFAULT.holds.allow_when_on_shelf


def test_most_specific_rule_wins() -> None:
    config = CirculationConfig.model_validate(
        {
            "special_rules": [
                {
                    "name": "一二年级",
                    "grade_from": 1,
                    "grade_to": 2,
                    "item_type": "book",
                    "max_loans": 1,
                },
                {
                    "category": "student",
                    "grade_from": 1,
                    "grade_to": 2,
                    "max_loans": 2,
                    "loan_days": 7,
                },
                {"category": "student", "max_loans": 4},
                {
                    "category": "teacher",
                    "item_type": "periodical",
                    "loanable": True,
                    "loan_days": 7,
                },
            ]
        }
    )
    policy = config.to_policy()
    grade1_book = policy.rule_for(Category.STUDENT, 1, ItemType.BOOK)
    assert (grade1_book.max_loans, grade1_book.loan_days) == (1, 7)
    assert policy.rule_for(Category.STUDENT, 2, ItemType.PERIODICAL).max_loans == 2
    assert policy.rule_for(Category.STUDENT, 3, ItemType.BOOK).max_loans == 4
    assert policy.rule_for(Category.STUDENT, None, ItemType.BOOK).max_loans == 4
    periodical = policy.rule_for(Category.TEACHER, None, ItemType.PERIODICAL)
    assert periodical.loanable and periodical.loan_days == 7 and periodical.max_loans == 20
    assert not policy.rule_for(Category.STAFF, None, ItemType.PERIODICAL).loanable


def test_later_rule_wins_between_equals() -> None:
    base = DEFAULT.base
    policy = Policy(
        base=base,
        overrides=(
            RuleOverride(RulePatch(max_loans=5), category=Category.STUDENT),
            RuleOverride(RulePatch(max_loans=6), category=Category.STUDENT),
        ),
    )
    assert policy.rule_for(Category.STUDENT, 4, ItemType.BOOK).max_loans == 6


def test_open_ended_grade_range() -> None:
    policy = Policy(
        base=DEFAULT.base,
        overrides=(RuleOverride(RulePatch(max_loans=5), Category.STUDENT, grade_from=7),),
    )
    assert policy.rule_for(Category.STUDENT, 6, ItemType.BOOK).max_loans == 3
    assert policy.rule_for(Category.STUDENT, 12, ItemType.BOOK).max_loans == 5


def test_policy_needs_every_category() -> None:
    with pytest.raises(ValueError, match="staff"):
        Policy(base={c: DEFAULT.base[c] for c in (Category.STUDENT, Category.TEACHER)})


def test_partial_category_table_keeps_its_own_defaults() -> None:
    config = CirculationConfig.model_validate(
        {"teacher": {"max_loans": 15}, "renew_from": "due_date", "reading_room_only": ["reference"]}
    )
    policy = config.to_policy()
    teacher = policy.rule_for(Category.TEACHER, None, ItemType.BOOK)
    assert (teacher.max_loans, teacher.loan_days) == (15, 30)
    assert policy.renew_from is RenewFrom.DUE_DATE
    assert policy.rule_for(Category.STUDENT, 4, ItemType.PERIODICAL).loanable


def _locations(error: ValidationError) -> list[tuple[str | int, ...]]:
    return [tuple(e["loc"]) for e in error.errors()]


@pytest.mark.parametrize(
    ("data", "loc"),
    [
        ({"renew_form": "today"}, ("renew_form",)),
        ({"renew_from": "tomorrow"}, ("renew_from",)),
        ({"hold_pickup_days": 0}, ("hold_pickup_days",)),
        ({"student": {"loan_days": 0}}, ("student", "loan_days")),
        ({"student": {"max_loans": -1}}, ("student", "max_loans")),
        ({"teacher": {"max_books": 3}}, ("teacher", "max_books")),
        ({"reading_room_only": ["comics"]}, ("reading_room_only", 0)),
        (
            {"special_rules": [{"grade_from": 3, "grade_to": 1, "max_loans": 2}]},
            ("special_rules", 0, "grade_to"),
        ),
        (
            {"special_rules": [{"grade_from": 0, "max_loans": 2}]},
            ("special_rules", 0, "grade_from"),
        ),
        ({"special_rules": [{"grade_to": 13, "max_loans": 2}]}, ("special_rules", 0, "grade_to")),
        (
            {"special_rules": [{"category": "teacher", "grade_from": 1, "max_loans": 2}]},
            ("special_rules", 0),
        ),
        ({"special_rules": [{"category": "student"}]}, ("special_rules", 0)),
        (
            {"special_rules": [{"category": "student", "max_loan": 2}]},
            ("special_rules", 0, "max_loan"),
        ),
    ],
)
def test_circulation_config_refusals_name_the_field(
    data: dict[str, object], loc: tuple[str | int, ...]
) -> None:
    with pytest.raises(ValidationError) as caught:
        CirculationConfig.model_validate(data)
    assert loc in _locations(caught.value)


def test_documented_example_is_valid() -> None:
    document = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    policy = CirculationConfig.model_validate(document["circulation"]).to_policy()
    calendar = CalendarConfig.model_validate(document["calendar"]).to_calendar()
    assert policy.rule_for(Category.STUDENT, 1, ItemType.BOOK).max_loans == 2
    assert policy.rule_for(Category.STUDENT, 3, ItemType.BOOK).max_loans == 3
    assert calendar.terms and calendar.holidays
    assert CirculationConfig.model_validate(document["circulation"]) == CirculationConfig(
        special_rules=CirculationConfig.model_validate(document["circulation"]).special_rules
    )


def test_documented_calendar_defaults_match_code() -> None:
    document = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    config = CalendarConfig.model_validate(document["calendar"])
    no_dates = config.model_copy(update={"terms": (), "holidays": (), "makeup_days": ()})
    assert no_dates == CalendarConfig()
