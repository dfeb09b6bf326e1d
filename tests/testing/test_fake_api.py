"""The fake Bot API and the harness, exercised through a small real PTB application."""

from __future__ import annotations

import io
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from PIL import Image
from telegram import (
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.clock import FakeClock
from bot.testing import BotHarness, FakeBotAPI, HarnessErrors, build_fake_app_builder
from bot.testing.pytest_plugin import HarnessFactory

pytest_plugins = ["pytester", "bot.testing.pytest_plugin"]

Ctx = ContextTypes.DEFAULT_TYPE
App = Application[Any, Any, Any, Any, Any, Any]
ADMIN = 900
TITLE, DAYS = range(2)


def menu(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d)] for t, d in pairs])


async def start(update: Update, context: Ctx) -> None:
    assert update.message is not None
    keyboard = menu(("借书 Borrow", "borrow"), ("还书 Return", "return")).inline_keyboard
    rows = [*keyboard, [InlineKeyboardButton("网站", url="https://example.org")]]
    args = " ".join(context.args or [])
    await update.message.reply_text(f"<b>欢迎</b> {args}".strip(), parse_mode="HTML",
                                    reply_markup=InlineKeyboardMarkup(rows))  # fmt: skip


async def pressed(update: Update, context: Ctx) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    await query.answer(f"ok {query.data}", show_alert=query.data == "return")
    await query.edit_message_text(f"你选了 {query.data}", reply_markup=menu(("返回", "back")))


async def photo(update: Update, context: Ctx) -> None:
    assert update.message is not None and update.message.photo
    size = update.message.photo[-1]
    data = await (await context.bot.get_file(size.file_id)).download_as_bytearray()
    context.bot_data["photo"] = bytes(data)
    await update.message.reply_text(f"{len(data)} bytes {size.width}x{size.height}")


async def document(update: Update, context: Ctx) -> None:
    assert update.message is not None and update.message.document
    data = await (await update.message.document.get_file()).download_as_bytearray()
    await update.message.reply_document(bytes(data), filename="echo.txt", caption="echo")


async def renew(update: Update, context: Ctx) -> int:
    assert update.message is not None
    await update.message.reply_text("书名?")
    return TITLE


async def renew_title(update: Update, context: Ctx) -> int:
    assert update.message is not None and context.user_data is not None
    context.user_data["title"] = update.message.text
    await update.message.reply_text("几天?")
    return DAYS


async def renew_days(update: Update, context: Ctx) -> int:
    assert update.message is not None and context.user_data is not None
    await update.message.reply_text(f"续借《{context.user_data['title']}》{update.message.text}天")
    return ConversationHandler.END


async def inline(update: Update, context: Ctx) -> None:
    query = update.inline_query
    assert query is not None
    start_at = int(query.offset or 0)
    results = [
        InlineQueryResultArticle(str(i), f"{query.query} {i}", InputTextMessageContent(str(i)))
        for i in range(start_at, start_at + 2)
    ]
    await query.answer(results, next_offset=str(start_at + 2), cache_time=0)


async def notify_admin(update: Update, context: Ctx) -> None:
    """Sends to another chat; lets Forbidden/RetryAfter propagate after noting them."""
    try:
        await context.bot.send_message(ADMIN, "有人找你")
    except Exception as exc:
        context.bot_data["caught"] = exc
        raise


async def boom(update: Update, context: Ctx) -> None:
    raise ValueError("kaputt")


async def remind(update: Update, context: Ctx) -> None:
    assert update.effective_chat is not None and context.job_queue is not None
    context.job_queue.run_once(reminder, 600, chat_id=update.effective_chat.id, name="remind")


async def reminder(context: Ctx) -> None:
    assert context.job is not None and context.job.chat_id is not None
    await context.bot.send_message(context.job.chat_id, "提醒: 还书")


async def morning(context: Ctx) -> None:
    clock: FakeClock = context.bot_data["clock"]
    context.bot_data.setdefault("morning", []).append(clock.now())
    await context.bot.send_message(ADMIN, f"早安 {clock.now():%m-%d %H:%M}")
    if context.bot_data.get("chain"):  # a job that schedules another job
        assert context.job_queue is not None
        context.job_queue.run_once(reminder, 60, chat_id=ADMIN, name="chained")


async def every_six_hours(context: Ctx) -> None:
    clock: FakeClock = context.bot_data["clock"]
    context.bot_data.setdefault("six", []).append(clock.now())


async def post_init(app: App) -> None:
    await app.bot.set_my_commands([BotCommand("start", "开始"), BotCommand("renew", "续借")])
    await app.bot.set_my_commands([BotCommand("admin", "管理")], scope=BotCommandScopeChat(ADMIN))
    assert app.job_queue is not None
    app.job_queue.run_daily(morning, time(8, 0, tzinfo=UTC), name="morning")
    app.job_queue.run_repeating(every_six_hours, timedelta(hours=6), name="six")


