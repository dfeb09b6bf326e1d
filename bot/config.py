"""Settings: ``config.toml`` overridden by ``SHUXIANG_...`` environment variables.

``SHUXIANG_TELEGRAM__TOKEN=...`` sets ``[telegram] token``; ``__`` separates the levels. Every
section refuses unknown keys, so a typo stops the program with one line that names the file and
the key instead of being silently ignored. ``config.example.toml`` documents every key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from datetime import time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from pydantic_settings.sources.utils import parse_env_vars

from bot.config_rules import CalendarConfig, CirculationConfig

ENV_PREFIX = "SHUXIANG_"
DEFAULT_CONFIG = Path("config.toml")
Language = Literal["zh", "en"]


class ConfigError(Exception):
    """A configuration problem, already phrased as one line for the person running the bot."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TelegramConfig(_Section):
    token: SecretStr | None = None
    username: str | None = None  # the bot's @username, for the links `shuxiang codes` prints
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    webhook_url: str | None = None  # set to use a webhook instead of long polling
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None


class SchoolConfig(_Section):
    name: str = "书香小学"
    timezone: str = "Asia/Shanghai"
    default_language: Language = "zh"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r} (use a name like Asia/Shanghai)") from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class DatabaseConfig(_Section):
    path: Path = Path("data/library.db")


class StaffConfig(_Section):
    librarian_ids: list[int] = Field(default_factory=list)
    # A chat (a librarian's, or a staff group) told of every unexpected error: one short line.
    error_chat_id: int | None = None


class QuietHoursConfig(_Section):
    start: time = time(21, 0)
    end: time = time(7, 0)


class LinkingConfig(_Section):
    code_days: int = Field(default=30, ge=1, le=365)
    max_failures_per_hour: int = Field(default=5, ge=1, le=100)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid", case_sensitive=False
    )

    telegram: TelegramConfig = Field(default_factory=TelegramConfig)
    school: SchoolConfig = Field(default_factory=SchoolConfig)
    database: DatabaseConfig = Field(default_factory=DatabaseConfig)
    staff: StaffConfig = Field(default_factory=StaffConfig)
    quiet_hours: QuietHoursConfig = Field(default_factory=QuietHoursConfig)
    linking: LinkingConfig = Field(default_factory=LinkingConfig)
    circulation: CirculationConfig = Field(default_factory=CirculationConfig)
    calendar: CalendarConfig = Field(default_factory=CalendarConfig)


class _MappingEnvSource(EnvSettingsSource):
    """The environment source, reading a given mapping instead of ``os.environ`` (for tests)."""

    def __init__(self, settings_cls: type[BaseSettings], mapping: dict[str, str]) -> None:
        self._mapping = mapping
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return parse_env_vars(
            self._mapping, self.case_sensitive, self.env_ignore_empty, self.env_parse_none_str
        )


def _settings_class(toml_file: Path | None, env: dict[str, str]) -> type[Settings]:
    class FileSettings(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            sources: list[PydanticBaseSettingsSource] = [
                init_settings,
                _MappingEnvSource(settings_cls, env),
            ]
            if toml_file is not None:
                sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
            return tuple(sources)

    return FileSettings


def _where(loc: tuple[int | str, ...], env: dict[str, str]) -> str:
    key = ".".join(str(part) for part in loc)
    env_name = ENV_PREFIX + "__".join(str(part) for part in loc).upper()
    if env_name in {name.upper() for name in env}:
        return f"{key} (from environment variable {env_name})"
    return key


def _describe(error: ValidationError, source: str, env: dict[str, str]) -> str:
    errors = error.errors()
    first = errors[0]
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown key (see config.example.toml for the keys there are)"
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return f"{source}: {_where(tuple(first['loc']), env)}: {message}{more}"


def load_settings(
    path: Path | str | None = None,
    *,
    env: dict[str, str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Settings:
    """Read the settings. ``path`` (from ``--config``), else ``SHUXIANG_CONFIG``, else
    ``config.toml`` if it exists. A file that was named explicitly must exist."""
    env = dict(os.environ if env is None else env)
    explicit = path if path is not None else env.get(ENV_PREFIX + "CONFIG")
    toml_file: Path | None
    if explicit:
        toml_file = Path(explicit)
        if not toml_file.is_file():
            raise ConfigError(f"{toml_file}: configuration file not found")
    else:
        toml_file = DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None
    source = str(toml_file) if toml_file else "configuration"
    if toml_file is not None:
        try:
            tomllib.loads(toml_file.read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{toml_file}: not valid TOML: {exc}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{toml_file}: not UTF-8 text") from None
    env.pop(ENV_PREFIX + "CONFIG", None)
    try:
        return _settings_class(toml_file, env)(**(overrides or {}))
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source, env)) from None
