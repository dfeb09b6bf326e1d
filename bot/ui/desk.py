"""How the desk's answers look: readers to choose from, a reader's record, a copy's story, what
each barcode of a /lend, /return or /renew did, status changes and closed days."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

from bot.domain.loans import HoldStatus
from bot.domain.readers import ReaderRow
from bot.errors import LibraryError
from bot.services.circulation import Lent, Renewed, Returned
from bot.services.desk import ItemStory, Patron, StatusResult
from bot.ui import callbacks as cb
from bot.ui.format import dash, fmt_day, fmt_price
from bot.ui.i18n import t
from bot.ui.loans import loan_line
from bot.ui.refusals import refusal

T = TypeVar("T")
Rows = list[list[tuple[str, cb.Button]]]
Outcome = tuple[str, "T | LibraryError"]


def reader_buttons(lang: str, readers: Sequence[ReaderRow],
                   button: Callable[[int], cb.Button]) -> Rows:
    return [[(t(lang, "desk.reader_button", name=r.name, class_name=dash(r.class_name),
                card=r.card_number), button(r.id))] for r in readers]


def reader_chosen(lang: str, patron: Patron, today: date) -> tuple[str, Rows]:
    """/lend once the reader is known: who, their current loans, a Renew button for each."""
    reader = patron.reader
    lines = [t(lang, "desk.reader_chosen", name=reader.name, class_name=dash(reader.class_name),
               card=reader.card_number, count=len(patron.loans))]
    lines += [loan_line(lang, "desk", loan, today) for loan in patron.loans]
    rows: Rows = [[(t(lang, "desk.renew_button", barcode=loan.barcode), cb.RenewLoan(loan.id))]
                  for loan in patron.loans]
    return "\n".join(lines), rows


def _outcomes(lang: str, outcomes: Sequence[tuple[str, T | LibraryError]],
              done: Callable[[T], list[str]]) -> str:
    lines: list[str] = []
    for code, outcome in outcomes:
        if isinstance(outcome, LibraryError):
            lines.append(t(lang, "desk.refused", barcode=code, reason=refusal(lang, outcome)))
        else:
            lines += done(outcome)
    return "\n".join(lines)


def lent_text(lang: str, outcomes: Sequence[tuple[str, Lent | LibraryError]]) -> str:
    def done(lent: Lent) -> list[str]:
        key = "desk.lent_hold" if lent.hold_filled else "desk.lent"
        return [t(lang, key, barcode=lent.barcode, title=lent.title,
                  due=fmt_day(lang, lent.due_date))]
    return _outcomes(lang, outcomes, done)


def returned_text(lang: str, outcomes: Sequence[tuple[str, Returned | LibraryError]]) -> str:
    def done(back: Returned) -> list[str]:
        lines = [t(lang, "desk.returned", barcode=back.barcode, title=back.title,
                   name=back.reader_name, class_name=dash(back.class_name))]
        if back.days_late:
            lines.append(t(lang, "desk.returned_late", days=back.days_late))
        if back.trapped:
            lines.append(t(lang, "desk.trapped", name=back.trapped.reader_name,
                           class_name=dash(back.trapped.class_name),
                           pickup_by=fmt_day(lang, back.trapped.pickup_by)))
        return lines
    return _outcomes(lang, outcomes, done)


def renewed_line(lang: str, renewed: Renewed) -> str:
    return t(lang, "desk.renewed", barcode=renewed.barcode, title=renewed.title,
             due=fmt_day(lang, renewed.due_date))


def renewed_text(lang: str, outcomes: Sequence[tuple[str, Renewed | LibraryError]]) -> str:
    return _outcomes(lang, outcomes, lambda renewed: [renewed_line(lang, renewed)])


def done_text(lang: str, mode: str | None, count: int) -> str:
    key = {"lend": "desk.lend_done", "return": "desk.return_done"}.get(mode or "", "common.cancelled")
    return t(lang, key, count=count)


# --- /patron, /item ------------------------------------------------------------------------


def patron_lines(lang: str, record: Patron, today: date,
                 to_local: Callable[[datetime], datetime]) -> list[str]:
    reader = record.reader
    lines = [t(lang, "patron.header", name=reader.name, class_name=dash(reader.class_name),
               card=reader.card_number)]
    if record.loans:
        lines.append(t(lang, "patron.loans_header", count=len(record.loans)))
        lines += [loan_line(lang, "desk", loan, today) for loan in record.loans]
    else:
        lines.append(t(lang, "patron.no_loans"))
    if record.holds:
        lines.append(t(lang, "patron.holds_header", count=len(record.holds)))
        for hold in record.holds:
            if hold.status is HoldStatus.TRAPPED and hold.pickup_by:
                lines.append(t(lang, "patron.hold_ready", title=hold.title,
                               pickup_by=fmt_day(lang, hold.pickup_by)))
            else:
                lines.append(t(lang, "patron.hold_waiting", title=hold.title))
    if record.history is not None:
        if not record.history:
            lines.append(t(lang, "patron.no_history"))
        else:
            lines.append(t(lang, "patron.history_header", count=len(record.history)))
            lines += [t(lang, "patron.history_line", title=loan.title, barcode=loan.barcode,
                        returned=fmt_day(lang, to_local(loan.returned_at).date()))
                      for loan in record.history if loan.returned_at is not None]
    return lines


def item_text(lang: str, story: ItemStory, today: date) -> str:
    copy = story.copy
    lines = [t(lang, "item.header", barcode=copy.barcode, title=story.title,
               call_number=dash(copy.call_number), location=dash(copy.location),
               item_type=t(lang, f"item_type.{copy.item_type.value}"),
               status=t(lang, f"copy_status.{copy.status.value}"))]
    if copy.price_cents is not None:
        lines.append(t(lang, "item.price", price=fmt_price(copy.price_cents)))
    if story.loan is not None:
        days = (today - story.loan.due_date).days
        lines.append(t(lang, "item.loan_overdue" if days > 0 else "item.loan",
                       name=story.loan.reader_name, class_name=dash(story.loan.class_name),
                       due=fmt_day(lang, story.loan.due_date), days=days))
    if story.queue is None:
        if story.waiting:
            lines.append(t(lang, "item.queue_count", count=story.waiting))
        return "\n".join(lines)
    if story.queue:
        lines.append(t(lang, "item.queue_header", count=len(story.queue)))
    position = 0
    for hold in story.queue:
        who = {"name": hold.reader_name, "class_name": dash(hold.class_name)}
        if hold.status is HoldStatus.TRAPPED:
            key = "item.queue_trapped_coming" if hold.coming else "item.queue_trapped"
            pickup = fmt_day(lang, hold.pickup_by) if hold.pickup_by else "-"
            lines.append(t(lang, key, pickup_by=pickup, **who))
        else:
            position += 1
            lines.append(t(lang, "item.queue_waiting", position=position, **who))
    return "\n".join(lines)


# --- /status, /closed ----------------------------------------------------------------------


def status_text(lang: str, result: StatusResult) -> str:
    lines = [t(lang, "status.done", barcode=result.copy.barcode, title=result.title,
               old=t(lang, f"copy_status.{result.old.value}"),
               new=t(lang, f"copy_status.{result.new.value}"))]
    if result.loan is not None:
        who = {"name": result.loan.reader_name, "class_name": dash(result.loan.class_name)}
        if result.price_cents is not None:
            lines.append(t(lang, "status.lost_charge", price=fmt_price(result.price_cents), **who))
        else:
            lines.append(t(lang, "status.lost_no_price", **who))
    if result.trapped is not None:
        lines.append(t(lang, "desk.trapped", name=result.trapped.reader_name,
                       class_name=dash(result.trapped.class_name),
                       pickup_by=fmt_day(lang, result.trapped.pickup_by)))
    if result.hold_requeued is not None:
        lines.append(t(lang, "status.requeued", name=result.hold_requeued.reader_name,
                       class_name=dash(result.hold_requeued.class_name)))
    return "\n".join(lines)


def closed_list_text(lang: str, days: dict[date, str]) -> str:
    lines = [t(lang, "closed.list_header")] if days else [t(lang, "closed.none")]
    lines += [t(lang, "closed.list_line", day=fmt_day(lang, d), reason=r) for d, r in days.items()]
    return "\n".join(lines)
