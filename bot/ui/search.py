"""Pages of search results and of new arrivals, with their buttons."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineQueryResultArticle, InputTextMessageContent

from bot.services.catalog import PAGE_SIZE, SearchResult, TitleHit, TitlePage
from bot.ui import callbacks as cb
from bot.ui.books import authors_text, availability_text, button_label, hit_text, result_line
from bot.ui.i18n import t

Rows = list[list[tuple[str, cb.Button]]]


def results_page(lang: str, result: SearchResult, search_id: int, offset: int
                 ) -> tuple[str, Rows]:
    """One page of results: a header, a line per title, a button per title, ◀ ▶."""
    query = result.query
    if query.kind == "isbn_invalid":
        return t(lang, "search.isbn_invalid"), []
    if not result.hits:
        key = "search.empty" if query.kind == "empty" else "search.nothing"
        text = t(lang, key, query=query.text[:40])
        return text + ("\n" + t(lang, "search.truncated") if query.truncated else ""), []
    pages = -(-result.total // PAGE_SIZE)
    page = offset // PAGE_SIZE + 1
    total = str(result.total) if result.total_exact else t(lang, "search.at_least", n=result.total)
    head = t(lang, "search.header", total=total, page=page, pages=pages)
    if query.truncated:
        head = t(lang, "search.truncated") + "\n" + head
    lines = [head] + [result_line(lang, offset + i + 1, hit) for i, hit in enumerate(result.hits)]
    rows: Rows = [[(button_label(offset + i + 1, hit.title),
                    cb.ResultCard(hit.id, search_id, offset))] for i, hit in enumerate(result.hits)]
    nav: list[tuple[str, cb.Button]] = []
    if offset > 0:
        nav.append(("◀", cb.SearchPage(search_id, max(0, offset - PAGE_SIZE))))
    if offset + PAGE_SIZE < result.total:
        nav.append(("▶", cb.SearchPage(search_id, offset + PAGE_SIZE)))
    return "\n".join(lines), rows + [nav]


def new_arrivals_page(lang: str, page: TitlePage, offset: int) -> tuple[str, Rows]:
    if not page.hits:
        return t(lang, "new.none"), []
    pages = -(-page.total // PAGE_SIZE)
    lines = [t(lang, "new.header", page=offset // PAGE_SIZE + 1, pages=pages)]
    lines += [result_line(lang, offset + i + 1, hit) for i, hit in enumerate(page.hits)]
    rows: Rows = [[(button_label(offset + i + 1, hit.title), cb.BookCard(hit.id))]
                  for i, hit in enumerate(page.hits)]
    nav: list[tuple[str, cb.Button]] = [
        (label, cb.NewPage(o)) for label, o in (("◀", offset - PAGE_SIZE), ("▶", offset + PAGE_SIZE))
        if 0 <= o < page.total]
    return "\n".join(lines), rows + [nav]


def card_buttons(lang: str, title_id: int, can_reserve: bool, back: cb.Button | None) -> Rows:
    rows: Rows = []
    if can_reserve:
        rows.append([(t(lang, "card.reserve"), cb.PlaceHold(title_id))])
    if back is not None:
        rows.append([(t(lang, "card.back"), back)])
    return rows


def inline_articles(lang: str, hits: Sequence[TitleHit]) -> list[InlineQueryResultArticle]:
    """Inline mode (@bot 西游): one article per title, sent into the chat as its short card."""
    return [InlineQueryResultArticle(
        id=str(hit.id), title=hit.title[:100],
        description=f"{authors_text(lang, hit.authors)} · "
                    f"{availability_text(lang, hit.availability)}"[:200],
        input_message_content=InputTextMessageContent(hit_text(lang, hit)),
    ) for hit in hits]
