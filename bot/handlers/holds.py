"""Reservation buttons: 预约 on a book card, Cancel and "I'll come and get it" on a reader's
list. The service checks every id against the person pressing."""

from __future__ import annotations

from telegram import Update

from bot.context import LibraryContext
from bot.handlers.common import answer, keyboard, on_button, say
from bot.handlers.mybooks import refresh
from bot.ui import callbacks as cb
from bot.ui import loans as ui


async def on_place(update: Update, context: LibraryContext, button: cb.PlaceHold) -> None:
    placed = await context.library.holds.place(context.actor, button.title_id)
    text, rows = ui.hold_placed(context.lang, placed)
    await say(update, context, text, keyboard(rows))


async def on_cancel(update: Update, context: LibraryContext, button: cb.CancelHold) -> None:
    hold = await context.library.holds.cancel(context.actor, button.hold_id)
    notice = context.t("hold.cancelled", title=hold.title)
    if hold.reader_id != context.actor.reader_id:  # the librarian cancelled a reader's hold
        await answer(update, context, notice)
        return
    await refresh(update, context, notice)


async def on_coming(update: Update, context: LibraryContext, button: cb.ComingForHold) -> None:
    hold = await context.library.holds.coming(context.actor, button.hold_id)
    await refresh(update, context, ui.hold_coming(context.lang, hold))


def handlers() -> list[object]:
    return [
        on_button(cb.PlaceHold, on_place),
        on_button(cb.CancelHold, on_cancel),
        on_button(cb.ComingForHold, on_coming),
    ]
