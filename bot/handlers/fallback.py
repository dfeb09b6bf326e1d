"""Whatever no other handler took: an unknown command, a sticker, a voice note."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import LibraryContext
from bot.handlers.common import say


async def unknown_command(update: Update, context: LibraryContext) -> None:
    await say(update, context, context.t("fallback.unknown_command"))


async def nothing_to_cancel(update: Update, context: LibraryContext) -> None:
    """/cancel outside a conversation (inside one, the conversation takes it first)."""
    await say(update, context, context.t("common.nothing_to_cancel"))


async def not_understood(update: Update, context: LibraryContext) -> None:
    await say(update, context, context.t("fallback.not_understood"))


async def stale_button(update: Update, context: LibraryContext) -> None:
    """A button from an old message, or callback data nobody understands."""
    if update.callback_query is not None:
        await update.callback_query.answer(context.t("fallback.stale_button"), show_alert=True)


def handlers() -> list[object]:
    return [
        CallbackQueryHandler(stale_button),
        CommandHandler("cancel", nothing_to_cancel),
        MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, unknown_command),
        MessageHandler(filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, not_understood),
    ]
