"""``LibraryContext``: PTB's CallbackContext with the library, the session and ``t()``;
``UserState``: what the bot remembers of one person between their updates (PTB's ``user_data``,
typed)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from telegram.ext import Application, CallbackContext, ExtBot

from bot.domain.actor import Actor
from bot.library import Library
from bot.services.readers import Session
from bot.ui.i18n import pick_language, t

DeskMode = Literal["lend", "return"]


@dataclass(slots=True)
class DeskState:
    """The desk conversation of one member of staff (/lend, /return)."""

    mode: DeskMode | None = None
    reader_id: int | None = None  # /lend: the reader chosen
    count: int = 0  # books lent or returned in this conversation


@dataclass(slots=True)
class UserState:
    """One person's state between updates; built by PTB for each user (``user_data``)."""

    desk: DeskState | None = None
    search_id: int = 0  # the last query's number: the ◀ ▶ buttons carry it
    search_text: str | None = None

    def remember_search(self, text: str) -> int:
        self.search_id += 1
        self.search_text = text
        return self.search_id

    def recall_search(self, search_id: int) -> str | None:
        return self.search_text if search_id == self.search_id else None


class LibraryContext(CallbackContext[ExtBot[None], UserState, dict[Any, Any], dict[Any, Any]]):
    """Set up once per update by the session resolver (handler group -1)."""

    def __init__(
        self, application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None, user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.session: Session | None = None
        self.tg_language: str | None = None
        self.answered = False  # the pressed button got its one answer

    @property
    def state(self) -> UserState:
        """This person's state (a fresh one for updates without a user)."""
        return self.user_data if self.user_data is not None else UserState()

    @property
    def library(self) -> Library:
        library: Library = self.application.bot_data["library"]
        return library

    @property
    def actor(self) -> Actor:
        if self.session is None:
            return Actor(telegram_id=None)
        return self.session.actor

    @property
    def lang(self) -> str:
        override = self.session.language if self.session else None
        return pick_language(override, self.tg_language, self.library.settings.school.default_language)

    def t(self, key: str, **params: Any) -> str:
        return t(self.lang, key, **params)
