"""MARC catalogue import: MARC21 and UNIMARC/CNMARC records -> TitleRecords.

Reading and encodings (UTF-8, MARC-8, GBK) are in :mod:`bot.importers.iso2709`; reading a
whole file, in worker processes when it is big, in :mod:`bot.importers.marc_file`.

Mapping. UNIMARC is recognised by 200 without 245. MARC21 fields linked to an 880
(alternate script) take their text from the 880, so Chinese titles come in characters.
Copies come from holdings fields (``HOLDINGS``); a record without holdings is a title with
no copies (as in Library of Congress data).

Reports (``Rejected.where`` is the 1-based record number):

* ``marc.unreadable``: pymarc cannot parse the record (detail: the error); skipped.
* ``title.missing``: no 245$a / 200$a; skipped.
* ``isbn.invalid``: the record is KEPT without an ISBN; reported so the librarian sees it
  (a wrong ISBN in a vendor file should not cost the whole record).
* ``barcode.missing`` / ``barcode.duplicate``: only that holdings field is dropped.

So ``rejected`` can name a record that was still imported. Records with the same ISBN, or
without one and with the same title and authors (a yearly report), are merged like rows of a
spreadsheet: the first record wins, later ones add their copies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from pymarc import Field

from bot.domain.catalog import CopyRecord, ImportResult, ItemType, Rejected, TitleRecord
from bot.domain.isbn import normalize_isbn
from bot.domain.search_text import search_doc
from bot.importers.catalog import (
    TitleCollector,
    clean_author,
    guess_language,
    normalize_language,
    parse_price_cents,
    split_authors,
)
from bot.importers.iso2709 import LightField, MarcRecord, decode_record

AnyField = Field | LightField

WANTED_TAGS = frozenset({
    # MARC21
    "008", "020", "041", "050", "082", "084", "100", "110", "111", "245", "260", "264", "520",
    "600", "610", "650", "651", "700", "710", "711", "852", "880", "949", "952",
    # UNIMARC / CNMARC (100, 600, 610, 700, 710, 711 are shared tags)
    "010", "101", "200", "210", "330", "606", "690", "701", "702", "712", "905",
})  # fmt: skip
_WANTED_BYTES = frozenset(t.encode() for t in WANTED_TAGS)
_ISBN = re.compile(r"\s*(?:ISBN[:\s]*)?([0-9][0-9Xx\-]{8,16})", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_TRAILING = " /:;,=.，；：。"


@dataclass(frozen=True, slots=True)
class Holding:
    barcode: str
    call_number: tuple[str, ...]
    location: tuple[str, ...]
    price: tuple[str, ...] = ()
    call_joiner: str = " "


HOLDINGS: dict[str, Holding] = {
    "852": Holding("p", ("h", "i"), ("b", "c")),  # MARC21 holdings
    "949": Holding("i", ("a",), ("l",)),  # local (III-style) item field
    "952": Holding("p", ("o",), ("c", "a"), ("v", "g")),  # Koha items
    "905": Holding("b", ("d", "e"), ("a",), (), "/"),  # CNMARC 馆藏: $d 分类号 / $e 书次号
}


@dataclass(frozen=True, slots=True)
class MappedRecord:
    """One record read on its own (in a worker process for a big file).

    ``copies`` carry their own problem ('' or ``barcode.missing`` / ``barcode.duplicate``
    within the record); a barcode used by an earlier record is found by :func:`merge`, which
    sees the records in file order.
    """

    number: int
    title: TitleRecord | None  # None: refused, the reason is in problems
    problems: tuple[Rejected, ...] = ()
    copies: tuple[tuple[CopyRecord, str], ...] = ()


def map_record(chunk: bytes, number: int, with_search: bool = False) -> MappedRecord:
    """Decode and map one raw record (``with_search``: compute its search index rows too)."""
    try:
        record = decode_record(chunk, _WANTED_BYTES)
    except Exception as exc:  # anything pymarc raises on a broken record
        return MappedRecord(number, None, (Rejected(number, "marc.unreadable", _describe(exc)),))
    unimarc = "200" in record and "245" not in record
    title, isbn_values = _map_unimarc(record) if unimarc else _map_marc21(record)
    if not title.title:
        return MappedRecord(number, None, (Rejected(number, "title.missing"),))
    problems = []
    isbn = next((i for i in map(_isbn_of, isbn_values) if i), None)
    if isbn is None and isbn_values:
        problems.append(Rejected(number, "isbn.invalid", isbn_values[0]))
    search = search_doc(title.title, title.subtitle, title.authors) if with_search else None
    if isbn is not None or search is not None:  # one copy of the record, not two
        title = replace(title, isbn=isbn or title.isbn, search=search)
    copies = tuple(_copies(record, "010" if unimarc else "", set()))
    return MappedRecord(number, title, tuple(problems), copies)


def merge(mapped: MappedRecord, collector: TitleCollector, result: ImportResult) -> None:
    """Add a mapped record to the file's titles, in file order."""
    result.rejected.extend(mapped.problems)
    if mapped.title is None:
        return
    copies = []
    for copy, problem in mapped.copies:
        if not problem and copy.barcode in collector.barcodes:
            problem = "barcode.duplicate"
        if problem:
            result.rejected.append(Rejected(mapped.number, problem, copy.barcode))
        else:
            copies.append(copy)
    title = mapped.title
    collector.add(title.isbn or ("title+authors", title.title, title.authors), title, copies)


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _isbn_of(value: str) -> str | None:
    match = _ISBN.match(value)
    return normalize_isbn(match.group(1)) if match else None


