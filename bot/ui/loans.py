"""Rendering for circulation: the lines of loan and hold lists and their buttons. Every word
comes from the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from bot.domain.calendar import DeskPeriod
from bot.domain.loans import HoldRow, LoanRow
from bot.services.circulation import MyBooks, Renewed, RenewOutcome
from bot.services.holds import Placed
from bot.ui import callbacks as cb
from bot.ui.format import fmt_day, short
from bot.ui.i18n import t
from bot.ui.refusals import refusal


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
    lines += [t(lang, "mybooks.history_line", title=short(loan.title, 80),
                lent=fmt_day(lang, to_local(loan.lent_at).date()),
                returned=fmt_day(lang, to_local(loan.returned_at).date()))
              for loan in loans if loan.returned_at is not None]
    return "\n".join(lines)


Rows = list[list[tuple[str, cb.Button]]]


def my_books_buttons(lang: str, books: MyBooks) -> Rows:
    rows: Rows = [[(t(lang, "mybooks.renew_button", title=loan.title), cb.RenewLoan(loan.id))]
                  for loan in books.loans]
    if len(books.loans) > 1:
        rows.append([(t(lang, "mybooks.renew_all_button"), cb.RenewAll())])
    for hold in books.ready:
        if not hold.coming:
            rows.append([(t(lang, "mybooks.coming_button", title=hold.title),
                          cb.ComingForHold(hold.id))])
        rows.append([(t(lang, "mybooks.cancel_button", title=hold.title), cb.CancelHold(hold.id))])
    rows += [[(t(lang, "mybooks.cancel_button", title=w.hold.title), cb.CancelHold(w.hold.id))]
             for w in books.holds]
    rows.append([(t(lang, "mybooks.history_button"), cb.ShowHistory())])
    return [[(short(label), data) for label, data in row] for row in rows]


def renewed_notice(lang: str, renewed: Renewed) -> str:
    return t(lang, "mybooks.renewed", title=renewed.title, due=fmt_day(lang, renewed.due_date))


def renew_all_text(lang: str, outcomes: Sequence[RenewOutcome]) -> str:
    lines = [t(lang, "mybooks.renew_all_header")]
    for outcome in outcomes:
        if outcome.renewed is not None:
            lines.append(t(lang, "mybooks.renew_all_ok", title=outcome.loan.title,
                           due=fmt_day(lang, outcome.renewed.due_date)))
        elif outcome.refusal is not None:
            lines.append(t(lang, "mybooks.renew_all_refused", title=outcome.loan.title,
                           reason=refusal(lang, outcome.refusal)))
    return "\n".join(lines)


def hold_placed(lang: str, placed: Placed) -> tuple[str, Rows]:
    text = t(lang, "hold.placed", title=placed.title, position=placed.position)
    return text, [[(t(lang, "hold.cancel_button"), cb.CancelHold(placed.hold_id))]]


def hold_coming(lang: str, hold: HoldRow) -> str:
    pickup = fmt_day(lang, hold.pickup_by) if hold.pickup_by else "-"
    return t(lang, "hold.coming", title=hold.title, pickup_by=pickup)
