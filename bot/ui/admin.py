"""The librarian's housekeeping as it reads: link codes with their deep links, student helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from telegram.helpers import create_deep_linked_url

from bot.domain.readers import ReaderRow
from bot.services.readers import IssuedCode
from bot.ui.format import dash
from bot.ui.i18n import t


def codes_lines(lang: str, issued: Sequence[IssuedCode], bot_username: str,
                to_local: Callable[[datetime], datetime]) -> list[str]:
    lines = [t(lang, "codes.header", count=len(issued),
               expires=to_local(issued[0].expires_at).strftime("%Y-%m-%d"))]
    lines += [t(lang, "codes.line", name=item.reader.name, card=item.reader.card_number,
                code=item.code, url=create_deep_linked_url(bot_username, item.code))
              for item in issued]
    return lines


def helper_changed(lang: str, reader: ReaderRow, granted: bool) -> str:
    key = "helper.granted" if granted else "helper.revoked"
    return t(lang, key, name=reader.name, card=reader.card_number)


def helpers_text(lang: str, helpers: Sequence[ReaderRow]) -> str:
    lines = [t(lang, "helper.list_header", count=len(helpers))]
    lines += [f"• {r.name} ({r.card_number}, {dash(r.class_name)})" for r in helpers]
    lines.append(t(lang, "helper.usage"))
    return "\n".join(lines)
