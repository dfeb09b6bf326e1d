"""An in-process fake of the Telegram Bot API, plugged into PTB as its ``BaseRequest``.

Use it as both request objects of the bot, with no updater::

    api = FakeBotAPI()
    app = (ApplicationBuilder().token("123:TEST").request(api)
           .get_updates_request(api).updater(None).build())
    # or: app = build_fake_app_builder(api).build()   (bot.testing.harness)

Every request the bot makes is answered here like the real Bot API would answer it,
and recorded:

* ``api.calls``: every :class:`ApiCall` (method, params, uploaded files, ok/error);
* ``api.messages(chat_id)``: the bot's :class:`SentMessage` objects in a chat (edits
  update them in place, deletions set ``deleted``); ``api.events``: send/edit/delete
  :class:`ApiEvent` in order;
* ``api.callback_answers`` / ``api.inline_answers`` / ``api.chat_actions`` /
  ``api.commands`` (set via setMyCommands, keyed by scope and language).

Failures: ``api.block(chat_id)`` answers 403 "bot was blocked by the user" to every
method aimed at that chat (``chat_id`` parameter) until ``api.unblock(chat_id)``;
``api.fail_next("sendMessage", status=429, retry_after=3)`` makes the next matching
call fail (PTB raises ``RetryAfter``; other statuses become Forbidden/BadRequest/...).
Failed calls are recorded in ``api.calls`` with ``ok=False`` and change nothing.

With ``strict=True`` (the default) the fake also refuses what Telegram refuses:
empty/too long texts, callback_data over 64 bytes, HTML Telegram cannot parse,
"message is not modified" edits, edits/deletes of unknown messages, edits of user
messages, unknown file ids and callback query ids. Pass ``strict=False`` to accept
anything. Deleting a user's message is allowed (``api.deleted_user_messages``). An edit
without ``reply_markup`` removes the inline keyboard, as in Telegram. Texts are kept as
sent (``SentMessage.text``, HTML included); the Message JSON handed back to PTB carries
the plain text without entities.

Unknown methods (sendMediaGroup, copyMessage, ... included) are recorded and answered
``true``. Files (user uploads registered by
the harness, or files the bot sent) are served by ``getFile`` and by the download URL.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

from bot.clock import Clock
from bot.testing import _methods
from bot.testing._records import (
    ApiCall,
    ApiError,
    ApiEvent,
    CallbackAnswer,
    InlineAnswer,
    SentMessage,
    StoredFile,
    Upload,
)

__all__ = ["ApiError", "FakeBotAPI"]


@dataclass
class _Failure:
    method: str | None
    chat_id: int | None
    status: int
    retry_after: int | None
    description: str | None
    times: int


_STATUS_TEXT = {
    400: "Bad Request: injected failure",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: injected failure",
    502: "Bad Gateway",
}


class FakeBotAPI(BaseRequest):
    """The fake Bot API. See the module docstring for what it records and how to break it."""

    def __init__(
        self,
        *,
        username: str = "shuxiang_demo_bot",
        bot_id: int = 1000,
        first_name: str = "书香",
        clock: Clock | None = None,
        strict: bool = True,
    ) -> None:
        self.username = username
        self.bot_id = bot_id
        self.first_name = first_name
        self.clock = clock
        self.strict = strict
        self.calls: list[ApiCall] = []
        self.events: list[ApiEvent] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.inline_answers: list[InlineAnswer] = []
        self.chat_actions: list[tuple[int, str]] = []
        #: setMyCommands state: (scope as sorted JSON, language_code or "") -> commands
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.files: dict[str, StoredFile] = {}
        #: Users known to the fake (the harness registers them), by id, as User JSON.
        self.users: dict[int, dict[str, Any]] = {}
        self.downloads: list[str] = []
        #: (chat_id, message_id) of user messages the bot deleted.
        self.deleted_user_messages: list[tuple[int, int]] = []
        self._messages: dict[int, list[SentMessage]] = {}
        self._next_id: dict[int, int] = {}
        self._blocked: set[int] = set()
        self._failures: list[_Failure] = []
        self._query_owner: dict[str, int] = {}
        self._file_counter = 0
        self.initialized = False

    # -- BaseRequest -------------------------------------------------------------------

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        self.initialized = True

    async def shutdown(self) -> None:
        self.initialized = False

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            return self._download(url)
        api_method = url.rstrip("/").rsplit("/", 1)[-1]
        params: dict[str, Any] = dict(request_data.parameters) if request_data else {}
        files = _read_files(request_data)
        try:
            self._check_failures(api_method, params)
            handler = _methods.HANDLERS.get(api_method)
            result: Any = True if handler is None else handler(self, params, files)
        except ApiError as exc:
            self.calls.append(
                ApiCall(api_method, params, files, False, exc.status, exc.description)
            )
            body: dict[str, Any] = {
                "ok": False,
                "error_code": exc.status,
                "description": exc.description,
            }
            if exc.parameters:
                body["parameters"] = exc.parameters
            return exc.status, json.dumps(body).encode()
        self.calls.append(ApiCall(api_method, params, files))
        return 200, json.dumps({"ok": True, "result": result}).encode()

    # -- failure injection ---------------------------------------------------------------

    def block(self, chat_id: int) -> None:
        """Every call aimed at ``chat_id`` answers 403 until :meth:`unblock`."""
        self._blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def fail_next(
        self,
        method: str | None = "sendMessage",
        chat_id: int | None = None,
        status: int = 429,
        retry_after: int | None = 3,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Fail the next ``times`` calls of ``method`` (any method if None) to ``chat_id``
        (any chat if None) with HTTP ``status``. For 429 the answer carries
        ``parameters.retry_after`` so that PTB raises ``telegram.error.RetryAfter``."""
        self._failures.append(_Failure(method, chat_id, status, retry_after, description, times))

    def _check_failures(self, method: str, params: dict[str, Any]) -> None:
        chat_id = _as_int(params.get("chat_id"))
        if chat_id is not None and chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        for failure in self._failures:
            if failure.method not in (None, method):
                continue
            if failure.chat_id is not None and failure.chat_id != chat_id:
                continue
            failure.times -= 1
            if failure.times <= 0:
                self._failures.remove(failure)
            if failure.status == 429:
                wait = failure.retry_after or 1
                raise ApiError(
                    429,
                    failure.description or f"Too Many Requests: retry after {wait}",
                    {"retry_after": wait},
                )
            raise ApiError(
                failure.status,
                failure.description or _STATUS_TEXT.get(failure.status, "Injected failure"),
            )

    # -- state used by the method implementations and the harness -----------------------

    def now_ts(self) -> int:
        """Current time in whole seconds (from the clock if one is set)."""
        return int(self.clock.now().timestamp()) if self.clock else int(time.time())

    def next_message_id(self, chat_id: int) -> int:
        """Message ids are shared by user and bot messages of a chat, like in Telegram."""
        self._next_id[chat_id] = self._next_id.get(chat_id, 0) + 1
        return self._next_id[chat_id]

    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    def chat_json(self, chat_id: int) -> dict[str, Any]:
        if chat_id < 0:
            return {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}
        chat: dict[str, Any] = {"id": chat_id, "type": "private"}
        user = self.users.get(chat_id, {})
        chat.update({k: user[k] for k in ("first_name", "username") if k in user})
        chat.setdefault("first_name", f"User {chat_id}")
        return chat

    def note_query(self, query_id: str, user_id: int) -> None:
        """Tell the fake that callback/inline query ``query_id`` comes from ``user_id``."""
        self._query_owner[query_id] = user_id

    def query_owner(self, query_id: str) -> int | None:
        return self._query_owner.get(query_id)

    def store_file(
        self,
        data: bytes,
        *,
        folder: str = "documents",
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        """Keep ``data`` under a new file_id so that getFile + download return it."""
        self._file_counter += 1
        n = self._file_counter
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        elif folder == "photos":
            suffix = ".jpg"
        stored = StoredFile(
            file_id=f"FAKE-{folder}-{n:05d}",
            file_unique_id=f"U{n:05d}",
            file_path=f"{folder}/file_{n}{suffix}",
            data=bytes(data),
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def add_message(self, message: SentMessage) -> None:
        self._messages.setdefault(message.chat_id, []).append(message)
        self.events.append(ApiEvent("send", message.chat_id, message.message_id, message))

    def is_user_message(self, chat_id: int, message_id: int) -> bool:
        """True if ``message_id`` was handed out in the chat but not to a bot message."""
        bot_ids = {m.message_id for m in self._messages.get(chat_id, [])}
        return 0 < message_id <= self._next_id.get(chat_id, 0) and message_id not in bot_ids

    def find_message(self, chat_id: int, message_id: int) -> SentMessage | None:
        for message in self._messages.get(chat_id, []):
            if message.message_id == message_id and not message.deleted:
                return message
        return None

    # -- reading the records -----------------------------------------------------------

    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[SentMessage]:
        """The bot's messages in ``chat_id``, oldest first."""
        return [m for m in self._messages.get(chat_id, []) if include_deleted or not m.deleted]

    def calls_to(self, method: str) -> list[ApiCall]:
        return [call for call in self.calls if call.method == method]

    def answers_for(self, user_id: int) -> list[CallbackAnswer]:
        return [a for a in self.callback_answers if a.user_id == user_id]

    def commands_for(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        return list(self.commands.get((_scope_key(scope), language_code), []))

    # -- downloads -----------------------------------------------------------------------

    def _download(self, url: str) -> tuple[int, bytes]:
        path = unquote(url.split("/file/bot", 1)[1].split("/", 1)[-1])
        self.downloads.append(path)
        for stored in self.files.values():
            if stored.file_path == path or path.endswith("/" + stored.file_path):
                return 200, stored.data
        return 404, json.dumps(
            {"ok": False, "error_code": 404, "description": "Not Found"}
        ).encode()


def _scope_key(scope: Any) -> str:
    return json.dumps(scope or {"type": "default"}, sort_keys=True)


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _read_files(request_data: RequestData | None) -> dict[str, Upload]:
    if request_data is None or not request_data.contains_files:
        return {}
    files: dict[str, Upload] = {}
    for name, field_tuple in request_data.multipart_data.items():
        content: Any = field_tuple[1]
        data = content.read() if hasattr(content, "read") else bytes(content)
        mime = field_tuple[2] if len(field_tuple) > 2 else None
        files[name] = Upload(field_tuple[0] or None, data, mime or None)
    return files
