"""Issue 9's privacy and integrity guards through the real Application: a child's record never
lands in a group chat, an edited message never acts twice, odd input gets a polite answer."""

from __future__ import annotations

from typing import Any

import pytest

from bot.testing.harness import SentMessage
from bot.testing.scenario import DemoLibrary
from bot.ui.i18n import t

GROUP = -100123  # a class group with the bot in it


async def in_group(demo: DemoLibrary, handle: str, text: str) -> list[SentMessage]:
    """``handle`` posts ``text`` (a command when it starts with /) in the class group."""
    user = demo.user(handle)
    api = demo.api
    message: dict[str, Any] = {
        "message_id": api.next_message_id(GROUP), "date": demo.harness.now_ts(),
        "chat": api.chat_json(GROUP), "from": dict(user.user), "text": text,
    }
    if text.startswith("/"):
        length = len(text.split(maxsplit=1)[0].encode("utf-16-le")) // 2
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return await demo.harness.process({"message": message}, GROUP)


async def press_in_group(demo: DemoLibrary, handle: str, message: SentMessage, data: str) -> None:
    user = demo.user(handle)
    query_id = f"g{demo.harness.next_update_id()}"
    demo.api.note_query(query_id, user.user_id)
    await demo.harness.process({"callback_query": {
        "id": query_id, "from": dict(user.user), "chat_instance": "group", "data": data,
        "message": message.raw}}, GROUP)


PERSONAL_OR_STAFF = ["/mybooks", "/history", "/settings", "/link ABCDEFGH", "/start",
                     "/patron S3A02", "/lend S3A02", "/return A0000101", "/renew A0000101",
                     "/item A0000101", "/status A0000101 lost", "/closed", "/codes 3A",
                     "/helper", "/done", "/cancel", "/nonsense"]


@pytest.mark.parametrize("command", PERSONAL_OR_STAFF)
async def test_personal_and_staff_commands_answer_only_privately(
        demo: DemoLibrary, command: str) -> None:
    librarian = demo.user("librarian")
    await librarian.send("/lend S3A02")
    await librarian.send("A0000101")  # 小红 borrows 西游记
    await librarian.send("/done")
    handle = "xiaohong" if command in ("/mybooks", "/history", "/settings") else "librarian"
    replies = await in_group(demo, handle, command)
    assert [r.text for r in replies] == [t("zh", "guard.write_privately")]
    assert "西游记" not in (replies[0].text or "") and "小红" not in (replies[0].text or "")
    # Nothing happened: the loan is still open.
    await librarian.send("/item A0000101")
    assert "小红" in (librarian.last_text or "")


async def test_a_group_may_search_and_open_cards_but_not_reserve(demo: DemoLibrary) -> None:
    replies = await in_group(demo, "xiaoming", "/search 西游记")
    assert replies and "西游记" in (replies[-1].text or "")
    card = replies[-1]
    assert t("zh", "card.reserve") not in [label for row in card.keyboard or [] for label, _ in row]
    await press_in_group(demo, "xiaoming", card, "hold:place:1")
    assert demo.user("xiaoming").last_answer == t("zh", "guard.private_only")
    await demo.user("xiaoming").send("/mybooks")
    assert demo.user("xiaoming").last_text == t("zh", "mybooks.empty")


async def test_an_edited_return_or_lend_is_not_executed_again(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    await librarian.send("/lend S3A01")
    await librarian.send("A0000101")
    await librarian.send("/done")
    await librarian.send("/return A0000101")
    old_return = librarian.sent[-1]
    await librarian.send("/lend S3A02")
    await librarian.send("A0000101")  # 小红 borrows the same copy
    await librarian.send("/done")
    edited = dict(old_return, edit_date=demo.harness.now_ts())
    replies = await demo.harness.process({"edited_message": edited}, librarian.chat_id)
    assert [r.text for r in replies] == [t("zh", "guard.edit_ignored")]
    await librarian.send("/item A0000101")
    assert "小红" in (librarian.last_text or "")  # still on loan to her


async def test_inline_answers_are_personal_and_odd_offsets_start_again(demo: DemoLibrary) -> None:
    tom = demo.user("tom")
    for offset in ("", "²", "99999999999999999999999", "-5"):
        answer = await tom.inline("西游", offset=offset)
        assert answer is not None and answer.results
    call = demo.api.calls_to("answerInlineQuery")[-1]
    assert call.params.get("is_personal") in (True, "true", "True")
    assert demo.harness.errors == []


async def test_odd_prices_and_far_dates_get_the_usage_or_a_reason(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    for price in ("NaN", "Infinity", "-1", "1e30"):
        await librarian.send(f"/status A0000101 lost {price}")
        assert librarian.last_text == t("zh", "status.usage")
    await librarian.send("/closed 9999-12-31")
    assert (librarian.last_text or "").startswith("9999")  # closed.too_far names the day
    assert "两年" in (librarian.last_text or "")


async def test_invisible_characters_do_not_split_a_query(demo: DemoLibrary) -> None:
    xiaoming = demo.user("xiaoming")
    await xiaoming.send("西游")
    plain = xiaoming.last_text
    await xiaoming.send("西\u200b游")
    assert xiaoming.last_text == plain
    await xiaoming.send("西游\ud800")  # a lone surrogate from a broken client
    assert xiaoming.last_text == plain


async def test_searching_after_link_leaves_code_entry_and_does_not_lock_linking(
        demo: DemoLibrary) -> None:
    guest = demo.user("newcomer")
    await guest.send("/link")
    assert guest.last_text == t(demo.new_user_language, "link.ask")
    for _ in range(6):
        await guest.send("西游记")
    assert "西游记" in (guest.last_text or "")
    await guest.send("/link ZZZZZZZZ")  # code-shaped but wrong: still counted, not locked yet
    assert guest.last_text == t(demo.new_user_language, "error.link.code_unknown")


async def _audit(demo: DemoLibrary, action: str) -> list[dict[str, Any]]:
    from bot.store import audit

    async with demo.library.db.read() as conn:
        return await audit.entries(conn, action)


async def test_staff_look_ups_of_a_childs_record_are_audited(demo: DemoLibrary) -> None:
    librarian, wang = demo.user("librarian"), demo.user("wang")
    await librarian.send("/lend S3A02")  # the reader step shows her loans: a look-up
    await librarian.send("A0000101")
    await librarian.send("/done")
    await wang.send("/patron S3A02")
    await librarian.send("/item A0000101")  # names the borrower
    views = await _audit(demo, "reader.view")
    assert [(v["actor"], v["details"]["history"]) for v in views] == [
        (librarian.user_id, True), (wang.user_id, False)]
    assert len({v["object_id"] for v in views}) == 1  # both about 小红
    copies = await _audit(demo, "copy.view")
    assert [c["actor"] for c in copies] == [librarian.user_id]
    assert copies[0]["details"]["readers"] == [int(views[0]["object_id"])]


async def test_a_helper_cannot_lend_to_himself(demo: DemoLibrary) -> None:
    wang = demo.user("wang")
    await wang.send("/lend S6A01")
    await wang.send("A0000101")
    assert wang.last_text == t("zh", "desk.refused", barcode="A0000101",
                               reason=t("zh", "error.loan.self_service"))
    librarian = demo.user("librarian")
    await librarian.send("/lend L001")  # the librarian may
    await librarian.send("A0000101")
    assert "A0000101" in (librarian.last_text or "") and "西游记" in (librarian.last_text or "")
