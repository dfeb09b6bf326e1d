"""The one renderer of refusals: a ``LibraryError`` as a sentence in the reader's language.

A refusal's code is its message key (``error.<code>``); its details are the message's
parameters, dates shown as school dates and statuses, item types, categories and renewal reasons
by their names in the catalogue. A code without a message is logged (a bug of ours) and the
reader gets the generic apology.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from bot.errors import LibraryError
from bot.ui.format import fmt_day
from bot.ui.i18n import has, t

log = logging.getLogger(__name__)

# Details of a refusal that name something the catalogue translates: detail -> key prefix.
_LABELLED = {"item_type": "item_type", "category": "category", "reason": "renew_reason"}


def _detail(lang: str, code: str, name: str, value: Any) -> Any:
    if isinstance(value, date):
        return fmt_day(lang, value)
    if name == "status":
        prefix = "hold_status" if code.startswith("hold.") else "copy_status"
        return t(lang, f"{prefix}.{value}") if has(lang, f"{prefix}.{value}") else value
    if name in _LABELLED and has(lang, f"{_LABELLED[name]}.{value}"):
        return t(lang, f"{_LABELLED[name]}.{value}")
    return value


def refusal(lang: str, error: LibraryError) -> str:
    """The message for a refusal, its dates and labels in the reader's language."""
    key = f"error.{error.code}"
    if not has(lang, key):
        log.error("no message for refusal %s", error.code)
        return t(lang, "error.generic")
    details = {k: _detail(lang, error.code, k, v) for k, v in error.details.items()}
    return t(lang, key, **details)
