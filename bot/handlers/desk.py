"""The desk (借阅台): /lend, /return, /renew for the librarian and the student helpers on duty.

/lend asks who (card number, a name with buttons, or a photo of the reader's link QR code),
then takes barcodes typed or photographed, several per message, until /done. /return takes
barcodes right after the command, or one message after another until /done.
"""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.context import LibraryContext
from bot.domain.readers import ReaderRow
from bot.errors import LibraryError
from bot.handlers import mybooks
from bot.handlers.circulation_common import (
    callback_id,
    circ_refusals,
    message_text,
    photo_codes,
    split_codes,
)
from bot.handlers.common import args_text, keyboard, say
from bot.ui.loans import dash, fmt_day, loan_line, refusal

WHO, ITEMS, RETURNS = range(3)
TIMEOUT_SECONDS = 15 * 60
READER_BUTTON = r"^desk:reader:\d+$"
_READER, _COUNT, _MODE = "desk_reader", "desk_count", "desk_mode"


def _data(context: LibraryContext) -> dict[str, Any]:
    return context.user_data if context.user_data is not None else {}


# --- /lend: who ----------------------------------------------------------------------------


@circ_refusals
async def lend_start(update: Update, context: LibraryContext) -> int:
    context.actor.require_staff()
    _data(context).update({_READER: None, _COUNT: 0, _MODE: "lend"})
    text = args_text(context)
    if text:
        return await _find_reader(update, context, text)
    await say(update, context, context.t("desk.lend_who"))
    return WHO


@circ_refusals
async def who_text(update: Update, context: LibraryContext) -> int:
    return await _find_reader(update, context, message_text(update))


@circ_refusals
async def who_photo(update: Update, context: LibraryContext) -> int:
    codes = await photo_codes(update)
    if not codes:
        await say(update, context, context.t("desk.no_barcode"))
        return WHO
    found = await context.library.desk.find_readers(context.actor, codes[0])
    exact = [r for r in found if r.card_number.lower() == codes[0].lower()]
    if not exact:
        raise LibraryError("reader.unknown_card", card=codes[0])
    return await _chosen(update, context, exact[0])


@circ_refusals
async def who_button(update: Update, context: LibraryContext) -> int:
    reader = await context.library.desk.reader_by_id(context.actor, callback_id(update))
    return await _chosen(update, context, reader)


async def _find_reader(update: Update, context: LibraryContext, text: str) -> int:
    text = text.strip()
    found = await context.library.desk.find_readers(context.actor, text)
    exact = [r for r in found if r.card_number.lower() == text.lower()]
    if exact or len(found) == 1:
        return await _chosen(update, context, (exact or found)[0])
    if not found:
        raise LibraryError("reader.no_match", text=text[:32])
    rows = [[(context.t("desk.reader_button", name=r.name, class_name=dash(r.class_name),
                        card=r.card_number), f"desk:reader:{r.id}")] for r in found]
    await say(update, context, context.t("desk.choose_reader", count=len(found)), keyboard(rows))
    return WHO


async def _chosen(update: Update, context: LibraryContext, reader: ReaderRow) -> int:
    patron = await context.library.desk.patron(context.actor, reader.id)
    _data(context)[_READER] = reader.id
    today = context.library.today()
    lines = [context.t("desk.reader_chosen", name=reader.name, class_name=dash(reader.class_name),
                       card=reader.card_number, count=len(patron.loans))]
    lines += [loan_line(context.lang, "desk", loan, today) for loan in patron.loans]
    rows = [[(context.t("desk.renew_button", barcode=loan.barcode), f"loan:renew:{loan.id}")]
            for loan in patron.loans]
    if update.callback_query is not None:
        await update.callback_query.answer()
    await say(update, context, "\n".join(lines), keyboard(rows) if rows else None)
    return ITEMS


# --- /lend: items --------------------------------------------------------------------------


@circ_refusals
async def items_text(update: Update, context: LibraryContext) -> int:
    await _lend_all(update, context, split_codes(message_text(update)))
    return ITEMS


@circ_refusals
async def items_photo(update: Update, context: LibraryContext) -> int:
    await _lend_all(update, context, await photo_codes(update))
    return ITEMS


