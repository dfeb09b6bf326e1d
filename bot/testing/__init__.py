"""Offline testing kit for the bot: a fake Telegram Bot API and a chat/time driver.

* :class:`FakeBotAPI` (:mod:`bot.testing.fake_api`): a ``telegram.request.BaseRequest``
  that answers like the Bot API and records what the bot did;
* :class:`BotHarness` (:mod:`bot.testing.harness`): runs an ``Application`` on it, hands
  out :class:`Chat` drivers and moves a :class:`~bot.clock.FakeClock`, running jobs;
* :mod:`bot.testing.pytest_plugin`: ``fake_api``, ``fake_clock`` and ``harness_factory``
  fixtures; a test whose handlers or jobs raised fails.
"""

from bot.testing._chat import Chat
from bot.testing._records import (
    ApiCall,
    ApiEvent,
    CallbackAnswer,
    InlineAnswer,
    SentMessage,
    StoredFile,
    Upload,
)
from bot.testing.fake_api import FakeBotAPI
from bot.testing.harness import BotHarness, CaughtError, HarnessErrors, build_fake_app_builder

__all__ = [
    "ApiCall",
    "ApiEvent",
    "BotHarness",
    "CallbackAnswer",
    "CaughtError",
    "Chat",
    "FakeBotAPI",
    "HarnessErrors",
    "InlineAnswer",
    "SentMessage",
    "StoredFile",
    "Upload",
    "build_fake_app_builder",
]
