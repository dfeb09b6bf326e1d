"""Before every handler (group -1): who is writing, and in which language."""

from __future__ import annotations

from telegram import Update
from telegram.ext import TypeHandler

from bot.context import LibraryContext
from bot.handlers.common import identity


async def resolve_session(update: Update, context: LibraryContext) -> None:
    user = update.effective_user
    if user is None or user.is_bot:
        return
    context.tg_language = user.language_code
    context.session = await context.library.readers.session(identity(update))


def handler() -> TypeHandler[Update, LibraryContext, None]:
    return TypeHandler(Update, resolve_session)
