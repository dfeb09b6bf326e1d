"""Loans (借阅) and holds (预约) as the store reads them and services, handlers and ui use them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.catalog import ItemType


class HoldStatus(StrEnum):
    WAITING = "waiting"
    TRAPPED = "trapped"
    COLLECTED = "collected"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


LIVE = (HoldStatus.WAITING, HoldStatus.TRAPPED)


@dataclass(frozen=True, slots=True)
class HoldRow:
    id: int
    title_id: int
    reader_id: int
    placed_at: datetime
    status: HoldStatus
    copy_id: int | None
    pickup_by: date | None
    coming: bool
    title: str
    reader_name: str
    class_name: str | None
    barcode: str | None  # of the trapped copy

    @property
    def is_live(self) -> bool:
        return self.status in LIVE


@dataclass(frozen=True, slots=True)
class LoanRow:
    """A loan with what a list of loans shows: the copy, its title and the reader."""

    id: int
    copy_id: int
    reader_id: int
    lent_at: datetime
    due_date: date
    renewals: int
    returned_at: datetime | None
    barcode: str
    item_type: ItemType
    title_id: int
    title: str
    reader_name: str
    class_name: str | None
    card_number: str

    @property
    def is_open(self) -> bool:
        return self.returned_at is None
