"""The command list, the menus and the handlers agree: every command a menu offers is handled,
every handled command is in the list, and /cancel answers everywhere."""

from __future__ import annotations

from typing import Any

from telegram import BotCommandScopeChat, BotCommandScopeDefault
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot.domain.readers import Role
from bot.handlers.commands import COMMANDS, commands_for
from bot.testing.scenario import LIBRARIAN_ID, DemoLibrary
from bot.ui.i18n import t


def _registered(handlers: list[BaseHandler[Any, Any, Any]]) -> set[str]:
    names: set[str] = set()
    for handler in handlers:
        if isinstance(handler, CommandHandler):
            names |= set(handler.commands)
        elif isinstance(handler, ConversationHandler):
            inner = [*handler.entry_points, *handler.fallbacks,
                     *(h for state in handler.states.values() for h in state)]
            names |= _registered(inner)
    return names


async def test_every_listed_command_is_handled_and_every_handled_one_listed(
        demo: DemoLibrary) -> None:
    handlers = [h for group in demo.harness.app.handlers.values() for h in group]
    assert _registered(handlers) == {c.name for c in COMMANDS}


def _menu(demo: DemoLibrary, scope: Any, lang: str = "") -> list[str]:
    return [c["command"] for c in demo.api.commands_for(scope.to_dict(), lang)]


async def test_each_roles_menu_lists_exactly_its_commands(demo: DemoLibrary) -> None:
    reader = [c.name for c in commands_for(Role.READER, linked=True)]
    for lang in ("", "zh", "en"):
        assert _menu(demo, BotCommandScopeDefault(), lang) == reader
    librarian = [c.name for c in commands_for(Role.LIBRARIAN, linked=True)]
    assert _menu(demo, BotCommandScopeChat(LIBRARIAN_ID)) == librarian
    wang, librarian = demo.user("wang"), demo.user("librarian")
    await librarian.send("/helper remove S6A01")
    assert _menu(demo, BotCommandScopeChat(wang.chat_id)) == []  # back to the readers' menu
    await librarian.send("/helper add S6A01")
    helper = [c.name for c in commands_for(Role.HELPER, linked=True)]
    assert _menu(demo, BotCommandScopeChat(wang.chat_id)) == helper
    assert "cancel" in reader and "helper" not in helper and "codes" not in helper


async def test_cancel_outside_a_conversation_is_understood(demo: DemoLibrary) -> None:
    xiaoming = demo.user("xiaoming")
    await xiaoming.send("/cancel")
    assert xiaoming.last_text == t("zh", "common.nothing_to_cancel")
    librarian = demo.user("librarian")
    await librarian.send("/return")
    await librarian.send("/cancel")
    assert librarian.last_text == t("zh", "common.cancelled")
    await librarian.send("/cancel")
    assert librarian.last_text == t("zh", "common.nothing_to_cancel")
