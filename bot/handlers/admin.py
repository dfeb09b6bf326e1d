"""Librarian commands: link codes for a class or card, granting and revoking student helpers."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import LibraryContext
from bot.errors import LibraryError
from bot.handlers.common import chunks, refusals, say
from bot.handlers.menus import refresh_menu
from bot.ui import admin as ui


@refusals
async def codes(update: Update, context: LibraryContext) -> None:
    """/codes 3A  or  /codes S3A01 S3A02: new one-time codes with their deep links."""
    context.actor.require_librarian()
    args = [a[:32] for a in (context.args or [])][:60]
    if not args:
        await say(update, context, context.t("codes.usage"))
        return
    library = context.library
    try:
        if len(args) != 1:
            raise LibraryError("codes.class_empty", class_name="")
        issued = await library.readers.issue_codes(context.actor, class_name=args[0])
    except LibraryError as error:
        if error.code != "codes.class_empty":
            raise
        issued = await library.readers.issue_codes(context.actor, cards=args)
    for text in chunks(ui.codes_lines(context.lang, issued, context.bot.username, library.local)):
        await say(update, context, text)


@refusals
async def helper(update: Update, context: LibraryContext) -> None:
    """/helper add CARD, /helper remove CARD, /helper (list)."""
    context.actor.require_librarian()
    args = context.args or []
    readers = context.library.readers
    if len(args) == 2 and args[0].lower() in ("add", "remove", "授权", "撤销"):
        grant = args[0].lower() in ("add", "授权")
        reader = await readers.set_helper(context.actor, args[1][:32], grant)
        await say(update, context, ui.helper_changed(context.lang, reader, grant))
        if reader.telegram_id is not None:
            await refresh_menu(context, reader.telegram_id)
        return
    await say(update, context, ui.helpers_text(context.lang, await readers.helpers(context.actor)))


def handlers() -> list[object]:
    return [CommandHandler("codes", codes), CommandHandler("helper", helper)]
