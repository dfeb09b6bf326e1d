"""Search text (pure): how titles and queries are normalised, cut into bigrams and read as pinyin.

The same ``fold`` is applied to what is indexed and to what a reader types, so traditional and
simplified characters, full-width letters, case and tone marks never stop a match.

Traditional→simplified is done character by character (a table built once from OpenCC's
``t2s``), not phrase by phrase: a substring of a folded title is then always the fold of a
substring of the title, which is what makes 1- and 2-character search exact.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from pypinyin import Style, lazy_pinyin

PY_TOKEN_MAX = 64  # pinyin tokens (and pinyin queries) are cut to this many letters

_CJK_RANGES = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x2A6DF),  # Extension B
    (0x2A700, 0x2EBEF),  # Extensions C-F
    (0x2F800, 0x2FA1F),  # Compatibility Supplement
    (0x30000, 0x323AF),  # Extensions G-H
)


_CJK_RE = re.compile(
    "[\u3007" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _CJK_RANGES) + "]"
)


def is_cjk(ch: str) -> bool:
    """A Chinese character (汉字), including the extension blocks and 〇."""
    return _CJK_RE.fullmatch(ch) is not None


@cache
def _t2s_table() -> dict[int, str]:
    import opencc

    converter = opencc.OpenCC("t2s")
    table: dict[int, str] = {}
    for lo, hi in _CJK_RANGES[:2]:
        for cp in range(lo, hi + 1):
            simplified = converter.convert(chr(cp))
            if simplified != chr(cp):
                table[cp] = simplified
    return table


def fold(text: str) -> str:
    """NFKC, traditional→simplified, lower case, accents and tone marks removed."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).translate(_t2s_table()).casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed == text:  # nothing to strip (Chinese text)
        return text
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


# Dropped without breaking a run: 哈利·波特 reads as 哈利波特, charlotte's as charlottes.
_JOINERS = frozenset("·•・‧'’ʼ")


def is_word_char(ch: str) -> bool:
    """Characters that make up a run: letters, digits and Chinese characters."""
    return ch.isalnum()


_DROP_JOINERS = {ord(ch): None for ch in _JOINERS}
# In Python's Unicode regexes \w is isalnum() or "_", so [^\W_] is exactly is_word_char.
_RUN = re.compile(r"[^\W_]+")


def runs(folded: str) -> list[str]:
    """The maximal runs of word characters of already folded text, in order."""
    return _RUN.findall(folded.translate(_DROP_JOINERS))


def key(text: str) -> str:
    """The comparable form of a title or name: folded runs joined by one space."""
    return " ".join(runs(fold(text)))


def key_bigrams(key_text: str) -> list[str]:
    """Index tokens of a key (as made by ``key``): every 2-character window of every word,
    plus each word's last character.

    ``西游记`` → ``西游 游记 记``. Every character starts exactly one token, so a 1-character
    query is a prefix query and a longer one is the phrase of its bigrams: substring semantics.
    """
    tokens: list[str] = []
    for run in key_text.split():
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        tokens.append(run[-1])
    return tokens


def bigrams(text: str) -> list[str]:
    """``key_bigrams`` of any text (folded first)."""
    return key_bigrams(key(text))


@lru_cache(maxsize=16384)
def _plain(syllable: str) -> str:
    """A syllable without its tone mark, ü as v (``lǚ`` → ``lv``); '' if not Latin letters."""
    syllable = syllable.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v")
    syllable = syllable.replace("ǚ", "v").replace("ǜ", "v")
    decomposed = unicodedata.normalize("NFKD", syllable)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return plain if plain.isascii() else ""


def syllables(text: str) -> list[str]:
    """Toneless pinyin of text, one entry per character (ü written ``v``, as IMEs do).

    Text that is not Chinese comes back from pypinyin as it was: its words are kept as
    "syllables" (哈利波特3 → ha li bo te 3).
    """
    out: list[str] = []
    for chunk in lazy_pinyin(fold(text), style=Style.TONE, errors=lambda s: s):
        for run in [chunk] if chunk.isalnum() else runs(chunk):
            plain = _plain(run)
            if plain:
                out.append(plain)
    return out


# Surnames whose reading as a surname differs from pypinyin's everyday reading of the character.
_COMPOUND_SURNAMES = {
    "尉迟": ["yu", "chi"], "单于": ["chan", "yu"], "万俟": ["mo", "qi"], "长孙": ["zhang", "sun"],
    "澹台": ["tan", "tai"], "乐正": ["yue", "zheng"], "仉督": ["zhang", "du"],
}
_SURNAMES = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
    "缪": "miao", "种": "chong", "盖": "ge", "覃": "qin", "翟": "zhai", "繁": "po", "秘": "bi",
    "冼": "xian", "过": "guo", "纪": "ji", "燕": "yan", "乐": "yue", "员": "yun", "贠": "yun",
    "召": "shao", "尉": "wei", "宿": "su", "卜": "bu", "薄": "bo", "句": "gou", "都": "du",
    "折": "she", "粘": "nian", "六": "lu", "贾": "jia", "居": "ju", "盛": "sheng", "柏": "bai",
    "牟": "mou", "阚": "kan", "叶": "ye", "车": "che", "沈": "shen", "华": "hua", "石": "shi",
    "瞿": "qu", "重": "chong", "万": "wan", "任": "ren", "藏": "zang", "祭": "zhai", "隗": "wei",
}
_NAME_PREFIX = re.compile(r"^\s*[(\[【〔][^)\]】〕]{0,8}[)\]】〕]\s*")
_NAME_ROLE = re.compile(r"(\s+(著|编|译|绘|文|图|等|主编|编著|改编|编译|编绘)|主编|编著|改编|编译|著|译|等)$")


