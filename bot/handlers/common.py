"""What every handler shares: replying in the reader's language, turning refusals into text."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.context import LibraryContext
from bot.errors import LibraryError
from bot.services.readers import Identity
from bot.ui.i18n import has, t

log = logging.getLogger(__name__)

MAX_TEXT = 4000  # Telegram allows 4096 characters per message
MAX_INPUT = 256  # what we read of a typed argument

R = TypeVar("R")
Handler = Callable[[Update, LibraryContext], Coroutine[Any, Any, R]]


def refusal_text(lang: str, error: LibraryError) -> str:
    key = f"error.{error.code}"
    if not has(lang, key):
        log.error("no message for refusal %s", error.code)
        return t(lang, "error.generic")
    return t(lang, key, **error.details)


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


def keyboard(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """Rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def say(
    update: Update, context: LibraryContext, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Send text to the chat of the update (answering a callback query first, if any)."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    chat = update.effective_chat
    if chat is None:
        return None
    return await context.bot.send_message(chat.id, text, reply_markup=markup)


async def edit(
    update: Update, context: LibraryContext, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the message whose button was pressed (a second press of the same button is fine)."""
    query = update.callback_query
    if query is None or query.message is None:
        await say(update, context, text, markup)
        return
    await query.answer()
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def refuse(update: Update, context: LibraryContext, error: LibraryError) -> None:
    text = refusal_text(context.lang, error)
    query = update.callback_query
    if query is not None:
        # A stale or forbidden button: the reason as an alert over the chat.
        await query.answer(text[:200], show_alert=True)
        return
    await say(update, context, text)


def refusals(func: Handler[R]) -> Handler[R | None]:
    """Turn a ``LibraryError`` raised by a service into a polite reply in the reader's language.
    Anything else reaches the error handler, which logs it."""

    @functools.wraps(func)
    async def wrapper(update: Update, context: LibraryContext) -> R | None:
        try:
            return await func(update, context)
        except LibraryError as error:
            await refuse(update, context, error)
            return None

    return wrapper


def args_text(context: LibraryContext) -> str:
    return " ".join(context.args or [])[:MAX_INPUT].strip()


def callback_parts(update: Update) -> list[str]:
    data = update.callback_query.data if update.callback_query else None
    return str(data or "").split(":")


def any_of(*values: Any) -> Any:
    return next((v for v in values if v), None)


def identity(update: Update) -> Identity:
    """The Telegram user behind the update, as the reader service knows accounts."""
    user = update.effective_user
    if user is None:
        raise LibraryError("auth.no_account")
    return Identity(user.id, user.first_name or "", user.username, user.language_code)
