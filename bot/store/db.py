"""The SQLite connection: WAL, foreign keys, busy timeout, migrations, transactions.

One writer connection guarded by an ``asyncio.Lock`` (every write is ``BEGIN IMMEDIATE`` ...
``COMMIT``, so two coroutines racing for the last copy are serialised and a failure rolls the whole
action back) and one reader connection (WAL lets it read the last committed state while a write is
in progress). SQL lives in ``bot/store`` and nowhere else.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeVar

import aiosqlite

log = logging.getLogger(__name__)
T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
BULK_CACHE_KIB = 128 * 1024  # page cache of the connection that runs an import
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class DatabaseTooNew(RuntimeError):
    """The database was written by a newer Shuxiang than this one."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(
            f"{path}: database schema version {found} is newer than this program knows "
            f"({known}); upgrade Shuxiang or use a backup made by this version"
        )
        self.found = found
        self.known = known


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    """The numbered ``bot/store/migrations/NNNN_name.sql`` files, in order, without gaps."""
    found: list[Migration] = []
    for entry in resources.files("bot.store.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migration {migration.name} is out of sequence (expected {expected:04d})")
    return found


async def _configure(conn: aiosqlite.Connection) -> None:
    conn.row_factory = sqlite3.Row
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA foreign_keys = ON")
    await conn.execute("PRAGMA synchronous = NORMAL")


async def schema_version(conn: aiosqlite.Connection) -> int:
    async with conn.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def migrate(conn: aiosqlite.Connection, path: Path) -> list[str]:
    """Apply every migration newer than ``PRAGMA user_version``, each in its own transaction."""
    migrations = load_migrations()
    current = await schema_version(conn)
    known = migrations[-1].version if migrations else 0
    if current > known:
        raise DatabaseTooNew(path, current, known)
    applied: list[str] = []
    for migration in migrations:
        if migration.version <= current:
            continue
        script = f"BEGIN IMMEDIATE;\n{migration.sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
        try:
            await conn.executescript(script)
        except Exception:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
        log.info("applied migration %s", migration.name)
        applied.append(migration.name)
    return applied


class Database:
    """Owns the two connections. Use ``async with db.write() as conn`` for every change."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def open(self, *, apply_migrations: bool = True) -> list[str]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return await self._open(apply_migrations)
        except BaseException:
            await self.close()  # a connection left open keeps the process alive
            raise

    async def _open(self, apply_migrations: bool) -> list[str]:
        self._writer = await aiosqlite.connect(self.path, isolation_level=None)
        await _configure(self._writer)
        await self._writer.execute("PRAGMA journal_mode = WAL")
        applied: list[str] = []
        if apply_migrations:
            applied = await migrate(self._writer, self.path)
        else:
            found, known = await schema_version(self._writer), len(load_migrations())
            if found > known:
                raise DatabaseTooNew(self.path, found, known)
        self._reader = await aiosqlite.connect(self.path, isolation_level=None)
        await _configure(self._reader)
        await self._reader.execute("PRAGMA query_only = ON")
        return applied

    async def close(self) -> None:
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._reader = self._writer = None

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One transaction (``BEGIN IMMEDIATE``): committed at the end, rolled back on error."""
        if self._writer is None:
            raise RuntimeError("database is not open")
        async with self._lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield self._writer
            except BaseException:
                await self._writer.execute("ROLLBACK")
                raise
            await self._writer.execute("COMMIT")

    async def bulk_write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run synchronous SQL ``work`` as one transaction in a worker thread.

        For imports: hundreds of thousands of statements without a thread hop each (aiosqlite
        costs about 0.1 ms per awaited statement). Serialised with ``write()`` by the same lock;
        a failure rolls everything back.
        """
        if self._writer is None:
            raise RuntimeError("database is not open")
        async with self._lock:
            return await asyncio.to_thread(self._bulk, work)

    def _bulk(self, work: Callable[[sqlite3.Connection], T]) -> T:
        conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            # A big import touches every index page; 2 MB of cache (the default) re-reads them.
            conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result
        finally:
            conn.close()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """A connection that sees the last committed state (no transaction is held)."""
        if self._reader is None:
            raise RuntimeError("database is not open")
        yield self._reader
