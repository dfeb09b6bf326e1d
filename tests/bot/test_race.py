"""Correctness under pressure, through the real Application: 50 desks lend the last copy at the
same moment, 50 readers reserve at the same moment. Each action is one transaction."""

from __future__ import annotations

import asyncio

from bot.domain.actor import Actor
from bot.domain.readers import Category, ReaderRecord
from bot.services.readers import Identity
from bot.store.holds import queue
from bot.testing._chat import Chat
from bot.testing.scenario import DemoLibrary
from bot.ui.i18n import t

N = 50
LAST_COPY = "A0000123"  # 孟子: the only copy
MENGZI_ISBN = "9787101842753"


async def linked_readers(demo: DemoLibrary, *, helpers: bool) -> list[Chat]:
    """N new students, each linked to a Telegram account (and made a helper if asked)."""
    library, system = demo.library, Actor.system()
    cards = [f"R{i:03d}" for i in range(N)]
    await library.readers.import_readers(
        system, [ReaderRecord(card, f"读者{card}", Category.STUDENT, 4, "4R") for card in cards])
    issued = await library.readers.issue_codes(system, cards=cards)
    chats = []
    for i, code in enumerate(issued):
        who = Identity(7000 + i, f"R{i:03d}", None, "zh-hans")
        await library.readers.redeem(who, code.code)
        if helpers:
            await library.readers.set_helper(system, code.reader.card_number, grant=True)
        chats.append(demo.harness.chat(who.telegram_id, who.first_name, language_code="zh-hans"))
    return chats


async def test_fifty_desks_lend_the_last_copy_and_exactly_one_wins(demo: DemoLibrary) -> None:
    desks = await linked_readers(demo, helpers=True)
    # Each desk serves the next helper (a helper may not lend to himself): all 50
    # conversations are open at once.
    await asyncio.gather(*(desk.send(f"/lend R{(i + 1) % N:03d}") for i, desk in enumerate(desks)))
    replies = await asyncio.gather(*(desk.send(LAST_COPY) for desk in desks))
    texts = [reply[-1].text or "" for reply in replies]
    winners = [i for i, text in enumerate(texts) if text.startswith("✔")]
    assert len(winners) == 1, texts
    borrower = f"读者R{(winners[0] + 1) % N:03d} 4R"
    refusal = t("zh", "error.item.on_loan", borrower=borrower)
    assert all(text.endswith(refusal) for i, text in enumerate(texts) if i != winners[0]), texts
    async with demo.library.db.read() as conn, conn.execute(
        "SELECT count(*) FROM loans l JOIN copies c ON c.id = l.copy_id"
        " WHERE c.barcode = ? AND l.returned_at IS NULL", (LAST_COPY,)) as cur:
        row = await cur.fetchone()
    assert row is not None and row[0] == 1


async def test_fifty_readers_reserve_at_once_and_queue_in_arrival_order(demo: DemoLibrary) -> None:
    readers = await linked_readers(demo, helpers=False)
    librarian = demo.user("librarian")
    await librarian.send("/lend S3A01")
    await librarian.send(LAST_COPY)
    hit = await demo.library.catalog.by_isbn(Actor.system(), MENGZI_ISBN)
    assert hit is not None
    await asyncio.gather(*(reader.send("/mybooks") for reader in readers))
    replies = await asyncio.gather(*(reader.press_data(f"hold:place:{hit.id}") for reader in readers))
    positions = {t("zh", "hold.placed", title="孟子", position=p): p for p in range(1, N + 1)}
    # telegram id -> the position the reader was told
    told = {reader.user_id: positions[reply[-1].text or ""]
            for reader, reply in zip(readers, replies, strict=True)}
    assert sorted(told.values()) == list(range(1, N + 1))
    async with demo.library.db.read() as conn:
        line = await queue(conn, hit.id)
    order = [int(h.reader_name.removeprefix("读者R")) + 7000 for h in line]  # arrival order
    assert [told[telegram_id] for telegram_id in order] == list(range(1, N + 1))
    await librarian.send(f"/return {LAST_COPY}")
    first = next(r for r in readers if told[r.user_id] == 1)
    await first.send("/mybooks")
    assert (first.last_text or "").startswith(t("zh", "mybooks.ready_header"))
