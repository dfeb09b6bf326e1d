"""Telegram command menus: one for readers (per language), one per staff chat."""

from __future__ import annotations

from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import BadRequest, Forbidden

from bot.domain.readers import Role
from bot.handlers.commands import commands_for
from bot.ui.i18n import LANGUAGES, pick_language, t


def _commands(role: Role, lang: str) -> list[BotCommand]:
    return [BotCommand(c.name, t(lang, c.help_key)[:256]) for c in commands_for(role, linked=True)]


async def set_default_menus(bot: Bot, default_language: str) -> None:
    """The readers' menu, in the school's language and in each language Telegram may ask for."""
    await bot.set_my_commands(_commands(Role.READER, default_language), scope=BotCommandScopeDefault())
    for lang in LANGUAGES:
        await bot.set_my_commands(_commands(Role.READER, lang), scope=BotCommandScopeDefault(),
                                  language_code=lang)


async def set_staff_menu(bot: Bot, chat_id: int, role: Role, lang: str) -> None:
    """A staff member's own menu; a reader (e.g. a revoked helper) goes back to the default."""
    scope = BotCommandScopeChat(chat_id)
    try:
        if role is Role.READER:
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(_commands(role, lang), scope=scope)
    except (BadRequest, Forbidden):
        # The person never opened a chat with the bot: the menu is set when they do.
        pass


async def refresh_menu(context: Any, telegram_id: int) -> None:
    """Set the menu of one account from what the reader service says it is now."""
    library = context.library
    session = await library.readers.session_for(telegram_id)
    if session is None:
        return
    lang = pick_language(session.language, None, library.settings.school.default_language)
    await set_staff_menu(context.bot, telegram_id, session.actor.role, lang)
