"""The commands the bot understands, who may use them, and their menu text.

One list serves ``/help``, the Telegram command menus (``set_my_commands``, per scope and
language) and README. Feature modules add theirs here.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.readers import Role

EVERYONE = frozenset({Role.READER, Role.HELPER, Role.LIBRARIAN})
STAFF = frozenset({Role.HELPER, Role.LIBRARIAN})
LIBRARIAN = frozenset({Role.LIBRARIAN})


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    roles: frozenset[Role]
    linked_only: bool = False  # shown to readers only once their account is linked

    @property
    def help_key(self) -> str:
        return f"command.{self.name}"


COMMANDS: tuple[Command, ...] = (
    Command("start", EVERYONE),
    Command("help", EVERYONE),
    Command("search", EVERYONE),
    Command("new", EVERYONE),
    Command("link", EVERYONE),
    Command("settings", EVERYONE),
    Command("mybooks", EVERYONE, linked_only=True),
    Command("history", EVERYONE, linked_only=True),
    Command("lend", STAFF),
    Command("return", STAFF),
    Command("renew", STAFF),
    Command("done", STAFF),
    Command("patron", STAFF),
    Command("item", STAFF),
    Command("status", LIBRARIAN),
    Command("closed", LIBRARIAN),
    Command("codes", LIBRARIAN),
    Command("helper", LIBRARIAN),
    Command("cancel", EVERYONE),
)


def commands_for(role: Role, linked: bool) -> list[Command]:
    return [c for c in COMMANDS if role in c.roles and (linked or not c.linked_only or role is not Role.READER)]
