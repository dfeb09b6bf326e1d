"""``build_application``: the only place that wires settings, storage, services and handlers."""

from __future__ import annotations

import logging
from typing import Any

from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseHandler,
    ContextTypes,
)
from telegram.request import BaseRequest

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.context import LibraryContext, UserState
from bot.domain.readers import Role
from bot.handlers import (
    admin,
    desk,
    desk_lookup,
    errors,
    fallback,
    guards,
    help,
    holds,
    imports,
    menus,
    mybooks,
    search,
    session,
    settings,
    start,
)
from bot.jobs import holds as holds_job
from bot.library import Library
from bot.store.db import Database
from bot.ui.i18n import pick_language

log = logging.getLogger(__name__)

# Feature modules in the order their handlers are tried; the fallback comes last.
FEATURES = (guards, start, help, settings, admin, imports, desk, desk_lookup, mybooks, holds, search)


async def _post_init(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    library: Library = app.bot_data["library"]
    applied = await library.db.open()
    if applied:
        log.info("database %s: applied %s", library.db.path, ", ".join(applied))
    default = library.settings.school.default_language
    await menus.set_default_menus(app.bot, default)
    for telegram_id in await library.readers.staff_accounts():
        session = await library.readers.session_for(telegram_id)
        # A librarian from the config who has not written yet has no session.
        role = session.actor.role if session else Role.LIBRARIAN
        lang = pick_language(session.language if session else None, None, default)
        await menus.set_staff_menu(app.bot, telegram_id, role, lang)
    holds_job.schedule(app)


async def _post_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    library: Library = app.bot_data["library"]
    await library.db.close()


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    request: BaseRequest | None = None,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The real bot. ``request`` replaces the network (the offline fake for tests and demo)."""
    token = settings.telegram.token.get_secret_value() if settings.telegram.token else "0:NO-TOKEN"
    library = Library(settings, clock or SystemClock(), Database(settings.database.path))
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram.base_url)
        .base_file_url(settings.telegram.base_file_url)
        .context_types(ContextTypes(context=LibraryContext, user_data=UserState))
        .rate_limiter(AIORateLimiter(max_retries=2))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request).updater(None)
    app = builder.build()
    app.bot_data["library"] = library
    app.add_handler(session.handler(), group=-1)
    handlers: list[BaseHandler[Any, Any, Any]] = []
    for feature in (*FEATURES, fallback):
        handlers.extend(feature.handlers())
    app.add_handlers(handlers)
    app.add_error_handler(errors.on_error)
    return app
