"""Plain records for the catalogue, shared by importers, the store and services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.search_text import SearchDoc


class ItemType(StrEnum):
    BOOK = "book"
    REFERENCE = "reference"  # 工具书: reading room only, never lent
    PERIODICAL = "periodical"  # 报刊


class CopyStatus(StrEnum):
    ON_SHELF = "on_shelf"
    ON_LOAN = "on_loan"
    ON_HOLD_SHELF = "on_hold_shelf"
    IN_REPAIR = "in_repair"
    LOST = "lost"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class CopyRecord:
    """One physical item as it comes from an import file."""

    barcode: str
    call_number: str = ""
    location: str = ""
    price_cents: int | None = None
    item_type: ItemType = ItemType.BOOK


@dataclass(frozen=True, slots=True)
class TitleRecord:
    """One bibliographic record (书目) with the copies that came with it.

    ``isbn`` is ISBN-13 without hyphens, or ``None``. ``authors`` keeps the order of the source.
    """

    title: str
    isbn: str | None = None
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    publisher: str = ""
    year: int | None = None
    classification: str = ""  # 中图法, e.g. I242.4
    subjects: tuple[str, ...] = ()
    summary: str = ""
    language: str = ""  # ISO 639-1 where known: zh, en
    copies: tuple[CopyRecord, ...] = field(default_factory=tuple)
    # The search index rows of title/subtitle/authors, when a parallel importer computed them
    # already (``search_text.search_doc``); the store computes them itself when this is None.
    search: SearchDoc | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row or record an import refused, with where it was and why (an i18n-able code)."""

    where: int  # 1-based row number in the sheet (header is row 1) or record number in MARC
    reason: str  # a stable code, e.g. "isbn.invalid", "title.missing"
    detail: str = ""  # the offending value, for the report


@dataclass(slots=True)
class ImportResult:
    titles: list[TitleRecord] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


# Rows as the store reads them and the services hand them on (to handlers and ui too).


@dataclass(frozen=True, slots=True)
class TitleRow:
    id: int
    isbn: str | None
    title: str
    subtitle: str
    authors: tuple[str, ...]
    publisher: str
    year: int | None
    classification: str
    subjects: tuple[str, ...]
    summary: str
    language: str
    added_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CopyRow:
    id: int
    title_id: int
    barcode: str
    call_number: str
    location: str
    item_type: ItemType
    status: CopyStatus
    price_cents: int | None


@dataclass(frozen=True, slots=True)
class Availability:
    total: int = 0  # copies, lost and withdrawn ones left out
    on_shelf: int = 0
    earliest_due: date | None = None  # of the open loans of its copies
    holds_waiting: int = 0
    item_types: tuple[ItemType, ...] = ()  # of the counted copies, sorted