def clean_name(folded: str) -> str:
    """A name without its nationality/dynasty prefix (``(美)``, ``[清]``) and role (``著``)."""
    name = _NAME_PREFIX.sub("", folded).strip()
    for _ in range(3):
        stripped = _NAME_ROLE.sub("", name).strip()
        if stripped == name or not stripped:
            break
        name = stripped
    return name


@lru_cache(maxsize=65536)
def _name_syllables(name: str) -> tuple[str, ...]:
    return tuple(name_syllables(name))


def name_syllables(name: str) -> list[str]:
    """Pinyin of a person's name, the surname read as a surname (曾 zeng, 单 shan, 解 xie).

    Only a plain Chinese name of 2 to 4 characters has its first character(s) read as a surname;
    a transliterated foreign name (``查尔斯·狄更斯``) keeps the everyday reading.
    """
    cleaned = clean_name(fold(name))
    if not (2 <= len(cleaned) <= 4 and all(is_cjk(ch) for ch in cleaned)):
        return syllables(cleaned)
    if cleaned[:2] in _COMPOUND_SURNAMES:
        return _COMPOUND_SURNAMES[cleaned[:2]] + syllables(cleaned[2:])
    if cleaned[0] in _SURNAMES:
        return [_SURNAMES[cleaned[0]], *syllables(cleaned[1:])]
    return syllables(cleaned)


def has_cjk(text: str) -> bool:
    return not text.isascii() and _CJK_RE.search(text) is not None


@dataclass(frozen=True, slots=True)
class PinyinKeys:
    """Title pinyin (full syllables joined, initials) and one (full, initials) per author."""

    full: str
    initials: str
    title_syllables: tuple[str, ...]
    author_syllables: tuple[tuple[str, ...], ...]


def pinyin_keys(title: str, authors: Sequence[str]) -> PinyinKeys:
    """Pinyin keys for a title and its authors; empty for text without Chinese characters."""
    title_syl = tuple(syllables(title)) if has_cjk(title) else ()
    author_syl = tuple(_name_syllables(a) for a in authors if has_cjk(a))
    full = "".join(title_syl)[:PY_TOKEN_MAX]
    initials = "".join(s[0] for s in title_syl)[:PY_TOKEN_MAX]
    return PinyinKeys(full, initials, title_syl, author_syl)


def suffix_tokens(syl: Sequence[str], start: int = 0) -> list[str]:
    """Full and initial-letter tokens for every syllable boundary from ``start`` on.

    ``xi you ji`` from 1 → ``youji ji yj j``: a pinyin query that starts on a syllable boundary
    is a prefix of one of them.
    """
    full = ["".join(syl[i:])[:PY_TOKEN_MAX] for i in range(start, len(syl))]
    initials = ["".join(s[0] for s in syl[i:])[:PY_TOKEN_MAX] for i in range(start, len(syl))]
    return list(dict.fromkeys(t for t in full + initials if t))


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """Everything the search index stores for one title (all strings space-joined tokens)."""

    title_key: str  # folded title: exact and prefix matches, sort order
    match_key: str  # folded title and subtitle: substring matches
    author_key: str  # folded authors
    title_bigrams: str  # FTS column over match_key
    author_bigrams: str  # FTS column over author_key
    py_full: str  # whole-title pinyin, e.g. xiyouji
    py_initials: str  # whole-title initials, e.g. xyj
    py_rest: str  # title pinyin tokens starting after the first syllable
    py_authors: str  # every author's pinyin tokens


def _join(parts: Iterable[str]) -> str:
    return " ".join(p for p in parts if p)


def search_doc(title: str, subtitle: str, authors: Sequence[str]) -> SearchDoc:
    """The index rows of a title, computed once at import."""
    keys = pinyin_keys(title, authors)
    author_tokens: list[str] = []
    for syl in keys.author_syllables:
        author_tokens.extend(suffix_tokens(syl))
    title_key = key(title)
    match_key = _join([title_key, key(subtitle)])
    author_key = _join(key(clean_name(fold(a))) for a in authors)
    return SearchDoc(
        title_key=title_key,
        match_key=match_key,
        author_key=author_key,
        title_bigrams=" ".join(key_bigrams(match_key)),
        author_bigrams=" ".join(key_bigrams(author_key)),
        py_full=keys.full,
        py_initials=keys.initials,
        py_rest=" ".join(suffix_tokens(keys.title_syllables, 1)),
        py_authors=" ".join(dict.fromkeys(author_tokens)),
    )
