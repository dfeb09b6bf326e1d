"""Callback data: every kind packs within Telegram's 64 bytes and parses back; altered, forged
and oversized data is refused."""

from __future__ import annotations

import pytest

from bot.ui import callbacks as cb

BIG = 10**15 - 1  # the largest id a button carries

EXAMPLES: list[cb.Button] = [
    cb.SearchPage(BIG, BIG), cb.BookCard(BIG), cb.ResultCard(BIG, BIG, BIG), cb.NewPage(0),
    cb.RenewLoan(BIG), cb.RenewAll(), cb.ShowHistory(), cb.PlaceHold(1), cb.CancelHold(2),
    cb.ComingForHold(3), cb.ChooseReader(4), cb.ShowPatron(5), cb.SetLanguage("auto"),
]


def test_every_kind_has_an_example() -> None:
    assert {type(b) for b in EXAMPLES} == set(cb.ALL_KINDS)


@pytest.mark.parametrize("button", EXAMPLES, ids=lambda b: type(b).__name__)
def test_packs_within_64_bytes_and_parses_back(button: cb.Button) -> None:
    data = button.pack()
    assert len(data.encode()) <= cb.MAX_DATA_BYTES
    assert type(button).parse(data) == button
    # No other kind claims the same data: a press reaches exactly one handler.
    assert [k for k in cb.ALL_KINDS if k.pattern().fullmatch(data)] == [type(button)]


@pytest.mark.parametrize("data", [
    "loan:renew:", "loan:renew:x", "loan:renew:-1", "loan:renew:1:2", "loan:renew:9223372036854775808",
    "loan:renew:1234567890123456", "set:lang:fr", "s:1", "b:1:2", "hold:place:１２", "", None,
    "loan:renew:42\n",
])
def test_altered_or_forged_data_is_refused(data: str | None) -> None:
    for kind in cb.ALL_KINDS:
        with pytest.raises(cb.Stale):
            kind.parse(data)


def test_literal_fields_parse_to_their_words() -> None:
    assert cb.SetLanguage.parse("set:lang:zh").choice == "zh"
    assert cb.ResultCard.parse("b:7:3:10").back() == cb.SearchPage(3, 10)


def test_handler_patterns_take_no_trailing_newline_or_unicode_digits() -> None:
    assert cb.RenewLoan.pattern().match("loan:renew:42\n") is None
    assert cb.RenewLoan.pattern().match("loan:renew:４２") is None
