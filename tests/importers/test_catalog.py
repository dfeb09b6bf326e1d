from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.domain.catalog import CopyRecord, ItemType, Rejected, TitleRecord
from bot.importers import ImportFormatError, parse_catalog_file
from bot.importers.catalog import parse_price_cents, parse_year, split_authors

HEADER = ["ISBN", "题名", "责任者", "出版社", "出版年", "分类号", "索书号", "条码号", "馆藏地", "价格", "类型", "简介"]  # fmt: skip
ROWS = [
    HEADER,
    ["978-7-02-000873-5", "西游记", "(明)吴承恩 著", "人民文学出版社", "1980", "I242.4", "I242.4/12", "T001", "书库", "￥35", "", "取经"],  # 2
    ["9787020008735", "西游记（另一版）", "别人", "别社", "1999", "", "I242.4/12", "T002", "阅览室", "35元", "图书", ""],  # 3: same ISBN, only adds a copy
    ["", "Charlotte's Web", "E. B. White", "Harper", "1952", "", "", "T003", "", "", "book", ""],  # 4
    ["", " Charlotte's Web ", "E. B. White", "", "", "", "", "T004", "", "", "", ""],  # 5: same title+author
    ["", "", "无名", "", "", "", "", "T005", "", "", "", ""],  # 6 title.missing
    ["", "无条码", "", "", "", "", "", "", "", "", "", ""],  # 7 barcode.missing
    ["", "", "", "", "", "", "", "", "", "", "", ""],  # 8 blank: skipped silently
    ["978-7-02-000873-6", "坏书号", "", "", "", "", "", "T008", "", "", "", ""],  # 9 isbn.invalid
    ["", "坏年份", "", "", "一九八〇", "", "", "T009", "", "", "", ""],  # 10 year.invalid
    ["", "坏价格", "", "", "", "", "", "T010", "", "三十五", "", ""],  # 11 price.invalid
    ["", "坏类型", "", "", "", "", "", "T011", "", "", "光盘", ""],  # 12 item_type.unknown
    ["", "重复条码", "", "", "", "", "", "T001", "", "", "", ""],  # 13 barcode.duplicate
    ["", "新华字典", "", "商务印书馆", "2011", "H164", "H164/1", "T012", "", "19.90", "工具书", ""],  # 14
    ["", "读者", "", "", "2024", "", "", "T013", "", "", "期刊", ""],  # 15
]  # fmt: skip

EXPECTED_REJECTS = [
    Rejected(6, "title.missing", ""),
    Rejected(7, "barcode.missing", ""),
    Rejected(9, "isbn.invalid", "978-7-02-000873-6"),
    Rejected(10, "year.invalid", "一九八〇"),
    Rejected(11, "price.invalid", "三十五"),
    Rejected(12, "item_type.unknown", "光盘"),
    Rejected(13, "barcode.duplicate", "T001"),
]


def _check(result_titles: list[TitleRecord]) -> None:
    by_title = {t.title: t for t in result_titles}
    assert list(by_title) == ["西游记", "Charlotte's Web", "新华字典", "读者"]
    journey = by_title["西游记"]
    assert journey == TitleRecord(
        title="西游记",
        isbn="9787020008735",
        authors=("吴承恩",),
        publisher="人民文学出版社",
        year=1980,
        classification="I242.4",
        summary="取经",
        language="zh",
        copies=(
            CopyRecord("T001", "I242.4/12", "书库", 3500, ItemType.BOOK),
            CopyRecord("T002", "I242.4/12", "阅览室", 3500, ItemType.BOOK),
        ),
    )
    web = by_title["Charlotte's Web"]
    assert (web.isbn, web.authors, web.language, web.year) == (None, ("E. B. White",), "en", 1952)
    assert [c.barcode for c in web.copies] == ["T003", "T004"]
    assert by_title["新华字典"].copies == (
        CopyRecord("T012", "H164/1", "", 1990, ItemType.REFERENCE),
    )
    assert by_title["读者"].copies[0].item_type is ItemType.PERIODICAL


def test_csv_catalogue(csv_file: Callable[..., Path]) -> None:
    progress: list[int] = []
    result = parse_catalog_file(csv_file(ROWS), progress=progress.append)
    assert result.rejected == EXPECTED_REJECTS
    _check(result.titles)
    assert progress == [13]  # rows read (blank rows are not rows)


