"""/settings: the reader's language (简体中文 / English / follow Telegram)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import LibraryContext
from bot.handlers.common import callback_parts, edit, identity, keyboard, refusals, say
from bot.ui.i18n import t


async def settings(update: Update, context: LibraryContext) -> None:
    current = context.session.language if context.session else None
    label = context.t(f"settings.language.{current or 'auto'}")
    markup = keyboard([
        [("简体中文", "set:lang:zh"), ("English", "set:lang:en")],
        [(context.t("settings.language.auto"), "set:lang:auto")],
    ])
    await say(update, context, context.t("settings.menu", current=label), markup)


@refusals
async def choose(update: Update, context: LibraryContext) -> None:
    choice = callback_parts(update)[-1]
    language = None if choice == "auto" else choice
    await context.library.readers.set_language(context.actor, language)
    context.session = await context.library.readers.session(identity(update))
    lang = context.lang
    await edit(update, context, t(lang, "settings.saved", language=t(lang, f"settings.language.{choice}")))


def handlers() -> list[object]:
    return [
        CommandHandler("settings", settings),
        CallbackQueryHandler(choose, pattern=r"^set:lang:(zh|en|auto)$"),
    ]
