"""Checks that the real Bot API makes and the fake repeats in strict mode.

Each function returns the ``description`` of a 400 Bad Request, or ``None`` when fine.
Only the mistakes a bot realistically makes are covered: empty or too long texts,
long callback_data, and HTML that Telegram refuses to parse.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64

_HTML_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
    "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji",
}  # fmt: skip


class _HtmlChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.error: str | None = None

    def _fail(self, message: str) -> None:
        if self.error is None:
            self.error = message

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HTML_TAGS:
            self._fail(f'Unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._fail(f'Unsupported start tag "{tag}"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self._fail(f'Unmatched end tag "{tag}"')
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "&" in data:  # a bare "&" that did not start an entity
            self._fail("Unexpected end of name token: unescaped '&' (write &amp;)")
        if "<" in data:  # a bare "<" that did not start a tag
            self._fail("Unsupported start tag: unescaped '<' (write &lt;)")

    def unknown_decl(self, data: str) -> None:
        self._fail("Unsupported HTML declaration")


def check_html(text: str) -> str | None:
    checker = _HtmlChecker()
    checker.feed(text)
    checker.close()
    if checker.error is None and checker.stack:
        checker.error = f'Can\'t find end tag corresponding to start tag "{checker.stack[-1]}"'
    if checker.error is not None:
        return f"Bad Request: can't parse entities: {checker.error}"
    return None


def check_text(text: Any, parse_mode: Any, *, caption: bool) -> str | None:
    if text is None:
        return None if caption else "Bad Request: message text is empty"
    text = str(text)
    if not caption and not text.strip():
        return "Bad Request: message text is empty"
    limit = MAX_CAPTION if caption else MAX_TEXT
    if len(text) > limit:
        return f"Bad Request: message {'caption ' if caption else ''}is too long"
    if isinstance(parse_mode, str) and parse_mode.upper() == "HTML":
        return check_html(text)
    return None


def check_markup(markup: Any) -> str | None:
    if not isinstance(markup, dict):
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and len(str(data).encode()) > MAX_CALLBACK_DATA:
                return "Bad Request: BUTTON_DATA_INVALID"
            if not str(button.get("text", "")).strip():
                return "Bad Request: text buttons are unallowed in the inline keyboard"
    return None
