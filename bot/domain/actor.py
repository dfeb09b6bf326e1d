"""Who is acting. Every service call takes an ``Actor`` and checks rights itself."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.readers import Category, Role
from bot.errors import LibraryError


@dataclass(frozen=True, slots=True)
class Actor:
    """The person behind an update (or the command line, ``Actor.system()``)."""

    telegram_id: int | None
    reader_id: int | None = None  # None: not linked to a reader
    role: Role = Role.READER
    category: Category | None = None
    grade: int | None = None
    name: str = ""
    is_system: bool = False

    @classmethod
    def system(cls) -> Actor:
        """The command line on the library's own machine: full rights."""
        return cls(telegram_id=None, role=Role.LIBRARIAN, name="cli", is_system=True)

    @property
    def is_linked(self) -> bool:
        return self.reader_id is not None

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.HELPER, Role.LIBRARIAN)

    @property
    def is_librarian(self) -> bool:
        return self.role is Role.LIBRARIAN

    def require_linked(self) -> int:
        if self.reader_id is None:
            raise LibraryError("auth.not_linked")
        return self.reader_id

    def require_staff(self) -> None:
        if not self.is_staff:
            raise LibraryError("auth.staff_only")

    def require_librarian(self) -> None:
        if not self.is_librarian:
            raise LibraryError("auth.librarian_only")