def _copies(record: MarcRecord, price_tag: str, seen: set[str]) -> Iterator[tuple[CopyRecord, str]]:
    item_type = ItemType.PERIODICAL if record.leader[7] == "s" else ItemType.BOOK
    fallback_price = _price(_first(record, price_tag, "d")) if price_tag else None
    batch: set[str] = set()
    for field in record.get_fields(*HOLDINGS):
        spec = HOLDINGS[field.tag]
        barcode = (field.get(spec.barcode) or "").strip()
        parts = [v.strip() for c in spec.call_number for v in field.get_subfields(c)]
        copy = CopyRecord(
            barcode=barcode,
            call_number=spec.call_joiner.join(p for p in parts if p),
            location=next((v.strip() for c in spec.location for v in field.get_subfields(c)), ""),
            price_cents=next(
                (_price(v) for c in spec.price for v in field.get_subfields(c)), fallback_price
            ),
            item_type=item_type,
        )
        if not barcode:
            yield copy, "barcode.missing"
        elif barcode in seen or barcode in batch:
            yield copy, "barcode.duplicate"
        else:
            batch.add(barcode)
            yield copy, ""


def _price(value: str) -> int | None:
    try:
        return parse_price_cents(value) if value else None
    except ValueError:
        return None


def _clean(value: str | None) -> str:
    return (value or "").strip().rstrip(_TRAILING).strip()


def _first(record: MarcRecord, tag: str, code: str, clean: bool = True) -> str:
    for field in record.get_fields(tag):
        value = _clean(field.get(code)) if clean else (field.get(code) or "").strip()
        if value:
            return value
    return ""


def _year(*candidates: str) -> int | None:
    for text in candidates:
        match = _YEAR.search(text or "")
        if match and 1000 <= int(match.group(1)) <= 2999:
            return int(match.group(1))
    return None


