"""docs/benchmarks.md from a benchmark run: figures, machine, SQLite version, command."""

from __future__ import annotations

import os
import platform
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from bench.search.measure import ClassResult
from bot.store import search

DOC = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"
_DESIGN = Path(__file__).with_name("DESIGN.md")


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return (f"{os.cpu_count()} CPUs (`nproc`), {cpu}, {mem_kb / 2**20:.1f} GiB RAM,"
            f" Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")


def _table(results: list[ClassResult]) -> list[str]:
    lines = [
        "| class | queries | search p50 ms | search p95 ms | LIKE p50 ms | LIKE p95 ms |"
        " LIKE/search (p50) | recall vs LIKE | unselective |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = r.like_p50_ms / r.p50_ms if r.p50_ms else 0.0
        lines.append(
            f"| {r.name} | {r.queries} | {r.p50_ms:.2f} | {r.p95_ms:.2f} | {r.like_p50_ms:.1f} |"
            f" {r.like_p95_ms:.1f} | {ratio:.0f}× | {r.recall * 100:.2f} % |"
            f" {r.unselective}/{r.queries} |"
        )
    return lines


def write_report(runs: list[tuple[int, dict[str, float], list[ClassResult]]], upsert_per_100k: float,
                 per_class: int, command: str) -> None:
    out = [
        "# Benchmarks",
        "",
        "## Catalogue search",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        "",
        f"Command: `{command}` (from the repository root, in the virtualenv).",
        "",
        f"Each class has {per_class} queries taken from titles in the catalogue (so they hit);"
        " every query is run once to warm up, then 5 times through `CatalogService.search`"
        " (parse, rank, first page of 5, titles and availability of the hits) on the bot's"
        " aiosqlite read connection. `LIKE` is one scan of `search_doc` in the same run"
        " (`match_key LIKE '%q%' OR author_key LIKE '%q%'`; for pinyin and initials a LIKE"
        " for a token starting with q over the pinyin columns; for ISBN over `titles.isbn`),"
        " and its result set is the recall baseline: recall = matches the search also returns"
        f" (all pages) / LIKE matches. `unselective`: queries where a source reached CAP ="
        f" {search.CAP}, so the total is reported as a lower bound and each tier is either ranked"
        f" (≤ RANK_MAX = {search.RANK_MAX} candidates) or walked in rank order.",
        "",
    ]
    for size, build, results in runs:
        out += [f"### {size:,} titles", "",
                f"Built in {build['total_s']:.0f} s ({build['per_100k_s']:.1f} s per 100k titles,"
                f" bulk loader with the store's index SQL, 2 worker processes); database"
                f" {build['db_mb']:.0f} MB.", ""]
        out += _table(results) + [""]
    out += [f"Import through `CatalogService.import_titles` (the real upsert path, batches of 1,000,"
            f" fresh database): {upsert_per_100k:.0f} s per 100k titles.", ""]
    if _DESIGN.exists():
        out += [_DESIGN.read_text().strip(), ""]
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text("\n".join(out))
    print(f"wrote {DOC}")
