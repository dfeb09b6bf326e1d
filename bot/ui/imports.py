"""The import report, as the librarian reads it (chat or command line)."""

from __future__ import annotations

from bot.services.importing import ImportReport
from bot.ui.i18n import has, t

SHOWN_REJECTS = 30


def reason_text(lang: str, reason: str) -> str:
    key = f"import.reason.{reason}"
    return t(lang, key) if has(lang, key) else reason


def report_lines(lang: str, report: ImportReport, limit: int | None = SHOWN_REJECTS) -> list[str]:
    lines = [t(lang, f"import.{report.kind}_done", rejected=len(report.rejected), **report.counts)]
    shown = report.rejected if limit is None else report.rejected[:limit]
    for bad in shown:
        key = "import.rejected_row" if bad.where else "import.rejected_other"
        lines.append(t(lang, key, where=bad.where, reason=reason_text(lang, bad.reason), detail=bad.detail))
    if len(report.rejected) > len(shown):
        lines.append(t(lang, "import.more_rejected", count=len(report.rejected) - len(shown)))
    return lines
