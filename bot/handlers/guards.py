"""What the bot refuses to act on, before any feature sees it: edited messages, and in group
chats everything but the public catalogue.

Readers are minors: a child's loans, holds and history, and every staff look-up, are answered
only in a private chat with the bot. In a group (a class group, say) the bot searches the
catalogue and shows book cards (/search, /new, /help, their pages and cards); any other command
or button gets a short answer with a link that opens the private chat.

An edited message is never executed again: editing an old ``/return A0000101`` or a barcode
sent during ``/lend`` must not return or lend anything today. The bot says so in a private chat
and stays quiet in a group.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.context import LibraryContext
from bot.handlers.common import answer, say
from bot.ui import callbacks as cb
from bot.ui import guards as ui

# Commands and buttons that show only the public catalogue: the same for anyone who reads them.
GROUP_COMMANDS = frozenset({"help", "search", "new"})
GROUP_BUTTONS: tuple[type[cb.Button], ...] = (cb.SearchPage, cb.BookCard, cb.ResultCard, cb.NewPage)


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == chat.PRIVATE


async def edited(update: Update, context: LibraryContext) -> None:
    if is_private(update):
        await say(update, context, context.t("guard.edit_ignored"))


async def group_command(update: Update, context: LibraryContext) -> None:
    text, markup = ui.write_privately(context.lang, context.bot.username)
    await say(update, context, text, markup)


async def group_button(update: Update, context: LibraryContext) -> None:
    await answer(update, context, context.t("guard.private_only"), alert=True)


class _GroupCommand(filters.MessageFilter):
    """A command in a group chat that is not one of ``GROUP_COMMANDS``."""

    def filter(self, message: object) -> bool:
        text = getattr(message, "text", None) or ""
        if not text.startswith("/"):
            return False
        name = text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else ""
        return name not in GROUP_COMMANDS


class _GroupButtonHandler(CallbackQueryHandler[LibraryContext, None]):
    """A button pressed in a group chat that is not one of ``GROUP_BUTTONS``."""

    def check_update(self, update: object) -> bool | object | None:
        if not isinstance(update, Update) or update.callback_query is None:
            return False
        message = update.callback_query.message
        if message is None or message.chat.type not in (message.chat.GROUP, message.chat.SUPERGROUP):
            return False
        data = update.callback_query.data
        return not any(kind.pattern().match(str(data)) for kind in GROUP_BUTTONS)


def handlers() -> list[BaseHandler[Update, LibraryContext, None]]:
    groups = filters.ChatType.GROUPS
    return [
        MessageHandler(filters.UpdateType.EDITED, edited),
        MessageHandler(groups & filters.COMMAND & _GroupCommand(), group_command),
        _GroupButtonHandler(group_button),
    ]
