"""The librarian sends catalogue and roster files to the bot; the command line does the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.testing.scenario import DemoLibrary
from bot.ui.i18n import t
from bot.ui.imports import reason_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


async def test_librarian_imports_a_csv_with_every_rejected_row_reported(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    replies = await librarian.send_document((FIXTURES / "catalog" / "small.csv").read_bytes(), "new-books.csv")
    texts = [r.text or "" for r in replies]
    assert texts[0] == t("zh", "import.working", name="new-books.csv")
    report = texts[1]
    assert report.startswith("目录导入完成") and "5 条有问题" in report
    for row, reason in ((6, "isbn.invalid"), (7, "title.missing"), (9, "barcode.duplicate"),
                        (10, "year.invalid"), (11, "price.invalid")):
        assert t("zh", "import.rejected_row", where=row, reason=reason_text("zh", reason), detail="").strip() in report
    again = await librarian.send_document((FIXTURES / "catalog" / "small.csv").read_bytes(), "new-books.csv")
    assert (again[-1].text or "").startswith(t("zh", "import.catalog_done", titles_added=0, titles_updated=0,
                                                copies_added=0, copies_updated=0, unchanged=6, rejected=5))


async def test_xlsx_with_chinese_headers(demo: DemoLibrary) -> None:
    librarian = demo.user("librarian")
    replies = await librarian.send_document((FIXTURES / "catalog" / "small_zh.xlsx").read_bytes(), "书目.xlsx")
    report = replies[-1].text or ""
    assert "2 条有问题" in report
    assert t("zh", "import.rejected_row", where=6, reason=reason_text("zh", "isbn.invalid"), detail="") in report + " "


async def test_reader_cannot_import_and_odd_files_are_refused(demo: DemoLibrary) -> None:
    xiaoming = demo.user("xiaoming")
    await xiaoming.send_document(b"isbn,title\n", "books.csv")
    assert xiaoming.last_text == t("zh", "error.auth.librarian_only")
    librarian = demo.user("librarian")
    await librarian.send_document(b"hello", "notes.txt")
    assert librarian.last_text == t("zh", "error.import.unsupported_format", name="notes.txt")
    await librarian.send_document("题名,作者\n".encode(), "x.csv")
    assert (librarian.last_text or "").startswith(t("zh", "error.import.missing_column", detail="").split("：")[0])


def test_cli_import_reports_rows_and_is_idempotent(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[database]\npath = "{tmp_path / "lib.db"}"\n', "utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", "--config", str(config), *args],
                              capture_output=True, text=True, timeout=120, cwd=tmp_path)

    first = run("import", "catalog", str(FIXTURES / "catalog" / "small.csv"))
    assert first.returncode == 1  # rows were rejected
    assert "第 9 行/条" in first.stdout and "B0000004" in first.stdout
    second = run("import", "catalog", str(FIXTURES / "catalog" / "small.csv"))
    assert "未变 6" in second.stdout
    marc = run("import", "catalog", str(FIXTURES / "marc" / "loc_sample.mrc"))
    assert "Traceback" not in marc.stderr and "目录导入完成" in marc.stdout
    missing = run("import", "readers", str(tmp_path / "absent.csv"))
    assert missing.returncode == 1 and "file not found" in missing.stderr
