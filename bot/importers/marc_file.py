"""Reading a whole MARC file: record by record, or spread over worker processes when it is big.

Decoding and mapping a record is pure Python (about 130 us for a Library of Congress record),
and so is computing its search index rows (about 60 us), so a 250,000-record file is a minute of
one core. Above ``PARALLEL_MIN_BYTES`` the records go in batches to a process pool (``spawn``: safe
from a threaded, asyncio program), which maps them and computes their search rows; this process
merges the batches in file order, so the result (titles, copies, every problem and its record
number) is exactly that of the sequential reader.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import BinaryIO

from bot.domain.catalog import ImportResult
from bot.importers.catalog import PROGRESS_EVERY, Progress, TitleCollector
from bot.importers.iso2709 import iter_raw_records, quiet_pymarc
from bot.importers.marc import MappedRecord, map_record, merge

PARALLEL_MIN_BYTES = 8_000_000  # about 8,000 records: below this a pool costs more than it saves
BATCH_RECORDS = 2_000
MAX_WORKERS = 4


def parse_marc_file(path: Path | str, progress: Progress | None = None) -> ImportResult:
    path = Path(path)
    cores = os.cpu_count() or 1
    workers = min(cores, MAX_WORKERS) if path.stat().st_size >= PARALLEL_MIN_BYTES else 1
    with path.open("rb") as handle:
        return parse_marc_stream(handle, progress, workers=workers)


def parse_marc_stream(
    handle: BinaryIO, progress: Progress | None = None, *, workers: int = 1,
    batch_records: int = BATCH_RECORDS,
) -> ImportResult:
    """All titles of a MARC stream; ``workers`` > 1 maps records in that many processes."""
    result = ImportResult()
    collector = TitleCollector()
    number = 0
    if workers > 1:
        mapped: Iterable[MappedRecord] = _in_pool(handle, workers, batch_records)
    else:
        mapped = _in_order(handle)
    for item in mapped:
        number = item.number
        merge(item, collector, result)
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
    if progress is not None:
        progress(number)
    result.titles = collector.titles()
    return result


def _in_order(handle: BinaryIO) -> Iterator[MappedRecord]:
    with quiet_pymarc():
        for number, chunk in enumerate(iter_raw_records(handle), start=1):
            yield map_record(chunk, number)


def _map_batch(chunks: list[bytes], first: int) -> list[MappedRecord]:
    """In a worker: map a batch of raw records numbered from ``first``, with search rows."""
    with quiet_pymarc():
        return [map_record(chunk, first + i, with_search=True) for i, chunk in enumerate(chunks)]


def _in_pool(handle: BinaryIO, workers: int, batch_records: int) -> Iterator[MappedRecord]:
    """Mapped records in file order; at most two batches per worker are in flight."""
    raw = iter_raw_records(handle)
    pending: deque[Future[list[MappedRecord]]] = deque()
    first = 1
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        while batch := list(islice(raw, batch_records)):
            pending.append(pool.submit(_map_batch, batch, first))
            first += len(batch)
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
