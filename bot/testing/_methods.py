"""The Bot API methods that :class:`~bot.testing.fake_api.FakeBotAPI` implements.

Each handler gets ``(api, params, files)`` and returns the JSON ``result`` or raises
:class:`~bot.testing._records.ApiError`. Methods missing from :data:`HANDLERS` answer ``true``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.testing import _validate
from bot.testing._records import (
    ApiError,
    ApiEvent,
    CallbackAnswer,
    InlineAnswer,
    MessageKind,
    SentMessage,
    StoredFile,
    Upload,
    parse_inline_keyboard,
    parse_reply_keyboard,
    render_plain,
)

if TYPE_CHECKING:
    from bot.testing.fake_api import FakeBotAPI

Params = dict[str, Any]
Files = dict[str, Upload]
Handler = Callable[["FakeBotAPI", Params, Files], Any]


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of an image (via Pillow), or 320x320 if it cannot be read."""
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:
        return (320, 320)


def _chat_id(params: Params) -> int:
    try:
        return int(params["chat_id"])
    except (KeyError, TypeError, ValueError):
        raise ApiError(400, "Bad Request: chat not found") from None


def _bad(api: FakeBotAPI, description: str | None) -> None:
    if description is not None and api.strict:
        raise ApiError(400, description)


def _file_json(stored: StoredFile) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }


def _media(api: FakeBotAPI, params: Params, files: Files, field: str) -> StoredFile:
    folder = "photos" if field == "photo" else "documents"
    upload = files.get(field)
    if upload is None and isinstance(params.get(field), str):
        ref: str = params[field]
        if ref.startswith("attach://"):
            upload = files.get(ref[len("attach://") :])
        elif ref in api.files:
            return api.files[ref]
        elif ref.startswith(("http://", "https://")):
            return api.store_file(b"", folder=folder, file_name=ref.rsplit("/", 1)[-1])
        else:
            _bad(api, "Bad Request: wrong file identifier/HTTP URL specified")
            return api.store_file(b"", folder=folder)
    if upload is None:
        raise ApiError(400, f"Bad Request: there is no {field} in the request")
    return api.store_file(
        upload.data, folder=folder, file_name=upload.filename, mime_type=upload.mime_type
    )


def _send(api: FakeBotAPI, params: Params, files: Files, kind: MessageKind) -> Any:
    chat_id = _chat_id(params)
    caption = kind != "text"
    text = params.get("caption" if caption else "text")
    parse_mode = params.get("parse_mode")
    markup = params.get("reply_markup")
    _bad(api, _validate.check_text(text, parse_mode, caption=caption))
    _bad(api, _validate.check_markup(markup))
    stored = None if kind == "text" else _media(api, params, files, kind)
    message_id = api.next_message_id(chat_id)
    raw: dict[str, Any] = {
        "message_id": message_id,
        "date": api.now_ts(),
        "chat": api.chat_json(chat_id),
        "from": api.bot_user(),
    }
    if text is not None:
        raw["caption" if caption else "text"] = render_plain(str(text), parse_mode)
    if stored is not None and kind == "photo":
        width, height = image_size(stored.data)
        raw["photo"] = [dict(_file_json(stored), width=width, height=height)]
    elif stored is not None:
        doc = _file_json(stored)
        doc.update(file_name=stored.file_name, mime_type=stored.mime_type)
        raw["document"] = {k: v for k, v in doc.items() if v is not None}
    if parse_inline_keyboard(markup) is not None:
        raw["reply_markup"] = markup
    reply_to = params.get("reply_parameters") or {}
    if isinstance(reply_to, dict) and "message_id" in reply_to:
        raw["reply_to_message"] = {
            "message_id": reply_to["message_id"],
            "date": raw["date"],
            "chat": raw["chat"],
        }
    message = SentMessage(
        chat_id=chat_id,
        message_id=message_id,
        kind=kind,
        text=None if text is None else str(text),
        keyboard=parse_inline_keyboard(markup),
        reply_keyboard=parse_reply_keyboard(markup),
        parse_mode=parse_mode,
        file_name=stored.file_name if stored else None,
        file_bytes=stored.data if stored else None,
        file_id=stored.file_id if stored else None,
        mime_type=stored.mime_type if stored else None,
        raw=raw,
    )
    api.add_message(message)
    return raw


def _target(api: FakeBotAPI, params: Params, what: str) -> SentMessage | None:
    if "inline_message_id" in params:
        return None
    chat_id = _chat_id(params)
    message_id = int(params.get("message_id", 0))
    message = api.find_message(chat_id, message_id)
    if message is None:
        if api.is_user_message(chat_id, message_id):
            if what == "delete":  # bots may delete what users wrote in private chats
                api.deleted_user_messages.append((chat_id, message_id))
                return None
            raise ApiError(400, "Bad Request: message can't be edited")
        raise ApiError(400, f"Bad Request: message to {what} not found")
    return message


