"""The message catalogue: both languages complete, parameters consistent, refusals covered."""

from __future__ import annotations

import re
from pathlib import Path

from bot.ui.i18n import catalogue, parameters, pick_language, t

ROOT = Path(__file__).resolve().parents[2]


def test_both_languages_have_the_same_keys() -> None:
    zh, en = set(catalogue("zh")), set(catalogue("en"))
    assert zh - en == set(), "missing in English"
    assert en - zh == set(), "missing in Chinese"


# Formats whose parts differ by language on purpose: the caller passes all of them.
FORMATS: dict[str, set[str]] = {}


def test_parameters_match_between_languages() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    for key in zh:
        if key in FORMATS:
            assert parameters(zh[key]) | parameters(en[key]) <= FORMATS[key], key
            continue
        assert parameters(zh[key]) == parameters(en[key]), key


def test_every_refusal_code_in_the_code_has_a_message() -> None:
    """Every LibraryError("code") and reason code written in bot/ has error.<code> in both."""
    pattern = re.compile(r"""LibraryError\(\s*["']([a-z_]+\.[a-z_.]+)["']""")
    codes: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        codes.update(pattern.findall(path.read_text("utf-8")))
    assert codes, "the scan found no refusal codes at all"
    for lang in ("zh", "en"):
        missing = sorted(c for c in codes if f"error.{c}" not in catalogue(lang))
        assert not missing, f"{lang}: {missing}"


def test_every_literal_message_key_in_the_code_exists_in_both_languages() -> None:
    """``t(lang, "key")`` and ``context.t("key")`` with a literal key: the key is in both
    catalogues (keys built at run time, like ``f"cal.month.{n}"``, are checked by their tests)."""
    pattern = re.compile(r"""\bt\(\s*(?:[a-z_.]+,\s*)?["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
    keys: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        keys.update(pattern.findall(path.read_text("utf-8")))
    assert len(keys) > 100, f"the scan found only {len(keys)} keys"
    for lang in ("zh", "en"):
        missing = sorted(k for k in keys if k not in catalogue(lang))
        assert not missing, f"{lang}: {missing}"


def test_language_choice() -> None:
    assert pick_language(None, "zh-hans", "en") == "zh"
    assert pick_language(None, "en-GB", "zh") == "en"
    assert pick_language(None, "fr", "en") == "en"
    assert pick_language("en", "zh-hant", "zh") == "en"


def test_missing_parameter_does_not_crash() -> None:
    assert "{name}" in t("en", "link.done")
