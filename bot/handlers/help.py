"""/help: what this user may do, by role."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import LibraryContext
from bot.handlers.commands import commands_for
from bot.handlers.common import say
from bot.ui import help as ui


async def help_command(update: Update, context: LibraryContext) -> None:
    actor = context.actor
    commands = [(c.name, c.help_key) for c in commands_for(actor.role, actor.is_linked)]
    await say(update, context, ui.help_text(context.lang, actor, commands))


def handlers() -> list[object]:
    return [CommandHandler("help", help_command)]
