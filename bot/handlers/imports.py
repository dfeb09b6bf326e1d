"""The librarian sends a file (CSV, Excel, MARC) to the bot: readers or catalogue are imported."""

from __future__ import annotations

import tempfile
from pathlib import Path

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import LibraryContext
from bot.errors import LibraryError
from bot.handlers.common import chunks, refusals, say
from bot.services.importing import MARC, TABULAR, import_file
from bot.ui.imports import report_lines

MAX_FILE_BYTES = 20 * 1024 * 1024  # what the Bot API lets a bot download


@refusals
async def on_document(update: Update, context: LibraryContext) -> None:
    message = update.effective_message
    document = message.document if message else None
    if document is None:
        return
    context.actor.require_librarian()
    name = Path(document.file_name or "upload").name
    suffix = Path(name).suffix.lower()
    if suffix not in TABULAR + MARC:
        raise LibraryError("import.unsupported_format", name=name[:64])
    if document.file_size and document.file_size > MAX_FILE_BYTES:
        raise LibraryError("import.too_big")
    await say(update, context, context.t("import.working", name=name))
    data = bytes(await (await document.get_file()).download_as_bytearray())
    library = context.library
    with tempfile.TemporaryDirectory(prefix="shuxiang-import-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        caption = (message.caption or "").lower() if message else ""
        kind = "readers" if any(w in caption for w in ("readers", "读者")) else None
        report = await import_file(path, context.actor, library.readers, library.catalog, kind=kind)
    for text in chunks(report_lines(context.lang, report)):
        await say(update, context, text)


def handlers() -> list[object]:
    return [MessageHandler(filters.ChatType.PRIVATE & filters.Document.ALL, on_document)]
