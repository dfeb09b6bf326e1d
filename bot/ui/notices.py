"""Pushes (the outbox's notices), rendered at send time in the reader's language.

A service queues a notice as ``kind`` + ``payload`` (JSON) in the outbox, in the transaction
that made it true. The sender renders it only when it goes out, so the reader's current language
and the current wording apply. Each kind has one renderer, registered here by its feature's ui
module with ``@notice("kind")``; the sender calls ``render(kind, lang, payload)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.ui import callbacks as cb

Rows = list[list[tuple[str, cb.Button]]]
Renderer = Callable[[str, Mapping[str, Any]], "Notice"]


@dataclass(frozen=True, slots=True)
class Notice:
    text: str
    rows: Rows = field(default_factory=list)


_RENDERERS: dict[str, Renderer] = {}


def notice(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the renderer of one kind of notice (a kind has exactly one)."""

    def register(func: Renderer) -> Renderer:
        if kind in _RENDERERS and _RENDERERS[kind] is not func:
            raise ValueError(f"two renderers for notice kind {kind!r}")
        _RENDERERS[kind] = func
        return func

    return register


def kinds() -> frozenset[str]:
    return frozenset(_RENDERERS)


def render(kind: str, lang: str, payload: Mapping[str, Any]) -> Notice:
    """The notice as ``lang`` reads it; ``KeyError`` for a kind nobody registered."""
    return _RENDERERS[kind](lang, payload)
