"""Search: any plain text, /search, a barcode photo, inline mode, /new; results and book cards."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import (
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.context import LibraryContext
from bot.errors import LibraryError
from bot.handlers.common import (
    MAX_TEXT,
    clean_text,
    keyboard,
    message_text,
    on_button,
    photo_codes,
    refusals,
    reply,
    say,
)
from bot.handlers.guards import is_private
from bot.services.catalog import PAGE_SIZE
from bot.ui import callbacks as cb
from bot.ui import search as ui
from bot.ui.books import card_text

INLINE_OFFSET = re.compile(r"[0-9]{1,4}")  # our own next_offset; anything else starts again
INLINE_CACHE_SECONDS = 5


async def run_search(update: Update, context: LibraryContext, text: str) -> None:
    result = await context.library.catalog.search(context.actor, text, 0, PAGE_SIZE)
    if len(result.hits) == 1 and result.total == 1:
        await show_card(update, context, result.hits[0].id, None)
        return
    sid = context.state.remember_search(text)
    body, rows = ui.results_page(context.lang, result, sid, 0)
    await say(update, context, body, keyboard(rows))


async def on_text(update: Update, context: LibraryContext) -> None:
    await run_search(update, context, message_text(update, limit=MAX_TEXT))


async def search_command(update: Update, context: LibraryContext) -> None:
    text = clean_text(" ".join(context.args or []))
    if not text.strip():
        await say(update, context, context.t("search.usage"))
        return
    await run_search(update, context, text)


async def on_page(update: Update, context: LibraryContext, button: cb.SearchPage) -> None:
    text = context.state.recall_search(button.search_id)
    if text is None:
        raise LibraryError("search.stale")
    result = await context.library.catalog.search(context.actor, text, button.offset, PAGE_SIZE)
    body, rows = ui.results_page(context.lang, result, button.search_id, button.offset)
    await reply(update, context, body, keyboard(rows))


async def show_card(update: Update, context: LibraryContext, title_id: int,
                    back: cb.Button | None) -> None:
    library = context.library
    card = await library.catalog.book_card(context.actor, title_id)
    holds_on_shelf = library.settings.circulation.holds_when_on_shelf
    # A card shown in a group offers no Reserve: a hold is answered in the private chat only.
    can_reserve = is_private(update) and context.actor.is_linked and not card.reference_only and (
        card.availability.total > 0 and (card.availability.on_shelf == 0 or holds_on_shelf))
    rows = ui.card_buttons(context.lang, title_id, can_reserve, back)
    await reply(update, context, card_text(context.lang, card), keyboard(rows))


async def on_card(update: Update, context: LibraryContext, button: cb.BookCard) -> None:
    await show_card(update, context, button.title_id, None)


async def on_result_card(update: Update, context: LibraryContext, button: cb.ResultCard) -> None:
    await show_card(update, context, button.title_id, button.back())


@refusals
async def on_photo(update: Update, context: LibraryContext) -> None:
    for code in await photo_codes(update):
        result = await context.library.catalog.search(context.actor, code, 0, PAGE_SIZE)
        if result.hits:
            await show_card(update, context, result.hits[0].id, None)
            return
        raise LibraryError("photo.not_in_catalogue", barcode=code)
    raise LibraryError("photo.no_barcode")


async def new_arrivals(update: Update, context: LibraryContext) -> None:
    await _new_page(update, context, 0)


async def on_new_page(update: Update, context: LibraryContext, button: cb.NewPage) -> None:
    await _new_page(update, context, button.offset)


async def _new_page(update: Update, context: LibraryContext, offset: int) -> None:
    page = await context.library.catalog.new_arrivals(context.actor, offset, PAGE_SIZE)
    text, rows = ui.new_arrivals_page(context.lang, page, offset)
    await reply(update, context, text, keyboard(rows))


async def on_inline(update: Update, context: LibraryContext) -> None:
    query = update.inline_query
    if query is None:
        return
    offset = int(query.offset) if INLINE_OFFSET.fullmatch(query.offset) else 0
    result = await context.library.catalog.inline_search(context.actor, query.query, offset)
    articles = ui.inline_articles(context.lang, result.hits)
    more = offset + len(result.hits) < result.total and len(result.hits) > 0
    # Personal: rendered in the asker's language; short-lived: availability changes.
    await query.answer(articles, cache_time=INLINE_CACHE_SECONDS, is_personal=True,
                       next_offset=str(offset + len(result.hits)) if more else "")


def handlers() -> list[object]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("search", search_command),
        CommandHandler("new", new_arrivals),
        on_button(cb.SearchPage, on_page),
        on_button(cb.BookCard, on_card),
        on_button(cb.ResultCard, on_result_card),
        on_button(cb.NewPage, on_new_page),
        InlineQueryHandler(on_inline),
        MessageHandler(private & filters.PHOTO, on_photo),
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_text),
    ]
