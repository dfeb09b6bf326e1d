"""Unexpected errors, told in one line to the staff chat of ``[staff] error_chat_id`` (as
python-telegram-bot's error-handler example does), so a librarian knows without the log.
The line names the error and the update id, never the update's content: it may be a child's."""

from __future__ import annotations

import logging

from telegram.error import TelegramError

from bot.context import LibraryContext
from bot.ui.i18n import t

log = logging.getLogger("shuxiang.errors")


async def tell_staff(context: LibraryContext, update_id: int | None, error: BaseException) -> None:
    chat_id = context.library.settings.staff.error_chat_id
    if chat_id is None:
        return
    lang = context.library.settings.school.default_language
    text = t(lang, "error.staff_report", kind=type(error).__name__,
             update=update_id if update_id is not None else "-")
    try:
        await context.bot.send_message(chat_id, text[:1000])
    except TelegramError as failed:  # the staff chat is gone or blocked the bot: the log has it
        log.warning("could not report an error to chat %s: %s", chat_id, failed)
