"""The demo library: settings, the fixed roster of linked users, and the real Application on the
offline fake. ``shuxiang demo`` and the bot tests both start from here, so what the tests check
is what a newcomer sees."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.app import build_application
from bot.clock import FakeClock
from bot.config import Settings, load_settings
from bot.domain.actor import Actor
from bot.library import Library
from bot.services.readers import Identity, seeded_codes
from bot.testing.fake_api import FakeBotAPI
from bot.testing.harness import BotHarness, Chat

DATA = Path(__file__).resolve().parents[2] / "data" / "demo"
# Monday 2 March 2026, 10:00 in Shanghai: a school day in the spring term.
DEMO_START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
LIBRARIAN_ID = 1006


@dataclass(frozen=True, slots=True)
class DemoUser:
    handle: str  # the name for `@as`
    telegram_id: int
    first_name: str
    card: str | None
    language: str  # Telegram app language


ROSTER: tuple[DemoUser, ...] = (
    DemoUser("xiaoming", 1001, "小明", "S3A01", "zh-hans"),
    DemoUser("xiaohong", 1002, "小红", "S3A02", "zh-hans"),
    DemoUser("tom", 1003, "Tom", "S5B01", "en"),
    DemoUser("laoshi_li", 1004, "李老师", "T001", "zh-hans"),
    DemoUser("wang", 1005, "王同学", "S6A01", "zh-hans"),
    DemoUser("librarian", LIBRARIAN_ID, "张老师", "L001", "zh-hans"),
)
HELPERS = ("S6A01",)
DEMO_CONFIG = DATA / "config.toml"


def demo_settings(workdir: Path, config: Path | None = None, **overrides: Any) -> Settings:
    """The demo school's settings (``data/demo/config.toml``) with a database in ``workdir``."""
    settings = load_settings(config or DEMO_CONFIG, env={})
    update = {"database": settings.database.model_copy(update={"path": workdir / "library.db"}),
              "staff": settings.staff.model_copy(update={"librarian_ids": [LIBRARIAN_ID]})}
    update.update(overrides)
    return settings.model_copy(update=update)


async def seed_readers(library: Library, path: Path = DATA / "readers.csv") -> None:
    from bot.importers.readers import parse_readers_file

    result = parse_readers_file(path)
    if result.rejected:
        raise RuntimeError(f"{path}: demo readers rejected: {result.rejected}")
    await library.readers.import_readers(Actor.system(), result.readers)


async def seed_catalog(library: Library, path: Path = DATA / "catalog.csv") -> Any:
    from bot.importers.catalog import parse_catalog_file

    result = parse_catalog_file(path)
    stats = await library.catalog.import_titles(Actor.system(), result.titles)
    return result, stats


async def link_roster(library: Library) -> None:
    """Link every roster account to its card, as if each had redeemed a code, and make helpers."""
    for user in ROSTER:
        if user.card is None:
            continue
        issued = await library.readers.issue_codes(Actor.system(), cards=[user.card])
        await library.readers.redeem(
            Identity(user.telegram_id, user.first_name, None, user.language), issued[0].code
        )
    for card in HELPERS:
        await library.readers.set_helper(Actor.system(), card, grant=True)


class DemoLibrary:
    """The running demo: ``user("tom")`` is Tom's chat; unknown names are new accounts."""

    def __init__(self, harness: BotHarness, library: Library, new_user_language: str) -> None:
        self.harness = harness
        self.library = library
        self.api: FakeBotAPI = harness.api
        self.new_user_language = new_user_language
        self._chats: dict[str, Chat] = {}
        self._next_id = 2001

    def user(self, handle: str) -> Chat:
        if handle not in self._chats:
            known = next((u for u in ROSTER if u.handle == handle), None)
            if known is not None:
                chat = self.harness.chat(known.telegram_id, known.first_name,
                                         language_code=known.language)
            else:
                lang = "zh-hans" if self.new_user_language == "zh" else "en"
                chat = self.harness.chat(self._next_id, handle, language_code=lang)
                self._next_id += 1
            self._chats[handle] = chat
        return self._chats[handle]

    def handle_of(self, chat_id: int) -> str:
        for handle, chat in self._chats.items():
            if chat.chat_id == chat_id:
                return handle
        known = next((u.handle for u in ROSTER if u.telegram_id == chat_id), None)
        return known or str(chat_id)


@asynccontextmanager
async def demo_library(
    workdir: Path | None = None, *, catalog: Path | None = None, new_user_language: str = "zh",
    settings: Settings | None = None, clock: FakeClock | None = None, fail_on_errors: bool = True,
) -> AsyncIterator[DemoLibrary]:
    """Start the real Application on the fake API with the demo data loaded and users linked."""
    with tempfile.TemporaryDirectory(prefix="shuxiang-demo-") as tmp:
        settings = settings or demo_settings(workdir or Path(tmp))
        clock = clock or FakeClock(DEMO_START)
        api = FakeBotAPI()
        app = build_application(settings, clock=clock, request=api)
        async with BotHarness(app, api, clock, fail_on_errors=fail_on_errors) as harness:
            library: Library = app.bot_data["library"]
            library.readers.new_code = seeded_codes(2026)
            await seed_readers(library)
            await seed_catalog(library, catalog or DATA / "catalog.csv")
            await link_roster(library)
            yield DemoLibrary(harness, library, new_user_language)
