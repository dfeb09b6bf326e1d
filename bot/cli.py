"""The ``shuxiang`` command line: run, demo, migrate, import, codes.

Every expected failure (bad configuration, missing file, a newer database) ends with one line on
stderr and a non-zero status, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import ConfigError, Settings, load_settings
from bot.store.db import DatabaseTooNew

NO_TOKEN = """No Telegram bot token is configured, so there is no bot to run.

  1. In Telegram, open a chat with @BotFather, send /newbot and follow the steps.
  2. Copy config.example.toml to config.toml and put the token BotFather gives you in
     [telegram] token = "123456:ABC..."   (or set SHUXIANG_TELEGRAM__TOKEN).
  3. Run `shuxiang run` again.

To try the bot without a token: `shuxiang demo`."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shuxiang", description="书香 Shuxiang: the school library's Telegram bot")
    parser.add_argument("--config", help="configuration file (default: $SHUXIANG_CONFIG or ./config.toml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("run", help="run the bot for real (needs a token)")
    demo = sub.add_parser("demo", help="talk to the bot offline, no token needed")
    demo.add_argument("--catalog", type=Path, help="a catalogue file (CSV, XLSX, MARC) instead of the demo books")
    demo.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of new, unlinked demo users")
    sub.add_parser("migrate", help="create or upgrade the database")
    imp = sub.add_parser("import", help="import readers or the catalogue from a file")
    imp.add_argument("what", choices=("readers", "catalog"))
    imp.add_argument("file", type=Path)
    codes = sub.add_parser("codes", help="print one-time link codes for readers")
    group = codes.add_mutually_exclusive_group(required=True)
    group.add_argument("--class", dest="class_name", help="every reader of a class, e.g. 3A")
    group.add_argument("--card", nargs="+", help="card numbers")
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(args.config)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        return _dispatch(args)
    except ConfigError as exc:
        print(f"shuxiang: {exc}", file=sys.stderr)
        return 2
    except DatabaseTooNew as exc:
        print(f"shuxiang: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "demo":
        from bot.demo import run_demo

        return run_demo(args.config, args.catalog, args.lang)
    settings = _settings(args)
    if args.command == "run":
        return _run(settings)
    from bot import cli_admin

    if args.command == "migrate":
        return asyncio.run(cli_admin.migrate(settings))
    if args.command == "import":
        return asyncio.run(cli_admin.import_file(settings, args.what, args.file))
    if args.command == "codes":
        return asyncio.run(cli_admin.codes(settings, args.class_name, args.card or []))
    raise AssertionError(args.command)


def _run(settings: Settings) -> int:
    if settings.telegram.token is None or not settings.telegram.token.get_secret_value().strip():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from telegram import Update

    from bot.app import build_application

    app = build_application(settings)
    tg = settings.telegram
    if tg.webhook_url:
        app.run_webhook(
            listen=tg.webhook_listen, port=tg.webhook_port, webhook_url=tg.webhook_url,
            secret_token=tg.webhook_secret.get_secret_value() if tg.webhook_secret else None,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        # run_polling stops cleanly on SIGINT and SIGTERM (its default stop_signals).
        app.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0
