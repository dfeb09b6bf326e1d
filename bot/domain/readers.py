"""Plain records for readers (借书证持有人)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Category(StrEnum):
    STUDENT = "student"  # 学生
    TEACHER = "teacher"  # 教师
    STAFF = "staff"  # 职工


class Role(StrEnum):
    READER = "reader"
    HELPER = "helper"  # 小小图书管理员: lend, return, renew; nothing else
    LIBRARIAN = "librarian"


@dataclass(frozen=True, slots=True)
class ReaderRecord:
    """A reader as the librarian's roster gives it."""

    card_number: str
    name: str
    category: Category
    grade: int | None = None  # 1..12 for students
    class_name: str | None = None  # e.g. "3A"


@dataclass(frozen=True, slots=True)
class ReaderRejected:
    where: int  # 1-based row number (header is row 1)
    reason: str  # stable code: "card.missing", "category.unknown", "grade.invalid", "card.duplicate", ...
    detail: str = ""


@dataclass(slots=True)
class ReaderImportResult:
    readers: list[ReaderRecord] = field(default_factory=list)
    rejected: list[ReaderRejected] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReaderRow:
    id: int
    card_number: str
    name: str
    category: Category
    grade: int | None
    class_name: str | None
    active: bool
    is_helper: bool = False
    telegram_id: int | None = None