def make_app(api: FakeBotAPI, clock: FakeClock) -> App:
    app = build_fake_app_builder(api).post_init(post_init).build()
    app.bot_data["clock"] = clock
    app.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("renew", renew)],
            states={
                TITLE: [MessageHandler(filters.TEXT & ~filters.COMMAND, renew_title)],
                DAYS: [MessageHandler(filters.Regex(r"^\d+$"), renew_days)],
            },
            fallbacks=[],
        )
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("notify", notify_admin))
    app.add_handler(CommandHandler("boom", boom))
    app.add_handler(CommandHandler("remind", remind))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.PHOTO, photo))
    app.add_handler(MessageHandler(filters.Document.ALL, document))
    app.add_handler(InlineQueryHandler(inline))
    return app


@pytest.fixture
async def harness(
    harness_factory: HarnessFactory, fake_api: FakeBotAPI, fake_clock: FakeClock
) -> BotHarness:
    return await harness_factory(make_app(fake_api, fake_clock))  # fmt: skip


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(out, format="PNG")
    return out.getvalue()


# -- messages, commands, buttons ------------------------------------------------------------


async def test_command_matches_and_reply_carries_keyboard(harness: BotHarness) -> None:
    alice = harness.chat(1, "Alice", username="alice")
    replies = await alice.send("/start abc")
    assert [r.text for r in replies] == ["<b>欢迎</b> abc"]
    reply = replies[0]
    assert reply.plain == "欢迎 abc" and reply.parse_mode == "HTML"
    assert reply.keyboard == [
        [("借书 Borrow", "borrow")],
        [("还书 Return", "return")],
        [("网站", "https://example.org")],
    ]
    assert reply.raw["chat"] == {"id": 1, "type": "private", "first_name": "Alice", "username": "alice"}  # fmt: skip
    assert reply.raw["date"] == int(harness.now().timestamp())
    assert await alice.send("start without slash") == []
    assert alice.sent[0]["message_id"] < reply.message_id  # ids shared per chat


async def test_press_finds_label_and_sees_edit(harness: BotHarness) -> None:
    bob = harness.chat(2, "Bob")
    (menu_message,) = await bob.send("/start")
    edited = await bob.press("还书")
    assert edited == [menu_message]
    assert menu_message.text == "你选了 return" and menu_message.edit_count == 1
    assert menu_message.labels == ["返回"]
    assert bob.last_answer == "ok return"
    assert harness.api.answers_for(2)[-1].show_alert is True
    assert [e.kind for e in harness.api.events] == ["send", "edit"]
    with pytest.raises(AssertionError, match=r"available labels: \['返回'\]"):
        await bob.press("借书")
    await bob.send("/start")
    with pytest.raises(AssertionError, match="has no callback_data"):
        await bob.press("网站")


async def test_press_data_forges_callback(harness: BotHarness) -> None:
    carol = harness.chat(3, "Carol")
    await carol.send("/start")
    await carol.press_data("forged")
    assert carol.last_reply.text == "你选了 forged" and carol.last_answer == "ok forged"


async def test_edit_that_changes_nothing_is_a_bad_request(harness: BotHarness) -> None:
    dave = harness.chat(4, "Dave")
    await dave.send("/start")
    await dave.press("借书")
    await dave.press_data("borrow")  # same text, same keyboard: Telegram refuses
    (caught,) = harness.expect_errors(BadRequest)
    assert "Message is not modified" in str(caught.error)  # PTB capitalises


async def test_conversation_two_steps(harness: BotHarness) -> None:
    erin = harness.chat(5, "Erin")
    assert [r.text for r in await erin.send("/renew")] == ["书名?"]
    assert [r.text for r in await erin.send("三体")] == ["几天?"]
    assert [r.text for r in await erin.send("x")] == []  # not a number: state DAYS ignores it
    assert [r.text for r in await erin.send("14")] == ["续借《三体》14天"]


async def test_inline_query_answer_is_recorded(harness: BotHarness) -> None:
    frank = harness.chat(6, "Frank")
    answer = await frank.inline("红楼梦", offset="2")
    assert answer is not None and answer.user_id == 6
    assert [r["title"] for r in answer.results] == ["红楼梦 2", "红楼梦 3"]
    assert answer.next_offset == "4"


