"""The message catalogue: every user-facing string, in 简体中文 and English.

Strings live in ``bot/ui/locales/<lang>/<area>.toml``; a TOML table ``[error]`` with key
``code_used`` is the message ``error.code_used``. Parameters use ``str.format`` syntax
(``{title}``). A test checks that both languages have the same keys and the same parameters.
"""

from __future__ import annotations

import logging
import string
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


def _flatten(prefix: str, table: Mapping[str, Any], out: dict[str, str]) -> None:
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            _flatten(name, value, out)
        else:
            out[name] = str(value)


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """All messages of one language, keyed by dotted name."""
    out: dict[str, str] = {}
    folder = resources.files("bot.ui.locales").joinpath(lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _flatten("", tomllib.loads(entry.read_text("utf-8")), out)
    return out


def parameters(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def t(lang: str, key: str, **params: Any) -> str:
    """The message ``key`` in ``lang``, formatted. A missing key is logged and shown as itself."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    template = catalogue(lang).get(key)
    if template is None:
        log.error("missing message %s in %s", key, lang)
        template = catalogue("en" if lang == "zh" else "zh").get(key, key)
    return template.format_map(_Missing(params))


def has(lang: str, key: str) -> bool:
    return key in catalogue(lang)


def pick_language(override: str | None, telegram_code: str | None, default: str) -> str:
    """``/settings`` wins; otherwise the Telegram app's language; otherwise the school default."""
    if override in LANGUAGES:
        return override
    if telegram_code:
        code = telegram_code.lower()
        if code.startswith("zh"):
            return "zh"
        if code.startswith("en"):
            return "en"
    return default if default in LANGUAGES else DEFAULT_LANGUAGE
