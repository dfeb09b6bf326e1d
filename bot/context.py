"""``LibraryContext``: PTB's CallbackContext with the library, the session and ``t()``."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.domain.actor import Actor
from bot.library import Library
from bot.services.readers import Session
from bot.ui.i18n import pick_language, t


class LibraryContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Set up once per update by the session resolver (handler group -1)."""

    def __init__(
        self, application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None, user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.session: Session | None = None
        self.tg_language: str | None = None

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
