"""Parsers that turn librarians' files into plain records (no database).

* :func:`parse_catalog_file` - CSV/XLSX (one row per copy) or MARC -> ``ImportResult``
* :func:`parse_readers_file` - CSV/XLSX roster -> ``ReaderImportResult``

Both raise :class:`ImportFormatError` (a ``ValueError`` with a stable ``code``) when the
file as a whole is unusable; problems with single rows/records are returned as rejects.
"""

from bot.importers.catalog import parse_catalog_file, parse_catalog_rows
from bot.importers.readers import parse_reader_rows, parse_readers_file
from bot.importers.tabular import ImportFormatError, Row

__all__ = [
    "ImportFormatError",
    "Row",
    "parse_catalog_file",
    "parse_catalog_rows",
    "parse_reader_rows",
    "parse_readers_file",
]
