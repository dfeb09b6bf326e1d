"""Catalogue import: a librarian's CSV/XLSX (one row per copy) or a MARC file -> TitleRecords.

Tabular rules
-------------
* One row per physical copy. Rows with the same ISBN (or, without an ISBN, the same trimmed
  title and the same authors) become one :class:`TitleRecord`; the first accepted row's
  bibliographic data wins, later rows only add their copy.
* A row is rejected with the first problem found, checked in this order: ``title.missing``,
  ``barcode.missing``, ``isbn.invalid``, ``year.invalid``, ``price.invalid``,
  ``item_type.unknown``, ``barcode.duplicate`` (the barcode was already used higher up in
  the same file). One :class:`Rejected` per rejected row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from bot.domain.catalog import CopyRecord, ImportResult, ItemType, Rejected, TitleRecord
from bot.domain.isbn import normalize_isbn
from bot.importers.tabular import Row, read_rows

Progress = Callable[[int], None]
PROGRESS_EVERY = 500  # the progress callback gets the running count this often, and at the end

MARC_SUFFIXES = frozenset({".mrc", ".marc", ".iso", ".dat"})

CATALOG_ALIASES: dict[str, tuple[str, ...]] = {
    "isbn": ("isbn", "国际标准书号", "书号"),
    "title": ("title", "题名", "书名", "正题名"),
    "subtitle": ("subtitle", "副题名", "副书名"),
    "author": ("author", "authors", "责任者", "作者", "著者"),
    "publisher": ("publisher", "出版社", "出版者"),
    "year": ("year", "出版年", "出版时间", "出版日期"),
    "classification": ("classification", "分类号", "中图分类号"),
    "call_number": ("call number", "callno", "索书号"),
    "barcode": ("barcode", "条码号", "条码", "条形码"),
    "location": ("location", "馆藏地", "馆藏地点"),
    "price": ("price", "价格", "定价", "单价"),
    "item_type": ("item type", "type", "类型", "文献类型"),
    "summary": ("summary", "简介", "内容简介", "摘要"),
    "language": ("language", "语种", "语言"),
}
CATALOG_REQUIRED = ("title", "barcode")

ITEM_TYPES: dict[str, ItemType] = {
    "book": ItemType.BOOK, "图书": ItemType.BOOK, "普通图书": ItemType.BOOK,
    "reference": ItemType.REFERENCE, "工具书": ItemType.REFERENCE,
    "periodical": ItemType.PERIODICAL, "报刊": ItemType.PERIODICAL,
    "期刊": ItemType.PERIODICAL,
}  # fmt: skip

LANGUAGES = {
    "zh": "zh", "chi": "zh", "zho": "zh", "中文": "zh", "汉语": "zh", "chinese": "zh",
    "en": "en", "eng": "en", "英文": "en", "英语": "en", "english": "en",
    "ja": "ja", "jpn": "ja", "日文": "ja", "日语": "ja", "ko": "ko", "kor": "ko",
    "fr": "fr", "fre": "fr", "fra": "fr", "de": "de", "ger": "de", "deu": "de",
    "ru": "ru", "rus": "ru", "es": "es", "spa": "es",
}  # fmt: skip

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_AUTHOR_SPLIT = re.compile(r"\s*[;；，、/／]\s*")  # not the ASCII comma: "White, E. B."
# "(明)吴承恩", "[美]马克·吐温": dynasty or country before a Chinese name.
_AUTHOR_PREFIX = re.compile(r"^[(（\[［【〔][^)）\]］】〕]{1,4}[)）\]］】〕]\s*")
_ROLE_WORDS = (  # simplified and traditional
    "主编", "编著", "编译", "编写", "编绘", "选编", "改编", "原著", "译注", "校注", "绘图",
    "审订", "校订", "主編", "編著", "編譯", "編寫", "選編", "改編", "譯注", "審訂", "校訂",
    "繪圖", "著", "编", "译", "绘", "撰", "注", "等", "续", "編", "譯", "繪", "續",
)  # fmt: skip
_ROLE_SUFFIX = re.compile(r"\s*(?:" + "|".join(_ROLE_WORDS) + r")$")
_YEAR = re.compile(r"\D{0,3}(\d{4})(?:\D.*)?")
_PRICE_NOISE = re.compile(r"(?i)^(?:rmb|cny|¥|￥|\$)\s*|\s*(?:元|rmb|cny)(?:/册|/本)?$")


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def guess_language(title: str) -> str:
    return "zh" if has_cjk(title) else "en"


def normalize_language(value: str) -> str:
    value = value.strip()
    return LANGUAGES.get(value.casefold(), value.casefold() if len(value) <= 3 else value)


def clean_author(name: str) -> str:
    """Drop a dynasty/country prefix and role words: ``(明)吴承恩 著`` -> ``吴承恩``."""
    name = _AUTHOR_PREFIX.sub("", name.strip())
    while True:
        stripped = _ROLE_SUFFIX.sub("", name).strip()
        if stripped == name or len(stripped) < 2:
            return name
        name = stripped


def split_authors(text: str) -> tuple[str, ...]:
    authors: list[str] = []
    for part in _AUTHOR_SPLIT.split(text.strip()):
        name = clean_author(part)
        if name and name not in authors:
            authors.append(name)
    return tuple(authors)


def parse_year(text: str) -> int | None:
    """``2019``, ``2019年``, ``2019.5``, ``c2019``, ``[2019]`` -> 2019; raises ValueError."""
    match = _YEAR.fullmatch(text.strip())
    if match is None or not 1000 <= int(match.group(1)) <= 2999:
        raise ValueError(text)
    return int(match.group(1))


MAX_PRICE = Decimal(1_000_000)  # yuan; a price above this is a typo (and would overflow SQLite)


def parse_price_cents(text: str) -> int:
    """``35``, ``35.00``, ``¥35``, ``35元``, ``CNY35.50`` -> cents; raises ValueError."""
    number = _PRICE_NOISE.sub("", text.strip()).strip()
    try:
        amount = Decimal(number)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not amount.is_finite() or not 0 <= amount < MAX_PRICE:  # 1e30, 20 digits: a typo
        raise ValueError(text)
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class TitleCollector:
    """Groups copies under titles by a key and refuses barcodes already seen."""

    def __init__(self) -> None:
        self._titles: dict[object, TitleRecord] = {}
        self._copies: dict[object, list[CopyRecord]] = {}
        self.barcodes: set[str] = set()

    def __contains__(self, key: object) -> bool:
        return key in self._titles

    def add(self, key: object, title: TitleRecord, copies: Iterable[CopyRecord] = ()) -> None:
        if key not in self._titles:
            self._titles[key] = title
            self._copies[key] = []
        for copy in copies:
            self._copies[key].append(copy)
            self.barcodes.add(copy.barcode)

    def titles(self) -> list[TitleRecord]:
        return [
            replace(t, copies=tuple(self._copies[k])) if self._copies[k] else t
            for k, t in self._titles.items()
        ]


def _row_problem(row: Row, isbn: str | None) -> Rejected | None:
    checks: list[tuple[str, str, bool]] = [
        ("cell.too_long", row.too_long, bool(row.too_long)),
        ("title.missing", "", not row.get("title")),
        ("barcode.missing", "", not row.get("barcode")),
        ("isbn.invalid", row.get("isbn"), bool(row.get("isbn")) and isbn is None),
    ]
    for reason, detail, failed in checks:
        if failed:
            return Rejected(row.number, reason, detail)
    for reason, column, parse in (
        ("year.invalid", "year", parse_year),
        ("price.invalid", "price", parse_price_cents),
        ("item_type.unknown", "item_type", _item_type),
    ):
        value = row.get(column)
        if value:
            try:
                parse(value)
            except ValueError:
                return Rejected(row.number, reason, value)
    return None


def _item_type(text: str) -> ItemType:
    if not text:
        return ItemType.BOOK
    try:
        return ITEM_TYPES[text.strip().casefold()]
    except KeyError:
        raise ValueError(text) from None


def _title_from_row(row: Row, isbn: str | None) -> TitleRecord:
    title = row.get("title")
    language = row.get("language")
    return TitleRecord(
        title=title,
        isbn=isbn,
        subtitle=row.get("subtitle"),
        authors=split_authors(row.get("author")),
        publisher=row.get("publisher"),
        year=parse_year(row.get("year")) if row.get("year") else None,
        classification=row.get("classification"),
        summary=row.get("summary"),
        language=normalize_language(language) if language else guess_language(title),
    )


def _copy_from_row(row: Row) -> CopyRecord:
    price = row.get("price")
    return CopyRecord(
        barcode=row.get("barcode"),
        call_number=row.get("call_number"),
        location=row.get("location"),
        price_cents=parse_price_cents(price) if price else None,
        item_type=_item_type(row.get("item_type")),
    )


def parse_catalog_rows(rows: Iterable[Row], progress: Progress | None = None) -> ImportResult:
    """Group canonical catalogue rows (see :data:`CATALOG_ALIASES`) into titles with copies."""
    result = ImportResult()
    collector = TitleCollector()
    done = 0
    for done, row in enumerate(rows, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
        isbn = normalize_isbn(row.get("isbn"))
        problem = _row_problem(row, isbn)
        if problem is None and row.get("barcode") in collector.barcodes:
            problem = Rejected(row.number, "barcode.duplicate", row.get("barcode"))
        if problem is not None:
            result.rejected.append(problem)
            continue
        title = _title_from_row(row, isbn)
        key = isbn or ("title+authors", title.title, title.authors)
        collector.add(key, title, [_copy_from_row(row)])
    if progress is not None:
        progress(done)
    result.titles = collector.titles()
    return result


def parse_catalog_file(path: Path | str, progress: Progress | None = None) -> ImportResult:
    """Parse a .csv/.xlsx catalogue or a MARC file (.mrc, .marc, .iso, .dat).

    Raises :class:`bot.importers.tabular.ImportFormatError` when the file as a whole is unusable (unknown
    extension, undecodable CSV, a required column missing).
    """
    path = Path(path)
    if path.suffix.lower() in MARC_SUFFIXES:
        from bot.importers.marc_file import parse_marc_file  # marc.py uses this module's helpers

        return parse_marc_file(path, progress)
    rows = read_rows(path, CATALOG_ALIASES, CATALOG_REQUIRED)
    return parse_catalog_rows(rows, progress)
