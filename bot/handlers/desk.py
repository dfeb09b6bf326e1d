"""The desk (借阅台): /lend, /return, /renew for the librarian and the student helpers on duty.

/lend asks who (card number, a name with buttons, or a photo of the reader's link QR code),
then takes barcodes typed or photographed, several per message, until /done. /return takes
barcodes right after the command, or one message after another until /done.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from telegram import Update
from telegram.ext import (
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.context import DeskMode, DeskState, LibraryContext
from bot.domain.readers import ReaderRow
from bot.errors import LibraryError
from bot.handlers import mybooks
from bot.handlers.common import (
    args_text,
    keyboard,
    message_text,
    on_button,
    photo_codes,
    refusals,
    say,
    split_codes,
)
from bot.ui import callbacks as cb
from bot.ui import desk as ui

WHO, ITEMS, RETURNS = range(3)
TIMEOUT_SECONDS = 15 * 60
T = TypeVar("T")


def _desk(context: LibraryContext) -> DeskState:
    state = context.state
    if state.desk is None:
        state.desk = DeskState()
    return state.desk


def _begin(context: LibraryContext, mode: DeskMode) -> DeskState:
    context.state.desk = DeskState(mode=mode)
    return context.state.desk


async def per_code(codes: list[str], action: Callable[[str], Awaitable[T]]
                   ) -> list[tuple[str, T | LibraryError]]:
    """Each barcode through the service on its own; a refusal is that barcode's answer."""
    outcomes: list[tuple[str, T | LibraryError]] = []
    for code in codes:
        try:
            outcomes.append((code, await action(code)))
        except LibraryError as error:
            outcomes.append((code, error))
    return outcomes


def _count(context: LibraryContext, outcomes: Sequence[tuple[str, object]]) -> None:
    _desk(context).count += sum(1 for _, o in outcomes if not isinstance(o, LibraryError))


# --- /lend: who ----------------------------------------------------------------------------


@refusals
async def lend_start(update: Update, context: LibraryContext) -> int:
    context.actor.require_staff()
    _begin(context, "lend")
    text = args_text(context)
    if text:
        return await _find_reader(update, context, text)
    await say(update, context, context.t("desk.lend_who"))
    return WHO


@refusals
async def who_text(update: Update, context: LibraryContext) -> int:
    return await _find_reader(update, context, message_text(update))


@refusals
async def who_photo(update: Update, context: LibraryContext) -> int:
    codes = await photo_codes(update)
    if not codes:
        await say(update, context, context.t("desk.no_barcode"))
        return WHO
    match = await context.library.desk.match_readers(context.actor, codes[0], card_only=True)
    assert match.chosen is not None
    return await _chosen(update, context, match.chosen)


async def who_button(update: Update, context: LibraryContext, button: cb.ChooseReader) -> int:
    reader = await context.library.desk.reader_by_id(context.actor, button.reader_id)
    return await _chosen(update, context, reader)


async def _find_reader(update: Update, context: LibraryContext, text: str) -> int:
    match = await context.library.desk.match_readers(context.actor, text)
    if match.chosen is not None:
        return await _chosen(update, context, match.chosen)
    rows = ui.reader_buttons(context.lang, match.candidates, cb.ChooseReader)
    await say(update, context, context.t("desk.choose_reader", count=len(match.candidates)),
              keyboard(rows))
    return WHO


async def _chosen(update: Update, context: LibraryContext, reader: ReaderRow) -> int:
    patron = await context.library.desk.patron(context.actor, reader.id)
    _desk(context).reader_id = reader.id
    text, rows = ui.reader_chosen(context.lang, patron, context.library.today())
    await say(update, context, text, keyboard(rows))
    return ITEMS


# --- /lend: items --------------------------------------------------------------------------


@refusals
async def items_text(update: Update, context: LibraryContext) -> int:
    await _lend_all(update, context, split_codes(message_text(update)))
    return ITEMS


@refusals
async def items_photo(update: Update, context: LibraryContext) -> int:
    await _lend_all(update, context, await photo_codes(update))
    return ITEMS


