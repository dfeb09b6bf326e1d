"""Reader roster import (CSV/XLSX): card number, name, category, grade, class.

A row is rejected with the first problem found, in this order: ``card.missing``,
``name.missing``, ``category.unknown``, ``grade.invalid``, ``grade.missing`` (students
only), ``card.duplicate`` (the card number was already used higher up in the file).
Grades: ``3``, ``3年级``, ``三年级``, ``初一`` (7), ``高一`` (10) -> 1..12. Teachers and staff
may carry a grade (a form teacher's class) but do not need one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from bot.domain.readers import Category, ReaderImportResult, ReaderRecord, ReaderRejected
from bot.importers.tabular import Row, read_rows

READER_ALIASES: dict[str, tuple[str, ...]] = {
    "card_number": ("card number", "card no", "card", "借书证号", "借书证", "读者证号", "证号"),
    "name": ("name", "姓名", "读者姓名"),
    "category": ("category", "type", "类别", "读者类别", "身份"),
    "grade": ("grade", "年级"),
    "class_name": ("class", "class name", "班级", "班"),
}
READER_REQUIRED = ("card_number", "name", "category")

CATEGORIES: dict[str, Category] = {
    "student": Category.STUDENT, "学生": Category.STUDENT,
    "teacher": Category.TEACHER, "教师": Category.TEACHER, "老师": Category.TEACHER,
    "staff": Category.STAFF, "职工": Category.STAFF, "管理员": Category.STAFF,
}  # fmt: skip

_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九", start=0)}
_STAGES = {"小": 0, "初": 6, "高": 9}  # 初一 = grade 7, 高一 = grade 10
_GRADE = re.compile(
    r"(?:(?P<stage>[小初高])(?:中|学)?)?(?P<n>\d{1,2}|十[一二]?|[一二三四五六七八九])(?:年级|级)?"
)


def _chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_DIGITS[text[1]] if len(text) > 1 else 0)
    return _DIGITS[text]


def parse_grade(text: str) -> int:
    """``3``, ``3年级``, ``三年级``, ``初一``, ``高三``, ``初中一年级`` -> 1..12; else ValueError."""
    compact = re.sub(r"\s+", "", text)
    match = _GRADE.fullmatch(compact)
    if match is None:
        raise ValueError(text)
    number = _chinese_number(match.group("n"))
    stage = match.group("stage")
    if stage is not None:
        if not 1 <= number <= (6 if stage == "小" else 3):
            raise ValueError(text)
        number += _STAGES[stage]
    if not 1 <= number <= 12:
        raise ValueError(text)
    return number


def _category(text: str) -> Category | None:
    return CATEGORIES.get(text.strip().casefold())


def _reader_from_row(row: Row) -> ReaderRecord | ReaderRejected:
    card, name, category_text = row.get("card_number"), row.get("name"), row.get("category")
    if row.too_long:
        return ReaderRejected(row.number, "cell.too_long", row.too_long)
    if not card:
        return ReaderRejected(row.number, "card.missing")
    if not name:
        return ReaderRejected(row.number, "name.missing", card)
    category = _category(category_text)
    if category is None:
        return ReaderRejected(row.number, "category.unknown", category_text)
    grade: int | None = None
    if grade_text := row.get("grade"):
        try:
            grade = parse_grade(grade_text)
        except ValueError:
            return ReaderRejected(row.number, "grade.invalid", grade_text)
    elif category is Category.STUDENT:
        return ReaderRejected(row.number, "grade.missing", card)
    class_name = row.get("class_name") or None
    return ReaderRecord(card, name, category, grade, class_name)


def parse_reader_rows(
    rows: Iterable[Row], progress: Callable[[int], None] | None = None
) -> ReaderImportResult:
    result = ReaderImportResult()
    seen: set[str] = set()
    done = 0
    for done, row in enumerate(rows, start=1):
        if progress is not None and done % 500 == 0:
            progress(done)
        parsed = _reader_from_row(row)
        if isinstance(parsed, ReaderRecord) and parsed.card_number in seen:
            parsed = ReaderRejected(row.number, "card.duplicate", parsed.card_number)
        if isinstance(parsed, ReaderRejected):
            result.rejected.append(parsed)
            continue
        seen.add(parsed.card_number)
        result.readers.append(parsed)
    if progress is not None:
        progress(done)
    return result


def parse_readers_file(
    path: Path | str, progress: Callable[[int], None] | None = None
) -> ReaderImportResult:
    """Parse a .csv/.xlsx roster; raises ``ImportFormatError`` for an unusable file."""
    return parse_reader_rows(read_rows(path, READER_ALIASES, READER_REQUIRED), progress)
