from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.domain.readers import Category, ReaderRecord, ReaderRejected
from bot.importers import ImportFormatError, parse_readers_file
from bot.importers.readers import parse_grade

ROWS = [
    ["借书证号", "姓名", "类别", "年级", "班级"],
    ["S001", "张三", "学生", "3", " 3A "],  # 2
    ["S002", "李四", "Student", "三年级", "3(1)班"],  # 3
    ["S003", "王五", "学生", "初一", ""],  # 4
    ["S004", "赵六", "STUDENT", "高一", "10B"],  # 5
    ["T001", "陈老师", "老师", "", ""],  # 6
    ["T002", "Ms Smith", "Teacher", "5", "5A"],  # 7
    ["M001", "刘阿姨", "管理员", "", ""],  # 8
    ["", "无证", "学生", "3", ""],  # 9 card.missing
    ["S005", "", "学生", "3", ""],  # 10 name.missing
    ["S006", "孙七", "家长", "", ""],  # 11 category.unknown
    ["S007", "周八", "学生", "十三年级", ""],  # 12 grade.invalid
    ["S008", "吴九", "学生", "", "3A"],  # 13 grade.missing
    ["S001", "郑十", "学生", "4", ""],  # 14 card.duplicate
    ["", "", "", "", ""],  # 15 blank, skipped
    ["S009", "冯十一", "学生", "3年级", "3A"],  # 16
]

EXPECTED_READERS = [
    ReaderRecord("S001", "张三", Category.STUDENT, 3, "3A"),
    ReaderRecord("S002", "李四", Category.STUDENT, 3, "3(1)班"),
    ReaderRecord("S003", "王五", Category.STUDENT, 7, None),
    ReaderRecord("S004", "赵六", Category.STUDENT, 10, "10B"),
    ReaderRecord("T001", "陈老师", Category.TEACHER, None, None),
    ReaderRecord("T002", "Ms Smith", Category.TEACHER, 5, "5A"),
    ReaderRecord("M001", "刘阿姨", Category.STAFF, None, None),
    ReaderRecord("S009", "冯十一", Category.STUDENT, 3, "3A"),
]
EXPECTED_REJECTS = [
    ReaderRejected(9, "card.missing", ""),
    ReaderRejected(10, "name.missing", "S005"),
    ReaderRejected(11, "category.unknown", "家长"),
    ReaderRejected(12, "grade.invalid", "十三年级"),
    ReaderRejected(13, "grade.missing", "S008"),
    ReaderRejected(14, "card.duplicate", "S001"),
]


def test_csv_roster(csv_file: Callable[..., Path]) -> None:
    result = parse_readers_file(csv_file(ROWS))
    assert result.readers == EXPECTED_READERS
    assert result.rejected == EXPECTED_REJECTS


def test_gbk_csv_roster(csv_file: Callable[..., Path]) -> None:
    result = parse_readers_file(csv_file(ROWS, encoding="gbk"))
    assert result.readers == EXPECTED_READERS
    assert result.rejected == EXPECTED_REJECTS


def test_xlsx_roster_with_english_headers(xlsx_file: Callable[..., Path]) -> None:
    rows = [
        ["Card Number", "Name", "Category", "Grade", "Class"],
        [1001, "Amy", "student", 4, "4B"],
    ]
    result = parse_readers_file(xlsx_file(rows))
    assert result.readers == [ReaderRecord("1001", "Amy", Category.STUDENT, 4, "4B")]
    assert result.rejected == []


def test_grade_column_is_optional_for_a_staff_list(csv_file: Callable[..., Path]) -> None:
    result = parse_readers_file(
        csv_file([["card_number", "name", "category"], ["T9", "王老师", "教师"]])
    )
    assert result.readers == [ReaderRecord("T9", "王老师", Category.TEACHER)]


def test_missing_column(csv_file: Callable[..., Path]) -> None:
    with pytest.raises(ImportFormatError) as info:
        parse_readers_file(csv_file([["借书证号", "姓名"], ["S1", "张三"]]))
    assert (info.value.code, info.value.detail) == ("import.missing_column", "category")


@pytest.mark.parametrize(
    ("text", "grade"),
    [("3", 3), ("三年级", 3), ("3年级", 3), ("初一", 7), ("初三", 9), ("高一", 10), ("高三", 12),
     ("初中二年级", 8), ("小学六年级", 6), ("十二年级", 12), ("12", 12), (" 5 ", 5)],
)  # fmt: skip
def test_parse_grade(text: str, grade: int) -> None:
    assert parse_grade(text) == grade


@pytest.mark.parametrize("text", ["0", "13", "初四", "高", "三年", "grade 3", "3A", "十三年级"])
def test_bad_grade(text: str) -> None:
    with pytest.raises(ValueError):
        parse_grade(text)
