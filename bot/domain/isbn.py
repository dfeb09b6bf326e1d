"""ISBN helpers (pure): normalise what librarians and readers type into ISBN-13 digits.

Accepted input: ISBN-10 or ISBN-13 with or without hyphens/spaces, an optional ``ISBN``
prefix (``ISBN 978-7-...``, ``ISBN: ...``, ``ISBN-13 ...``), a lowercase ``x`` check digit
and full-width characters as Chinese input methods produce them (``９７８…``).
"""

from __future__ import annotations

import re
import unicodedata

from stdnum import isbn as _isbn
from stdnum.exceptions import ValidationError

# "ISBN", "ISBN:", "ISBN-13", "ISBN 10:", ... at the start.
_PREFIX = re.compile(r"^\s*ISBN(?:[-\s]?1[03])?\s*[:：]?\s*", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—]+")
_SHAPE = re.compile(r"\d{9}[\dX]|\d{13}")


def _compact(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _PREFIX.sub("", text)
    return _SEPARATORS.sub("", text).upper()


def looks_like_isbn(text: str) -> bool:
    """True if ``text`` has the shape of an ISBN (10 digits/X or 13 digits), valid or not.

    Lets a search box say "this looks like an ISBN but the check digit is wrong".
    """
    return _SHAPE.fullmatch(_compact(text)) is not None


def normalize_isbn(text: str | None) -> str | None:
    """ISBN-13 digits (no hyphens) for a valid ISBN-10/13, else ``None``."""
    if not text:
        return None
    digits = _compact(text)
    if _SHAPE.fullmatch(digits) is None:
        return None
    try:
        valid = _isbn.validate(digits)
    except ValidationError:
        return None
    return str(_isbn.to_isbn13(valid))


def isbn13_to_10(digits: str) -> str | None:
    """The ISBN-10 form of a valid 978-prefixed ISBN, else ``None`` (979 has no ISBN-10)."""
    normalized = normalize_isbn(digits)
    if normalized is None or not normalized.startswith("978"):
        return None
    return str(_isbn.to_isbn10(normalized))


def format_isbn13(digits: str) -> str:
    """Hyphenate by the ISBN ranges, e.g. ``978-7-02-000873-5``.

    Input that is not a valid ISBN is returned unchanged (it is only for display).
    """
    normalized = normalize_isbn(digits)
    if normalized is None:
        return digits
    return str(_isbn.format(normalized))
