"""What the desk, /mybooks and the hold buttons share: refusals with school dates in the
reader's language, barcodes typed or photographed, and the text of a message."""

from __future__ import annotations

import functools
import re

from telegram import Update

from bot.barcodes import decode_in_thread
from bot.context import LibraryContext
from bot.errors import LibraryError
from bot.handlers.common import MAX_INPUT, Handler, R, refuse
from bot.ui.loans import localised

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_CODES = 30  # barcodes handled from one message
_SEPARATORS = re.compile(r"[\s,，、;；]+")


def circ_refusals(func: Handler[R]) -> Handler[R | None]:
    """Like ``handlers.common.refusals``, with dates and labels in the refusal rendered first."""

    @functools.wraps(func)
    async def wrapper(update: Update, context: LibraryContext) -> R | None:
        try:
            return await func(update, context)
        except LibraryError as error:
            await refuse(update, context, localised(context.lang, error))
            return None

    return wrapper


def message_text(update: Update) -> str:
    message = update.effective_message
    return ((message.text if message else "") or "")[: MAX_INPUT * 4]


def split_codes(text: str) -> list[str]:
    """Barcodes (or card numbers) in a message: separated by spaces, commas or new lines; each
    once, in order."""
    seen: dict[str, None] = {}
    for part in _SEPARATORS.split(text.strip()):
        if part:
            seen.setdefault(part[:32], None)
    return list(seen)[:MAX_CODES]


async def photo_codes(update: Update) -> list[str]:
    """The texts of the barcodes and QR codes in the message's photo (``photo.too_big`` if it is
    too big to fetch)."""
    message = update.effective_message
    if message is None or not message.photo:
        return []
    photo = message.photo[-1]
    if photo.file_size and photo.file_size > MAX_PHOTO_BYTES:
        raise LibraryError("photo.too_big")
    data = bytes(await (await photo.get_file()).download_as_bytearray())
    return split_codes(" ".join(found.text for found in await decode_in_thread(data)))


def callback_id(update: Update) -> int:
    """The number at the end of the pressed button's data (``loan:renew:42`` -> 42)."""
    data = update.callback_query.data if update.callback_query else None
    return int(str(data or "").rsplit(":", 1)[-1])
