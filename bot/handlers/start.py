"""/start, deep links and /link: turning a Telegram account into a reader."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import LibraryContext
from bot.errors import LibraryError
from bot.handlers import search
from bot.handlers.common import args_text, identity, message_text, refuse, say
from bot.services.readers import is_code_shaped

WAITING_FOR_CODE = 1


async def _redeem(update: Update, context: LibraryContext, code: str) -> bool:
    try:
        reader = await context.library.readers.redeem(identity(update), code)
    except LibraryError as error:
        await refuse(update, context, error)
        return False
    # The account is now a reader: refresh the session so the reply speaks to them.
    context.session = await context.library.readers.session(identity(update))
    await say(update, context, context.t("link.done", name=reader.name))
    return True


async def start(update: Update, context: LibraryContext) -> int:
    code = args_text(context)
    if code:
        await _redeem(update, context, code)
        return ConversationHandler.END
    actor = context.actor
    school = context.library.settings.school.name
    if actor.is_linked:
        await say(update, context, context.t("start.welcome_back", name=actor.name, school=school))
    elif actor.is_librarian:
        await say(update, context, context.t("start.welcome_librarian", school=school))
    else:
        await say(update, context, context.t("start.welcome_guest", school=school))
    return ConversationHandler.END


async def link(update: Update, context: LibraryContext) -> int:
    code = args_text(context)
    if code:
        await _redeem(update, context, code)
        return ConversationHandler.END
    await say(update, context, context.t("link.ask"))
    return WAITING_FOR_CODE


async def code_typed(update: Update, context: LibraryContext) -> int:
    text = message_text(update)
    if not is_code_shaped(text):
        # Not a code: the child is searching again. Leave code entry and search for it.
        await search.run_search(update, context, text)
        return ConversationHandler.END
    if await _redeem(update, context, text[:64]):
        return ConversationHandler.END
    return WAITING_FOR_CODE


async def cancel(update: Update, context: LibraryContext) -> int:
    await say(update, context, context.t("common.cancelled"))
    return ConversationHandler.END


def handlers() -> list[object]:
    return [
        ConversationHandler(
            entry_points=[CommandHandler("start", start), CommandHandler("link", link)],
            states={
                WAITING_FOR_CODE: [MessageHandler(filters.TEXT & ~filters.COMMAND, code_typed)]
            },
            fallbacks=[CommandHandler("cancel", cancel)],
            name="link",
            conversation_timeout=600,
        )
    ]
