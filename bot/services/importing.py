"""Importing a librarian's file: readers or the catalogue, from the command line or the chat.

Parsing is CPU work and runs in a thread; storing is one transaction through the services, which
check that the actor is the librarian. A file is read as a catalogue unless its columns are a
reader roster's (借书证号 / card number), so the librarian can just send it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain.actor import Actor
from bot.domain.catalog import Rejected
from bot.domain.readers import ReaderImportResult, ReaderRejected
from bot.errors import LibraryError
from bot.importers.catalog import parse_catalog_file
from bot.importers.readers import parse_readers_file
from bot.importers.tabular import ImportFormatError
from bot.services.catalog import CatalogService
from bot.services.readers import ReaderService

TABULAR = (".csv", ".xlsx")
MARC = (".mrc", ".marc", ".iso", ".dat")


@dataclass(frozen=True, slots=True)
class Problem:
    where: int
    reason: str
    detail: str = ""


@dataclass(slots=True)
class ImportReport:
    kind: str  # "readers" or "catalog"
    counts: dict[str, int] = field(default_factory=dict)
    rejected: list[Problem] = field(default_factory=list)


def _parse_roster(path: Path) -> ReaderImportResult | None:
    """The file as a reader roster, or None when it does not have a roster's columns."""
    try:
        return parse_readers_file(path)
    except ImportFormatError as error:
        if error.code == "import.missing_column":
            return None
        raise


def _problems(rejected: Iterable[Rejected | ReaderRejected]) -> list[Problem]:
    return [Problem(r.where, r.reason, r.detail) for r in rejected]


async def import_file(
    path: Path, actor: Actor, readers: ReaderService, catalog: CatalogService,
    progress: Callable[[int], None] | None = None, kind: str | None = None,
) -> ImportReport:
    """Parse and store ``path``; every rejected row is in the report with its row number."""
    actor.require_librarian()
    suffix = path.suffix.lower()
    if suffix not in TABULAR + MARC:
        raise LibraryError("import.unsupported_format", name=path.name[:64])
    try:
        if kind != "catalog" and suffix in TABULAR:
            roster = await asyncio.to_thread(_parse_roster, path)
            if roster is not None:
                counts = await readers.import_readers(actor, roster.readers)
                return ImportReport("readers", {"added": counts.added, "updated": counts.updated,
                                                "unchanged": counts.unchanged},
                                    _problems(roster.rejected))
            if kind == "readers":
                raise LibraryError("import.no_card_column")
        result = await asyncio.to_thread(parse_catalog_file, path, progress)
    except ImportFormatError as error:
        raise LibraryError(error.code, detail=error.detail[:200], name=path.name[:64]) from None
    stats = await catalog.import_titles(actor, result.titles)
    report = ImportReport("catalog", rejected=_problems(result.rejected))
    report.counts = {
        "titles_added": stats.titles_added, "titles_updated": stats.titles_updated,
        "copies_added": stats.copies_added, "copies_updated": stats.copies_updated,
        "unchanged": stats.unchanged,
    }
    report.rejected += [Problem(0, "barcode.conflict", f"{c.barcode} ({c.record_title})") for c in stats.conflicts]
    report.rejected += [Problem(0, "copy.type_kept", f"{k.barcode}: {k.kept_type} → {k.wanted_type}")
                        for k in stats.kept]
    return report