def _edit(api: FakeBotAPI, params: Params, field: str | None) -> Any:
    """editMessageText (field "text"), editMessageCaption ("caption"), markup only (None)."""
    message = _target(api, params, "edit")
    if message is None:  # inline message: nothing to track
        return True
    markup = params.get("reply_markup")
    _bad(api, _validate.check_markup(markup))
    new_text, parse_mode = message.text, message.parse_mode
    if field is not None:
        if (field == "text") != (message.kind == "text"):
            raise ApiError(400, f"Bad Request: there is no {field} in the message to edit")
        new_text, parse_mode = params.get(field), params.get("parse_mode")
        _bad(api, _validate.check_text(new_text, parse_mode, caption=field == "caption"))
    old_markup = message.raw.get("reply_markup")
    new_markup = markup if parse_inline_keyboard(markup) is not None else None
    if api.strict and new_text == message.text and new_markup == old_markup:
        raise ApiError(
            400,
            "Bad Request: message is not modified: specified new message content and reply "
            "markup are exactly the same as a current content and reply markup of the message",
        )
    # Like Telegram: an edit without reply_markup removes the inline keyboard.
    message.text = None if new_text is None else str(new_text)
    message.parse_mode = parse_mode
    message.keyboard = parse_inline_keyboard(new_markup)
    message.edit_count += 1
    raw = message.raw
    raw.pop("reply_markup", None)
    if new_markup is not None:
        raw["reply_markup"] = new_markup
    key = "text" if message.kind == "text" else "caption"
    raw.pop(key, None)
    if message.text is not None:
        raw[key] = render_plain(message.text, parse_mode)
    raw["edit_date"] = api.now_ts()
    api.events.append(ApiEvent("edit", message.chat_id, message.message_id, message))
    return raw


def _delete(api: FakeBotAPI, params: Params, files: Files) -> Any:
    try:
        message = _target(api, params, "delete")
    except ApiError:
        if api.strict:
            raise
        return True
    if message is not None:
        message.deleted = True
        api.events.append(ApiEvent("delete", message.chat_id, message.message_id, message))
    return True


def _answer_callback(api: FakeBotAPI, params: Params, files: Files) -> Any:
    query_id = str(params.get("callback_query_id"))
    owner = api.query_owner(query_id)
    if owner is None:
        _bad(
            api,
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        )
    if any(answer.query_id == query_id for answer in api.callback_answers):
        # Telegram takes one answer per callback query; a second one is refused like this.
        _bad(api, "Bad Request: query is too old and response timeout expired or query ID is invalid")
    api.callback_answers.append(
        CallbackAnswer(
            query_id,
            owner,
            params.get("text"),
            bool(params.get("show_alert", False)),
            params.get("url"),
        )
    )
    return True


def _answer_inline(api: FakeBotAPI, params: Params, files: Files) -> Any:
    query_id = str(params.get("inline_query_id"))
    results = params.get("results") or []
    api.inline_answers.append(
        InlineAnswer(
            query_id,
            api.query_owner(query_id),
            list(results),
            params.get("next_offset"),
            params.get("cache_time"),
            bool(params.get("is_personal", False)),
        )
    )
    return True


def _commands_key(params: Params) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


def _set_commands(api: FakeBotAPI, params: Params, files: Files) -> Any:
    api.commands[_commands_key(params)] = list(params.get("commands") or [])
    return True


def _get_commands(api: FakeBotAPI, params: Params, files: Files) -> Any:
    return api.commands.get(_commands_key(params), [])


def _delete_commands(api: FakeBotAPI, params: Params, files: Files) -> Any:
    api.commands.pop(_commands_key(params), None)
    return True


def _set_menu_button(api: FakeBotAPI, params: Params, files: Files) -> Any:
    chat = params.get("chat_id")
    api.menu_buttons[None if chat is None else int(chat)] = params.get("menu_button") or {
        "type": "default"
    }
    return True


def _get_menu_button(api: FakeBotAPI, params: Params, files: Files) -> Any:
    chat = params.get("chat_id")
    key = None if chat is None else int(chat)
    return api.menu_buttons.get(key) or api.menu_buttons.get(None) or {"type": "commands"}


def _get_file(api: FakeBotAPI, params: Params, files: Files) -> Any:
    stored = api.files.get(str(params.get("file_id")))
    if stored is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    return dict(_file_json(stored), file_path=stored.file_path)


def _chat_action(api: FakeBotAPI, params: Params, files: Files) -> Any:
    api.chat_actions.append((_chat_id(params), str(params.get("action"))))
    return True


HANDLERS: dict[str, Handler] = {
    "getMe": lambda api, p, f: (
        api.bot_user() | {"can_join_groups": True, "can_read_all_group_messages": False}
    ),
    "sendMessage": lambda api, p, f: _send(api, p, f, "text"),
    "sendPhoto": lambda api, p, f: _send(api, p, f, "photo"),
    "sendDocument": lambda api, p, f: _send(api, p, f, "document"),
    "editMessageText": lambda api, p, f: _edit(api, p, "text"),
    "editMessageCaption": lambda api, p, f: _edit(api, p, "caption"),
    "editMessageReplyMarkup": lambda api, p, f: _edit(api, p, None),
    "deleteMessage": _delete,
    "answerCallbackQuery": _answer_callback,
    "answerInlineQuery": _answer_inline,
    "setMyCommands": _set_commands,
    "getMyCommands": _get_commands,
    "deleteMyCommands": _delete_commands,
    "setChatMenuButton": _set_menu_button,
    "getChatMenuButton": _get_menu_button,
    "getUpdates": lambda api, p, f: [],
    "getFile": _get_file,
    "sendChatAction": _chat_action,
    "getChat": lambda api, p, f: (
        api.chat_json(_chat_id(p)) | {"accent_color_id": 0, "max_reaction_count": 11}
    ),
}
