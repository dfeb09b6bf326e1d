"""/mybooks as a reader sees it: loans with due dates, Renew and Renew all, stale and forged
buttons."""

from __future__ import annotations

from datetime import date, timedelta

from bot.errors import LibraryError
from bot.services.circulation import HISTORY_LIMIT
from bot.testing._chat import Chat
from bot.testing.scenario import DemoLibrary
from bot.ui.format import fmt_day
from bot.ui.i18n import t
from bot.ui.refusals import refusal


async def lend(demo: DemoLibrary, card: str, *barcodes: str) -> Chat:
    librarian = demo.user("librarian")
    await librarian.send(f"/lend {card}")
    await librarian.send(" ".join(barcodes))
    assert all(line.startswith("✔") for line in (librarian.last_text or "").split("\n"))
    await librarian.send("/done")
    return librarian


def loan_ids(chat: Chat) -> list[int]:
    return [int(data.rsplit(":", 1)[1]) for row in chat.last_reply.keyboard or []
            for _, data in row if data and data.startswith("loan:renew:")]


async def test_english_reader_renews_once_then_hears_why_not(demo: DemoLibrary) -> None:
    await lend(demo, "S5B01", "A0000106")
    tom = demo.user("tom")
    await tom.send("/mybooks")
    due = fmt_day("en", date(2026, 3, 16))
    assert tom.last_text == "\n".join([t("en", "mybooks.loans_header", count=1),
                                       t("en", "mybooks.loan_line", title="水浒传", due=due)])
    assert tom.last_reply.labels == [t("en", "mybooks.renew_button", title="水浒传"),
                                     t("en", "mybooks.history_button")]
    await demo.harness.advance(timedelta(days=10))
    listing = tom.last_reply
    await tom.press("Renew")
    new_due = fmt_day("en", date(2026, 3, 26))
    assert tom.last_answer == t("en", "mybooks.renewed", title="水浒传", due=new_due)
    assert listing.edit_count == 1 and new_due in (listing.text or "")
    await tom.press("Renew")
    assert tom.last_answer == refusal("en", LibraryError("renew.max_reached", max=1))


async def test_overdue_is_marked_and_blocks_renewal(demo: DemoLibrary) -> None:
    await lend(demo, "S3A01", "A0000101")
    await demo.harness.advance(timedelta(days=18))  # Friday 20 March
    xiaoming = demo.user("xiaoming")
    await xiaoming.send("/mybooks")
    assert t("zh", "mybooks.loan_line_overdue", title="西游记",
             due=fmt_day("zh", date(2026, 3, 16)), days=4) in (xiaoming.last_text or "")
    await xiaoming.press("续借")
    assert xiaoming.last_answer == refusal(
        "zh", LibraryError("renew.overdue", due_date=date(2026, 3, 16)))


async def test_renew_all_reports_each_book(demo: DemoLibrary) -> None:
    await lend(demo, "S3A01", "A0000101")
    await demo.harness.advance(timedelta(days=10))
    await lend(demo, "S3A01", "A0000103")
    xiaoming = demo.user("xiaoming")
    await xiaoming.send("/mybooks")
    await xiaoming.press(t("zh", "mybooks.renew_all_button"))
    new_due = fmt_day("zh", date(2026, 3, 26))
    refused = refusal("zh", LibraryError("renew.not_extended", due_date=date(2026, 3, 26),
                                         reason="too_early"))
    assert (xiaoming.last_text or "").split("\n") == [
        t("zh", "mybooks.renew_all_header"),
        t("zh", "mybooks.renew_all_ok", title="西游记", due=new_due),
        t("zh", "mybooks.renew_all_refused", title="三国演义", reason=refused),
    ]


async def test_stale_and_forged_renew_buttons(demo: DemoLibrary) -> None:
    librarian = await lend(demo, "S3A01", "A0000101")
    xiaoming, xiaohong = demo.user("xiaoming"), demo.user("xiaohong")
    await xiaoming.send("/mybooks")
    [loan_id] = loan_ids(xiaoming)
    await xiaohong.press_data(f"loan:renew:{loan_id}")
    assert xiaohong.last_answer == t("zh", "error.loan.not_yours")
    await xiaohong.press_data("loan:renew:99999")
    assert xiaohong.last_answer == t("zh", "error.loan.not_found")
    await librarian.send("/return A0000101")
    await xiaoming.press("续借")
    assert xiaoming.last_answer == t("zh", "error.loan.already_returned", title="西游记")
    await xiaoming.press_data("loan:renewall")
    assert xiaoming.last_answer == t("zh", "error.loan.nothing_to_renew")


async def test_unlinked_accounts_have_no_books(demo: DemoLibrary) -> None:
    guest = demo.user("guest")
    await guest.send("/mybooks")
    assert guest.last_text == t("zh", "error.auth.not_linked")
    await guest.press_data("loan:renew:1")
    assert guest.last_answer == t("zh", "error.auth.not_linked")


async def test_reading_history_is_the_readers_own(demo: DemoLibrary) -> None:
    librarian = await lend(demo, "S3A01", "A0000101")
    await demo.harness.advance(timedelta(days=2))
    await librarian.send("/return A0000101")
    await lend(demo, "S3A01", "A0000103")  # still on loan: not history
    xiaoming, xiaohong, guest = demo.user("xiaoming"), demo.user("xiaohong"), demo.user("guest")
    await xiaoming.send("/history")
    lent, returned = fmt_day("zh", date(2026, 3, 2)), fmt_day("zh", date(2026, 3, 4))
    expected = "\n".join([t("zh", "mybooks.history_header", count=1),
                          t("zh", "mybooks.history_line", title="西游记", lent=lent,
                            returned=returned)])
    assert xiaoming.last_text == expected
    await xiaoming.send("/mybooks")
    await xiaoming.press(t("zh", "mybooks.history_button"))
    assert xiaoming.last_text == expected
    # What a child borrowed is visible only to that child (and staff, in /patron).
    await xiaohong.send("/history")
    assert xiaohong.last_text == t("zh", "mybooks.no_history")
    await xiaohong.press_data("mybooks:history")
    assert xiaohong.last_text == t("zh", "mybooks.no_history")
    await guest.send("/history")
    assert guest.last_text == t("zh", "error.auth.not_linked")


async def test_a_long_history_fits_one_message(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    for _ in range(40):  # more than the history shows
        await lend(demo, "T001", "A0000101")
        await librarian.send("/return A0000101")
    laoshi = demo.user("laoshi_li")
    await laoshi.send("/history")
    lines = (laoshi.last_text or "").split("\n")
    assert lines[0] == t("zh", "mybooks.history_header", count=HISTORY_LIMIT)
    assert len(lines) == HISTORY_LIMIT + 1
