"""What a reader typed into the search box, and what kind of search it asks for (pure).

``parse_query`` never raises: any text (FTS syntax, emoji, 5,000 characters) becomes a ``Query``.
The query text is only ever used as bound parameters or as quoted, escaped FTS tokens.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

from bot.domain.isbn import looks_like_isbn, normalize_isbn
from bot.domain.search_text import PY_TOKEN_MAX, fold, has_cjk, runs

MAX_QUERY_CHARS = 256
MAX_RUNS = 16  # words beyond this are ignored (a sentence pasted into the box)

QueryKind = Literal["isbn", "isbn_invalid", "cjk", "pinyin", "latin", "empty"]

_PINYIN_CHARS = re.compile(r"[^a-z0-9]")
_INITIALS_ONLY = re.compile(r"[bcdfghjklmnpqrstwxyz]+")


@dataclass(frozen=True, slots=True)
class Query:
    kind: QueryKind
    text: str  # folded, cut to MAX_QUERY_CHARS
    truncated: bool = False
    isbn: str | None = None  # ISBN-13 digits for kind "isbn"
    runs: tuple[str, ...] = ()  # folded words: each must be a substring (title, or author)
    pinyin: str = ""  # a-z0-9 only, for the pinyin index ("" = not searched)

    @property
    def key(self) -> str:
        """The comparable form, as titles are stored: runs joined by one space."""
        return " ".join(self.runs)


def pinyin_key(text: str) -> str:
    """Letters and digits of what was typed, tones dropped, ü as v: ``Xī Yóu Jì`` → ``xiyouji``."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub("[üǖǘǚǜ]", "v", text)
    return _PINYIN_CHARS.sub("", fold(text))[:PY_TOKEN_MAX]


@cache
def _syllables() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    found: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = pinyin_key(reading)
            if plain:
                found.add(plain)
    return frozenset(found)


@cache
def _syllable_prefixes() -> frozenset[str]:
    return frozenset(s[:i] for s in _syllables() for i in range(1, len(s) + 1))


def looks_like_pinyin(letters: str) -> bool:
    """Initials (``xyj``) or whole syllables, the last one possibly cut short (``xiyou``, ``luxu``)."""
    if not letters.isalpha() or not letters.isascii():
        return False
    if _INITIALS_ONLY.fullmatch(letters):
        return True
    syllables, prefixes = _syllables(), _syllable_prefixes()
    reachable = [True] + [False] * len(letters)
    for end in range(1, len(letters) + 1):
        reachable[end] = any(
            reachable[start] and letters[start:end] in syllables
            for start in range(max(0, end - 6), end)
        )
    return reachable[-1] or any(
        reachable[start] and letters[start:] in prefixes
        for start in range(max(0, len(letters) - 6), len(letters))
    )


def parse_query(text: str | None) -> Query:
    raw = (text or "").strip()
    truncated = len(raw) > MAX_QUERY_CHARS
    raw = raw[:MAX_QUERY_CHARS]
    folded = fold(raw)
    if looks_like_isbn(raw):
        isbn = normalize_isbn(raw)
        return Query("isbn" if isbn else "isbn_invalid", folded, truncated, isbn)
    words = tuple(runs(folded)[:MAX_RUNS])
    if not words:
        return Query("empty", folded, truncated)
    if has_cjk(folded):
        return Query("cjk", folded, truncated, runs=words)
    letters = pinyin_key(raw)
    kind: QueryKind = "pinyin" if looks_like_pinyin(letters) else "latin"
    return Query(kind, folded, truncated, runs=words, pinyin=letters)
