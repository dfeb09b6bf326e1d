"""``python -m bench.search [--sizes 100000,1000000] [--queries 40] [--cap N] [--no-doc]``."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bench.search.build import catalogue, time_upsert_path
from bench.search.measure import measure
from bench.search.report import write_report
from bot.store import search


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    parser.add_argument("--sizes", default="100000,1000000",
                        help="catalogue sizes, comma-separated (default: 100000,1000000)")
    parser.add_argument("--queries", type=int, default=40, help="queries per class (default 40)")
    parser.add_argument("--cap", type=int, default=None,
                        help=f"override bot.store.search.CAP (default {search.CAP})")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    args = parser.parse_args(argv)
    if args.cap:
        search.CAP = args.cap
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs = []
    for size in sizes:
        path, build = catalogue(size)
        print(f"{size:,} titles: built in {build['total_s']:.0f} s"
              f" ({build['per_100k_s']:.1f} s per 100k), {build['db_mb']:.0f} MB", flush=True)
        runs.append((size, build, asyncio.run(measure(path, args.queries))))
    upsert = time_upsert_path()
    print(f"import path (CatalogService.import_titles): {upsert:.0f} s per 100k titles")
    if not args.no_doc:
        command = "python -m bench.search " + " ".join(sys.argv[1:] if argv is None else argv)
        write_report(runs, upsert, args.queries, command.strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
