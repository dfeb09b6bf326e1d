"""CatalogService: search the way a child types, ranking, paging, book cards, rights."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import FakeClock
from bot.domain.actor import Actor
from bot.domain.catalog import CopyRecord, ItemType, TitleRecord
from bot.domain.readers import Role
from bot.errors import LibraryError
from bot.services.catalog import CatalogService
from bot.store import search
from bot.store.db import Database

READER = Actor(telegram_id=42)  # not even linked: search is open to everyone
LIBRARIAN = Actor(telegram_id=1, role=Role.LIBRARIAN)


def _copies(prefix: str, n: int, item_type: ItemType = ItemType.BOOK) -> tuple[CopyRecord, ...]:
    return tuple(CopyRecord(f"{prefix}{i}", item_type=item_type) for i in range(n))


BOOKS = [
    TitleRecord("西游记", "9787020008735", authors=("吴承恩",), copies=_copies("XYJ", 2)),
    TitleRecord("红楼梦", authors=("曹雪芹",), copies=_copies("HLM", 1)),
    TitleRecord("紅樓夢魘", authors=("張愛玲",), copies=_copies("HLMY", 1)),
    TitleRecord("呐喊", authors=("鲁迅",), copies=_copies("NH", 1)),
    TitleRecord("朝花夕拾", authors=("鲁迅",), copies=_copies("ZHXS", 1)),
    TitleRecord("曾国藩家书", authors=("曾国藩",), copies=_copies("ZG", 1)),
    TitleRecord("Charlotte's Web", "9780064400558", authors=("E. B. White",), copies=_copies("CW", 1)),
    TitleRecord("新华字典", authors=("中国社会科学院语言研究所",),
                copies=_copies("ZD", 2, ItemType.REFERENCE)),
]


@pytest.fixture
async def svc(tmp_path: Path) -> AsyncIterator[CatalogService]:
    async with Database(tmp_path / "lib.db") as db:
        service = CatalogService(db, FakeClock())
        await service.import_titles(Actor.system(), BOOKS)
        yield service


async def _titles(svc: CatalogService, text: str, limit: int = 50) -> list[str]:
    return [h.title for h in (await svc.search(READER, text, 0, limit)).hits]


@pytest.mark.parametrize("text", ["西游", "游记", "西游记", "xyj", "xi you ji", "xiyouji", "XīYóuJì",
                                  "xiyou", "XYJ", "7-02-000873-9", "978-7-02-000873-5",
                                  "ISBN 9787020008735", "西遊記", "wuchengen"])
async def test_xiyouji_is_found_by(svc: CatalogService, text: str) -> None:
    assert "西游记" in await _titles(svc, text)


async def test_substrings_traditional_surnames_english(svc: CatalogService) -> None:
    assert await _titles(svc, "楼梦") == ["红楼梦", "紅樓夢魘"]
    assert await _titles(svc, "红楼梦魇") == ["紅樓夢魘"]  # simplified finds traditional
    assert await _titles(svc, "紅樓夢") == ["红楼梦", "紅樓夢魘"]  # and the other way round
    assert await _titles(svc, "zeng") == ["曾国藩家书"]
    assert await _titles(svc, "charl") == ["Charlotte's Web"]
    assert await _titles(svc, "CHARLOTTE'S WEB") == ["Charlotte's Web"]
    assert set(await _titles(svc, "luxun")) == {"呐喊", "朝花夕拾"}
    assert set(await _titles(svc, "鲁迅")) == {"呐喊", "朝花夕拾"}


async def test_isbn_routes_to_the_title(svc: CatalogService) -> None:
    result = await svc.search(READER, "0-06-440055-7")
    assert result.query.kind == "isbn" and [h.title for h in result.hits] == ["Charlotte's Web"]
    assert result.hits[0].isbn == "978-0-06-440055-8"
    bad = await svc.search(READER, "978-7-02-000873-6")
    assert bad.query.kind == "isbn_invalid" and bad.total == 0
    hit = await svc.by_isbn(READER, "7020008739")
    assert hit is not None and hit.title == "西游记"
    with pytest.raises(LibraryError) as err:
        await svc.by_isbn(READER, "hello")
    assert err.value.code == "isbn.invalid"


NASTY = ['"', '""', "*", "-", "AND", "OR", "NOT", "NEAR(", "NEAR(西游 记, 2)", "(", ")", "西游*",
         '"西游" OR 红', "tb : 西", "{tb ab}: x", "^西", "", " ", "x", "西", "😀", "👨‍👩‍👧", "\x00",
         "a" * 5000, "西" * 5000, "' OR 1=1 --", "%", "_", "\\", "西游记" * 100]


@pytest.mark.parametrize("text", NASTY)
async def test_nothing_a_reader_types_breaks_it(svc: CatalogService, text: str) -> None:
    result = await svc.search(READER, text)
    assert result.total >= len(result.hits) and len(result.hits) <= 5
    inline = await svc.inline_search(READER, text, 0, 500)
    assert len(inline.hits) <= 50


async def test_long_query_is_cut_and_flagged(svc: CatalogService) -> None:
    result = await svc.search(READER, "西" * 5000)
    assert result.query.truncated and len(result.query.text) == 256
    assert (await svc.search(READER, "西游" + " " * 4000 + "记")).query.truncated


async def test_ranking_exact_prefix_substring_author_then_copies(tmp_path: Path) -> None:
    books = [
        TitleRecord("我和小王子", authors=("甲",), copies=_copies("S", 9)),  # substring
        TitleRecord("别的书", authors=("小王子",), copies=_copies("A", 9)),  # author
        TitleRecord("小王子第一部", authors=("乙",), copies=_copies("P1", 1)),  # prefix, 1 copy
        TitleRecord("小王子第二部", authors=("丙",), copies=_copies("P2", 3)),  # prefix, 3 copies
        TitleRecord("小王子", authors=("圣埃克苏佩里",), copies=()),  # exact, none on shelf
    ]
    async with Database(tmp_path / "lib.db") as db:
        svc = CatalogService(db, FakeClock())
        await svc.import_titles(LIBRARIAN, books)
        expected = ["小王子", "小王子第二部", "小王子第一部", "我和小王子", "别的书"]
        assert await _titles(svc, "小王子") == expected
        page2 = await svc.search(READER, "小王子", offset=2, limit=2)
        assert [h.title for h in page2.hits] == expected[2:4] and page2.total == 5
        assert (await svc.search(READER, "小王子", offset=10)).hits == []


async def test_unselective_queries_rank_the_same_way(svc: CatalogService, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = [TitleRecord(f"小书{i}号", authors=(f"小{i}",), copies=_copies(f"E{i}-", i % 4))
             for i in range(30)]
    await svc.import_titles(LIBRARIAN, extra)
    for text in ["小", "书", "xiao", "x", "e", "小书1", "号"]:
        exact = [await svc.search(READER, text, off, 7) for off in range(0, 42, 7)]
        assert all(r.total_exact for r in exact)
        for rank_max in (3, 12):  # every large tier walked; some ranked, some walked
            monkeypatch.setattr(search, "CAP", 3)
            monkeypatch.setattr(search, "RANK_MAX", rank_max)
            walked = [await svc.search(READER, text, off, 7) for off in range(0, 42, 7)]
            monkeypatch.undo()
            assert [[h.id for h in r.hits] for r in walked] == [[h.id for h in r.hits] for r in exact]
            assert all(w.total <= e.total for w, e in zip(walked, exact, strict=True))


async def test_book_card_and_hits_carry_availability(svc: CatalogService) -> None:
    [hit] = (await svc.search(READER, "西游记")).hits
    assert (hit.availability.total, hit.availability.on_shelf) == (2, 2)
    assert hit.item_types == (ItemType.BOOK,) and hit.authors == ("吴承恩",)
    card = await svc.book_card(READER, hit.id)
    assert card.isbn == "978-7-02-000873-5" and not card.reference_only
    assert [c.barcode for c in card.copies] == ["XYJ0", "XYJ1"]
    [dictionary] = (await svc.search(READER, "字典")).hits
    assert (await svc.book_card(READER, dictionary.id)).reference_only
    with pytest.raises(LibraryError) as err:
        await svc.book_card(READER, 9999)
    assert err.value.code == "catalog.title_not_found"


async def test_new_arrivals_and_import_rights(svc: CatalogService) -> None:
    page = await svc.new_arrivals(READER, 0, 3)
    assert page.total == len(BOOKS) and len(page.hits) == 3
    with pytest.raises(LibraryError) as err:
        await svc.import_titles(READER, BOOKS)
    assert err.value.code == "auth.librarian_only"
    stats = await svc.import_titles(LIBRARIAN, BOOKS)
    assert stats.unchanged == len(BOOKS) and stats.titles_added == 0


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(_HAN, min_size=1, max_size=12), min_size=1, max_size=8), st.data())
def test_any_substring_of_a_title_finds_it(titles: list[str], data: st.DataObject) -> None:
    picks = []
    for title in titles:
        start = data.draw(st.integers(0, len(title) - 1))
        end = data.draw(st.integers(start + 1, len(title)))
        picks.append((title, title[start:end]))

    async def check() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            async with Database(Path(tmp) / "lib.db") as db:
                svc = CatalogService(db, FakeClock())
                records = [TitleRecord(t, authors=(f"作者{i}",)) for i, t in enumerate(titles)]
                await svc.import_titles(Actor.system(), records)
                for title, sub in picks:
                    found = await svc.search(READER, sub, 0, 50)
                    assert title in [h.title for h in found.hits], (title, sub)

    asyncio.run(check())
