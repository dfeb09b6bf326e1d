"""Small formatters every message shares: school dates, prices, empty values, short labels."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.ui.i18n import t


def fmt_day(lang: str, day: date) -> str:
    """A school date as readers see it everywhere: 3月16日（周一） / Mon 16 Mar."""
    return t(lang, "cal.day", month=t(lang, f"cal.month.{day.month}"), day=day.day,
             weekday=t(lang, f"cal.weekday.{day.weekday()}"))


def fmt_price(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}"


def dash(value: str | None) -> str:
    return value or "-"


def short(label: str, limit: int = 40) -> str:
    """A label cut to ``limit`` characters, with an ellipsis when it was cut."""
    return label if len(label) <= limit else label[: limit - 1] + "…"
