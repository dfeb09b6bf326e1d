"""Command-line tasks on the library's own machine: migrate, import, codes."""

from __future__ import annotations

import sys
from pathlib import Path

from telegram.helpers import create_deep_linked_url

from bot.clock import SystemClock
from bot.config import Settings
from bot.domain.actor import Actor
from bot.errors import LibraryError
from bot.library import Library
from bot.store.db import Database
from bot.ui.i18n import t


def _fail(message: str) -> int:
    print(f"shuxiang: {message}", file=sys.stderr)
    return 1


async def migrate(settings: Settings) -> int:
    db = Database(settings.database.path)
    applied = await db.open()
    await db.close()
    print(f"{settings.database.path}: " + (f"applied {', '.join(applied)}" if applied else "up to date"))
    return 0


async def import_file(settings: Settings, what: str, path: Path) -> int:
    if not path.is_file():
        return _fail(f"{path}: file not found")
    from bot.cli_catalog import run_import

    async with Database(settings.database.path) as db:
        return await run_import(Library(settings, SystemClock(), db), path, what)


async def codes(settings: Settings, class_name: str | None, cards: list[str]) -> int:
    lang = settings.school.default_language
    async with Database(settings.database.path) as db:
        library = Library(settings, SystemClock(), db)
        try:
            issued = await library.readers.issue_codes(Actor.system(), class_name=class_name, cards=cards)
        except LibraryError as error:
            from bot.ui.refusals import refusal as refusal_text

            return _fail(refusal_text(lang, error))
    username = settings.telegram.username
    for item in issued:
        link = create_deep_linked_url(username, item.code) if username else ""
        print(f"{item.reader.card_number}\t{item.reader.name}\t{item.reader.class_name or ''}\t{item.code}\t{link}")
    if not username:
        print(t(lang, "codes.no_username"), file=sys.stderr)
    return 0
