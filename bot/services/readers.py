"""Readers, linking Telegram accounts to them, roles and language: the rules."""

from __future__ import annotations

import math
import random
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import aiosqlite

from bot.clock import Clock
from bot.config import Settings
from bot.domain.actor import Actor
from bot.domain.readers import ReaderRecord, ReaderRow, Role
from bot.errors import LibraryError
from bot.store import audit
from bot.store import readers as store
from bot.store.db import Database
from bot.store.readers import UpsertCounts

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: a child copies it by hand
CODE_LENGTH = 8
_CODE_SHAPE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


@dataclass(frozen=True, slots=True)
class Identity:
    """What Telegram tells us about the person behind an update."""

    telegram_id: int
    first_name: str = ""
    username: str | None = None
    language_code: str | None = None


@dataclass(frozen=True, slots=True)
class Session:
    actor: Actor
    language: str | None  # the /settings override, if any
    reader: ReaderRow | None


@dataclass(frozen=True, slots=True)
class IssuedCode:
    reader: ReaderRow
    code: str
    expires_at: datetime


def random_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def seeded_codes(seed: int) -> Callable[[], str]:
    """Repeatable codes for the demo and golden transcripts (never for a real library)."""
    rng = random.Random(seed)
    return lambda: "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def is_code_shaped(text: str) -> bool:
    """Could this be a link code (8 letters and digits of the code alphabet, any case)?"""
    return bool(_CODE_SHAPE.match(normalise_code(text)))


def normalise_code(text: str) -> str:
    return re.sub(r"[\s\-_]", "", text).upper()


