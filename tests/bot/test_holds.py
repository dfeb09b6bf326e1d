"""Reservations through the real Application: the 预约 button, positions, the hold shelf in
/mybooks, cancel, "I'll come and get it", and the expiry job on the JobQueue."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.actor import Actor
from bot.store import outbox
from bot.testing.scenario import DemoLibrary
from bot.ui.format import fmt_day
from bot.ui.i18n import t

from .test_mybooks import lend


async def title_id(demo: DemoLibrary, isbn: str) -> int:
    hit = await demo.library.catalog.by_isbn(Actor.system(), isbn)
    assert hit is not None
    return hit.id


async def test_reserve_from_the_card_queue_and_hold_shelf(demo: DemoLibrary) -> None:
    librarian = await lend(demo, "S3A01", "A0000101")
    await lend(demo, "T001", "A0000102")
    xiaohong, tom = demo.user("xiaohong"), demo.user("tom")
    await xiaohong.send("西游记")  # the book card: every copy is out, so it can be reserved
    await xiaohong.press(t("zh", "card.reserve"))
    assert xiaohong.last_text == t("zh", "hold.placed", title="西游记", position=1)
    xiyouji = await title_id(demo, "9787020002207")
    await tom.send("/mybooks")
    await tom.press_data(f"hold:place:{xiyouji}")
    assert tom.last_text == t("en", "hold.placed", title="西游记", position=2)
    await tom.press_data(f"hold:place:{xiyouji}")
    assert tom.last_answer == t("en", "error.hold.duplicate")
    xiaoming = demo.user("xiaoming")
    await xiaoming.send("/mybooks")
    await xiaoming.press("续借")
    assert xiaoming.last_answer == t("zh", "error.renew.hold_waiting", waiting=2)

    await demo.harness.advance(timedelta(days=3))  # Thursday 5 March
    await librarian.send("/return A0000101")
    pickup = fmt_day("zh", date(2026, 3, 10))
    assert (librarian.last_text or "").split("\n")[1] == t(
        "zh", "desk.trapped", name="小红", class_name="3A", pickup_by=pickup)
    await xiaohong.send("/mybooks")
    # Students are served at the desk 11:30-12:30 ([calendar.desk_hours] of the demo).
    desk = t("zh", "mybooks.desk_hours", periods="11:30–12:30")
    assert xiaohong.last_text == "\n".join([t("zh", "mybooks.ready_header"), t(
        "zh", "mybooks.ready_line", title="西游记", pickup_by=pickup), desk])
    await xiaohong.press("我会来取")
    assert xiaohong.last_answer == t("zh", "hold.coming", title="西游记", pickup_by=pickup)
    assert xiaohong.last_text == "\n".join([t("zh", "mybooks.ready_header"), t(
        "zh", "mybooks.ready_line_coming", title="西游记", pickup_by=pickup), desk])
    await tom.send("/mybooks")
    assert t("en", "mybooks.hold_line", title="西游记", position=1) in (tom.last_text or "")


async def test_the_job_passes_an_uncollected_copy_to_the_next_reader(demo: DemoLibrary) -> None:
    librarian = await lend(demo, "S3A01", "A0000103")  # 三国演义: three copies
    await lend(demo, "S3A02", "A0000104", "A0000105")
    sanguo = await title_id(demo, "9787020008728")
    tom, laoshi = demo.user("tom"), demo.user("laoshi_li")
    await tom.send("/mybooks")
    await laoshi.send("/mybooks")
    await tom.press_data(f"hold:place:{sanguo}")
    await laoshi.press_data(f"hold:place:{sanguo}")
    await librarian.send("/return A0000103")  # Monday: kept for Tom until Thursday 5 March
    await demo.harness.advance(timedelta(days=3, hours=10))  # Thursday 20:00: still his
    await tom.send("/mybooks")
    assert t("en", "mybooks.ready_header") in (tom.last_text or "")
    await demo.harness.advance(timedelta(hours=6))  # Friday 02:00: the hourly scan has run
    await tom.send("/mybooks")
    assert tom.last_text == t("en", "mybooks.empty")
    await laoshi.send("/mybooks")
    assert t("zh", "mybooks.ready_line", title="三国演义",
             pickup_by=fmt_day("zh", date(2026, 3, 11))) in (laoshi.last_text or "")
    # Teachers are served all day ([calendar.desk_hours] teacher = ["all day"]).
    assert (laoshi.last_text or "").endswith(t("zh", "mybooks.desk_all_day"))
    async with demo.library.db.read() as conn:
        notices = [(n["kind"], n["payload"]["title"], n["not_before"])
                   for n in await outbox.pending(conn)]
    # The scan ran after midnight: the notices wait for the end of the quiet hours, 07:00.
    assert notices == [("notify.hold_ready", "三国演义", "2026-03-02T02:00:00Z"),
                       ("notify.hold_expired", "三国演义", "2026-03-05T23:00:00Z"),
                       ("notify.hold_ready", "三国演义", "2026-03-05T23:00:00Z")]


async def test_cancel_and_stale_cancel(demo: DemoLibrary) -> None:
    await lend(demo, "S3A01", "A0000106", "A0000107", "A0000109")  # 水浒传: every copy
    xiaohong = demo.user("xiaohong")
    await xiaohong.send("/mybooks")
    await xiaohong.press_data(f"hold:place:{await title_id(demo, '9787028850527')}")
    placed = xiaohong.last_reply
    await xiaohong.press(t("zh", "hold.cancel_button"))
    assert xiaohong.last_answer == t("zh", "hold.cancelled", title="水浒传")
    assert placed.text == t("zh", "mybooks.empty")  # the message now shows their books
    assert placed.labels == [t("zh", "mybooks.history_button")]  # no Cancel button left
    await xiaohong.press_data("hold:cancel:1")
    assert xiaohong.last_answer == t("zh", "error.hold.not_active", title="水浒传",
                                     status=t("zh", "hold_status.cancelled"))
    await demo.user("tom").send("/mybooks")
    await demo.user("tom").press_data("hold:cancel:1")
    assert demo.user("tom").last_answer == t("en", "error.hold.not_yours")


async def test_reserving_a_book_on_the_shelf_is_refused(demo: DemoLibrary) -> None:
    xiaohong = demo.user("xiaohong")
    await xiaohong.press_data(f"hold:place:{await title_id(demo, '9787020002207')}")
    assert xiaohong.last_answer == t("zh", "error.hold.copy_available", copies=2)
    guest = demo.user("guest")
    await guest.press_data(f"hold:place:{await title_id(demo, '9787020002207')}")
    assert guest.last_answer == t("zh", "error.auth.not_linked")
