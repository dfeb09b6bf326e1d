"""Plain records kept by :class:`~bot.testing.fake_api.FakeBotAPI` (what the bot did)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Literal

MessageKind = Literal["text", "photo", "document"]
EventKind = Literal["send", "edit", "delete"]

#: One inline button as ``(label, target)``; target is the callback_data, url,
#: switch_inline_query (or another button field's value), whichever the button has.
Button = tuple[str, str | None]

_BUTTON_TARGETS = (
    "callback_data",
    "url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "login_url",
    "web_app",
    "pay",
)


@dataclass
class SentMessage:
    """A message the bot sent, as it currently is (edits update it in place).

    ``text`` is the text or the caption exactly as the bot sent it (HTML tags
    included); :attr:`plain` is what the user would read.
    """

    chat_id: int
    message_id: int
    kind: MessageKind
    text: str | None
    keyboard: list[list[Button]] | None = None
    reply_keyboard: list[list[str]] | None = None
    parse_mode: str | None = None
    file_name: str | None = None
    file_bytes: bytes | None = None
    file_id: str | None = None
    mime_type: str | None = None
    deleted: bool = False
    edit_count: int = 0
    #: The Message JSON as the Bot API would hand it out now (used for callback queries).
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def caption(self) -> str | None:
        return self.text if self.kind != "text" else None

    @property
    def plain(self) -> str:
        """The text without HTML markup (only ``parse_mode="HTML"`` is rendered)."""
        return render_plain(self.text or "", self.parse_mode)

    @property
    def labels(self) -> list[str]:
        """All inline button labels, row by row."""
        return [label for row in self.keyboard or [] for label, _ in row]

    def button(self, label_substring: str) -> Button:
        """The first inline button whose label contains ``label_substring``."""
        for row in self.keyboard or []:
            for button in row:
                if label_substring in button[0]:
                    return button
        raise AssertionError(
            f"no button containing {label_substring!r} in message {self.message_id}; "
            f"labels: {self.labels!r}"
        )


class ApiError(Exception):
    """Raised by a fake method implementation to answer with an HTTP error."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass(frozen=True)
class Upload:
    """A file uploaded with a request (multipart part)."""

    filename: str | None
    data: bytes
    mime_type: str | None


@dataclass(frozen=True)
class ApiCall:
    """One request the bot made, successful or not. ``params`` holds the JSON
    parameters (uploads appear in ``files`` under their part name instead)."""

    method: str
    params: dict[str, Any]
    files: dict[str, Upload]
    ok: bool = True
    error_code: int | None = None
    description: str | None = None


@dataclass(frozen=True)
class ApiEvent:
    """A change to the chat as the user sees it."""

    kind: EventKind
    chat_id: int
    message_id: int
    message: SentMessage


@dataclass(frozen=True)
class CallbackAnswer:
    query_id: str
    user_id: int | None
    text: str | None
    show_alert: bool
    url: str | None


@dataclass(frozen=True)
class InlineAnswer:
    query_id: str
    user_id: int | None
    results: list[dict[str, Any]]
    next_offset: str | None
    cache_time: int | None
    is_personal: bool


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None


def parse_inline_keyboard(markup: Any) -> list[list[Button]] | None:
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    rows: list[list[Button]] = []
    for row in markup["inline_keyboard"]:
        parsed: list[Button] = []
        for button in row:
            target: str | None = None
            for key in _BUTTON_TARGETS:
                if key in button:
                    value = button[key]
                    target = value if isinstance(value, str) else str(value)
                    break
            parsed.append((str(button.get("text", "")), target))
        rows.append(parsed)
    return rows


def parse_reply_keyboard(markup: Any) -> list[list[str]] | None:
    if not isinstance(markup, dict) or "keyboard" not in markup:
        return None
    return [
        [b if isinstance(b, str) else str(b.get("text", "")) for b in row]
        for row in markup["keyboard"]
    ]


_TAG = re.compile(r"<[^>]*>")


def render_plain(text: str, parse_mode: str | None) -> str:
    """Approximately what Telegram shows: HTML tags removed and entities unescaped."""
    if (parse_mode or "").upper() == "HTML":
        return html.unescape(_TAG.sub("", text))
    return text
