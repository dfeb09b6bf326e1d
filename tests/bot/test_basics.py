"""/start, /help, /settings, menus and the error handler, in both languages."""

from __future__ import annotations

from pathlib import Path

from bot.testing.scenario import DemoLibrary
from bot.ui.i18n import t


async def test_start_and_help_in_each_readers_language(demo: DemoLibrary) -> None:
    xiaoming, tom = demo.user("xiaoming"), demo.user("tom")
    await xiaoming.send("/start")
    assert xiaoming.last_text == t("zh", "start.welcome_back", name="小明", school="书香小学")
    await tom.send("/help")
    text = tom.last_text or ""
    assert text.startswith(t("en", "help.intro.reader"))
    assert f"/search — {t('en', 'command.search')}" in text
    assert "/codes" not in text and "/helper" not in text


async def test_help_depends_on_role(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    await librarian.send("/help")
    text = librarian.last_text or ""
    assert text.startswith(t("zh", "help.intro.librarian"))
    assert "/codes" in text and "/helper" in text
    wang = demo.user("wang")
    await wang.send("/help")
    assert (wang.last_text or "").startswith(t("zh", "help.intro.helper"))
    assert "/helper" not in (wang.last_text or "")


async def test_settings_override_telegram_language(demo: DemoLibrary) -> None:
    xiaoming = demo.user("xiaoming")
    await xiaoming.send("/settings")
    assert [label for row in xiaoming.last_reply.keyboard or [] for label, _ in row] == [
        "简体中文", "English", t("zh", "settings.language.auto")]
    await xiaoming.press("English")
    assert xiaoming.last_text == t("en", "settings.saved", language="English")
    await xiaoming.send("/start")
    assert xiaoming.last_text == t("en", "start.welcome_back", name="小明", school="书香小学")
    await xiaoming.send("/settings")
    await xiaoming.press(t("en", "settings.language.auto"))
    await xiaoming.send("/start")
    assert xiaoming.last_text == t("zh", "start.welcome_back", name="小明", school="书香小学")


async def test_stale_settings_button_pressed_twice_is_harmless(demo: DemoLibrary) -> None:
    tom = demo.user("tom")
    await tom.send("/settings")
    await tom.press("简体中文")
    await tom.press_data("set:lang:zh")
    assert tom.last_text == t("zh", "settings.saved", language="简体中文")


async def test_forged_callback_data_gets_a_polite_answer(demo: DemoLibrary) -> None:
    tom = demo.user("tom")
    await tom.send("/settings")
    await tom.press_data("set:lang:klingon")
    await tom.press_data("no-such-button")
    assert demo.harness.errors == []


async def test_menus_per_scope_and_language(demo: DemoLibrary) -> None:
    default = {key: cmds for key, cmds in demo.api.commands.items() if '"default"' in key[0]}
    languages = {key[1] for key in default}
    assert languages == {"", "zh", "en"}
    names = {c["command"] for cmds in default.values() for c in cmds}
    assert "codes" not in names and "search" in names
    librarian_scope = [cmds for key, cmds in demo.api.commands.items() if '1006' in key[0]]
    assert librarian_scope and any(c["command"] == "codes" for c in librarian_scope[0])
    en = next(cmds for key, cmds in default.items() if key[1] == "en")
    assert {"command": "search", "description": t("en", "command.search")} in en


async def test_unknown_command_sticker_and_long_text(demo: DemoLibrary) -> None:
    tom = demo.user("tom")
    await tom.send("/frobnicate")
    assert tom.last_text == t("en", "fallback.unknown_command")
    await tom.send("/link " + "x" * 5000)
    assert tom.last_text == t("en", "error.link.code_unknown")
    assert demo.harness.errors == []


async def test_unexpected_error_is_logged_and_answered_politely(demo: DemoLibrary) -> None:
    tom = demo.user("tom")
    await tom.send("/start")
    await demo.library.db.close()  # the database goes away under the running bot
    await tom.send("/help")
    assert tom.last_text == t("en", "error.generic")
    caught = demo.harness.expect_errors()
    assert caught and "not open" in str(caught[0].error)
    await demo.library.db.open()  # so the demo shuts down normally


async def test_unexpected_errors_are_told_to_the_staff_chat(tmp_path: Path) -> None:
    from bot.testing.scenario import LIBRARIAN_ID, demo_library, demo_settings

    settings = demo_settings(tmp_path)
    settings = settings.model_copy(update={"staff": settings.staff.model_copy(
        update={"error_chat_id": LIBRARIAN_ID})})
    async with demo_library(settings=settings) as demo:
        tom = demo.user("tom")
        await demo.library.db.close()
        await tom.send("/help")
        await demo.library.db.open()
        caught = demo.harness.expect_errors()
        report = demo.user("librarian").last_text or ""
        assert report == t("zh", "error.staff_report", kind=type(caught[0].error).__name__,
                           update=caught[0].update.update_id)  # type: ignore[union-attr]
        assert "help" not in report  # the content of the update is not repeated
