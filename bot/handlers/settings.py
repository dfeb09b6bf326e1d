"""/settings: the reader's language (简体中文 / English / follow Telegram)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import LibraryContext
from bot.handlers.common import edit, identity, keyboard, on_button, say
from bot.ui import callbacks as cb
from bot.ui import settings as ui


async def settings(update: Update, context: LibraryContext) -> None:
    current = context.session.language if context.session else None
    text, rows = ui.settings_menu(context.lang, current)
    await say(update, context, text, keyboard(rows))


async def choose(update: Update, context: LibraryContext, button: cb.SetLanguage) -> None:
    language = None if button.choice == "auto" else button.choice
    await context.library.readers.set_language(context.actor, language)
    context.session = await context.library.readers.session(identity(update))
    await edit(update, context, ui.language_saved(context.lang, button.choice))


def handlers() -> list[object]:
    return [
        CommandHandler("settings", settings),
        on_button(cb.SetLanguage, choose),
    ]
