"""The one exception type for refusals.

Every rule the library enforces raises ``LibraryError(code, **details)``. The ``code`` is stable
(``loan.limit_reached``, ``link.code_used``, ...) and is also the key of the message in the i18n
catalogue (``error.<code>``), so the handler can tell the reader exactly why, in their language.
"""

from __future__ import annotations

from typing import Any


class LibraryError(Exception):
    """A refusal with a stable code and the details the message needs."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details

    def __repr__(self) -> str:
        return f"LibraryError({self.code!r}, {self.details!r})"