def test_xlsx_catalogue(xlsx_file: Callable[..., Path]) -> None:
    result = parse_catalog_file(xlsx_file(ROWS))
    assert result.rejected == EXPECTED_REJECTS
    _check(result.titles)


def test_gbk_csv_catalogue(csv_file: Callable[..., Path]) -> None:
    result = parse_catalog_file(csv_file(ROWS, encoding="gbk"))
    assert result.rejected == EXPECTED_REJECTS
    _check(result.titles)


def test_english_headers_subtitle_and_language(csv_file: Callable[..., Path]) -> None:
    rows = [
        ["Title", "Subtitle", "Author", "Barcode", "Language", "Item_Type", "Price"],
        ["三体", "地球往事", "刘慈欣 著; 刘宇昆 译", "B1", "", "Reference", "CNY23.00"],
        ["Hamlet", "", "Shakespeare", "B2", "English", "", "$9.5"],
    ]
    titles = parse_catalog_file(csv_file(rows)).titles
    assert [(t.title, t.subtitle, t.authors, t.language) for t in titles] == [
        ("三体", "地球往事", ("刘慈欣", "刘宇昆"), "zh"),
        ("Hamlet", "", ("Shakespeare",), "en"),
    ]
    assert [t.copies[0].price_cents for t in titles] == [2300, 950]
    assert titles[0].copies[0].item_type is ItemType.REFERENCE


def test_missing_required_column(csv_file: Callable[..., Path]) -> None:
    with pytest.raises(ImportFormatError) as info:
        parse_catalog_file(csv_file([["题名", "作者"], ["西游记", "吴承恩"]]))
    assert (info.value.code, info.value.detail) == ("import.missing_column", "barcode")


@pytest.mark.parametrize(
    ("text", "cents"),
    [("35", 3500), ("35.00", 3500), ("¥35", 3500), ("￥35.5", 3550), ("35元", 3500), ("0.125", 13)],
)
def test_price(text: str, cents: int) -> None:
    assert parse_price_cents(text) == cents


@pytest.mark.parametrize("text", ["abc", "-1", "35 dollars", "nan", ""])
def test_bad_price(text: str) -> None:
    with pytest.raises(ValueError):
        parse_price_cents(text)


@pytest.mark.parametrize(("text", "year"), [("2019", 2019), ("2019年", 2019), ("2019.5", 2019), ("c2019", 2019), ("[2019]", 2019), ("2019-03-01", 2019)])  # fmt: skip
def test_year(text: str, year: int) -> None:
    assert parse_year(text) == year


def test_authors() -> None:
    assert split_authors("吴承恩 著") == ("吴承恩",)
    assert split_authors("(英)J.K.罗琳 著；马爱农、马爱新 译") == ("J.K.罗琳", "马爱农", "马爱新")
    assert split_authors("张三 主编 / 李四 编著，王五绘") == ("张三", "李四", "王五")
    assert split_authors("White, E. B.") == ("White, E. B.",)  # no split on an ASCII comma
    assert split_authors("李译") == ("李译",)  # too short to be a name plus a role word


def test_absurd_prices_and_huge_cells_are_rejected_rows_with_their_numbers(tmp_path: Path) -> None:
    """Issue 9: 1e30 and a 20-digit price crashed the import; a cell over csv's 131,072
    characters stopped the whole file."""
    path = tmp_path / "odd.csv"
    lines = ["题名,条码号,价格", "好书,X001,35", "一,X002,1e30", "二,X003,12345678901234567890",
             "三,X004,NaN", f"{'长' * 200_000},X005,", "好书二,X006,19.9"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = parse_catalog_file(path)
    assert [(r.where, r.reason) for r in result.rejected] == [
        (3, "price.invalid"), (4, "price.invalid"), (5, "price.invalid"), (6, "cell.too_long")]
    assert sorted(c.barcode for t in result.titles for c in t.copies) == ["X001", "X006"]
    for text in ("1e30", "12345678901234567890", "-1", "Infinity"):
        with pytest.raises(ValueError):
            parse_price_cents(text)
