"""Import benchmark: the Library of Congress MARC file (250,000 records) into a fresh database.

    python -m bench.importing                 # fetches pymarc's sdist from PyPI once, into bench/.cache/
    python -m bench.importing --file X.mrc    # any MARC / CSV / XLSX file

Prints the parse time, the store time (titles, copies and the search index, one transaction per
import as `shuxiang import` does) and the total, with records per second; then stores the same
titles again, which must change nothing, and times that. The same run also times
a plain pymarc MARCReader pass over the file as a baseline, so the figures compare on a noisy
machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from bot.clock import SystemClock
from bot.domain.actor import Actor
from bot.domain.catalog import TitleRecord
from bot.importers.catalog import parse_catalog_file
from bot.importers.marc_file import parse_marc_file
from bot.services.catalog import CatalogService
from bot.store.catalog import UpsertStats
from bot.store.db import Database

CACHE = Path(__file__).resolve().parent / ".cache"
LOC_NAME = "BooksAll.2016.part01.utf8"


def fetch_loc() -> Path:
    """pymarc 5.4.0's source distribution ships the LoC file; download it once (PyPI only)."""
    target = CACHE / LOC_NAME
    if target.is_file():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                    "pymarc==5.4.0", "-d", str(CACHE)], check=True)
    sdist = next(CACHE.glob("pymarc-5.4.0.tar.gz"))
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith(LOC_NAME))
        extracted = tar.extractfile(member)
        assert extracted is not None
        target.write_bytes(extracted.read())
    return target


def baseline_pymarc(path: Path) -> tuple[float, int]:
    from pymarc import MARCReader

    start, count = time.perf_counter(), 0
    with path.open("rb") as handle:
        for _ in MARCReader(handle, to_unicode=True, force_utf8=True):
            count += 1
    return time.perf_counter() - start, count


async def store(path: Path, titles: list[TitleRecord]) -> tuple[float, float, UpsertStats]:
    """Import into an empty database, then the same titles again (which must change nothing)."""
    db = Database(path)
    await db.open()
    try:
        service = CatalogService(db, SystemClock())
        start = time.perf_counter()
        await service.import_titles(Actor.system(), titles)
        first = time.perf_counter() - start
        start = time.perf_counter()
        again = await service.import_titles(Actor.system(), titles)
        return first, time.perf_counter() - start, again
    finally:
        await db.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, help="file to import (default: the LoC MARC file)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain pymarc pass")
    args = parser.parse_args()
    path = args.file or fetch_loc()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"file: {path.name} ({path.stat().st_size / 1e6:.0f} MB)")
    if not args.no_baseline and path.suffix not in (".csv", ".xlsx"):
        seconds, count = baseline_pymarc(path)
        print(f"baseline  pymarc MARCReader only: {seconds:6.1f} s  ({count} records)")
    start = time.perf_counter()
    tabular = path.suffix.lower() in (".csv", ".xlsx")
    result = parse_catalog_file(path) if tabular else parse_marc_file(path)  # LoC's file ends .utf8
    parse_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        store_s, again_s, again = asyncio.run(store(Path(tmp) / "bench.db", result.titles))
    copies = sum(len(t.copies) for t in result.titles)
    total = parse_s + store_s
    print(f"parse     {parse_s:6.1f} s  {len(result.titles)} titles, {copies} copies, "
          f"{len(result.rejected)} problems")
    print(f"store     {store_s:6.1f} s  (titles, copies, search index; one transaction)")
    print(f"total     {total:6.1f} s  {len(result.titles) / total:,.0f} titles/s")
    changed = again.titles_added + again.titles_updated + again.copies_added + again.copies_updated
    print(f"again     {again_s:6.1f} s  store of the same titles again: {again.unchanged} unchanged,"
          f" {changed} changes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
