"""The last line: log what went wrong, tell the person politely, lose nothing silently."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter
from telegram.ext import ApplicationHandlerStop

from bot.context import LibraryContext
from bot.errors import LibraryError
from bot.handlers.error_report import tell_staff
from bot.ui.refusals import refusal as refusal_text

log = logging.getLogger("shuxiang.errors")


async def on_error(update: object, context: LibraryContext) -> None:
    error = context.error
    if isinstance(update, Update) and update.effective_user is not None:
        context.tg_language = update.effective_user.language_code  # a fresh context: no session
    if isinstance(error, LibraryError):
        # A refusal that escaped a handler's own wrapper: still the reader's answer, not a crash.
        log.warning("unhandled refusal %r", error)
        text = refusal_text(context.lang, error)
    elif isinstance(error, Forbidden):
        log.info("cannot reach a user: %s", error)
        return
    elif isinstance(error, RetryAfter | NetworkError):
        log.warning("Telegram is busy or unreachable: %s", error)
        return
    else:
        log.error("error while handling %r", update, exc_info=error)
        text = context.t("error.generic")
        if error is not None:
            await tell_staff(context, update.update_id if isinstance(update, Update) else None,
                             error)
    if not isinstance(update, Update):
        return
    if update.effective_chat is not None:
        try:
            if update.callback_query is not None:
                await update.callback_query.answer(text[:200], show_alert=True)
            else:
                await context.bot.send_message(update.effective_chat.id, text)
        except Exception:  # the apology itself failed: the log has the original
            log.exception("could not tell the user about the error")
    # No later handler may act on this update: if the session could not be resolved, it would
    # act without knowing who is asking.
    raise ApplicationHandlerStop
