"""The catalogue: import, search, book cards and new arrivals. Search is open to everyone."""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass

import aiosqlite

from bot.clock import Clock
from bot.domain.actor import Actor
from bot.domain.catalog import Availability, CopyStatus, ItemType, TitleRecord, TitleRow
from bot.domain.isbn import format_isbn13, normalize_isbn
from bot.domain.query import Query, parse_query
from bot.errors import LibraryError
from bot.store import audit
from bot.store import catalog as store
from bot.store.catalog import UpsertStats
from bot.store.catalog_import import upsert_titles
from bot.store.db import Database
from bot.store.search import search_titles

PAGE_SIZE = 5
INLINE_MAX = 50  # Telegram shows at most 50 inline results per answer
_NOT_COUNTED = (CopyStatus.LOST, CopyStatus.WITHDRAWN)
_NOT_LOANABLE = (ItemType.REFERENCE, ItemType.PERIODICAL)


@dataclass(frozen=True, slots=True)
class TitleHit:
    id: int
    title: str
    subtitle: str
    authors: tuple[str, ...]
    publisher: str
    year: int | None
    isbn: str | None  # formatted, 978-7-...
    item_types: tuple[ItemType, ...]
    availability: Availability


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: Query
    total: int  # with total_exact False: at least this many (an unselective query)
    hits: list[TitleHit]
    total_exact: bool = True


@dataclass(frozen=True, slots=True)
class TitlePage:
    total: int
    hits: list[TitleHit]


@dataclass(frozen=True, slots=True)
class CopyView:
    barcode: str
    call_number: str
    location: str
    item_type: ItemType
    status: CopyStatus


@dataclass(frozen=True, slots=True)
class BookCard:
    title: TitleRow
    isbn: str | None  # formatted
    copies: list[CopyView]
    availability: Availability
    reference_only: bool  # every copy is reference or periodical: read it in the library


def _hit(row: TitleRow, avail: Availability) -> TitleHit:
    return TitleHit(
        row.id, row.title, row.subtitle, row.authors, row.publisher, row.year,
        format_isbn13(row.isbn) if row.isbn else None, avail.item_types, avail,
    )


async def _hits(conn: aiosqlite.Connection, ids: Sequence[int]) -> list[TitleHit]:
    """Titles and availability for a page of ids, in that order: one query, not one per hit."""
    return [_hit(row, avail) for row, avail in await store.titles_with_availability(conn, ids)]


NewCopiesHook = Callable[[Sequence[tuple[int, str]]], Awaitable[object]]


class CatalogService:
    def __init__(self, db: Database, clock: Clock, on_new_copies: NewCopiesHook | None = None
                 ) -> None:
        self.db = db
        self.clock = clock
        # Circulation's: new copies of titles readers queue for go to the hold shelf.
        self.on_new_copies = on_new_copies

    async def import_titles(self, actor: Actor, records: Iterable[TitleRecord]) -> UpsertStats:
        """Add and update titles and copies (librarian or command line). Idempotent."""
        actor.require_librarian()
        now = self.clock.now()
        records = list(records)

        def work(conn: sqlite3.Connection) -> UpsertStats:
            stats = upsert_titles(conn, records, now)
            audit.record_sync(
                conn, now, actor.telegram_id, "catalog.import",
                titles_added=stats.titles_added, titles_updated=stats.titles_updated,
                copies_added=stats.copies_added, copies_updated=stats.copies_updated,
                unchanged=stats.unchanged, conflicts=len(stats.conflicts),
            )
            return stats

        stats = await self.db.bulk_write(work)
        if self.on_new_copies is not None:
            await self.on_new_copies(stats.new_copies)
        return stats

    async def search(self, actor: Actor, text: str, offset: int = 0, limit: int = PAGE_SIZE) -> SearchResult:
        """Search by ISBN, Chinese (substring), pinyin or initials, or English; ranked, paged."""
        query = parse_query(text)
        offset, limit = max(0, offset), max(0, limit)
        if query.kind == "isbn" and query.isbn:
            async with self.db.read() as conn:
                row = await store.get_title_by_isbn(conn, query.isbn)
                hits = await _hits(conn, [row.id]) if row else []
            return SearchResult(query, len(hits), hits[offset : offset + limit])
        if query.kind in ("isbn_invalid", "empty"):
            return SearchResult(query, 0, [])
        async with self.db.read() as conn:
            page = await search_titles(conn, query, offset, limit)
            hits = await _hits(conn, page.ids)
        return SearchResult(query, page.total, hits, page.total_exact)

    async def inline_search(self, actor: Actor, text: str, offset: int, limit: int = INLINE_MAX) -> SearchResult:
        """The same search for inline mode: at most 50 results per answer."""
        return await self.search(actor, text, offset, min(max(0, limit), INLINE_MAX))

    async def by_isbn(self, actor: Actor, text: str) -> TitleHit | None:
        """The title with this ISBN (any form), or None; ``isbn.invalid`` if it is not an ISBN."""
        isbn = normalize_isbn(text)
        if isbn is None:
            raise LibraryError("isbn.invalid", text=text[:64])
        async with self.db.read() as conn:
            row = await store.get_title_by_isbn(conn, isbn)
            hits = await _hits(conn, [row.id]) if row else []
        return hits[0] if hits else None

    async def book_card(self, actor: Actor, title_id: int) -> BookCard:
        async with self.db.read() as conn:
            row = await store.get_title(conn, title_id)
            if row is None:
                raise LibraryError("catalog.title_not_found", title_id=title_id)
            copies = await store.list_copies(conn, title_id)
            avail = (await store.availability(conn, [title_id]))[title_id]
        views = [CopyView(c.barcode, c.call_number, c.location, c.item_type, c.status) for c in copies]
        counted = [c for c in views if c.status not in _NOT_COUNTED] or views
        reference_only = bool(counted) and all(c.item_type in _NOT_LOANABLE for c in counted)
        isbn = format_isbn13(row.isbn) if row.isbn else None
        return BookCard(row, isbn, views, avail, reference_only)

    async def new_arrivals(self, actor: Actor, offset: int = 0, limit: int = PAGE_SIZE) -> TitlePage:
        async with self.db.read() as conn:
            rows, total = await store.newest_titles(conn, offset, limit)
            hits = await _hits(conn, [r.id for r in rows])
        return TitlePage(total, hits)
