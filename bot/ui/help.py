"""/help as each role reads it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.actor import Actor
from bot.ui.i18n import t


def help_text(lang: str, actor: Actor, commands: Sequence[tuple[str, str]]) -> str:
    """``commands``: (name, message key of its one-line description), in menu order."""
    lines = [t(lang, f"help.intro.{actor.role.value}")]
    lines += [f"/{name} — {t(lang, key)}" for name, key in commands]
    if not actor.is_linked and not actor.is_librarian:
        lines += ["", t(lang, "help.not_linked")]
    lines += ["", t(lang, "help.search_tip")]
    return "\n".join(lines)
