"""The private-chat driver handed out by :meth:`BotHarness.chat <bot.testing.harness.BotHarness.chat>`.

Every action builds the raw update a Telegram client would cause, feeds it to the
application and returns the bot messages sent or edited in this chat meanwhile
(deleted ones left out).
"""

from __future__ import annotations

import copy
import mimetypes
from typing import TYPE_CHECKING, Any

from bot.testing._methods import image_size
from bot.testing._records import InlineAnswer, SentMessage

if TYPE_CHECKING:
    from bot.testing.harness import BotHarness


class Chat:
    """A private chat between one user and the bot (chat id == user id)."""

    def __init__(
        self,
        harness: BotHarness,
        user_id: int,
        first_name: str,
        username: str | None,
        language_code: str | None,
    ) -> None:
        self.harness = harness
        self.user_id = self.chat_id = user_id
        self.user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            self.user["username"] = username
        if language_code:
            self.user["language_code"] = language_code
        #: The messages this user sent (raw Message JSON), oldest first.
        self.sent: list[dict[str, Any]] = []
        self._queries = 0
        harness.api.users[user_id] = self.user

    # -- what the user sees ----------------------------------------------------------------

    @property
    def replies(self) -> list[SentMessage]:
        """All bot messages in this chat still visible, oldest first."""
        return self.harness.api.messages(self.chat_id)

    @property
    def last_reply(self) -> SentMessage:
        """The newest visible bot message (AssertionError if there is none)."""
        replies = self.replies
        assert replies, f"the bot has not sent anything to chat {self.chat_id}"
        return replies[-1]

    @property
    def last_text(self) -> str | None:
        """Text (or caption) of :attr:`last_reply`."""
        return self.last_reply.text

    @property
    def last_answer(self) -> str | None:
        """Text of the last answerCallbackQuery shown to this user (None if none/no text)."""
        answers = self.harness.api.answers_for(self.user_id)
        return answers[-1].text if answers else None

    # -- messages --------------------------------------------------------------------------

    def _message(self, **content: Any) -> dict[str, Any]:
        api = self.harness.api
        message: dict[str, Any] = {
            "message_id": api.next_message_id(self.chat_id),
            "date": self.harness.now_ts(),
            "chat": api.chat_json(self.chat_id),
            "from": dict(self.user),
        }
        message.update(content)
        self.sent.append(message)
        return message

    async def _send_message(self, message: dict[str, Any]) -> list[SentMessage]:
        return await self.harness.process({"message": message}, self.chat_id)

    async def send(self, text: str, reply_to: SentMessage | None = None) -> list[SentMessage]:
        """Send ``text``; "/cmd args" carries a bot_command entity like a real client."""
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            length = len(command.encode("utf-16-le")) // 2
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        if reply_to is not None:
            content["reply_to_message"] = copy.deepcopy(reply_to.raw)
        return await self._send_message(self._message(**content))

    async def send_photo(self, data: bytes, caption: str | None = None) -> list[SentMessage]:
        stored = self.harness.api.store_file(data, folder="photos", mime_type="image/jpeg")
        width, height = image_size(data)
        size = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": width,
            "height": height,
            "file_size": len(data),
        }
        content: dict[str, Any] = {"photo": [size]}
        if caption is not None:
            content["caption"] = caption
        return await self._send_message(self._message(**content))

    async def send_document(
        self, data: bytes, filename: str, mime_type: str | None = None
    ) -> list[SentMessage]:
        mime_type = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        stored = self.harness.api.store_file(
            data, folder="documents", file_name=filename, mime_type=mime_type
        )
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": filename,
            "mime_type": mime_type,
            "file_size": len(data),
        }
        return await self._send_message(self._message(document=document))

    # -- buttons -----------------------------------------------------------------------------

    def keyboard_message(self) -> SentMessage | None:
        """The newest visible bot message that has an inline keyboard."""
        for message in reversed(self.replies):
            if message.keyboard:
                return message
        return None

    async def press(
        self, label_substring: str, message: SentMessage | None = None
    ) -> list[SentMessage]:
        """Press the first inline button whose label contains ``label_substring`` on
        ``message`` (default: the newest bot message with an inline keyboard)."""
        message = message or self.keyboard_message()
        if message is None:
            raise AssertionError(
                f"no bot message with an inline keyboard in chat {self.chat_id}; "
                f"messages: {[m.text for m in self.replies]!r}"
            )
        markup = message.raw.get("reply_markup", {})
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if label_substring in str(button.get("text", "")):
                    if "callback_data" not in button:
                        raise AssertionError(
                            f"button {button.get('text')!r} has no callback_data: {button!r}"
                        )
                    return await self.press_data(str(button["callback_data"]), message)
        raise AssertionError(
            f"no button containing {label_substring!r} on message {message.message_id} "
            f"({message.text!r}); available labels: {message.labels!r}"
        )

    async def press_data(
        self, callback_data: str, message: SentMessage | None = None
    ) -> list[SentMessage]:
        """Send a callback query with arbitrary ``callback_data`` (e.g. forged), attached to
        ``message`` (default: newest keyboard message, else newest message)."""
        if message is None:
            message = self.keyboard_message() or (self.replies[-1] if self.replies else None)
        query: dict[str, Any] = {
            "id": self._query_id(),
            "from": dict(self.user),
            "chat_instance": f"ci{self.chat_id}",
            "data": callback_data,
        }
        if message is not None:
            query["message"] = copy.deepcopy(message.raw)
        return await self.harness.process({"callback_query": query}, self.chat_id)

    async def inline(self, query: str, offset: str = "") -> InlineAnswer | None:
        """Type ``@bot query`` in this chat; returns the bot's answer (None if none)."""
        query_id = self._query_id()
        inline_query = {
            "id": query_id,
            "from": dict(self.user),
            "query": query,
            "offset": offset,
            "chat_type": "sender",
        }
        await self.harness.process({"inline_query": inline_query}, self.chat_id)
        for answer in reversed(self.harness.api.inline_answers):
            if answer.query_id == query_id:
                return answer
        return None

    def _query_id(self) -> str:
        self._queries += 1
        query_id = f"{self.user_id}{self._queries:06d}"
        self.harness.api.note_query(query_id, self.user_id)
        return query_id
