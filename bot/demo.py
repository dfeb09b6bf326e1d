"""``shuxiang demo``: the real bot, offline, with the demo library and its six linked users.

Interactive on a terminal; piped, it reads a transcript (see README, "The demo"):

    plain line         the current user sends it (the first user is xiaoming)
    @as NAME           become that demo user (an unknown name is a new, unlinked account)
    @press LABEL       press the button whose label contains LABEL on the newest message that has one
    @photo PATH        send a photo;  @file PATH: send a document
    @time +3d | +2h | +30m | 2026-04-23 08:00   move the clock forward, running due jobs
    # comment          ignored
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from bot.config import ConfigError
from bot.testing.scenario import DEMO_CONFIG, DemoLibrary, demo_library, demo_settings

DIRECTIVES = ("as", "press", "photo", "file", "time")
_RELATIVE = re.compile(r"^\+(\d+)\s*([dhm])$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


class TranscriptError(Exception):
    """A transcript line the demo cannot carry out; the message says which and why."""


class Printer:
    """Prints what the bot did since the last call: messages, edits, alerts."""

    def __init__(self, demo: DemoLibrary, out: TextIO) -> None:
        self.demo, self.out = demo, out
        self._events = len(demo.api.events)
        self._answers = len(demo.api.callback_answers)

    def flush(self) -> None:
        api = self.demo.api
        for answer in api.callback_answers[self._answers:]:
            if answer.text:
                who = self.demo.handle_of(answer.user_id or 0)
                kind = "alert" if answer.show_alert else "notice"
                self.out.write(f"[bot → {who}] ({kind}) {answer.text}\n")
        for event in api.events[self._events:]:
            if event.kind == "delete":
                continue
            msg, who = event.message, self.demo.handle_of(event.chat_id)
            prefix = f"[bot → {who}] " + ("(edited) " if event.kind == "edit" else "")
            if msg.kind == "text":
                body = msg.plain
            elif msg.kind == "photo":
                body = f"(photo: {msg.plain})"
            else:
                body = f"(document {msg.file_name}: {msg.plain})"
            self.out.write(prefix + body + "\n")
            for row in msg.keyboard or []:
                self.out.write(" ".join(f"[{label}]" for label, _ in row) + "\n")
        self._events, self._answers = len(api.events), len(api.callback_answers)
        self.out.flush()


def parse_time(arg: str, demo: DemoLibrary) -> datetime | timedelta:
    match = _RELATIVE.match(arg.strip())
    if match:
        return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        local = datetime.strptime(arg.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise TranscriptError(f"@time takes +3d, +2h, +30m or 'YYYY-MM-DD HH:MM', not {arg!r}") from None
    return local.replace(tzinfo=demo.library.tz)


async def step(
    demo: DemoLibrary, state: dict[str, str], line: str, out: TextIO, echo: bool = True
) -> None:
    """Carry out one transcript line (``echo``: repeat what the user did, for piped transcripts)."""
    line = line.rstrip("\n")
    if not line.strip() or line.lstrip().startswith("#"):
        return
    user = demo.user(state["user"])
    if not line.startswith("@"):
        if echo:
            out.write(f"[{state['user']}] {line}\n")
        await user.send(line)
        return
    name, _, arg = line[1:].partition(" ")
    arg = arg.strip()
    if name not in DIRECTIVES:
        raise TranscriptError(f"unknown directive @{name} (known: {', '.join('@' + d for d in DIRECTIVES)})")
    if name == "as":
        if not re.fullmatch(r"[A-Za-z0-9_]{1,32}", arg):
            raise TranscriptError("@as takes a user name such as xiaoming, tom or librarian")
        state["user"] = arg
        demo.user(arg)
    elif name == "press":
        out.write(f"[{state['user']}] (presses {arg})\n")
        try:
            await user.press(arg)
        except AssertionError as exc:
            raise TranscriptError(f"@press {arg}: {exc}") from None
    elif name in ("photo", "file"):
        path = Path(arg)
        if not path.is_file():
            raise TranscriptError(f"@{name}: no such file {arg!r}")
        out.write(f"[{state['user']}] ({name} {path.name})\n")
        if name == "photo":
            await user.send_photo(path.read_bytes())
        else:
            await user.send_document(path.read_bytes(), path.name)
    else:
        when = parse_time(arg, demo)
        harness = demo.harness
        if isinstance(when, timedelta):
            await harness.advance(when)
        else:
            assert harness.clock is not None
            if when < harness.clock.now():
                raise TranscriptError(f"@time {arg}: the clock only moves forward")
            await harness.advance_to(when)
        now = demo.library.local(demo.library.clock.now())
        out.write(f"(time is now {now:%Y-%m-%d %H:%M %a})\n")


def _lines(interactive: bool, state: dict[str, str]) -> Iterator[str]:
    if not interactive:
        yield from sys.stdin
        return
    while True:
        try:
            yield input(f"{state['user']}> ")
        except EOFError:
            return


async def _main(config: Path | None, catalog: Path | None, lang: str, out: TextIO) -> int:
    interactive = sys.stdin.isatty()
    import tempfile

    with tempfile.TemporaryDirectory(prefix="shuxiang-demo-") as tmp:
        settings = demo_settings(Path(tmp), config or DEMO_CONFIG)
        async with demo_library(settings=settings, catalog=catalog, new_user_language=lang,
                                fail_on_errors=False) as demo:
            printer = Printer(demo, out)
            if interactive:
                out.write(__doc__.split("\n\n", 2)[2] + "\nYou are xiaoming. Ctrl-D ends.\n")
            state = {"user": "xiaoming"}
            for number, line in enumerate(_lines(interactive, state), start=1):
                try:
                    await step(demo, state, line, out, echo=not interactive)
                except TranscriptError as exc:
                    printer.flush()
                    if interactive:
                        out.write(f"! {exc}\n")
                        continue
                    print(f"shuxiang demo: transcript line {number}: {exc}", file=sys.stderr)
                    return 1
                printer.flush()
    return 0


def run_demo(config: str | None, catalog: Path | None, lang: str) -> int:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if catalog is not None and not catalog.is_file():
        print(f"shuxiang demo: {catalog}: file not found", file=sys.stderr)
        return 2
    try:
        return asyncio.run(_main(Path(config) if config else None, catalog, lang, sys.stdout))
    except ConfigError as exc:
        print(f"shuxiang demo: {exc}", file=sys.stderr)
        return 2
