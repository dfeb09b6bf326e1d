"""Reading ISO 2709 (binary MARC) records robustly and decoding them (pymarc or a light path).

Records are framed by the record terminator (0x1D) rather than only by the length in the
leader, so one corrupt record is reported and the next one still reads; whitespace between
records (some Chinese exports put a newline there) is ignored.

The encoding is chosen per record:

* bytes that are valid UTF-8 with non-ASCII, or leader/09 = ``a`` -> UTF-8 (broken bytes
  replaced by U+FFFD rather than losing the record);
* otherwise UNIMARC/CNMARC -> GB18030 (a superset of GBK), MARC21 -> MARC-8;
* MARC-8 escape sequences (ESC, e.g. EACC CJK) are ASCII bytes, so they force MARC-8.

Decoding. pymarc builds an object per field and subfield, about 150 us a record, which
made a 250,000-record LoC file take longer than the whole import may. So well-formed
UTF-8/GB18030 records are split here into a ``LightRecord`` (the few ``pymarc.Record``
methods the mapping uses) holding only the ``wanted`` tags. MARC-8 records, and any record
the light path finds odd (missing indicators, bad directory), go to pymarc's ``Record``
with the options ``MARCReader`` passes through (``to_unicode``, ``force_utf8``,
``utf8_handling``, ``file_encoding``), pruned to the wanted tags as well. A test checks that
both paths map the fixtures identically.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import BinaryIO

from pymarc import Record

READ_SIZE = 1 << 20
RECORD_END = b"\x1d"


class UnreadableRecord(Exception):
    pass


def iter_raw_records(handle: BinaryIO) -> Iterator[bytes]:
    """Raw records split on the terminator; a final unterminated piece is yielded as it is
    (:func:`decode_record` reports it as truncated)."""
    pending = b""
    while block := handle.read(READ_SIZE):
        pieces = (pending + block).split(RECORD_END)
        pending = pieces.pop()
        for piece in pieces:
            piece = piece.lstrip(b"\r\n\t ")
            if piece:
                yield piece + RECORD_END
    pending = pending.strip()
    if pending:
        yield pending


@contextmanager
def quiet_pymarc() -> Iterator[None]:
    """pymarc logs and warns on every odd indicator or subfield code; the import report is
    the place for problems, not the log."""
    logger = logging.getLogger("pymarc")
    disabled = logger.disabled
    logger.disabled = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.disabled = disabled


def decode_record(
    chunk: bytes, wanted: Collection[bytes] | None = None, fast: bool = True
) -> MarcRecord:
    """The record (only the ``wanted`` tags if given); raises on a broken record.

    Well-formed UTF-8 and GB18030 records are split here (``LightRecord``, several times
    faster than pymarc); MARC-8 and anything unusual go through pymarc.
    """
    if not chunk.endswith(RECORD_END):
        raise UnreadableRecord("truncated: no record terminator")
    try:
        base, found = _directory(chunk)
    except (ValueError, UnreadableRecord):
        return _pymarc_record(chunk, False, False)  # let pymarc say what is wrong
    tags = {tag for tag, _, _ in found}
    unimarc = b"200" in tags and b"245" not in tags
    entries = [(t, int(n), int(at)) for t, n, at in found if wanted is None or t in wanted]
    utf8 = _is_utf8(chunk, unimarc)
    if fast and entries and (utf8 or unimarc):
        try:
            return _light_record(chunk, base, entries, "utf-8" if utf8 else "gb18030")
        except (ValueError, UnreadableRecord):
            pass  # pymarc is more forgiving (missing indicators, odd subfield codes)
    if wanted is not None:
        chunk = _prune(chunk, base, entries)
    return _pymarc_record(chunk, utf8, unimarc)


def _pymarc_record(chunk: bytes, utf8: bool, unimarc: bool) -> Record:
    if unimarc and not utf8 and chunk[9:10] == b"a":
        chunk = chunk[:9] + b" " + chunk[10:]  # leader says UTF-8, the bytes say GBK
    return Record(
        chunk,
        to_unicode=True,
        force_utf8=utf8,
        hide_utf8_warnings=True,
        utf8_handling="replace",
        file_encoding="gb18030" if unimarc else "iso8859-1",  # iso8859-1 means MARC-8 here
    )


def _is_utf8(chunk: bytes, unimarc: bool) -> bool:
    leader_says = chunk[9:10] == b"a"
    if not unimarc and not leader_says and b"\x1b" in chunk:
        return False  # MARC-8 escape sequences
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return leader_says and not unimarc
    return leader_says or not chunk.isascii()


_ENTRY = re.compile(rb"([0-9A-Za-z]{3})(\d{4})(\d{5})")
Entry = tuple[bytes, int, int]  # tag, length, offset from the base address


def _directory(chunk: bytes) -> tuple[int, list[tuple[bytes, bytes, bytes]]]:
    base = int(chunk[12:17])
    raw = chunk[24 : base - 1]
    found = _ENTRY.findall(raw)
    if not 24 < base <= len(chunk) or len(found) * 12 != len(raw):
        raise UnreadableRecord("directory")
    return base, found


def _prune(chunk: bytes, base: int, entries: list[Entry]) -> bytes:
    """The record rebuilt with only these fields (unchanged if none is left)."""
    directory, data, offset = [], [], 0
    for tag, length, start in entries:
        data.append(chunk[base + start : base + start + length])
        directory.append(b"%s%04d%05d" % (tag, length, offset))
        offset += length
    body = b"".join(directory) + b"\x1e" + b"".join(data) + RECORD_END
    total = 24 + len(body)
    if not directory or total > 99999:
        return chunk
    new_base = 24 + 12 * len(directory) + 1
    return b"%05d%s%05d%s%s" % (total, chunk[5:12], new_base, chunk[17:24], body)


class LightField:
    """The part of ``pymarc.Field`` the importers use."""

    __slots__ = ("tag", "indicator1", "indicator2", "subfields", "data")

    def __init__(
        self, tag: str, indicators: str, subfields: list[tuple[str, str]], data: str | None
    ) -> None:
        self.tag = tag
        self.indicator1 = indicators[:1] or " "
        self.indicator2 = indicators[1:2] or " "
        self.subfields = subfields
        self.data = data

    def get(self, code: str, default: str | None = None) -> str | None:
        for sub_code, value in self.subfields:
            if sub_code == code:
                return value
        return default

    def get_subfields(self, *codes: str) -> list[str]:
        return [value for sub_code, value in self.subfields if sub_code in codes]

    def is_control_field(self) -> bool:
        return self.data is not None

    def value(self) -> str:
        return self.data if self.data is not None else " ".join(v for _, v in self.subfields)


class LightRecord:
    """The part of ``pymarc.Record`` the importers use."""

    __slots__ = ("leader", "fields")

    def __init__(self, leader: str, fields: list[LightField]) -> None:
        self.leader = leader
        self.fields = fields

    def get_fields(self, *tags: str) -> list[LightField]:
        return [f for f in self.fields if f.tag in tags] if tags else list(self.fields)

    def get(self, tag: str, default: LightField | None = None) -> LightField | None:
        return next((f for f in self.fields if f.tag == tag), default)

    def __contains__(self, tag: str) -> bool:
        return any(f.tag == tag for f in self.fields)


MarcRecord = Record | LightRecord


def _light_record(chunk: bytes, base: int, entries: list[Entry], encoding: str) -> LightRecord:
    fields = []
    for tag_bytes, length, start in entries:
        tag = tag_bytes.decode("ascii")
        raw = chunk[base + start : base + start + length - 1]
        text = raw.decode(encoding, "replace")
        if tag < "010" and tag.isdigit():
            fields.append(LightField(tag, "  ", [], text))
            continue
        indicators, *pieces = text.split("\x1f")
        if len(indicators) != 2 or not pieces:
            raise UnreadableRecord("indicators")
        fields.append(LightField(tag, indicators, [(p[:1], p[1:]) for p in pieces if p], None))
    if not fields:
        raise UnreadableRecord("no fields")
    return LightRecord(chunk[:24].decode("ascii"), fields)
