"""The services of one running bot, built once and handed to handlers via ``context.library``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.config import Settings
from bot.services.catalog import CatalogService
from bot.services.circulation import CirculationService
from bot.services.desk import DeskService
from bot.services.holds import HoldService
from bot.services.readers import ReaderService
from bot.store.db import Database


@dataclass
class Library:
    settings: Settings
    clock: Clock
    db: Database
    readers: ReaderService = field(init=False)
    catalog: CatalogService = field(init=False)
    circulation: CirculationService = field(init=False)
    holds: HoldService = field(init=False)
    desk: DeskService = field(init=False)

    def __post_init__(self) -> None:
        self.readers = ReaderService(self.db, self.clock, self.settings)
        self.circulation = CirculationService(self.db, self.clock, self.settings)
        self.catalog = CatalogService(self.db, self.clock, self.circulation.trap_new_copies)
        self.holds = HoldService(self.db, self.clock, self.settings)
        self.desk = DeskService(self.db, self.clock, self.settings)

    @property
    def tz(self) -> ZoneInfo:
        return self.settings.school.tz

    def local(self, when: datetime) -> datetime:
        """A stored UTC time as the school sees it."""
        return when.astimezone(self.tz)

    def today(self) -> date:
        return self.local(self.clock.now()).date()