async def test_deletes_and_strict_refusals(harness: BotHarness) -> None:
    mia = harness.chat(14, "Mia")
    (menu_message,) = await mia.send("/start")
    user_message_id = mia.sent[0]["message_id"]
    bot = harness.app.bot
    assert await bot.delete_message(14, user_message_id)
    assert harness.api.deleted_user_messages == [(14, user_message_id)]
    assert await bot.delete_message(14, menu_message.message_id)
    assert menu_message.deleted and mia.replies == []
    assert [e.kind for e in harness.api.events] == ["send", "delete"]
    with pytest.raises(BadRequest, match="not found"):
        await bot.delete_message(14, menu_message.message_id)
    with pytest.raises(BadRequest, match="can't be edited"):
        await bot.edit_message_text("x", chat_id=14, message_id=user_message_id)
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(14, "《A & B》", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(14, "x", reply_markup=menu(("long", "x" * 65)))
    with pytest.raises(BadRequest, match="text is empty"):
        await bot.send_message(14, " ")
    assert mia.replies == []


# -- files --------------------------------------------------------------------------------------


async def test_photo_bytes_round_trip(harness: BotHarness) -> None:
    grace = harness.chat(7, "Grace")
    data = png(12, 7)
    replies = await grace.send_photo(data, caption="封面")
    assert [r.text for r in replies] == [f"{len(data)} bytes 12x7"]
    assert harness.app.bot_data["photo"] == data
    assert grace.sent[-1]["caption"] == "封面"


async def test_document_round_trip_and_bot_upload(harness: BotHarness) -> None:
    heidi = harness.chat(8, "Heidi")
    (echo,) = await heidi.send_document(b"isbn,title\n", "books.csv")
    assert echo.kind == "document" and echo.caption == "echo"
    assert echo.file_name == "echo.txt" and echo.file_bytes == b"isbn,title\n"
    assert harness.api.calls_to("sendDocument")[0].files["document"].data == b"isbn,title\n"
    assert harness.api.files[echo.file_id or ""].data == b"isbn,title\n"  # downloadable too


# -- failures -------------------------------------------------------------------------------


async def test_blocked_chat_raises_forbidden_in_handler(harness: BotHarness) -> None:
    ivan = harness.chat(9, "Ivan")
    harness.api.block(ADMIN)
    await ivan.send("/notify")
    assert isinstance(harness.app.bot_data["caught"], Forbidden)
    (caught,) = harness.expect_errors(Forbidden)
    assert "bot was blocked by the user" in str(caught.error)
    assert isinstance(caught.update, Update)
    failed = harness.api.calls_to("sendMessage")[-1]
    assert not failed.ok and failed.error_code == 403
    assert harness.api.messages(ADMIN) == []
    harness.api.unblock(ADMIN)
    await ivan.send("/notify")
    assert [m.text for m in harness.api.messages(ADMIN)] == ["有人找你"]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_429_becomes_retry_after(harness: BotHarness) -> None:
    judy = harness.chat(10, "Judy")
    harness.api.fail_next("sendMessage", chat_id=ADMIN, status=429, retry_after=7)
    await judy.send("/notify")
    error = harness.app.bot_data["caught"]
    assert isinstance(error, RetryAfter)
    assert error.retry_after in (7, timedelta(seconds=7))
    harness.expect_errors(RetryAfter)
    await judy.send("/notify")  # only the next call failed
    assert len(harness.api.messages(ADMIN)) == 1


async def test_other_status_and_any_method(harness: BotHarness) -> None:
    kim = harness.chat(11, "Kim")
    harness.api.fail_next(None, status=400, description="Bad Request: chat not found")
    await kim.send("/start")
    (caught,) = harness.expect_errors(BadRequest)
    assert str(caught.error) == "Chat not found"  # PTB strips "Bad Request: " and capitalises
    assert kim.replies == []


# -- commands ---------------------------------------------------------------------------------


async def test_my_commands_per_scope(harness: BotHarness) -> None:
    bot = harness.app.bot
    assert [c.command for c in await bot.get_my_commands()] == ["start", "renew"]
    assert [c.command for c in await bot.get_my_commands(BotCommandScopeChat(ADMIN))] == ["admin"]
    assert await bot.get_my_commands(BotCommandScopeChat(1)) == ()
    await bot.delete_my_commands(BotCommandScopeChat(ADMIN))
    assert await bot.get_my_commands(BotCommandScopeChat(ADMIN)) == ()
    me = await bot.get_me()
    assert me.username == "shuxiang_demo_bot" and me.id == 1000 and me.is_bot


# -- time and jobs ----------------------------------------------------------------------------


async def test_daily_job_runs_once_per_day_passed(harness: BotHarness) -> None:
    start = harness.now()
    await harness.advance(timedelta(hours=5))  # 07:00: not yet due
    assert harness.app.bot_data.get("morning") is None
    await harness.advance(timedelta(days=3) - timedelta(hours=5))
    runs = harness.app.bot_data["morning"]
    assert runs == [datetime(2026, 9, d, 8, 0, tzinfo=UTC) for d in (7, 8, 9)]
    assert harness.now() == start + timedelta(days=3)
    assert [m.text for m in harness.api.messages(ADMIN)] == [
        "早安 09-07 08:00",
        "早安 09-08 08:00",
        "早安 09-09 08:00",
    ]
    (job,) = harness.app.job_queue.get_jobs_by_name("morning")  # type: ignore[union-attr]
    assert job.next_t == datetime(2026, 9, 10, 8, 0, tzinfo=UTC)


async def test_repeating_job_counts_from_fake_start(harness: BotHarness) -> None:
    await harness.advance(timedelta(hours=5, minutes=59))
    assert harness.app.bot_data.get("six") is None
    await harness.advance_to(datetime(2026, 9, 8, 2, 0, tzinfo=UTC))
    assert [t.hour for t in harness.app.bot_data["six"]] == [8, 14, 20, 2]


async def test_run_once_relative_and_jobs_scheduled_by_jobs(harness: BotHarness) -> None:
    lee = harness.chat(12, "Lee")
    await lee.send("/remind")
    assert await harness.advance(timedelta(minutes=9)) == 0
    assert await harness.advance(timedelta(minutes=1)) == 1
    assert lee.last_reply.text == "提醒: 还书"
    assert not harness.app.job_queue.get_jobs_by_name("remind")  # type: ignore[union-attr]
    harness.app.bot_data["chain"] = True
    ran = await harness.advance_to(datetime(2026, 9, 7, 8, 30, tzinfo=UTC))
    assert ran == 3  # six-hourly 08:00, morning 08:00, chained 08:01
    assert harness.api.messages(ADMIN)[-1].text == "提醒: 还书"


async def test_paused_jobs_do_not_fire_and_first_is_fake_time(harness: BotHarness) -> None:
    queue = harness.app.job_queue
    assert queue is not None
    (morning_job,) = queue.get_jobs_by_name("morning")
    morning_job.enabled = False
    job = queue.run_repeating(every_six_hours, timedelta(hours=1), first=30, name="hourly")
    assert job.next_t == datetime(2026, 9, 7, 2, 0, 30, tzinfo=UTC)
    await harness.advance(timedelta(hours=2))
    # hourly at 02:00:30 and 03:00:30; "six" (from post_init) not yet due; morning paused
    assert [t.strftime("%H:%M:%S") for t in harness.app.bot_data["six"]] == ["02:00:30", "03:00:30"]
    assert "morning" not in harness.app.bot_data
    morning_job.enabled = True
    await harness.advance(timedelta(hours=6))
    assert len(harness.app.bot_data["morning"]) == 1


async def test_without_clock_time_cannot_move(fake_api: FakeBotAPI, fake_clock: FakeClock) -> None:
    async with BotHarness(make_app(fake_api, fake_clock), fake_api) as harness:
        with pytest.raises(RuntimeError, match="no FakeClock"):
            await harness.advance(timedelta(days=1))


async def test_job_errors_reach_harness(harness: BotHarness) -> None:
    async def broken(context: Ctx) -> None:
        raise RuntimeError("job broke")

    harness.app.job_queue.run_once(broken, 30, name="broken")  # type: ignore[union-attr]
    await harness.advance(timedelta(minutes=1))
    (caught,) = harness.expect_errors(RuntimeError)
    assert caught.update is None and caught.job is not None and caught.job.name == "broken"


# -- error reporting ----------------------------------------------------------------------------


async def test_handler_error_is_recorded_and_fails_on_exit(fake_clock: FakeClock) -> None:
    api = FakeBotAPI()
    with pytest.raises(HarnessErrors, match="ValueError: kaputt") as info:
        async with BotHarness(make_app(api, fake_clock), api, fake_clock) as harness:
            await harness.chat(13).send("/boom")
            assert isinstance(harness.errors[0].error, ValueError)
    assert isinstance(info.value.__cause__, ValueError)


def test_plugin_fails_a_test_whose_handler_raised(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('pytest_plugins = ["bot.testing.pytest_plugin"]')
    pytester.makepyfile(
        """
        from telegram.ext import CommandHandler
        from bot.testing import build_fake_app_builder

        async def boom(update, context):
            raise ValueError("kaputt")

        async def test_raises(harness_factory, fake_api):
            app = build_fake_app_builder(fake_api).build()
            app.add_handler(CommandHandler("boom", boom))
            harness = await harness_factory(app)
            await harness.chat(1).send("/boom")

        async def test_expected(harness_factory, fake_api):
            app = build_fake_app_builder(fake_api).build()
            app.add_handler(CommandHandler("boom", boom))
            harness = await harness_factory(app)
            await harness.chat(1).send("/boom")
            harness.expect_errors(ValueError)
        """
    )
    result = pytester.runpytest(
        "-o", "asyncio_mode=auto", "-o", "asyncio_default_fixture_loop_scope=function"
    )
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*ValueError: kaputt*", "*HarnessErrors*"])
