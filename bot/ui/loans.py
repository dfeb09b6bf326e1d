"""Rendering for circulation: school dates, refusal reasons with their details in the reader's
language, and the lines of loan and hold lists. Every word comes from the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.domain.calendar import DeskPeriod
from bot.domain.loans import LoanRow
from bot.errors import LibraryError
from bot.services.circulation import MyBooks
from bot.ui.i18n import has, t

# Details of a refusal that name something the catalogue translates: detail -> key prefix.
_LABELLED = {"item_type": "item_type", "category": "category", "reason": "renew_reason"}


def fmt_day(lang: str, day: date) -> str:
    """A school date: 3月16日（周一） / Mon 16 Mar."""
    return t(lang, "cal.day", month=t(lang, f"cal.month.{day.month}"), day=day.day,
             weekday=t(lang, f"cal.weekday.{day.weekday()}"))


def fmt_price(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}"


def dash(value: str | None) -> str:
    return value or "-"


def _detail(lang: str, code: str, name: str, value: Any) -> Any:
    if isinstance(value, date):
        return fmt_day(lang, value)
    if name == "status":
        prefix = "hold_status" if code.startswith("hold.") else "copy_status"
        return t(lang, f"{prefix}.{value}") if has(lang, f"{prefix}.{value}") else value
    if name in _LABELLED and has(lang, f"{_LABELLED[name]}.{value}"):
        return t(lang, f"{_LABELLED[name]}.{value}")
    return value


def refusal(lang: str, error: LibraryError) -> str:
    """The message for a refusal, its dates and labels in the reader's language."""
    key = f"error.{error.code}"
    if not has(lang, key):
        return t(lang, "error.generic")
    details = {k: _detail(lang, error.code, k, v) for k, v in error.details.items()}
    return t(lang, key, **details)


def localised(lang: str, error: LibraryError) -> LibraryError:
    """The same refusal with its details already rendered (for ``handlers.common.refuse``)."""
    return LibraryError(error.code, **{k: _detail(lang, error.code, k, v)
                                       for k, v in error.details.items()})


def loan_line(lang: str, prefix: str, loan: LoanRow, today: date) -> str:
    """``<prefix>.loan_line`` or ``<prefix>.loan_line_overdue`` for one current loan."""
    days = (today - loan.due_date).days
    key = f"{prefix}.loan_line_overdue" if days > 0 else f"{prefix}.loan_line"
    return t(lang, key, barcode=loan.barcode, title=loan.title, due=fmt_day(lang, loan.due_date),
             days=days)


def my_books_text(lang: str, books: MyBooks) -> str:
    if not (books.loans or books.holds or books.ready):
        return t(lang, "mybooks.empty")
    lines: list[str] = []
    if books.loans:
        lines.append(t(lang, "mybooks.loans_header", count=len(books.loans)))
        lines += [loan_line(lang, "mybooks", loan, books.today) for loan in books.loans]
    if books.ready:
        lines += ["", t(lang, "mybooks.ready_header")]
        for hold in books.ready:
            key = "mybooks.ready_line_coming" if hold.coming else "mybooks.ready_line"
            pickup = fmt_day(lang, hold.pickup_by) if hold.pickup_by else "-"
            lines.append(t(lang, key, title=hold.title, pickup_by=pickup))
        if books.desk_hours:
            lines.append(desk_hours_line(lang, books.desk_hours))
    if books.holds:
        lines += ["", t(lang, "mybooks.holds_header")]
        lines += [t(lang, "mybooks.hold_line", title=w.hold.title, position=w.position)
                  for w in books.holds]
    return "\n".join(lines).strip()


def desk_hours_line(lang: str, periods: Sequence[DeskPeriod]) -> str:
    """When this reader can collect a book: "Desk hours for you: 11:30-12:30 on school days"."""
    if any(p.is_all_day for p in periods):
        return t(lang, "mybooks.desk_all_day")
    spans = t(lang, "mybooks.desk_separator").join(
        f"{p.start:%H:%M}–{p.end:%H:%M}" for p in periods)
    return t(lang, "mybooks.desk_hours", periods=spans)


def history_text(lang: str, loans: Sequence[LoanRow],
                 to_local: Callable[[datetime], datetime]) -> str:
    """A reader's own reading history, newest first, dates in the school's timezone."""
    if not loans:
        return t(lang, "mybooks.no_history")
    lines = [t(lang, "mybooks.history_header", count=len(loans))]
    # Titles cut so that the longest history stays one Telegram message (4,096 characters).
    lines += [t(lang, "mybooks.history_line", title=_short(loan.title, 80),
                lent=fmt_day(lang, to_local(loan.lent_at).date()),
                returned=fmt_day(lang, to_local(loan.returned_at).date()))
              for loan in loans if loan.returned_at is not None]
    return "\n".join(lines)


def my_books_buttons(lang: str, books: MyBooks) -> list[list[tuple[str, str]]]:
    rows = [[(t(lang, "mybooks.renew_button", title=loan.title), f"loan:renew:{loan.id}")]
            for loan in books.loans]
    if len(books.loans) > 1:
        rows.append([(t(lang, "mybooks.renew_all_button"), "loan:renewall")])
    for hold in books.ready:
        if not hold.coming:
            rows.append([(t(lang, "mybooks.coming_button", title=hold.title),
                          f"hold:coming:{hold.id}")])
        rows.append([(t(lang, "mybooks.cancel_button", title=hold.title), f"hold:cancel:{hold.id}")])
    rows += [[(t(lang, "mybooks.cancel_button", title=w.hold.title), f"hold:cancel:{w.hold.id}")]
             for w in books.holds]
    rows.append([(t(lang, "mybooks.history_button"), "mybooks:history")])
    return [[(_short(label), data) for label, data in row] for row in rows]


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
