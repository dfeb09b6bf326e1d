"""Callback data: one small typed class per kind of button, the only place that knows its bytes.

A button kind is a frozen dataclass with a short ``PREFIX`` and fields of type ``int`` (a
database id or an offset, at most 15 digits so that no forged number overflows SQLite) or a
``Literal`` of words. ``pack()`` gives the data Telegram carries (``loan:renew:42``; never over
Telegram's 64 bytes), ``pattern()`` the regular expression a ``CallbackQueryHandler`` matches,
and ``parse()`` the object back (``Stale`` for anything else: old, altered or forged data).
Handlers are registered with ``handlers.common.on_button(Kind, callback)`` and receive the
parsed object; the service still checks that the person pressing may act on that id.

To add a button: a class here (a prefix no other kind uses with the same fields), a test case in
``tests/ui/test_callbacks.py``'s list, then ``on_button`` in the feature's ``handlers()``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal, Self, get_args, get_origin, get_type_hints

MAX_DATA_BYTES = 64  # Telegram's limit for callback_data
MAX_INT_DIGITS = 15  # below 2**53 and SQLite's 2**63: a forged id can't overflow anything
_INT = rf"[0-9]{{1,{MAX_INT_DIGITS}}}"  # ASCII digits only (\d takes ４２ too)


class Stale(ValueError):
    """Callback data that matches no button of ours (stale, altered or forged)."""


_SPECS: dict[type, tuple[tuple[str, Any], ...]] = {}
_PATTERNS: dict[type, re.Pattern[str]] = {}


def _spec(cls: type[Button]) -> tuple[tuple[str, Any], ...]:
    """The fields of a kind with their types, in order."""
    if cls not in _SPECS:
        hints = get_type_hints(cls)
        _SPECS[cls] = tuple((f.name, hints[f.name]) for f in fields(cls))
    return _SPECS[cls]


def _field_pattern(kind: Any) -> str:
    if kind is int:
        return f"({_INT})"
    if get_origin(kind) is Literal:
        return "(" + "|".join(re.escape(str(v)) for v in get_args(kind)) + ")"
    raise TypeError(f"callback fields are int or Literal, not {kind!r}")


@dataclass(frozen=True, slots=True)
class Button:
    """The base of every button kind (no fields of its own)."""

    PREFIX: ClassVar[str] = ""

    def pack(self) -> str:
        parts = [self.PREFIX, *(str(getattr(self, name)) for name, _ in _spec(type(self)))]
        data = ":".join(parts)
        if len(data.encode()) > MAX_DATA_BYTES:  # pragma: no cover - ruled out by the field sizes
            raise ValueError(f"callback data over {MAX_DATA_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def pattern(cls) -> re.Pattern[str]:
        return _pattern(cls)

    @classmethod
    def parse(cls, data: object) -> Self:
        match = cls.pattern().fullmatch(str(data or ""))
        if match is None:
            raise Stale(str(data)[:MAX_DATA_BYTES])
        values = [int(v) if kind is int else v for (_, kind), v in zip(_spec(cls), match.groups(),
                                                                         strict=True)]
        return cls(*values)


def _pattern(cls: type[Button]) -> re.Pattern[str]:
    if cls not in _PATTERNS:
        parts = [re.escape(cls.PREFIX), *(_field_pattern(kind) for _, kind in _spec(cls))]
        _PATTERNS[cls] = re.compile("^" + ":".join(parts) + r"\Z")  # $ would take a trailing newline
    return _PATTERNS[cls]


# --- search and book cards ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchPage(Button):
    """◀ ▶ under a list of results: the remembered query ``search_id``, from ``offset``."""

    PREFIX: ClassVar[str] = "s"
    search_id: int
    offset: int


@dataclass(frozen=True, slots=True)
class BookCard(Button):
    """A title's card, opened from anywhere (new arrivals, a notice)."""

    PREFIX: ClassVar[str] = "b"
    title_id: int


@dataclass(frozen=True, slots=True)
class ResultCard(Button):
    """A title's card opened from a page of results, with a Back button to that page."""

    PREFIX: ClassVar[str] = "b"
    title_id: int
    search_id: int
    offset: int

    def back(self) -> SearchPage:
        return SearchPage(self.search_id, self.offset)


@dataclass(frozen=True, slots=True)
class NewPage(Button):
    """◀ ▶ under the new arrivals."""

    PREFIX: ClassVar[str] = "n"
    offset: int


# --- loans and holds ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RenewLoan(Button):
    PREFIX: ClassVar[str] = "loan:renew"
    loan_id: int


@dataclass(frozen=True, slots=True)
class RenewAll(Button):
    PREFIX: ClassVar[str] = "loan:renewall"


@dataclass(frozen=True, slots=True)
class ShowHistory(Button):
    PREFIX: ClassVar[str] = "mybooks:history"


@dataclass(frozen=True, slots=True)
class PlaceHold(Button):
    """预约 on a book card."""

    PREFIX: ClassVar[str] = "hold:place"
    title_id: int


@dataclass(frozen=True, slots=True)
class CancelHold(Button):
    PREFIX: ClassVar[str] = "hold:cancel"
    hold_id: int


@dataclass(frozen=True, slots=True)
class ComingForHold(Button):
    """"I'll come and get it" on a book waiting on the hold shelf."""

    PREFIX: ClassVar[str] = "hold:coming"
    hold_id: int


# --- the desk -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChooseReader(Button):
    """/lend: one of the readers a name matched."""

    PREFIX: ClassVar[str] = "desk:reader"
    reader_id: int


@dataclass(frozen=True, slots=True)
class ShowPatron(Button):
    """/patron: one of the readers a name matched."""

    PREFIX: ClassVar[str] = "desk:patron"
    reader_id: int


# --- settings -----------------------------------------------------------------------------

LanguageChoice = Literal["zh", "en", "auto"]


@dataclass(frozen=True, slots=True)
class SetLanguage(Button):
    PREFIX: ClassVar[str] = "set:lang"
    choice: LanguageChoice


ALL_KINDS: tuple[type[Button], ...] = (
    SearchPage, BookCard, ResultCard, NewPage, RenewLoan, RenewAll, ShowHistory, PlaceHold,
    CancelHold, ComingForHold, ChooseReader, ShowPatron, SetLanguage,
)
