"""The desk's look-ups and the librarian's housekeeping: /patron, /item, /status, /closed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import LibraryContext
from bot.handlers.common import args_text, chunks, keyboard, on_button, refusals, say
from bot.services.desk import StatusChange
from bot.ui import callbacks as cb
from bot.ui import desk as ui
from bot.ui.format import fmt_day

STATUS_WORDS = {
    "lost": StatusChange.LOST, "丢失": StatusChange.LOST,
    "repair": StatusChange.REPAIR, "修补": StatusChange.REPAIR,
    "withdrawn": StatusChange.WITHDRAWN, "withdraw": StatusChange.WITHDRAWN,
    "剔除": StatusChange.WITHDRAWN,
    "found": StatusChange.FOUND, "找回": StatusChange.FOUND, "修好": StatusChange.FOUND,
}
REMOVE_WORDS = ("remove", "delete", "删除", "取消")


# --- /patron -------------------------------------------------------------------------------


@refusals
async def patron(update: Update, context: LibraryContext) -> None:
    context.actor.require_staff()
    text = args_text(context)
    if not text:
        await say(update, context, context.t("patron.usage"))
        return
    match = await context.library.desk.match_readers(context.actor, text)
    if match.chosen is not None:
        await _show_patron(update, context, match.chosen.id)
        return
    rows = ui.reader_buttons(context.lang, match.candidates, cb.ShowPatron)
    await say(update, context, context.t("patron.choose", count=len(match.candidates)),
              keyboard(rows))


async def patron_button(update: Update, context: LibraryContext, button: cb.ShowPatron) -> None:
    await _show_patron(update, context, button.reader_id)


async def _show_patron(update: Update, context: LibraryContext, reader_id: int) -> None:
    library = context.library
    record = await library.desk.patron(context.actor, reader_id)
    for text in chunks(ui.patron_lines(context.lang, record, library.today(), library.local)):
        await say(update, context, text)


# --- /item ---------------------------------------------------------------------------------


@refusals
async def item(update: Update, context: LibraryContext) -> None:
    barcode = args_text(context)
    context.actor.require_staff()
    if not barcode:
        await say(update, context, context.t("item.usage"))
        return
    story = await context.library.desk.item(context.actor, barcode.split()[0])
    await say(update, context, ui.item_text(context.lang, story, context.library.today()))


# --- /status -------------------------------------------------------------------------------


def _price_cents(text: str) -> int | None:
    try:
        value = Decimal(text.lstrip("¥￥"))
    except InvalidOperation:
        return None
    if not value.is_finite():  # NaN, Infinity: Decimal refuses to compare them
        return None
    return int(value * 100) if 0 <= value < 100_000 else None


@refusals
async def status(update: Update, context: LibraryContext) -> None:
    context.actor.require_librarian()
    args = (context.args or [])[:3]
    change = STATUS_WORDS.get(args[1].lower()) if len(args) >= 2 else None
    price = _price_cents(args[2]) if len(args) == 3 else None
    if change is None or (len(args) == 3 and price is None):
        await say(update, context, context.t("status.usage"))
        return
    result = await context.library.desk.set_status(context.actor, args[0], change, price)
    await say(update, context, ui.status_text(context.lang, result))


# --- /closed -------------------------------------------------------------------------------


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.replace("/", "-").replace(".", "-"))
    except ValueError:
        return None


@refusals
async def closed(update: Update, context: LibraryContext) -> None:
    context.actor.require_librarian()
    args = (context.args or [])[:20]
    desk, lang = context.library.desk, context.lang
    if not args:
        await say(update, context, ui.closed_list_text(lang, await desk.closed_days(context.actor)))
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
        on_button(cb.ShowPatron, patron_button),
        CommandHandler("item", item),
        CommandHandler("status", status),
        CommandHandler("closed", closed),
    ]
