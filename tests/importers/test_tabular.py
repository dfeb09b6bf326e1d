from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.importers.tabular import ImportFormatError, read_rows

ALIASES = {"card_number": ("card number", "借书证号"), "name": ("name", "姓名")}
REQUIRED = ("card_number", "name")


def test_headers_match_ignoring_case_spaces_and_underscores(csv_file: Callable[..., Path]) -> None:
    path = csv_file([[" CARD_Number ", "Name", "notes"], ["A1", "Li", "x"]])
    rows = list(read_rows(path, ALIASES, REQUIRED))
    assert [(r.number, r.values) for r in rows] == [(2, {"card_number": "A1", "name": "Li"})]


def test_blank_rows_skipped_but_counted(csv_file: Callable[..., Path]) -> None:
    path = csv_file([["借书证号", "姓名"], ["", ""], [" A1 ", "李雷"]])
    rows = list(read_rows(path, ALIASES, REQUIRED))
    assert [(r.number, r.get("card_number"), r.get("name")) for r in rows] == [(3, "A1", "李雷")]


def test_missing_column_is_a_format_error(csv_file: Callable[..., Path]) -> None:
    path = csv_file([["借书证号", "班级"], ["A1", "3A"]])
    with pytest.raises(ImportFormatError) as info:
        read_rows(path, ALIASES, REQUIRED)
    assert info.value.code == "import.missing_column"
    assert info.value.detail == "name"
    assert isinstance(info.value, ValueError)


def test_empty_file_and_unknown_extension(tmp_path: Path) -> None:
    (tmp_path / "e.csv").write_bytes(b"")
    with pytest.raises(ImportFormatError) as info:
        read_rows(tmp_path / "e.csv", ALIASES, REQUIRED)
    assert info.value.code == "import.empty"
    (tmp_path / "r.xls").write_bytes(b"old excel")
    with pytest.raises(ImportFormatError) as info:
        read_rows(tmp_path / "r.xls", ALIASES, REQUIRED)
    assert info.value.code == "import.unsupported_format"
    assert info.value.detail == ".xls"


def test_utf8_bom_gbk_and_semicolons(tmp_path: Path, csv_file: Callable[..., Path]) -> None:
    rows = [["借书证号", "姓名"], ["A1", "王芳"]]
    bom = csv_file(rows, "bom.csv", encoding="utf-8-sig")
    gbk = csv_file(rows, "gbk.csv", encoding="gbk")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "王芳".encode("gbk") in gbk.read_bytes()
    semi = tmp_path / "semi.csv"
    semi.write_text("借书证号;姓名\nA1;王芳\n", encoding="utf-8")
    for path in (bom, gbk, semi):
        assert [r.values for r in read_rows(path, ALIASES, REQUIRED)] == [
            {"card_number": "A1", "name": "王芳"}
        ], path.name


def test_undecodable_csv(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_bytes(b"name\n\xff\xff\xff\n")
    with pytest.raises(ImportFormatError) as info:
        read_rows(tmp_path / "bad.csv", ALIASES, REQUIRED)
    assert info.value.code == "import.encoding"


def test_xlsx_numbers_and_a_title_line_above_the_header(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file(
        [
            ["2024 学生名单"],
            [],
            ["借书证号", "姓名"],
            [20240001, "张三"],
            [None, None],
            [7.0, "李四"],
        ],
    )
    rows = list(read_rows(path, ALIASES, REQUIRED))
    assert [(r.number, r.values) for r in rows] == [
        (4, {"card_number": "20240001", "name": "张三"}),
        (6, {"card_number": "7", "name": "李四"}),
    ]


def test_broken_xlsx(tmp_path: Path) -> None:
    (tmp_path / "r.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ImportFormatError) as info:
        read_rows(tmp_path / "r.xlsx", ALIASES, REQUIRED)
    assert info.value.code == "import.unreadable"
