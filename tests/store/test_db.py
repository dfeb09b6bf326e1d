"""The database: pragmas, migrations in one transaction, refusing a newer schema, rollback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.store.db import Database, DatabaseTooNew, load_migrations


async def test_pragmas_and_migrations(tmp_path: Path) -> None:
    db = Database(tmp_path / "lib.db")
    applied = await db.open()
    assert applied == [m.name for m in load_migrations()]
    async with db.read() as conn:
        async with conn.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"
        async with conn.execute("PRAGMA foreign_keys") as cur:
            assert (await cur.fetchone())[0] == 1
        async with conn.execute("PRAGMA user_version") as cur:
            assert (await cur.fetchone())[0] == len(applied)
    await db.close()
    again = Database(tmp_path / "lib.db")
    assert await again.open() == []
    await again.close()


async def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    with pytest.raises(DatabaseTooNew, match="newer than this program knows"):
        await Database(path).open()


async def test_write_rolls_back_on_error(tmp_path: Path) -> None:
    async with Database(tmp_path / "lib.db") as db:
        with pytest.raises(RuntimeError):
            async with db.write() as conn:
                await conn.execute(
                    "INSERT INTO readers (card_number, name, category, created_at, updated_at)"
                    " VALUES ('X1', 'x', 'student', 'now', 'now')"
                )
                raise RuntimeError("boom")
        async with db.read() as conn, conn.execute("SELECT count(*) FROM readers") as cur:
            assert (await cur.fetchone())[0] == 0


async def test_failed_migration_leaves_no_trace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.store import db as dbmod

    good = load_migrations()
    broken = [*good, dbmod.Migration(len(good) + 1, "broken.sql", "CREATE TABLE t (x); SELECT nope FROM nowhere;")]
    monkeypatch.setattr(dbmod, "load_migrations", lambda: broken)
    with pytest.raises(sqlite3.OperationalError):
        await Database(tmp_path / "lib.db").open()
    with sqlite3.connect(tmp_path / "lib.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(good)
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 't'").fetchone()[0] == 0


async def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    async with Database(tmp_path / "lib.db") as db:
        with pytest.raises(sqlite3.IntegrityError):
            async with db.write() as conn:
                await conn.execute(
                    "INSERT INTO reader_roles (reader_id, role, granted_by, granted_at)"
                    " VALUES (12345, 'helper', 1, 'now')"
                )
