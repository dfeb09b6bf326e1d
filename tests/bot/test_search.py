"""Search as a reader types it, through the real Application and the demo catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.testing.scenario import DemoLibrary
from bot.ui.i18n import t

PHOTOS = Path(__file__).resolve().parents[1] / "fixtures" / "photos"
XIYOUJI_CARD = "📖 《西游记》"


@pytest.mark.parametrize(
    "typed",
    ["西游", "xyj", "xi you ji", "XīYóuJì", "7-02-000220-X", "978-7-02-000220-7",
     "ISBN 9787020002207", "西遊記"],
)
async def test_xiyouji_found_every_way_a_child_types_it(demo: DemoLibrary, typed: str) -> None:
    kid = demo.user("newkid")  # not linked: search is open to everyone
    await kid.send(typed)
    assert (kid.last_text or "").startswith(XIYOUJI_CARD), kid.last_text
    assert "ISBN 978-7-02-000220-7" in (kid.last_text or "")
    assert t("zh", "book.on_shelf", on_shelf=2, total=2) in (kid.last_text or "")


@pytest.mark.parametrize("photo", ["xiyouji_isbn.jpg", "xiyouji_isbn_rotated.jpg", "xiyouji_isbn_tilted.jpg"])
async def test_barcode_photo_finds_the_book(demo: DemoLibrary, photo: str) -> None:
    tom = demo.user("tom")
    await tom.send_photo((PHOTOS / photo).read_bytes())
    assert (tom.last_text or "").startswith("📖 西游记")


async def test_photo_without_barcode_gets_a_clear_answer(demo: DemoLibrary) -> None:
    tom = demo.user("tom")
    await tom.send_photo((PHOTOS / "no_barcode.jpg").read_bytes())
    assert tom.last_text == t("en", "error.photo.no_barcode")


async def test_two_character_substring_and_traditional_both_found(demo: DemoLibrary) -> None:
    kid = demo.user("xiaoming")
    await kid.send("楼梦")
    text = kid.last_text or ""
    assert text.startswith(t("zh", "search.header", total=2, page=1, pages=1))
    assert "《红楼梦》" in text and "《紅樓夢》" in text
    assert [label for row in kid.last_reply.keyboard or [] for label, _ in row] == ["1. 红楼梦", "2. 紅樓夢"]
    await kid.press("1. 红楼梦")
    assert (kid.last_text or "").startswith("📖 《红楼梦》")
    await kid.press(t("zh", "card.back"))
    assert (kid.last_text or "").startswith(t("zh", "search.header", total=2, page=1, pages=1))


async def test_paging_edits_the_message_and_stale_pages_are_refused(demo: DemoLibrary) -> None:
    kid = demo.user("xiaoming")
    await kid.send("luxun")
    first = kid.last_reply
    assert "《呐喊》" in (first.text or "")
    await kid.send("x")
    assert "▶" in kid.last_reply.labels
    before = len(kid.replies)
    await kid.press("▶")
    assert len(kid.replies) == before, "paging edits in place"
    assert t("zh", "search.header", total=92, page=2, pages=19).split("（")[0] in (kid.last_text or "")
    await kid.press_data("s:1:5", message=first)
    assert kid.last_answer == t("zh", "error.search.stale")


@pytest.mark.parametrize("nasty", ['"', "*", "-", "AND", "NEAR(", "(", "西游 OR 红楼", '"西游"*', "a" * 300])
async def test_fts_syntax_never_breaks_search(demo: DemoLibrary, nasty: str) -> None:
    kid = demo.user("tom")
    await kid.send(nasty)
    assert kid.last_text
    assert demo.harness.errors == []


async def test_emoji_only_and_one_character(demo: DemoLibrary) -> None:
    kid = demo.user("xiaoming")
    await kid.send("😀🎉")
    assert kid.last_text == t("zh", "search.empty")
    await kid.send("猫")
    assert "《笑猫日记" in (kid.last_text or "")


async def test_very_long_text_is_cut_with_a_note(demo: DemoLibrary) -> None:
    kid = demo.user("xiaoming")
    await kid.send("西游记" + "的" * 5000)
    assert t("zh", "search.truncated") in (kid.last_text or "")


async def test_invalid_isbn_check_digit_is_explained(demo: DemoLibrary) -> None:
    tom = demo.user("tom")
    await tom.send("978-7-02-000220-8")
    assert tom.last_text == t("en", "search.isbn_invalid")


async def test_nothing_found_gives_a_hint(demo: DemoLibrary) -> None:
    tom = demo.user("tom")
    await tom.send("zzzzqqqq")
    assert tom.last_text == t("en", "search.nothing", query="zzzzqqqq")


async def test_reference_book_is_reading_room_only_without_reserve(demo: DemoLibrary) -> None:
    kid = demo.user("xiaoming")
    await kid.send("新华字典")
    assert t("zh", "book.reading_room_only") in (kid.last_text or "")
    assert t("zh", "card.reserve") not in kid.last_reply.labels


async def test_inline_mode_offers_cards_and_pages_by_offset(demo: DemoLibrary) -> None:
    tom = demo.user("tom")
    answer = await tom.inline("西游")
    assert answer is not None
    assert [r["title"] for r in answer.results] == ["西游记"]
    many = await tom.inline("x")
    assert many is not None and len(many.results) == 50 and many.next_offset == "50"
    rest = await tom.inline("x", offset="50")
    assert rest is not None and len(rest.results) == 42 and not rest.next_offset
    ids = {r["id"] for r in many.results} | {r["id"] for r in rest.results}
    assert len(ids) == 92


async def test_search_command_and_new_arrivals(demo: DemoLibrary) -> None:
    tom = demo.user("tom")
    await tom.send("/search")
    assert tom.last_text == t("en", "search.usage")
    await tom.send("/search charlotte")
    assert (tom.last_text or "").startswith("📖 Charlotte's Web")
    await tom.send("/new")
    assert (tom.last_text or "").startswith(t("en", "new.header", page=1, pages=42))