class ReaderService:
    def __init__(self, db: Database, clock: Clock, settings: Settings) -> None:
        self.db = db
        self.clock = clock
        self.settings = settings
        # Where link codes come from; the demo swaps in a seeded generator for repeatable output.
        self.new_code: Callable[[], str] = random_code

    def _role(self, telegram_id: int, reader: ReaderRow | None) -> Role:
        if telegram_id in self.settings.staff.librarian_ids:
            return Role.LIBRARIAN
        if reader is not None and reader.is_helper and reader.active:
            return Role.HELPER
        return Role.READER

    def _actor(self, telegram_id: int, reader: ReaderRow | None, first_name: str) -> Actor:
        return Actor(
            telegram_id=telegram_id,
            reader_id=reader.id if reader else None,
            role=self._role(telegram_id, reader),
            category=reader.category if reader else None,
            grade=reader.grade if reader else None,
            name=reader.name if reader else first_name,
        )

    async def session(self, who: Identity) -> Session:
        """Record the account (first contact, name or language changes) and say who it is."""
        async with self.db.read() as conn:
            acc = await store.account(conn, who.telegram_id)
        if acc is None or (acc.first_name, acc.tg_language) != (who.first_name, who.language_code):
            async with self.db.write() as conn:
                await store.touch_account(
                    conn, who.telegram_id, who.first_name, who.username, who.language_code,
                    self.clock.now(),
                )
                acc = await store.account(conn, who.telegram_id)
        assert acc is not None
        reader = None
        if acc.reader_id is not None:
            async with self.db.read() as conn:
                reader = await store.reader_by_id(conn, acc.reader_id)
        return Session(self._actor(who.telegram_id, reader, who.first_name), acc.language, reader)

    async def session_for(self, telegram_id: int) -> Session | None:
        """Who an account is, without recording anything (for menus and notifications)."""
        async with self.db.read() as conn:
            acc = await store.account(conn, telegram_id)
            if acc is None:
                return None
            reader = await store.reader_by_id(conn, acc.reader_id) if acc.reader_id else None
        return Session(self._actor(telegram_id, reader, acc.first_name), acc.language, reader)

    async def staff_accounts(self) -> list[int]:
        """Telegram ids that need a staff menu: the librarians and linked helpers."""
        async with self.db.read() as conn:
            helper_ids = [r.telegram_id for r in await store.helpers(conn) if r.telegram_id]
        return sorted(set(self.settings.staff.librarian_ids) | set(helper_ids))

    async def set_language(self, actor: Actor, language: str | None) -> None:
        if actor.telegram_id is None:
            raise LibraryError("auth.no_account")
        if language not in (None, "zh", "en"):
            raise LibraryError("settings.unknown_language", language=language)
        async with self.db.write() as conn:
            await store.set_language(conn, actor.telegram_id, language)

    async def import_readers(self, actor: Actor, records: Iterable[ReaderRecord]) -> UpsertCounts:
        actor.require_librarian()
        now = self.clock.now()
        async with self.db.write() as conn:
            counts = await store.upsert_readers(conn, records, now)
            await audit.record(conn, now, actor.telegram_id, "readers.import",
                               added=counts.added, updated=counts.updated)
        return counts

    async def issue_codes(
        self, actor: Actor, *, class_name: str | None = None, cards: Iterable[str] = ()
    ) -> list[IssuedCode]:
        """New one-time link codes for a class or for named cards (librarian only)."""
        actor.require_librarian()
        now = self.clock.now()
        expires = now + timedelta(days=self.settings.linking.code_days)
        async with self.db.write() as conn:
            targets: list[ReaderRow] = []
            if class_name:
                targets = await store.readers_by_class(conn, class_name)
                if not targets:
                    raise LibraryError("codes.class_empty", class_name=class_name)
            for card in cards:
                reader = await store.reader_by_card(conn, card)
                if reader is None:
                    raise LibraryError("reader.unknown_card", card=card)
                targets.append(reader)
            issued = []
            for reader in targets:
                code = self.new_code()
                await store.add_link_code(conn, code, reader.id, str(actor.telegram_id or "cli"),
                                          now, expires)
                issued.append(IssuedCode(reader, code, expires))
            await audit.record(conn, now, actor.telegram_id, "codes.issue",
                               count=len(issued), class_name=class_name)
        return issued

    async def redeem(self, who: Identity, text: str) -> ReaderRow:
        """Link the account to the reader the code belongs to, or say exactly why not."""
        now = self.clock.now()
        code = normalise_code(text)
        async with self.db.write() as conn:
            failures = await store.link_failures_since(conn, who.telegram_id, now - timedelta(hours=1))
            limit = self.settings.linking.max_failures_per_hour
            if len(failures) >= limit:
                wait = failures[-limit] + timedelta(hours=1) - now
                raise LibraryError("link.too_many_attempts", minutes=math.ceil(wait.total_seconds() / 60))
            row = await store.link_code(conn, code) if _CODE_SHAPE.match(code) else None
            problem = await self._code_problem(conn, row, who, now)
            if problem == "link.code_unknown" and is_code_shaped(code):
                # Recorded, and committed when the block ends, before we refuse. Only what looks
                # like a code counts: a child typing a title by mistake is not guessing codes.
                await store.record_link_failure(conn, who.telegram_id, now)
            elif problem is None and row is not None:
                await store.touch_account(conn, who.telegram_id, who.first_name, who.username,
                                          who.language_code, now)
                previous = await store.link_account(conn, who.telegram_id, row.reader_id, now)
                await store.use_link_code(conn, code, who.telegram_id, now)
                await audit.record(conn, now, who.telegram_id, "reader.link", "reader",
                                   row.reader_id, previous_account=previous)
                reader = await store.reader_by_id(conn, row.reader_id)
        if problem is not None:
            raise LibraryError(problem)
        assert reader is not None
        return reader

    async def _code_problem(
        self, conn: aiosqlite.Connection, row: store.LinkCodeRow | None, who: Identity, now: datetime
    ) -> str | None:
        if row is None:
            return "link.code_unknown"
        if row.used_at is not None:
            return "link.code_used"
        if row.replaced:
            return "link.code_replaced"
        if row.expires_at <= now:
            return "link.code_expired"
        acc = await store.account(conn, who.telegram_id)
        if acc is not None and acc.reader_id not in (None, row.reader_id):
            return "link.account_taken"
        return None

    async def set_helper(self, actor: Actor, card: str, grant: bool) -> ReaderRow:
        """Grant or revoke the student-helper role (librarian only)."""
        actor.require_librarian()
        now = self.clock.now()
        async with self.db.write() as conn:
            reader = await store.reader_by_card(conn, card)
            if reader is None:
                raise LibraryError("reader.unknown_card", card=card)
            if grant:
                if reader.category.value != "student":
                    raise LibraryError("role.helper_students_only", name=reader.name)
                await store.set_helper(conn, reader.id, actor.telegram_id, now)
            else:
                await store.clear_helper(conn, reader.id)
            await audit.record(conn, now, actor.telegram_id,
                               "role.grant" if grant else "role.revoke", "reader", reader.id)
            updated = await store.reader_by_id(conn, reader.id)
        assert updated is not None
        return updated

    async def helpers(self, actor: Actor) -> list[ReaderRow]:
        actor.require_librarian()
        async with self.db.read() as conn:
            return await store.helpers(conn)

    async def find(self, actor: Actor, text: str) -> list[ReaderRow]:
        """Staff find a reader by card number or part of the name."""
        actor.require_staff()
        text = text.strip()[:64]
        if not text:
            return []
        async with self.db.read() as conn:
            return await store.find_readers(conn, text)
