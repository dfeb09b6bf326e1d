"""/mybooks: a reader's loans (Renew, Renew all), reservations (Cancel) and books waiting on
the hold shelf; /history (and its button): the reader's own returned loans. The Renew button
also serves the desk (staff renewing a reader's loan)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CommandHandler

from bot.context import LibraryContext
from bot.errors import LibraryError
from bot.handlers.common import edit, keyboard, on_button, refusals, say
from bot.ui import callbacks as cb
from bot.ui import loans as ui
from bot.ui.desk import renewed_line


async def render(context: LibraryContext) -> tuple[str, InlineKeyboardMarkup | None]:
    books = await context.library.circulation.my_books(context.actor)
    return ui.my_books_text(context.lang, books), keyboard(ui.my_books_buttons(context.lang, books))


@refusals
async def show(update: Update, context: LibraryContext) -> None:
    text, markup = await render(context)
    await say(update, context, text, markup)


async def refresh(update: Update, context: LibraryContext, notice: str) -> None:
    """Answer the button with a short notice and redraw the reader's list in place."""
    text, markup = await render(context)
    await edit(update, context, text, markup, notice=notice)


async def on_renew(update: Update, context: LibraryContext, button: cb.RenewLoan) -> None:
    renewed = await context.library.circulation.renew(context.actor, button.loan_id)
    if renewed.reader_id == context.actor.reader_id:
        await refresh(update, context, ui.renewed_notice(context.lang, renewed))
        return
    # Staff renewing a reader's loan from the desk's list.
    await say(update, context, renewed_line(context.lang, renewed))


async def on_renew_all(update: Update, context: LibraryContext, button: cb.RenewAll) -> None:
    outcomes = await context.library.circulation.renew_all(context.actor)
    if not outcomes:
        raise LibraryError("loan.nothing_to_renew")
    await refresh(update, context, context.t("mybooks.renew_all_header"))
    await say(update, context, ui.renew_all_text(context.lang, outcomes))


@refusals
async def history(update: Update, context: LibraryContext, button: cb.ShowHistory | None = None
                  ) -> None:
    loans = await context.library.circulation.my_history(context.actor)
    await say(update, context, ui.history_text(context.lang, loans, context.library.local))


def handlers() -> list[object]:
    return [
        CommandHandler("mybooks", show),
        CommandHandler("history", history),
        on_button(cb.ShowHistory, history),
        on_button(cb.RenewLoan, on_renew),
        on_button(cb.RenewAll, on_renew_all),
    ]
