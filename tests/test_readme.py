"""README stays true: every command is documented; CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

from bot.handlers.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")


def test_every_bot_command_is_in_the_readme() -> None:
    missing = [c.name for c in COMMANDS if f"`/{c.name}" not in README]
    assert not missing, f"README does not document: {missing}"


def test_ci_runs_the_readme_test_command() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command.strip() in (ROOT / ".ci" / "run").read_text("utf-8")


def test_readme_demo_command_uses_the_console_script() -> None:
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert any("pip install" in b and "shuxiang demo" in b for b in blocks)
