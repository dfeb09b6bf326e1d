"""The desk through the real Application: /lend (card, name buttons, QR photo, barcode photos,
several barcodes at once), /return, /renew, and who may do what."""

from __future__ import annotations

import io
from datetime import date, timedelta

import zxingcpp
from PIL import Image

from bot.errors import LibraryError
from bot.testing.scenario import DemoLibrary
from bot.ui.format import fmt_day
from bot.ui.i18n import t
from bot.ui.refusals import refusal

MAR16 = fmt_day("zh", date(2026, 3, 16))


def photo(text: str, fmt: zxingcpp.BarcodeFormat = zxingcpp.BarcodeFormat.Code128) -> bytes:
    """A phone photo (JPEG) of a barcode or QR code with ``text``."""
    image = memoryview(zxingcpp.write_barcode_to_image(zxingcpp.create_barcode(text, fmt), scale=4))
    picture = Image.frombytes("L", (image.shape[1], image.shape[0]), image.tobytes())
    out = io.BytesIO()
    picture.convert("RGB").save(out, "JPEG")
    return out.getvalue()


def why(code: str, lang: str = "zh", **details: object) -> str:
    return refusal(lang, LibraryError(code, **details))


async def test_lend_by_card_several_barcodes_each_answered(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    await librarian.send("/lend")
    assert librarian.last_text == t("zh", "desk.lend_who")
    await librarian.send("s3a01")
    assert (librarian.last_text or "").startswith(
        t("zh", "desk.reader_chosen", name="小明", class_name="3A", card="S3A01", count=0))
    await librarian.send("A0000101 A0000103，A0000485 NOPE")
    assert (librarian.last_text or "").split("\n") == [
        t("zh", "desk.lent", barcode="A0000101", title="西游记", due=MAR16),
        t("zh", "desk.lent", barcode="A0000103", title="三国演义", due=MAR16),
        t("zh", "desk.refused", barcode="A0000485",
          reason=why("item.reference_only", item_type="reference")),
        t("zh", "desk.refused", barcode="NOPE", reason=why("item.unknown_barcode", barcode="NOPE")),
    ]
    await librarian.send("A0000104")
    assert librarian.last_text == t("zh", "desk.lent", barcode="A0000104", title="三国演义", due=MAR16)
    await librarian.send("A0000106")
    assert librarian.last_text == t("zh", "desk.refused", barcode="A0000106",
                                    reason=why("loan.limit_reached", limit=3, item_type="book"))
    await librarian.send("/done")
    assert librarian.last_text == t("zh", "desk.lend_done", count=3)
    await librarian.send("/lend S3A02")
    await librarian.send("A0000101")
    assert librarian.last_text == t("zh", "desk.refused", barcode="A0000101",
                                    reason=why("item.on_loan", borrower="小明 3A"))


async def test_lend_by_name_with_buttons_then_the_readers_loans(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    await librarian.send("/lend S3A02")
    await librarian.send("A0000103")
    await librarian.send("/lend")
    await librarian.send("小")
    assert librarian.last_text == t("zh", "desk.choose_reader", count=3)  # 小明, 小红, 乐小溪
    assert librarian.last_reply.labels[0] == t("zh", "desk.reader_button", name="小明",
                                               class_name="3A", card="S3A01")
    await librarian.press("小红")
    text = librarian.last_text or ""
    assert text.startswith(t("zh", "desk.reader_chosen", name="小红", class_name="3A",
                             card="S3A02", count=1))
    assert t("zh", "desk.loan_line", barcode="A0000103", title="三国演义", due=MAR16) in text
    await librarian.press(t("zh", "desk.renew_button", barcode="A0000103"))
    assert librarian.last_answer == why(
        "renew.not_extended", due_date=date(2026, 3, 16), reason="too_early")
    await librarian.send("nobody-like-this")
    assert librarian.last_text == t("zh", "desk.refused", barcode="nobody-like-this",
                                    reason=why("item.unknown_barcode", barcode="nobody-like-this"))


async def test_reader_qr_and_barcode_photos(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    await librarian.send("/lend")
    await librarian.send_photo(photo("S3A02", zxingcpp.BarcodeFormat.QRCode))
    assert (librarian.last_text or "").startswith(
        t("zh", "desk.reader_chosen", name="小红", class_name="3A", card="S3A02", count=0))
    await librarian.send_photo(photo("A0000106"))
    assert librarian.last_text == t("zh", "desk.lent", barcode="A0000106", title="水浒传", due=MAR16)
    await librarian.send("/return")
    await librarian.send_photo(photo("A0000106"))
    assert librarian.last_text == t("zh", "desk.returned", barcode="A0000106", title="水浒传",
                                    name="小红", class_name="3A")
    await librarian.send("/done")
    assert librarian.last_text == t("zh", "desk.return_done", count=1)


async def test_unknown_reader_and_unreadable_photo(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    await librarian.send("/lend")
    await librarian.send("zzz")
    assert librarian.last_text == t("zh", "error.reader.no_match", text="zzz")
    await librarian.send_photo(photo("S9Z99", zxingcpp.BarcodeFormat.QRCode))
    assert librarian.last_text == t("zh", "error.reader.unknown_card", card="S9Z99")
    await librarian.send("/cancel")
    assert librarian.last_text == t("zh", "common.cancelled")


async def test_return_says_how_late_and_the_desk_session_times_out(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    await librarian.send("/lend S3A01")
    await librarian.send("A0000103")
    await demo.harness.advance(timedelta(minutes=16))
    assert librarian.last_text == t("zh", "desk.timeout")
    await demo.harness.advance(timedelta(days=18))  # Friday 20 March, due Monday 16 March
    await librarian.send("/return A0000103 A0000104")
    assert (librarian.last_text or "").split("\n") == [
        t("zh", "desk.returned", barcode="A0000103", title="三国演义", name="小明", class_name="3A"),
        t("zh", "desk.returned_late", days=4),
        t("zh", "desk.refused", barcode="A0000104",
          reason=why("return.not_on_loan", barcode="A0000104", title="三国演义")),
    ]
    await librarian.send("/done")
    assert librarian.last_text == t("zh", "desk.done_outside")


async def test_helper_lends_returns_renews_and_nothing_else(demo: DemoLibrary) -> None:
    wang = demo.user("wang")
    await wang.send("/lend S3A01")
    await wang.send("A0000101")
    assert wang.last_text == t("zh", "desk.lent", barcode="A0000101", title="西游记", due=MAR16)
    await wang.send("/done")
    await demo.harness.advance(timedelta(days=10))
    await wang.send("/renew A0000101")
    assert wang.last_text == t("zh", "desk.renewed", barcode="A0000101", title="西游记",
                               due=fmt_day("zh", date(2026, 3, 26)))
    await wang.send("/patron S3A01")
    text = wang.last_text or ""
    assert "A0000101" in text and t("zh", "patron.no_history") not in text
    await wang.send("/return A0000101")
    assert (wang.last_text or "").startswith("✔ A0000101")
    for command in ("/status A0000101 lost", "/closed 2026-03-20 运动会", "/helper add S3A02"):
        await wang.send(command)
        assert wang.last_text == t("zh", "error.auth.librarian_only"), command


async def test_readers_are_refused_at_the_desk(demo: DemoLibrary) -> None:
    xiaoming = demo.user("xiaoming")
    for command in ("/lend", "/return A0000101", "/patron 小红", "/item A0000101"):
        await xiaoming.send(command)
        assert xiaoming.last_text == t("zh", "error.auth.staff_only"), command
    await xiaoming.send("/renew")  # a reader's /renew is their own list
    assert xiaoming.last_text == t("zh", "mybooks.empty")


async def test_librarian_housekeeping_in_chat(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    await librarian.send("/lend S3A01")
    await librarian.send("A0000103")
    await librarian.send("/closed 2026-03-16 运动会")
    assert librarian.last_text == t("zh", "closed.added", day=MAR16, reason="运动会", moved=1)
    await librarian.send("/closed")
    assert t("zh", "closed.list_line", day=MAR16, reason="运动会") in (librarian.last_text or "")
    await librarian.send("/item A0000103")
    assert "小明（3A）" in (librarian.last_text or "")
    assert fmt_day("zh", date(2026, 3, 17)) in (librarian.last_text or "")
    await librarian.send("/status A0000103 lost")
    assert (librarian.last_text or "").split("\n") == [
        t("zh", "status.done", barcode="A0000103", title="三国演义",
          old=t("zh", "copy_status.on_loan"), new=t("zh", "copy_status.lost")),
        t("zh", "status.lost_charge", name="小明", class_name="3A", price="39.50"),
    ]
    await librarian.send("/status A0000103 sideways")
    assert librarian.last_text == t("zh", "status.usage")
    await librarian.send("/closed next-week")
    assert librarian.last_text == t("zh", "closed.usage")
    await librarian.send("/closed remove 2026-03-16")
    assert librarian.last_text == t("zh", "closed.removed", day=MAR16)
