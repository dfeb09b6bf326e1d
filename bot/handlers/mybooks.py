"""/mybooks: a reader's loans (Renew, Renew all), reservations (Cancel) and books waiting on
the hold shelf; /history (and its button): the reader's own returned loans. The Renew button
also serves the desk (staff renewing a reader's loan)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import LibraryContext
from bot.errors import LibraryError
from bot.handlers.circulation_common import callback_id, circ_refusals
from bot.handlers.common import keyboard, say
from bot.ui.loans import fmt_day, history_text, my_books_buttons, my_books_text, refusal


async def render(context: LibraryContext) -> tuple[str, InlineKeyboardMarkup | None]:
    books = await context.library.circulation.my_books(context.actor)
    rows = my_books_buttons(context.lang, books)
    return my_books_text(context.lang, books), keyboard(rows) if rows else None


@circ_refusals
async def show(update: Update, context: LibraryContext) -> None:
    text, markup = await render(context)
    await say(update, context, text, markup)


async def refresh(update: Update, context: LibraryContext, notice: str) -> None:
    """Answer the button with a short notice and redraw the reader's list in place."""
    query = update.callback_query
    assert query is not None
    text, markup = await render(context)
    await query.answer(notice[:200])
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


@circ_refusals
async def on_renew(update: Update, context: LibraryContext) -> None:
    renewed = await context.library.circulation.renew(context.actor, callback_id(update))
    due = fmt_day(context.lang, renewed.due_date)
    if renewed.reader_id == context.actor.reader_id:
        await refresh(update, context, context.t("mybooks.renewed", title=renewed.title, due=due))
        return
    # Staff renewing a reader's loan from the desk's list.
    await say(update, context, context.t("desk.renewed", barcode=renewed.barcode,
                                         title=renewed.title, due=due))


@circ_refusals
async def on_renew_all(update: Update, context: LibraryContext) -> None:
    outcomes = await context.library.circulation.renew_all(context.actor)
    if not outcomes:
        raise LibraryError("loan.nothing_to_renew")
    lang = context.lang
    lines = [context.t("mybooks.renew_all_header")]
    for outcome in outcomes:
        if outcome.renewed is not None:
            lines.append(context.t("mybooks.renew_all_ok", title=outcome.loan.title,
                                   due=fmt_day(lang, outcome.renewed.due_date)))
        elif outcome.refusal is not None:
            lines.append(context.t("mybooks.renew_all_refused", title=outcome.loan.title,
                                   reason=refusal(lang, outcome.refusal)))
    await refresh(update, context, context.t("mybooks.renew_all_header"))
    await say(update, context, "\n".join(lines))


@circ_refusals
async def history(update: Update, context: LibraryContext) -> None:
    loans = await context.library.circulation.my_history(context.actor)
    await say(update, context, history_text(context.lang, loans, context.library.local))


def handlers() -> list[object]:
    return [
        CommandHandler("mybooks", show),
        CommandHandler("history", history),
        CallbackQueryHandler(history, pattern=r"^mybooks:history$"),
        CallbackQueryHandler(on_renew, pattern=r"^loan:renew:\d+$"),
        CallbackQueryHandler(on_renew_all, pattern=r"^loan:renewall$"),
    ]
