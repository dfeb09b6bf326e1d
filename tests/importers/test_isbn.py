from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import ean

from bot.domain.isbn import format_isbn13, isbn13_to_10, looks_like_isbn, normalize_isbn


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9787020008735", "9787020008735"),
        ("978-7-02-000873-5", "9787020008735"),
        ("978 7 02 000873 5", "9787020008735"),
        ("7020008739", "9787020008735"),
        ("7-02-000220-X", "9787020002207"),
        ("7-02-000220-x", "9787020002207"),
        ("ISBN 978-7-02-000873-5", "9787020008735"),
        ("isbn:7020008739", "9787020008735"),
        ("ISBN-13: 978-7-02-000873-5", "9787020008735"),
        ("ISBN：９７８７０２０００８７３５", "9787020008735"),  # full-width, as IMEs type
        ("9791032300824", "9791032300824"),
    ],
)
def test_normalize_valid(text: str, expected: str) -> None:
    assert normalize_isbn(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "9787020008736",
        "7020008738",
        "97870200087",
        "abc",
        "978702000873X",
        "1234567890123",
    ],
)
def test_normalize_invalid(text: str | None) -> None:
    assert normalize_isbn(text) is None


def test_looks_like_isbn_is_about_shape_not_check_digit() -> None:
    assert looks_like_isbn("978-7-02-000873-6")  # wrong check digit, right shape
    assert looks_like_isbn("ISBN 7-02-000220-x")
    assert looks_like_isbn("9787020008735")
    assert not looks_like_isbn("西游记")
    assert not looks_like_isbn("12345")
    assert not looks_like_isbn("97870200087355")


def test_isbn13_to_10() -> None:
    assert isbn13_to_10("9787020008735") == "7020008739"
    assert isbn13_to_10("9787020002207") == "702000220X"
    assert isbn13_to_10("9791032300824") is None  # 979 has no ISBN-10
    assert isbn13_to_10("9787020008736") is None


def test_format_isbn13() -> None:
    assert format_isbn13("9787020008735") == "978-7-02-000873-5"
    assert format_isbn13("7020008739") == "978-7-02-000873-5"
    assert format_isbn13("not an isbn") == "not an isbn"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_any_isbn13_with_right_check_digit_round_trips(body: str) -> None:
    number = "978" + body + ean.calc_check_digit("978" + body)
    assert normalize_isbn(number) == number
    assert normalize_isbn(format_isbn13(number)) == number
    ten = isbn13_to_10(number)
    assert ten is not None and normalize_isbn(ten) == number
