"""Reservation buttons: 预约 on a book card (``hold:place:<title>``), Cancel and "I'll come and
get it" on a reader's list. The service checks every id against the person pressing."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.context import LibraryContext
from bot.handlers.circulation_common import callback_id, circ_refusals
from bot.handlers.common import keyboard, say
from bot.handlers.mybooks import refresh
from bot.ui.loans import fmt_day


@circ_refusals
async def on_place(update: Update, context: LibraryContext) -> None:
    placed = await context.library.holds.place(context.actor, callback_id(update))
    markup = keyboard([[(context.t("hold.cancel_button"), f"hold:cancel:{placed.hold_id}")]])
    await say(update, context, context.t("hold.placed", title=placed.title,
                                         position=placed.position), markup)


@circ_refusals
async def on_cancel(update: Update, context: LibraryContext) -> None:
    hold = await context.library.holds.cancel(context.actor, callback_id(update))
    await refresh(update, context, context.t("hold.cancelled", title=hold.title))


@circ_refusals
async def on_coming(update: Update, context: LibraryContext) -> None:
    hold = await context.library.holds.coming(context.actor, callback_id(update))
    pickup = fmt_day(context.lang, hold.pickup_by) if hold.pickup_by else "-"
    await refresh(update, context, context.t("hold.coming", title=hold.title, pickup_by=pickup))


def handlers() -> list[object]:
    return [
        CallbackQueryHandler(on_place, pattern=r"^hold:place:\d+$"),
        CallbackQueryHandler(on_cancel, pattern=r"^hold:cancel:\d+$"),
        CallbackQueryHandler(on_coming, pattern=r"^hold:coming:\d+$"),
    ]
