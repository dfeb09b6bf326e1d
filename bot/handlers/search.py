"""Search: any plain text, /search, a barcode photo, inline mode, /new; results and book cards."""

from __future__ import annotations

from typing import Any

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.barcodes import decode_in_thread
from bot.context import LibraryContext
from bot.errors import LibraryError
from bot.handlers.common import callback_parts, edit, keyboard, refusals, say
from bot.services.catalog import PAGE_SIZE, SearchResult
from bot.ui.books import (
    authors_text,
    availability_text,
    button_label,
    card_text,
    hit_text,
    result_line,
)
from bot.ui.i18n import t

MAX_PHOTO_BYTES = 10 * 1024 * 1024


def _remember(context: LibraryContext, text: str) -> int:
    """Keep the reader's query so the ◀ ▶ buttons can page it; the buttons carry only its id."""
    data: dict[str, Any] = context.user_data if context.user_data is not None else {}
    sid = int(data.get("search_id", 0)) + 1
    data["search_id"], data["search_text"] = sid, text
    return sid


def _recall(context: LibraryContext, sid: int) -> str | None:
    data = context.user_data or {}
    return data.get("search_text") if data.get("search_id") == sid else None


def _results(lang: str, result: SearchResult, sid: int, offset: int) -> tuple[str, Any]:
    query = result.query
    if query.kind == "isbn_invalid":
        return t(lang, "search.isbn_invalid"), None
    if not result.hits:
        key = "search.empty" if query.kind == "empty" else "search.nothing"
        text = t(lang, key, query=query.text[:40])
        return text + ("\n" + t(lang, "search.truncated") if query.truncated else ""), None
    pages = -(-result.total // PAGE_SIZE)
    page = offset // PAGE_SIZE + 1
    total = str(result.total) if result.total_exact else t(lang, "search.at_least", n=result.total)
    head = t(lang, "search.header", total=total, page=page, pages=pages)
    if query.truncated:
        head = t(lang, "search.truncated") + "\n" + head
    lines = [head] + [result_line(lang, offset + i + 1, hit) for i, hit in enumerate(result.hits)]
    rows = [[(button_label(offset + i + 1, hit.title), f"b:{hit.id}:{sid}:{offset}")]
            for i, hit in enumerate(result.hits)]
    nav = []
    if offset > 0:
        nav.append(("◀", f"s:{sid}:{max(0, offset - PAGE_SIZE)}"))
    if offset + PAGE_SIZE < result.total:
        nav.append(("▶", f"s:{sid}:{offset + PAGE_SIZE}"))
    if nav:
        rows.append(nav)
    return "\n".join(lines), keyboard(rows)


async def run_search(update: Update, context: LibraryContext, text: str) -> None:
    result = await context.library.catalog.search(context.actor, text, 0, PAGE_SIZE)
    if len(result.hits) == 1 and result.total == 1:
        await show_card(update, context, result.hits[0].id, None)
        return
    sid = _remember(context, text)
    body, markup = _results(context.lang, result, sid, 0)
    await say(update, context, body, markup)


async def on_text(update: Update, context: LibraryContext) -> None:
    message = update.effective_message
    await run_search(update, context, (message.text if message else "") or "")


async def search_command(update: Update, context: LibraryContext) -> None:
    text = " ".join(context.args or [])
    if not text.strip():
        await say(update, context, context.t("search.usage"))
        return
    await run_search(update, context, text)


@refusals
async def on_page(update: Update, context: LibraryContext) -> None:
    _, sid, offset = callback_parts(update)
    text = _recall(context, int(sid))
    if text is None:
        raise LibraryError("search.stale")
    result = await context.library.catalog.search(context.actor, text, int(offset), PAGE_SIZE)
    body, markup = _results(context.lang, result, int(sid), int(offset))
    await edit(update, context, body, markup)


async def show_card(update: Update, context: LibraryContext, title_id: int, back: str | None) -> None:
    library = context.library
    card = await library.catalog.book_card(context.actor, title_id)
    rows: list[list[tuple[str, str]]] = []
    holds_on_shelf = library.settings.circulation.holds_when_on_shelf
    if context.actor.is_linked and not card.reference_only and card.availability.total > 0 and (
        card.availability.on_shelf == 0 or holds_on_shelf
    ):
        rows.append([(context.t("card.reserve"), f"hold:place:{title_id}")])
    if back:
        rows.append([(context.t("card.back"), back)])
    markup = keyboard(rows) if rows else None
    text = card_text(context.lang, card)
    if update.callback_query is not None:
        await edit(update, context, text, markup)
    else:
        await say(update, context, text, markup)


@refusals
async def on_card(update: Update, context: LibraryContext) -> None:
    parts = callback_parts(update)
    back = f"s:{parts[2]}:{parts[3]}" if len(parts) == 4 else None
    await show_card(update, context, int(parts[1]), back)


@refusals
async def on_photo(update: Update, context: LibraryContext) -> None:
    message = update.effective_message
    if message is None or not message.photo:
        return
    photo = message.photo[-1]
    if photo.file_size and photo.file_size > MAX_PHOTO_BYTES:
        raise LibraryError("photo.too_big")
    data = bytes(await (await photo.get_file()).download_as_bytearray())
    for found in await decode_in_thread(data):
        result = await context.library.catalog.search(context.actor, found.text, 0, PAGE_SIZE)
        if result.hits:
            await show_card(update, context, result.hits[0].id, None)
            return
        raise LibraryError("photo.not_in_catalogue", barcode=found.text[:32])
    raise LibraryError("photo.no_barcode")


async def new_arrivals(update: Update, context: LibraryContext) -> None:
    await _new_page(update, context, 0)


@refusals
async def on_new_page(update: Update, context: LibraryContext) -> None:
    await _new_page(update, context, int(callback_parts(update)[1]))


async def _new_page(update: Update, context: LibraryContext, offset: int) -> None:
    lang = context.lang
    page = await context.library.catalog.new_arrivals(context.actor, offset, PAGE_SIZE)
    if not page.hits:
        await say(update, context, t(lang, "new.none"))
        return
    pages = -(-page.total // PAGE_SIZE)
    lines = [t(lang, "new.header", page=offset // PAGE_SIZE + 1, pages=pages)]
    lines += [result_line(lang, offset + i + 1, hit) for i, hit in enumerate(page.hits)]
    rows = [[(button_label(offset + i + 1, hit.title), f"b:{hit.id}")] for i, hit in enumerate(page.hits)]
    nav = [(label, f"n:{o}") for label, o in (("◀", offset - PAGE_SIZE), ("▶", offset + PAGE_SIZE))
           if 0 <= o < page.total]
    if nav:
        rows.append(nav)
    if update.callback_query is not None:
        await edit(update, context, "\n".join(lines), keyboard(rows))
    else:
        await say(update, context, "\n".join(lines), keyboard(rows))


async def on_inline(update: Update, context: LibraryContext) -> None:
    query = update.inline_query
    if query is None:
        return
    offset = int(query.offset) if query.offset.isdigit() else 0
    lang = context.lang
    result = await context.library.catalog.inline_search(context.actor, query.query, offset)
    articles = []
    for hit in result.hits:
        articles.append(InlineQueryResultArticle(
            id=str(hit.id), title=hit.title[:100],
            description=f"{authors_text(lang, hit.authors)} · {availability_text(lang, hit.availability)}"[:200],
            input_message_content=InputTextMessageContent(hit_text(lang, hit)),
        ))
    more = offset + len(result.hits) < result.total and len(result.hits) > 0
    await query.answer(articles, cache_time=30, is_personal=False,
                       next_offset=str(offset + len(result.hits)) if more else "")


def handlers() -> list[object]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("search", search_command),
        CommandHandler("new", new_arrivals),
        CallbackQueryHandler(on_page, pattern=r"^s:\d+:\d+$"),
        CallbackQueryHandler(on_card, pattern=r"^b:\d+(:\d+:\d+)?$"),
        CallbackQueryHandler(on_new_page, pattern=r"^n:\d+$"),
        InlineQueryHandler(on_inline),
        MessageHandler(private & filters.PHOTO, on_photo),
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_text),
    ]