def _language(code: str, title: str) -> str:
    code = code.strip()
    if not code or code in {"und", "mul", "zxx", "|||"}:
        return guess_language(title)
    return normalize_language(code)


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _map_unimarc(record: MarcRecord) -> tuple[TitleRecord, list[str]]:
    title = _first(record, "200", "a")
    authors = [
        _clean(", ".join(f.get_subfields("a", "b")))
        for f in record.get_fields("700", "701", "702", "710", "711", "712")
    ]
    if not any(authors):
        authors = [clean_author(a) for a in re.split(r"[;；,，、]", _first(record, "200", "f"))]
    fixed = _first(record, "100", "a")
    return TitleRecord(
        title=title,
        subtitle=_first(record, "200", "e"),
        authors=_unique(authors),
        publisher=_first(record, "210", "c"),
        year=_year(_first(record, "210", "d"), fixed[9:13]),
        classification=_first(record, "690", "a"),
        subjects=_unique([_clean(f.get("a")) for f in record.get_fields("600", "606", "610")]),
        summary=_first(record, "330", "a", clean=False),
        language=_language(_first(record, "101", "a"), title),
    ), [v for f in record.get_fields("010") for v in f.get_subfields("a")]


def _linked(record: MarcRecord) -> dict[str, AnyField]:
    """880 fields by the "tag-occurrence" they stand in for, e.g. ``"245-01"``."""
    links = {}
    for field in record.get_fields("880"):
        link = (field.get("6") or "")[:6]
        if len(link) == 6:
            links[link] = field
    return links


def _control(record: MarcRecord, tag: str) -> str:
    field = record.get(tag)
    return (field.data or "") if field is not None and field.is_control_field() else ""


def _classification(record: MarcRecord) -> str:
    """中图法 from 084 $2 clc when a Chinese library put it there, else LCC 050, else DDC 082."""
    clc = [f for f in record.get_fields("084") if (f.get("2") or "").lower() == "clc"]
    for field in clc + record.get_fields("050", "082"):
        if value := _clean(field.get("a")):
            return value
    return ""


def _map_marc21(record: MarcRecord) -> tuple[TitleRecord, list[str]]:
    links = _linked(record)

    def alt(field: AnyField) -> AnyField:
        """The 880 holding this field in its original script, if any."""
        occurrence = (field.get("6") or "")[4:6]
        return links.get(f"{field.tag}-{occurrence}", field) if occurrence else field

    def first(tags: tuple[str, ...], code: str) -> str:
        for field in record.get_fields(*tags):
            if value := _clean(alt(field).get(code)) or _clean(field.get(code)):
                return value
        return ""

    imprint = [f for f in record.get_fields("264") if f.indicator2 == "1"]
    imprint += record.get_fields("260")
    fixed = _control(record, "008")
    title, subtitle, responsibility = _title_statement(record, alt)
    authors = [alt(f).get("a") or f.get("a") for f in record.get_fields(*_MARC21_AUTHORS)]
    subjects = [f.get("a") for f in record.get_fields("600", "610", "650", "651")]
    return TitleRecord(
        title=title,
        subtitle=subtitle,
        authors=_unique([_clean(a) for a in authors]) or split_authors(_clean(responsibility)),
        publisher=(_clean(alt(imprint[0]).get("b")) or _clean(imprint[0].get("b")))
        if imprint
        else "",
        year=_year(*(f.get("c") or "" for f in imprint), fixed[7:11]),
        classification=_classification(record),
        subjects=_unique([_clean(s) for s in subjects]),
        summary=" ".join(f.get("a") or "" for f in record.get_fields("520")[:1]).strip(),
        language=_language(fixed[35:38] or first(("041",), "a"), title),
    ), [v for f in record.get_fields("020") for v in f.get_subfields("a")]


def _title_statement(
    record: MarcRecord, alt: Callable[[AnyField], AnyField]
) -> tuple[str, str, str]:
    """Title, subtitle and statement of responsibility from 245 (its 880 if linked).

    ISBD punctuation decides: when $a ends with "/" the $b that follows is in fact the
    statement of responsibility (a common slip in the data).
    """
    fields = record.get_fields("245")
    if not fields:
        return "", "", ""
    main = alt(fields[0])
    if not main.get("a"):
        main = fields[0]
    raw_title = main.get("a") or ""
    if raw_title.rstrip().endswith("/"):
        return _clean(raw_title), "", main.get("b") or ""
    return _clean(raw_title), _clean(main.get("b")), main.get("c") or ""


_MARC21_AUTHORS = ("100", "110", "111", "700", "710", "711")
