"""/settings as the reader sees it."""

from __future__ import annotations

from bot.ui import callbacks as cb
from bot.ui.i18n import t


def settings_menu(lang: str, current: str | None) -> tuple[str, list[list[tuple[str, cb.Button]]]]:
    label = t(lang, f"settings.language.{current or 'auto'}")
    rows: list[list[tuple[str, cb.Button]]] = [
        [("简体中文", cb.SetLanguage("zh")), ("English", cb.SetLanguage("en"))],
        [(t(lang, "settings.language.auto"), cb.SetLanguage("auto"))],
    ]
    return t(lang, "settings.menu", current=label), rows


def language_saved(lang: str, choice: str) -> str:
    return t(lang, "settings.saved", language=t(lang, f"settings.language.{choice}"))
