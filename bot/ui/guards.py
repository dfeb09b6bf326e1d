"""The answers of the guards: write to me privately; edits are not acted on."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.helpers import create_deep_linked_url

from bot.ui.i18n import t


def write_privately(lang: str, bot_username: str) -> tuple[str, InlineKeyboardMarkup]:
    """In a group: this is personal, open the private chat (a button that opens it)."""
    url = create_deep_linked_url(bot_username)  # opens the private chat, no payload
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(t(lang, "guard.open_private"), url=url)]])
    return t(lang, "guard.write_privately"), markup
