"""The hold-shelf scan (预约保留期): trapped holds past their pickup deadline expire and the copy
passes to the next reader in the queue or back to the shelf.

An idempotent scan of the database (``HoldService.expire_pickups``): what is due is decided by
the stored pickup dates, not by a timer, so a scan that runs late, twice or after a restart does
the right thing. Scheduled every hour; the first scan runs a minute after start.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram.ext import Application, CallbackContext

log = logging.getLogger(__name__)

INTERVAL = timedelta(hours=1)
FIRST = timedelta(minutes=1)
JOB_NAME = "holds.expire_pickups"


async def expire_pickups(context: CallbackContext[Any, Any, Any, Any]) -> None:
    library = context.application.bot_data["library"]
    expired = await library.holds.expire_pickups()
    if expired:
        log.info("hold shelf: %d pickup(s) expired", len(expired))


def schedule(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add the scan to the JobQueue (once: a second call replaces nothing and adds nothing)."""
    queue = app.job_queue
    if queue is None:
        log.warning("no JobQueue (install python-telegram-bot[job-queue]): holds never expire")
        return
    if queue.get_jobs_by_name(JOB_NAME):
        return
    queue.run_repeating(expire_pickups, interval=INTERVAL, first=FIRST, name=JOB_NAME)
