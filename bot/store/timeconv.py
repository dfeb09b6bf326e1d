"""How times are stored: UTC instants as ISO-8601 text (``2026-09-07T02:00:00Z``), school-calendar
dates (a due date, a closed day) as ``YYYY-MM-DD``. Text sorts in time order and reads well in
``sqlite3`` for a librarian with a backup."""

from __future__ import annotations

from datetime import UTC, date, datetime


def ts(when: datetime) -> str:
    if when.tzinfo is None:
        raise ValueError("naive datetime: times are stored in UTC and must be aware")
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_ts(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def day(value: date) -> str:
    return value.isoformat()


def from_day(text: str) -> date:
    return date.fromisoformat(text)
