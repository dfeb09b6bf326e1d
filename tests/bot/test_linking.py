"""Linking a Telegram account to a reader with a one-time code, through the real Application."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.domain.actor import Actor
from bot.domain.readers import Category, ReaderRecord
from bot.testing.scenario import DemoLibrary
from bot.ui.i18n import t

CODE = re.compile(r"：([A-Z2-9]{8})\n|: ([A-Z2-9]{8})\n")


async def add_reader(demo: DemoLibrary, card: str = "S4A09", name: str = "测试同学") -> None:
    await demo.library.readers.import_readers(
        Actor.system(), [ReaderRecord(card, name, Category.STUDENT, 4, "4A")]
    )


async def code_from_librarian(demo: DemoLibrary, card: str) -> str:
    librarian = demo.user("librarian")
    replies = await librarian.send(f"/codes {card}")
    text = replies[-1].text or ""
    match = CODE.search(text)
    assert match, text
    assert f"https://t.me/{demo.api.username}?start=" in text
    return match.group(1) or match.group(2)


async def test_guest_can_search_but_is_told_how_to_link(demo: DemoLibrary) -> None:
    guest = demo.user("newkid")
    await guest.send("/start")
    assert guest.last_text == t("zh", "start.welcome_guest", school="书香小学")
    await guest.send("/help")
    assert t("zh", "help.not_linked") in (guest.last_text or "")
    assert "/codes" not in (guest.last_text or "")


async def test_deep_link_code_links_once_and_only_once(demo: DemoLibrary) -> None:
    await add_reader(demo)
    code = await code_from_librarian(demo, "S4A09")
    kid = demo.user("kid")
    await kid.send(f"/start {code}")
    assert kid.last_text == t("zh", "link.done", name="测试同学")
    await kid.send("/help")
    assert t("zh", "help.not_linked") not in (kid.last_text or "")

    other = demo.user("other")
    await other.send(f"/start {code}")
    assert other.last_text == t("zh", "error.link.code_used")
    await other.send("/help")
    assert t("zh", "help.not_linked") in (other.last_text or "")


async def test_code_typed_after_link_lowercase_with_spaces(demo: DemoLibrary) -> None:
    await add_reader(demo)
    code = await code_from_librarian(demo, "S4A09")
    kid = demo.user("kid")
    await kid.send("/link")
    assert kid.last_text == t("zh", "link.ask")
    await kid.send(f"{code[:4].lower()} {code[4:].lower()}")
    assert kid.last_text == t("zh", "link.done", name="测试同学")


async def test_expired_code_is_refused(demo: DemoLibrary) -> None:
    await add_reader(demo)
    code = await code_from_librarian(demo, "S4A09")
    await demo.harness.advance(timedelta(days=31))
    kid = demo.user("kid")
    await kid.send(f"/link {code}")
    assert kid.last_text == t("zh", "error.link.code_expired")


async def test_new_code_replaces_the_old_one_and_relinks(demo: DemoLibrary) -> None:
    first = await code_from_librarian(demo, "S3A01")
    second = await code_from_librarian(demo, "S3A01")
    new_phone = demo.user("xiaoming_new_phone")
    await new_phone.send(f"/link {first}")
    assert new_phone.last_text == t("zh", "error.link.code_replaced")
    await new_phone.send(f"/link {second}")
    assert new_phone.last_text == t("zh", "link.done", name="小明")
    old_phone = demo.user("xiaoming")
    await old_phone.send("/help")
    assert t("zh", "help.not_linked") in (old_phone.last_text or "")


async def test_sixth_wrong_guess_waits_even_with_a_right_code(demo: DemoLibrary) -> None:
    await add_reader(demo)
    code = await code_from_librarian(demo, "S4A09")
    guesser = demo.user("guesser")
    for _ in range(5):
        await guesser.send("/link ABCDEFGH")
        assert guesser.last_text == t("zh", "error.link.code_unknown")
    await guesser.send(f"/link {code}")
    assert guesser.last_text == t("zh", "error.link.too_many_attempts", minutes=60)
    await demo.harness.advance(timedelta(minutes=61))
    await guesser.send(f"/link {code}")
    assert guesser.last_text == t("zh", "link.done", name="测试同学")


async def test_one_account_one_reader(demo: DemoLibrary) -> None:
    await add_reader(demo)
    code = await code_from_librarian(demo, "S4A09")
    tom = demo.user("tom")
    await tom.send(f"/link {code}")
    assert tom.last_text == t("en", "error.link.account_taken")


async def test_readers_cannot_use_librarian_commands(demo: DemoLibrary) -> None:
    xiaoming = demo.user("xiaoming")
    await xiaoming.send("/codes 3A")
    assert xiaoming.last_text == t("zh", "error.auth.librarian_only")
    wang = demo.user("wang")  # a student helper: desk work, not rights
    await wang.send("/helper add S3A02")
    assert wang.last_text == t("zh", "error.auth.librarian_only")


async def test_class_codes_list_every_reader_of_the_class(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    replies = await librarian.send("/codes 3A")
    text = "\n".join(r.text or "" for r in replies)
    assert "小明（S3A01）" in text and "小红（S3A02）" in text
    assert "Tom" not in text


async def test_librarian_grants_and_revokes_a_helper_with_menus(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    await librarian.send("/helper add S3A02")
    assert librarian.last_text == t("zh", "helper.granted", name="小红", card="S3A02")
    scope = '{"chat_id": 1002, "type": "chat"}'
    assert any(key[0].replace(" ", "") == scope.replace(" ", "") for key in demo.api.commands)
    await librarian.send("/helper remove S3A02")
    assert librarian.last_text == t("zh", "helper.revoked", name="小红", card="S3A02")
    assert not any(key[0].replace(" ", "") == scope.replace(" ", "") for key in demo.api.commands)
