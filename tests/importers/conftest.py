"""File builders for importer tests (as fixtures: test packages here are not importable)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest

Rows = Sequence[Sequence[object]]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "marc"


@pytest.fixture
def csv_file(tmp_path: Path) -> Callable[..., Path]:
    def write(rows: Rows, name: str = "file.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        with path.open("w", newline="", encoding=encoding) as handle:
            csv.writer(handle).writerows(rows)
        return path

    return write


@pytest.fixture
def xlsx_file(tmp_path: Path) -> Callable[..., Path]:
    def write(rows: Rows, name: str = "file.xlsx") -> Path:
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None
        for row in rows:
            sheet.append(list(row))
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture
def marc_fixture() -> Callable[[str], Path]:
    return lambda name: FIXTURES / name
