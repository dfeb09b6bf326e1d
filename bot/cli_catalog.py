"""``shuxiang import catalog|readers FILE`` with a progress bar, and the report of every rejected row."""

from __future__ import annotations

from pathlib import Path

from tqdm import tqdm

from bot.domain.actor import Actor
from bot.errors import LibraryError
from bot.library import Library
from bot.services.importing import import_file
from bot.ui.i18n import t
from bot.ui.imports import report_lines


async def run_import(library: Library, path: Path, kind: str) -> int:
    lang = library.settings.school.default_language
    with tqdm(desc=path.name, unit=" rows", mininterval=0.5, leave=False, disable=None) as bar:

        def progress(done: int) -> None:
            bar.update(done - bar.n)

        try:
            report = await import_file(path, Actor.system(), library.readers, library.catalog,
                                       progress=progress, kind=kind)
        except LibraryError as error:
            from bot.ui.refusals import refusal as refusal_text

            print(f"shuxiang: {path}: {refusal_text(lang, error)}")
            return 1
    for line in report_lines(lang, report, limit=None):
        print(line)
    if report.kind != kind:
        print(t(lang, "import.kind_differs", kind=report.kind))
    return 0 if not report.rejected else 1
