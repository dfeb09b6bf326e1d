"""Librarian commands: link codes for a class or card, granting and revoking student helpers."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler
from telegram.helpers import create_deep_linked_url

from bot.context import LibraryContext
from bot.errors import LibraryError
from bot.handlers.common import chunks, refusals, say
from bot.handlers.menus import refresh_menu


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
    username = context.bot.username
    lines = [context.t("codes.header", count=len(issued),
                       expires=library.local(issued[0].expires_at).strftime("%Y-%m-%d"))]
    for item in issued:
        url = create_deep_linked_url(username, item.code)
        lines.append(context.t("codes.line", name=item.reader.name, card=item.reader.card_number,
                               code=item.code, url=url))
    for text in chunks(lines):
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
        key = "helper.granted" if grant else "helper.revoked"
        await say(update, context, context.t(key, name=reader.name, card=reader.card_number))
        if reader.telegram_id is not None:
            await refresh_menu(context, reader.telegram_id)
        return
    current = await readers.helpers(context.actor)
    lines = [context.t("helper.list_header", count=len(current))]
    lines += [f"• {r.name} ({r.card_number}, {r.class_name or '-'})" for r in current]
    lines.append(context.t("helper.usage"))
    await say(update, context, "\n".join(lines))


def handlers() -> list[object]:
    return [CommandHandler("codes", codes), CommandHandler("helper", helper)]