async def _lend_all(update: Update, context: LibraryContext, codes: list[str]) -> None:
    if not codes:
        await say(update, context, context.t("desk.no_barcode"))
        return
    reader_id = _desk(context).reader_id
    if reader_id is None:  # pragma: no cover - ITEMS is entered only with a reader
        raise LibraryError("reader.not_found")
    circulation = context.library.circulation
    outcomes = await per_code(codes, lambda code: circulation.lend(context.actor, reader_id, code))
    _count(context, outcomes)
    await say(update, context, ui.lent_text(context.lang, outcomes))


# --- /return -------------------------------------------------------------------------------


@refusals
async def return_start(update: Update, context: LibraryContext) -> int:
    context.actor.require_staff()
    _begin(context, "return")
    codes = split_codes(args_text(context))
    if codes:
        await _return_all(update, context, codes)
        return ConversationHandler.END
    await say(update, context, context.t("desk.return_ask"))
    return RETURNS


@refusals
async def returns_text(update: Update, context: LibraryContext) -> int:
    await _return_all(update, context, split_codes(message_text(update)))
    return RETURNS


@refusals
async def returns_photo(update: Update, context: LibraryContext) -> int:
    await _return_all(update, context, await photo_codes(update))
    return RETURNS


async def _return_all(update: Update, context: LibraryContext, codes: list[str]) -> None:
    if not codes:
        await say(update, context, context.t("desk.no_barcode"))
        return
    circulation = context.library.circulation
    outcomes = await per_code(codes, lambda code: circulation.return_item(context.actor, code))
    _count(context, outcomes)
    await say(update, context, ui.returned_text(context.lang, outcomes))


# --- /renew, /done, /cancel, timeout ------------------------------------------------------


@refusals
async def renew_command(update: Update, context: LibraryContext) -> None:
    """Staff: /renew BARCODE…; a reader gets their own list with the Renew buttons."""
    if not context.actor.is_staff:
        await mybooks.show(update, context)
        return
    codes = split_codes(args_text(context))
    if not codes:
        await say(update, context, context.t("desk.renew_usage"))
        return
    circulation = context.library.circulation
    outcomes = await per_code(codes, lambda code: circulation.renew_barcode(context.actor, code))
    await say(update, context, ui.renewed_text(context.lang, outcomes))


async def done(update: Update, context: LibraryContext) -> int:
    desk, context.state.desk = context.state.desk, None
    text = ui.done_text(context.lang, desk.mode if desk else None, desk.count if desk else 0)
    await say(update, context, text)
    return ConversationHandler.END


async def cancel(update: Update, context: LibraryContext) -> int:
    context.state.desk = None
    await say(update, context, context.t("common.cancelled"))
    return ConversationHandler.END


async def done_outside(update: Update, context: LibraryContext) -> None:
    await say(update, context, context.t("desk.done_outside"))


async def timed_out(update: Update, context: LibraryContext) -> None:
    context.state.desk = None
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(chat.id, context.t("desk.timeout"))


def handlers() -> list[object]:
    with warnings.catch_warnings():
        # The reader buttons belong to the chat's conversation, not to one message: intended.
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        return _handlers()


def _handlers() -> list[object]:
    private = filters.ChatType.PRIVATE
    text = private & filters.TEXT & ~filters.COMMAND
    photo = private & filters.PHOTO
    return [
        ConversationHandler(
            entry_points=[CommandHandler("lend", lend_start), CommandHandler("return", return_start)],
            states={
                WHO: [MessageHandler(text, who_text), MessageHandler(photo, who_photo),
                      on_button(cb.ChooseReader, who_button)],
                ITEMS: [MessageHandler(text, items_text), MessageHandler(photo, items_photo),
                        on_button(cb.ChooseReader, who_button)],
                RETURNS: [MessageHandler(text, returns_text), MessageHandler(photo, returns_photo)],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
            },
            fallbacks=[CommandHandler("done", done), CommandHandler("cancel", cancel)],
            name="desk",
            allow_reentry=True,
            conversation_timeout=TIMEOUT_SECONDS,
        ),
        CommandHandler("renew", renew_command),
        CommandHandler("done", done_outside),
    ]
