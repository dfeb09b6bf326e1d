"""/help: what this user may do, by role."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import LibraryContext
from bot.handlers.commands import commands_for
from bot.handlers.common import say


async def help_command(update: Update, context: LibraryContext) -> None:
    actor = context.actor
    lines = [context.t(f"help.intro.{actor.role.value}")]
    lines += [f"/{c.name} — {context.t(c.help_key)}" for c in commands_for(actor.role, actor.is_linked)]
    if not actor.is_linked and not actor.is_librarian:
        lines += ["", context.t("help.not_linked")]
    lines += ["", context.t("help.search_tip")]
    await say(update, context, "\n".join(lines))


def handlers() -> list[object]:
    return [CommandHandler("help", help_command)]
