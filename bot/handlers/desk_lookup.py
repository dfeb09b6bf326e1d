"""The desk's look-ups and the librarian's housekeeping: /patron, /item, /status, /closed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import LibraryContext
from bot.domain.loans import HoldStatus
from bot.errors import LibraryError
from bot.handlers.circulation_common import callback_id, circ_refusals
from bot.handlers.common import args_text, chunks, keyboard, say
from bot.services.desk import ItemStory, Patron, StatusChange, StatusResult
from bot.ui.loans import dash, fmt_day, fmt_price, loan_line

STATUS_WORDS = {
    "lost": StatusChange.LOST, "丢失": StatusChange.LOST,
    "repair": StatusChange.REPAIR, "修补": StatusChange.REPAIR,
    "withdrawn": StatusChange.WITHDRAWN, "withdraw": StatusChange.WITHDRAWN,
    "剔除": StatusChange.WITHDRAWN,
    "found": StatusChange.FOUND, "找回": StatusChange.FOUND, "修好": StatusChange.FOUND,
}
REMOVE_WORDS = ("remove", "delete", "删除", "取消")


# --- /patron -------------------------------------------------------------------------------


@circ_refusals
async def patron(update: Update, context: LibraryContext) -> None:
    context.actor.require_staff()
    text = args_text(context)
    if not text:
        await say(update, context, context.t("patron.usage"))
        return
    found = await context.library.desk.find_readers(context.actor, text)
    exact = [r for r in found if r.card_number.lower() == text.lower()]
    if not found:
        raise LibraryError("reader.no_match", text=text[:32])
    if exact or len(found) == 1:
        await _show_patron(update, context, (exact or found)[0].id)
        return
    rows = [[(context.t("desk.reader_button", name=r.name, class_name=dash(r.class_name),
                        card=r.card_number), f"desk:patron:{r.id}")] for r in found]
    await say(update, context, context.t("patron.choose", count=len(found)), keyboard(rows))


@circ_refusals
async def patron_button(update: Update, context: LibraryContext) -> None:
    await _show_patron(update, context, callback_id(update))


async def _show_patron(update: Update, context: LibraryContext, reader_id: int) -> None:
    record = await context.library.desk.patron(context.actor, reader_id)
    for text in chunks(patron_lines(context, record)):
        await say(update, context, text)


def patron_lines(context: LibraryContext, record: Patron) -> list[str]:
    lang, reader, today = context.lang, record.reader, context.library.today()
    lines = [context.t("patron.header", name=reader.name, class_name=dash(reader.class_name),
                       card=reader.card_number)]
    if record.loans:
        lines.append(context.t("patron.loans_header", count=len(record.loans)))
        lines += [loan_line(lang, "desk", loan, today) for loan in record.loans]
    else:
        lines.append(context.t("patron.no_loans"))
    if record.holds:
        lines.append(context.t("patron.holds_header", count=len(record.holds)))
        for hold in record.holds:
            if hold.status is HoldStatus.TRAPPED and hold.pickup_by:
                lines.append(context.t("patron.hold_ready", title=hold.title,
                                       pickup_by=fmt_day(lang, hold.pickup_by)))
            else:
                lines.append(context.t("patron.hold_waiting", title=hold.title))
    if record.history is not None:
        if not record.history:
            lines.append(context.t("patron.no_history"))
        else:
            lines.append(context.t("patron.history_header", count=len(record.history)))
            lines += [context.t("patron.history_line", title=loan.title, barcode=loan.barcode,
                                returned=fmt_day(lang, context.library.local(loan.returned_at).date()))
                      for loan in record.history if loan.returned_at is not None]
    return lines


# --- /item ---------------------------------------------------------------------------------


@circ_refusals
async def item(update: Update, context: LibraryContext) -> None:
    barcode = args_text(context)
    context.actor.require_staff()
    if not barcode:
        await say(update, context, context.t("item.usage"))
        return
    story = await context.library.desk.item(context.actor, barcode.split()[0])
    await say(update, context, "\n".join(item_lines(context, story)))


def item_lines(context: LibraryContext, story: ItemStory) -> list[str]:
    lang, copy = context.lang, story.copy
    lines = [context.t("item.header", barcode=copy.barcode, title=story.title,
                       call_number=dash(copy.call_number), location=dash(copy.location),
                       item_type=context.t(f"item_type.{copy.item_type.value}"),
                       status=context.t(f"copy_status.{copy.status.value}"))]
    if copy.price_cents is not None:
        lines.append(context.t("item.price", price=fmt_price(copy.price_cents)))
    if story.loan is not None:
        days = (context.library.today() - story.loan.due_date).days
        lines.append(context.t("item.loan_overdue" if days > 0 else "item.loan",
                               name=story.loan.reader_name, class_name=dash(story.loan.class_name),
                               due=fmt_day(lang, story.loan.due_date), days=days))
    if story.queue is None:
        if story.waiting:
            lines.append(context.t("item.queue_count", count=story.waiting))
        return lines
    if story.queue:
        lines.append(context.t("item.queue_header", count=len(story.queue)))
    position = 0
    for hold in story.queue:
        who = {"name": hold.reader_name, "class_name": dash(hold.class_name)}
        if hold.status is HoldStatus.TRAPPED:
            key = "item.queue_trapped_coming" if hold.coming else "item.queue_trapped"
            pickup = fmt_day(lang, hold.pickup_by) if hold.pickup_by else "-"
            lines.append(context.t(key, pickup_by=pickup, **who))
        else:
            position += 1
            lines.append(context.t("item.queue_waiting", position=position, **who))
    return lines


# --- /status -------------------------------------------------------------------------------


def _price_cents(text: str) -> int | None:
    try:
        value = Decimal(text.lstrip("¥￥"))
    except InvalidOperation:
        return None
    return int(value * 100) if 0 <= value < 100_000 else None


@circ_refusals
async def status(update: Update, context: LibraryContext) -> None:
    context.actor.require_librarian()
    args = (context.args or [])[:3]
    change = STATUS_WORDS.get(args[1].lower()) if len(args) >= 2 else None
    price = _price_cents(args[2]) if len(args) == 3 else None
    if change is None or (len(args) == 3 and price is None):
        await say(update, context, context.t("status.usage"))
        return
    result = await context.library.desk.set_status(context.actor, args[0], change, price)
    await say(update, context, "\n".join(status_lines(context, result)))


def status_lines(context: LibraryContext, result: StatusResult) -> list[str]:
    lines = [context.t("status.done", barcode=result.copy.barcode, title=result.title,
                       old=context.t(f"copy_status.{result.old.value}"),
                       new=context.t(f"copy_status.{result.new.value}"))]
    if result.loan is not None:
        who = {"name": result.loan.reader_name, "class_name": dash(result.loan.class_name)}
        if result.price_cents is not None:
            lines.append(context.t("status.lost_charge", price=fmt_price(result.price_cents), **who))
        else:
            lines.append(context.t("status.lost_no_price", **who))
    if result.trapped is not None:
        lines.append(context.t("desk.trapped", name=result.trapped.reader_name,
                               class_name=dash(result.trapped.class_name),
                               pickup_by=fmt_day(context.lang, result.trapped.pickup_by)))
    if result.hold_requeued is not None:
        lines.append(context.t("status.requeued", name=result.hold_requeued.reader_name,
                               class_name=dash(result.hold_requeued.class_name)))
    return lines


# --- /closed -------------------------------------------------------------------------------


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.replace("/", "-").replace(".", "-"))
    except ValueError:
        return None


@circ_refusals
async def closed(update: Update, context: LibraryContext) -> None:
    context.actor.require_librarian()
    args = (context.args or [])[:20]
    desk, lang = context.library.desk, context.lang
    if not args:
        days = await desk.closed_days(context.actor)
        lines = [context.t("closed.list_header")] if days else [context.t("closed.none")]
        lines += [context.t("closed.list_line", day=fmt_day(lang, d), reason=r) for d, r in days.items()]
        await say(update, context, "\n".join(lines))
        return
    if args[0].lower() in REMOVE_WORDS and len(args) == 2 and (day := _day(args[1])):
        await desk.remove_closed_day(context.actor, day)
        await say(update, context, context.t("closed.removed", day=fmt_day(lang, day)))
        return
    day = _day(args[0])
    if day is None:
        await say(update, context, context.t("closed.usage"))
        return
    reason = " ".join(args[1:])[:100]
    moved = await desk.add_closed_day(context.actor, day, reason)
    await say(update, context, context.t("closed.added", day=fmt_day(lang, day),
                                         reason=reason or "-", moved=moved))


def handlers() -> list[object]:
    return [
        CommandHandler("patron", patron),
        CallbackQueryHandler(patron_button, pattern=r"^desk:patron:\d+$"),
        CommandHandler("item", item),
        CommandHandler("status", status),
        CommandHandler("closed", closed),
    ]
