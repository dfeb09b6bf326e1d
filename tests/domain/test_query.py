"""parse_query: routing by what the text looks like; nothing a reader types breaks it."""

from __future__ import annotations

import pytest

from bot.domain.query import MAX_QUERY_CHARS, looks_like_pinyin, parse_query, pinyin_key


@pytest.mark.parametrize(
    "text", ["978-7-02-000873-5", "9787020008735", "7-02-000873-9", "ISBN 7 02 000873 9",
             "ISBN: 978 7 02 000873 5"],
)
def test_isbn_any_form(text: str) -> None:
    q = parse_query(text)
    assert (q.kind, q.isbn) == ("isbn", "9787020008735")


def test_isbn_with_a_wrong_check_digit() -> None:
    q = parse_query("978-7-02-000873-6")
    assert (q.kind, q.isbn) == ("isbn_invalid", None)


def test_kinds() -> None:
    assert parse_query("西遊").kind == "cjk"
    assert parse_query("西遊").runs == ("西游",)
    assert parse_query("xyj").kind == "pinyin"
    assert parse_query("xi you ji").pinyin == "xiyouji"
    assert parse_query("XīYóuJì").pinyin == "xiyouji"
    assert parse_query("Charlotte's Web").kind == "latin"
    assert parse_query("Charlotte's Web").runs == ("charlottes", "web")
    assert parse_query("1984").kind == "latin"


def test_pinyin_key_and_shape() -> None:
    assert pinyin_key("lǚ xíng") == "lvxing"
    assert looks_like_pinyin("xiyou") and looks_like_pinyin("luxun") and looks_like_pinyin("xyj")
    assert not looks_like_pinyin("potter")


@pytest.mark.parametrize("text", ['"', "*", "-", "AND", "NEAR(", "(", "", "   ", "😀", "💥🔥",
                                  '"西游" OR *', "a", "西", "\x00", None])
def test_nasty_input_never_raises(text: str | None) -> None:
    q = parse_query(text)
    assert q.kind in ("empty", "cjk", "latin", "pinyin")
    assert all('"' not in r and " " not in r for r in q.runs)


def test_long_input_is_cut() -> None:
    q = parse_query("西" * 5000)
    assert q.truncated
    assert len(q.text) == MAX_QUERY_CHARS
    assert not parse_query("西游记").truncated
