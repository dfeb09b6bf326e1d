"""Configuration: file + environment, and one clear line for every mistake."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_is_valid_and_documents_every_section() -> None:
    settings = load_settings(ROOT / "config.example.toml", env={})
    text = (ROOT / "config.example.toml").read_text("utf-8")
    for section in type(settings).model_fields:
        assert f"[{section}" in text, f"config.example.toml does not document [{section}]"


def test_file_values_and_environment_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, '[school]\nname = "实验小学"\ntimezone = "Asia/Shanghai"\n'
                           '[staff]\nlibrarian_ids = [42]\n')
    env = {"SHUXIANG_SCHOOL__NAME": "Env School", "SHUXIANG_TELEGRAM__TOKEN": "1:abc"}
    settings = load_settings(path, env=env)
    assert settings.school.name == "Env School"
    assert settings.staff.librarian_ids == [42]
    assert settings.telegram.token is not None
    assert settings.telegram.token.get_secret_value() == "1:abc"
    assert "1:abc" not in repr(settings.telegram)  # a secret is never printed


def test_config_path_from_environment(tmp_path: Path) -> None:
    path = write(tmp_path, '[school]\nname = "From env path"\n')
    settings = load_settings(None, env={"SHUXIANG_CONFIG": str(path)})
    assert settings.school.name == "From env path"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[school]\ntimezone = "Mars/Olympus"\n', "school.timezone: unknown timezone 'Mars/Olympus'"),
        ('[school]\nnmae = "typo"\n', "school.nmae: unknown key"),
        ('[shcool]\nname = "typo"\n', "shcool: unknown key"),
        ('[linking]\ncode_days = 0\n', "linking.code_days: Input should be greater than or equal to 1"),
        ('[school\nname = 1\n', "not valid TOML"),
        ('[school]\ndefault_language = "fr"\n', "school.default_language"),
    ],
)
def test_bad_values_name_the_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_settings(path, env={})
    message = str(info.value)
    assert message.startswith(str(path)), message
    assert expected in message
    assert "\n" not in message


def test_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(None, env={"SHUXIANG_LINKING__CODE_DAYS": "many"})
    assert "SHUXIANG_LINKING__CODE_DAYS" in str(info.value)


def test_named_file_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_settings(missing, env={})


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


def test_cli_bad_config_is_one_line_and_non_zero(tmp_path: Path) -> None:
    path = write(tmp_path, '[school]\ntimezone = "Nowhere/City"\n')
    result = run_cli("--config", str(path), "migrate", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "school.timezone" in lines[0] and str(path) in lines[0]
    assert "Traceback" not in result.stderr


def test_cli_missing_config_file(tmp_path: Path) -> None:
    result = run_cli("--config", str(tmp_path / "absent.toml"), "run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"shuxiang: {tmp_path / 'absent.toml'}: configuration file not found"


def test_cli_run_without_token_explains_botfather(tmp_path: Path) -> None:
    result = run_cli("run", cwd=tmp_path)
    assert result.returncode == 2
    assert "@BotFather" in result.stderr and "Traceback" not in result.stderr


def test_migrate_creates_database_and_refuses_a_newer_one(tmp_path: Path) -> None:
    import sqlite3

    path = write(tmp_path, f'[database]\npath = "{tmp_path / "lib.db"}"\n')
    first = run_cli("--config", str(path), "migrate", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "applied 0001_core.sql" in first.stdout
    again = run_cli("--config", str(path), "migrate", cwd=tmp_path)
    assert "up to date" in again.stdout
    with sqlite3.connect(tmp_path / "lib.db") as conn:
        conn.execute("PRAGMA user_version = 999")
    newer = run_cli("--config", str(path), "migrate", cwd=tmp_path)
    assert newer.returncode == 3
    assert "newer than this program knows" in newer.stderr and "Traceback" not in newer.stderr
