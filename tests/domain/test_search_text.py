"""Search text: folding, bigrams, pinyin keys with surnames."""

from __future__ import annotations

from bot.domain.search_text import (
    bigrams,
    fold,
    is_cjk,
    key,
    name_syllables,
    pinyin_keys,
    search_doc,
    suffix_tokens,
)


def test_fold_traditional_width_case_and_tones() -> None:
    assert fold("西遊記") == "西游记"
    assert fold("紅樓夢") == "红楼梦"
    assert fold("ＡＢＣ") == "abc"
    assert fold("XīYóuJì") == "xiyouji"
    assert fold("Charlotte") == "charlotte"


def test_is_cjk() -> None:
    assert is_cjk("西") and is_cjk("〇") and is_cjk("𠀀")
    assert not is_cjk("a") and not is_cjk("1") and not is_cjk("，") and not is_cjk("😀")


def test_bigrams_cover_every_character_once() -> None:
    assert bigrams("西游记") == ["西游", "游记", "记"]
    assert bigrams("红楼梦（青少版）") == ["红楼", "楼梦", "梦", "青少", "少版", "版"]
    assert bigrams("a") == ["a"]
    assert bigrams("😀!!") == []


def test_key_joins_words_and_drops_name_dots() -> None:
    assert key("哈利·波特与魔法石") == "哈利波特与魔法石"
    assert key("Charlotte's Web") == "charlottes web"
    assert key("  Harry   POTTER ") == "harry potter"


def test_pinyin_keys_full_and_initials() -> None:
    keys = pinyin_keys("西游记", ["吴承恩"])
    assert (keys.full, keys.initials) == ("xiyouji", "xyj")
    assert keys.author_syllables == (("wu", "cheng", "en"),)
    assert pinyin_keys("Charlotte's Web", ["E. B. White"]).full == ""


def test_surnames_are_read_as_surnames() -> None:
    assert name_syllables("曾国藩")[0] == "zeng"
    assert name_syllables("单田芳 著")[0] == "shan"
    assert name_syllables("解缙")[0] == "xie"
    assert name_syllables("仇英")[0] == "qiu"
    assert name_syllables("尉迟恭")[:2] == ["yu", "chi"]
    assert name_syllables("鲁迅") == ["lu", "xun"]
    assert name_syllables("（美）E.B.怀特") == ["e", "b", "huai", "te"]
    # a transliterated foreign name keeps the everyday reading
    assert name_syllables("查尔斯·狄更斯")[0] == "cha"


def test_suffix_tokens_start_on_syllable_boundaries() -> None:
    assert suffix_tokens(["xi", "you", "ji"], 1) == ["youji", "ji", "yj", "j"]


def test_search_doc() -> None:
    doc = search_doc("西遊記", "青少版", ["吴承恩 著"])
    assert doc.title_key == "西游记"
    assert doc.match_key == "西游记 青少版"
    assert doc.author_key == "吴承恩"
    assert doc.title_bigrams.split() == ["西游", "游记", "记", "青少", "少版", "版"]
    assert (doc.py_full, doc.py_initials) == ("xiyouji", "xyj")
    assert "wuchengen" in doc.py_authors.split()
