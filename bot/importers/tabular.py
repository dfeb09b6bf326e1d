"""Shared reading of librarians' spreadsheets (CSV and XLSX) into canonical rows.

Every row becomes a :class:`Row`: its 1-based row number as the librarian sees it in Excel
(the header is row 1 when it is the first line) and a dict keyed by the canonical column
name. Header matching ignores case, surrounding spaces, full-width forms and the difference
between ``_``, ``-`` and a space (``Card Number`` = ``card_number``). Columns that match no
alias are ignored. Blank rows are skipped without a report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
# How far down a sheet we look for the header (some exports put a title line above it).
HEADER_SEARCH_ROWS = 10


class ImportFormatError(ValueError):
    """The file as a whole cannot be read; ``code`` is a stable, translatable key.

    Codes: ``import.unsupported_format``, ``import.encoding``, ``import.empty``,
    ``import.missing_column``, ``import.unreadable``.
    """

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


MAX_CELL_CHARS = 10_000  # a longer cell is not a title or a name: its row is rejected
CSV_FIELD_LIMIT = 32 * 1024 * 1024  # above any file the bot takes, so csv itself never fails


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # 1-based, as Excel shows it
    values: dict[str, str]  # canonical column -> trimmed text ("" when empty)
    too_long: str = ""  # the column whose cell is over MAX_CELL_CHARS (its value is cut)

    def get(self, column: str) -> str:
        return self.values.get(column, "")


Aliases = Mapping[str, Iterable[str]]  # canonical name -> accepted header texts


def normalize_header(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\ufeff", "")
    return re.sub(r"[\s_\-]+", " ", text).strip().casefold()


def cell_text(value: object) -> str:
    """Text of a CSV/XLSX cell; numbers typed into Excel come back without a ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_rows(path: Path | str, aliases: Aliases, required: Sequence[str]) -> Iterator[Row]:
    """Rows of a .csv or .xlsx file; raises :class:`ImportFormatError` for an unusable file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return map_rows(_csv_cells(path), aliases, required)
    if suffix in XLSX_SUFFIXES:
        return map_rows(_xlsx_cells(path), aliases, required)
    raise ImportFormatError("import.unsupported_format", suffix or path.name)


def map_rows(
    cells: Iterable[Sequence[object]], aliases: Aliases, required: Sequence[str]
) -> Iterator[Row]:
    """Find the header among the first rows of ``cells`` and yield the data rows after it."""
    lookup = {normalize_header(a): canon for canon, names in aliases.items() for a in names}
    lookup.update({normalize_header(canon): canon for canon in aliases})
    it = iter(cells)
    best: dict[int, str] | None = None  # the header candidate matching most columns
    for number, raw in enumerate(it, start=1):
        texts = [cell_text(c) for c in raw]
        if not any(texts):
            if number >= HEADER_SEARCH_ROWS:
                break
            continue
        columns = _match_header(texts, lookup)
        if best is None or len(columns) > len(best):
            best = columns
        if all(r in columns.values() for r in required):
            return _data_rows(it, columns, number)
        if number >= HEADER_SEARCH_ROWS:
            break
    if best is None:
        raise ImportFormatError("import.empty")
    missing = [r for r in required if r not in best.values()]
    raise ImportFormatError("import.missing_column", ", ".join(missing))


def _match_header(texts: list[str], lookup: Mapping[str, str]) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, text in enumerate(texts):
        canon = lookup.get(normalize_header(text))
        if canon is not None and canon not in columns.values():
            columns[index] = canon
    return columns


def _data_rows(
    it: Iterator[Sequence[object]], columns: dict[int, str], header_number: int
) -> Iterator[Row]:
    for number, raw in enumerate(it, start=header_number + 1):
        texts = [cell_text(c) for c in raw]
        if not any(texts):
            continue
        values = {canon: "" for canon in columns.values()}
        too_long = ""
        for index, canon in columns.items():
            if index < len(texts):
                values[canon] = texts[index][:MAX_CELL_CHARS]
                if len(texts[index]) > MAX_CELL_CHARS:
                    too_long = too_long or canon
        yield Row(number, values, too_long)


def decode_csv_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK, as Chinese Excel saves)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFormatError("import.encoding", "not UTF-8 or GBK/GB18030")


def _sniff_delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_cells(path: Path) -> Iterator[list[str]]:
    text = decode_csv_bytes(path.read_bytes())
    if csv.field_size_limit() < CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))


def _xlsx_cells(path: Path) -> Iterator[Sequence[object]]:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException, ...
        raise ImportFormatError("import.unreadable", f"{type(exc).__name__}: {exc}") from exc
    try:
        if not workbook.worksheets:
            return
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()