async def _lend_all(update: Update, context: LibraryContext, codes: list[str]) -> None:
    if not codes:
        await say(update, context, context.t("desk.no_barcode"))
        return
    reader_id = _data(context).get(_READER)
    if reader_id is None:  # pragma: no cover - ITEMS is entered only with a reader
        raise LibraryError("reader.not_found")
    lines = []
    for code in codes:
        try:
            lent = await context.library.circulation.lend(context.actor, reader_id, code)
        except LibraryError as error:
            lines.append(context.t("desk.refused", barcode=code, reason=refusal(context.lang, error)))
            continue
        _data(context)[_COUNT] = _data(context).get(_COUNT, 0) + 1
        key = "desk.lent_hold" if lent.hold_filled else "desk.lent"
        lines.append(context.t(key, barcode=lent.barcode, title=lent.title,
                               due=fmt_day(context.lang, lent.due_date)))
    await say(update, context, "\n".join(lines))


# --- /return -------------------------------------------------------------------------------


@circ_refusals
async def return_start(update: Update, context: LibraryContext) -> int:
    context.actor.require_staff()
    _data(context).update({_READER: None, _COUNT: 0, _MODE: "return"})
    codes = split_codes(args_text(context))
    if codes:
        await _return_all(update, context, codes)
        return ConversationHandler.END
    await say(update, context, context.t("desk.return_ask"))
    return RETURNS


@circ_refusals
async def returns_text(update: Update, context: LibraryContext) -> int:
    await _return_all(update, context, split_codes(message_text(update)))
    return RETURNS


@circ_refusals
async def returns_photo(update: Update, context: LibraryContext) -> int:
    await _return_all(update, context, await photo_codes(update))
    return RETURNS


async def _return_all(update: Update, context: LibraryContext, codes: list[str]) -> None:
    if not codes:
        await say(update, context, context.t("desk.no_barcode"))
        return
    lines: list[str] = []
    lang = context.lang
    for code in codes:
        try:
            done = await context.library.circulation.return_item(context.actor, code)
        except LibraryError as error:
            lines.append(context.t("desk.refused", barcode=code, reason=refusal(lang, error)))
            continue
        _data(context)[_COUNT] = _data(context).get(_COUNT, 0) + 1
        lines.append(context.t("desk.returned", barcode=done.barcode, title=done.title,
                               name=done.reader_name, class_name=dash(done.class_name)))
        if done.days_late:
            lines.append(context.t("desk.returned_late", days=done.days_late))
        if done.trapped:
            lines.append(context.t("desk.trapped", name=done.trapped.reader_name,
                                   class_name=dash(done.trapped.class_name),
                                   pickup_by=fmt_day(lang, done.trapped.pickup_by)))
    await say(update, context, "\n".join(lines))


# --- /renew, /done, /cancel, timeout ------------------------------------------------------


@circ_refusals
async def renew_command(update: Update, context: LibraryContext) -> None:
    """Staff: /renew BARCODE…; a reader gets their own list with the Renew buttons."""
    if not context.actor.is_staff:
        await mybooks.show(update, context)
        return
    codes = split_codes(args_text(context))
    if not codes:
        await say(update, context, context.t("desk.renew_usage"))
        return
    lines = []
    for code in codes:
        try:
            renewed = await context.library.circulation.renew_barcode(context.actor, code)
        except LibraryError as error:
            lines.append(context.t("desk.refused", barcode=code, reason=refusal(context.lang, error)))
            continue
        lines.append(context.t("desk.renewed", barcode=renewed.barcode, title=renewed.title,
                               due=fmt_day(context.lang, renewed.due_date)))
    await say(update, context, "\n".join(lines))


async def done(update: Update, context: LibraryContext) -> int:
    data = _data(context)
    mode, count = data.pop(_MODE, None), data.pop(_COUNT, 0)
    data.pop(_READER, None)
    key = {"lend": "desk.lend_done", "return": "desk.return_done"}.get(mode or "", "common.cancelled")
    await say(update, context, context.t(key, count=count))
    return ConversationHandler.END


def _forget(context: LibraryContext) -> None:
    for key in (_READER, _COUNT, _MODE):
        _data(context).pop(key, None)


async def cancel(update: Update, context: LibraryContext) -> int:
    _forget(context)
    await say(update, context, context.t("common.cancelled"))
    return ConversationHandler.END


async def done_outside(update: Update, context: LibraryContext) -> None:
    await say(update, context, context.t("desk.done_outside"))


async def timed_out(update: Update, context: LibraryContext) -> None:
    _forget(context)
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
                      CallbackQueryHandler(who_button, pattern=READER_BUTTON)],
                ITEMS: [MessageHandler(text, items_text), MessageHandler(photo, items_photo),
                        CallbackQueryHandler(who_button, pattern=READER_BUTTON)],
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
