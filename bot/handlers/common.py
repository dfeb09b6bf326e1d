"""What every handler shares: replying in the reader's language, answering a button exactly
once, turning refusals into text, buttons as typed objects, barcodes typed or photographed."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot.barcodes import decode_in_thread
from bot.context import LibraryContext
from bot.errors import LibraryError
from bot.services.readers import Identity
from bot.ui.callbacks import Button
from bot.ui.refusals import refusal

log = logging.getLogger(__name__)

MAX_TEXT = 4000  # Telegram allows 4096 characters per message
MAX_INPUT = 256  # what we read of a typed argument
MAX_ALERT = 200  # Telegram shows at most 200 characters in a callback answer
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_CODES = 30  # barcodes handled from one message
_SEPARATORS = re.compile(r"[\s,，、;；]+")

R = TypeVar("R")
B = TypeVar("B", bound=Button)
Handler = Callable[[Update, LibraryContext], Coroutine[Any, Any, R]]
ButtonHandler = Callable[[Update, LibraryContext, B], Coroutine[Any, Any, R]]
Row = Sequence[tuple[str, "str | Button"]]


# --- text ----------------------------------------------------------------------------------


def chunks(lines: Sequence[str], limit: int = MAX_TEXT) -> list[str]:
    """Join lines into messages that fit Telegram's limit, never splitting a line."""
    out: list[str] = []
    current = ""
    for line in lines:
        line = line[:limit]
        if current and len(current) + 1 + len(line) > limit:
            out.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        out.append(current)
    return out


def keyboard(rows: Sequence[Row]) -> InlineKeyboardMarkup | None:
    """Rows of (label, button); None when there is no button at all."""
    markup = [[InlineKeyboardButton(label, callback_data=data if isinstance(data, str)
                                    else data.pack()) for label, data in row] for row in rows]
    markup = [row for row in markup if row]
    return InlineKeyboardMarkup(markup) if markup else None


# --- replying ------------------------------------------------------------------------------


async def answer(update: Update, context: LibraryContext, text: str | None = None,
                 alert: bool = False) -> bool:
    """Answer the pressed button, once per update (Telegram refuses a second answer).
    False if there is no button or it was answered already."""
    query = update.callback_query
    if query is None or context.answered:
        return False
    context.answered = True
    await query.answer(text[:MAX_ALERT] if text else None, show_alert=alert)
    return True


async def say(
    update: Update, context: LibraryContext, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Send text to the chat of the update (answering a pressed button first)."""
    await answer(update, context)
    chat = update.effective_chat
    if chat is None:
        return None
    return await context.bot.send_message(chat.id, text, reply_markup=markup)


async def edit(
    update: Update, context: LibraryContext, text: str, markup: InlineKeyboardMarkup | None = None,
    notice: str | None = None,
) -> None:
    """Replace the message whose button was pressed, with ``notice`` as the button's answer
    (a second press that changes nothing is fine). Without a button, send ``text``."""
    query = update.callback_query
    if query is None or query.message is None:
        await say(update, context, text, markup)
        return
    await answer(update, context, notice)
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def reply(update: Update, context: LibraryContext, text: str,
                markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the pressed button's message, or send a new one for a typed command."""
    if update.callback_query is not None:
        await edit(update, context, text, markup)
    else:
        await say(update, context, text, markup)


async def refuse(update: Update, context: LibraryContext, error: LibraryError) -> None:
    text = refusal(context.lang, error)
    # A stale or forbidden button: the reason as an alert over the chat.
    if not await answer(update, context, text, alert=True):
        await say(update, context, text)


def refusals(func: Callable[..., Coroutine[Any, Any, R]]) -> Callable[..., Coroutine[Any, Any, R | None]]:
    """Turn a ``LibraryError`` raised by a service into a polite reply in the reader's language.
    Anything else reaches the error handler, which logs it."""

    @functools.wraps(func)
    async def wrapper(update: Update, context: LibraryContext, *args: Any) -> R | None:
        try:
            return await func(update, context, *args)
        except LibraryError as error:
            await refuse(update, context, error)
            return None

    return wrapper


def on_button(kind: type[B], callback: ButtonHandler[B, Any]) -> CallbackQueryHandler[Any, Any]:
    """The handler of one kind of button: ``callback(update, context, button)`` gets the parsed
    button; refusals are answered as alerts."""
    guarded = refusals(callback)

    async def handle(update: Update, context: LibraryContext) -> Any:
        button = kind.parse(update.callback_query.data if update.callback_query else None)
        return await guarded(update, context, button)

    handle.__name__ = handle.__qualname__ = getattr(callback, "__name__", "button")
    return CallbackQueryHandler(handle, pattern=kind.pattern())


# --- what the person typed or photographed -------------------------------------------------


# Zero-width characters (copied from web pages and chat apps) split a word invisibly; lone
# surrogates (from broken clients) cannot be encoded in a reply that quotes them.
_INVISIBLE = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """What the person typed, without invisible characters and unencodable halves."""
    return _SURROGATES.sub("", text.translate(_INVISIBLE))


def args_text(context: LibraryContext) -> str:
    return clean_text(" ".join(context.args or [])[:MAX_INPUT]).strip()


def message_text(update: Update, limit: int = MAX_INPUT * 4) -> str:
    message = update.effective_message
    return clean_text(((message.text if message else "") or "")[:limit])


def split_codes(text: str) -> list[str]:
    """Barcodes (or card numbers) in a message: separated by spaces, commas or new lines; each
    once, in order."""
    seen: dict[str, None] = {}
    for part in _SEPARATORS.split(text.strip()):
        if part:
            seen.setdefault(part[:32], None)
    return list(seen)[:MAX_CODES]


async def photo_codes(update: Update) -> list[str]:
    """The texts of the barcodes and QR codes in the message's photo (``photo.too_big`` if it is
    too big to fetch)."""
    message = update.effective_message
    if message is None or not message.photo:
        return []
    photo = message.photo[-1]
    if photo.file_size and photo.file_size > MAX_PHOTO_BYTES:
        raise LibraryError("photo.too_big")
    data = bytes(await (await photo.get_file()).download_as_bytearray())
    return split_codes(" ".join(found.text for found in await decode_in_thread(data)))


def identity(update: Update) -> Identity:
    """The Telegram user behind the update, as the reader service knows accounts."""
    user = update.effective_user
    if user is None:
        raise LibraryError("auth.no_account")
    return Identity(user.id, user.first_name or "", user.username, user.language_code)
