"""A synthetic catalogue that looks like a Chinese school library's (deterministic, seeded).

Chinese titles are put together from a hand-written list of words common in children's and
school titles (drawn Zipf-like, so 故事, 小, 世界 recur as they do on real shelves) plus a tail of
words from pypinyin's phrase list restricted to the ~3,500 most used characters; authors are
common surnames + given-name characters, some translated foreign names with 〔美〕-style
prefixes and 著/编/译 roles. English titles come from a children's-book vocabulary.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from functools import cache

from bot.domain.catalog import CopyRecord, CopyStatus, TitleRecord


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


TITLE_WORDS = _words(
    "故事 小 大 世界 童话 科学 森林 动物 冒险 王子 公主 朋友 秘密 魔法 奇妙 神奇 宇宙 星星 月亮 太阳 "
    "海洋 恐龙 昆虫 花园 妈妈 爸爸 孩子 学校 老师 同学 中国 历史 地理 数学 语文 英语 作文 阅读 成长 "
    "快乐 勇敢 聪明 小熊 小猫 小狗 兔子 老鼠 狐狸 大象 狮子 老虎 熊猫 猴子 小鸟 鲸鱼 企鹅 青蛙 蝴蝶 "
    "蜜蜂 蚂蚁 旅行 梦想 飞船 火车 汽车 城市 乡村 春天 夏天 秋天 冬天 雪人 雨 风 山 河 岛 湖 之 的 "
    "与 和 我 你 他 我们 一个 第一 十万个为什么 百科 全书 图解 漫画 绘本 经典 名著 诗词 唐诗 宋词 "
    "三百首 成语 寓言 神话 传说 西游记 红楼梦 三国演义 水浒传 论语 孟子 庄子 史记 千字文 三字经 "
    "弟子规 少年 儿童 青少年 版 注音 彩图 精选 全集 系列 选 读本 课堂 家庭 心理 健康 安全 教育 "
    "自然 地球 环境 植物 花 树 草 水 火 土 光 声音 颜色 形状 数字 时间 钟表 机器人 电脑 手机 "
    "发明 发现 探索 实验 观察 思考 问题 答案 谜语 游戏 歌谣 儿歌 音乐 美术 舞蹈 体育 足球 篮球 "
    "长大 回家 远方 记忆 日记 书信 友谊 爱 温暖 希望 勇气 智慧 力量 奇迹 神秘 宝藏 海盗 骑士 "
    "城堡 国王 女王 巨人 精灵 小矮人 怪兽 英雄 侦探 案件 笔记 课 一年级 二年级 三年级 四年级 "
    "五年级 六年级 上册 下册 练习 同步 训练 辅导 考试 必读 推荐 我的 小小 了不起 最 好 新 老"
)
SURNAMES = _words(
    "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 "
    "肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 "
    "韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 "
    "戴 莫 孔 向 汤 单 解 仇 欧阳 司马 诸葛 上官"
)
GIVEN = _words(
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 文 华 红 建 国 志 新 春 晓 "
    "梅 海 燕 玉 兰 英 云 飞 鹏 宇 浩 然 子 轩 涵 欣 怡 雨 萱 思 博 嘉 俊 佳 琪 晨 阳 梦 雪 冰 心"
)
FOREIGN = _words("安 德 鲁 斯 特 尔 克 罗 琳 怀 丝 莎 比 亚 汉 森 格 林 马 克 吐 温 纳 姆 卡 夫 雷 伊 娃")
COUNTRIES = ("美", "英", "法", "德", "日", "俄", "丹麦", "意")
ROLES = ("", "", "", " 著", "著", " 编", "主编", " 译", " 绘")
EN_WORDS = _words(
    "little big red blue green secret magic lost hidden brave small tiny giant happy sad silly "
    "curious wild dark bright golden silver old new first last great wonderful amazing strange "
    "prince princess king queen dragon castle forest river mountain ocean island garden house "
    "school teacher friend friends family mother father sister brother baby child children dog cat "
    "mouse bear rabbit fox wolf lion tiger elephant monkey owl bird fish whale spider pig horse "
    "cow duck frog bee butterfly tree flower star moon sun sky rain snow wind night day summer "
    "winter spring autumn journey adventure adventures story stories tale tales book world "
    "treasure map key door window road train ship boat rocket robot machine time space planet "
    "earth science history math words numbers colors shapes music song songs dance game games "
    "puzzle mystery detective case diary letters dream dreams wish heart home web charlotte harry "
    "alice wonderland oz wizard matilda charlie chocolate factory peter rabbit winnie pooh paddington"
)
EN_FIRST = _words("john mary james emma oliver sophia roald eric beatrix lewis judith jacqueline")
EN_LAST = _words("smith brown white dahl carle potter carroll kerr wilson milne bond seuss lobel")
STATUSES = [CopyStatus.ON_SHELF] * 75 + [CopyStatus.ON_LOAN] * 20 + [
    CopyStatus.LOST] * 3 + [CopyStatus.IN_REPAIR] * 2


@cache
def _tail_words() -> tuple[str, ...]:
    from pypinyin.phrases_dict import phrases_dict

    freq = Counter(ch for phrase in phrases_dict for ch in phrase)
    common = {ch for ch, _ in freq.most_common(3500)}
    return tuple(sorted(w for w in phrases_dict if 2 <= len(w) <= 4 and set(w) <= common))


def _zipf(rng: random.Random, items: tuple[str, ...] | list[str], s: float = 1.1) -> str:
    n = len(items)
    i = int(n ** rng.random() ** s) - 1  # heavy head, long tail
    return items[min(max(i, 0), n - 1)]


def _cn_title(rng: random.Random) -> str:
    words = [_zipf(rng, TITLE_WORDS) if rng.random() < 0.7 else rng.choice(_tail_words())
             for _ in range(rng.choice((1, 2, 2, 2, 3, 3, 4)))]
    title = "".join(words)
    roll = rng.random()
    if roll < 0.08:
        title += f"（第{rng.randint(1, 12)}册）"
    elif roll < 0.12:
        title = f"{title}·{rng.choice(TITLE_WORDS)}"
    return title[:40]


def _cn_author(rng: random.Random) -> str:
    if rng.random() < 0.15:
        name = "".join(rng.choice(FOREIGN) for _ in range(rng.randint(2, 4)))
        return f"〔{rng.choice(COUNTRIES)}〕{name}{rng.choice(ROLES)}"
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return f"{_zipf(rng, SURNAMES, 1.0)}{given}{rng.choice(ROLES)}"


def _en_title(rng: random.Random) -> str:
    words = [_zipf(rng, EN_WORDS, 0.9) for _ in range(rng.randint(1, 5))]
    lead = rng.choice(("The ", "", "", "A ", "My "))
    return (lead + " ".join(words)).title()


def _isbn13(n: int, group: str) -> str:
    body = f"978{group}{n:0{9 - len(group)}d}"[:12]
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
    return body + str(check)


def generate(count: int, seed: int = 7) -> Iterator[tuple[TitleRecord, list[CopyStatus]]]:
    """``count`` records (75% Chinese) with 1-4 copies each and the copies' statuses."""
    rng = random.Random(seed)
    for n in range(count):
        chinese = rng.random() < 0.75
        title = _cn_title(rng) if chinese else _en_title(rng)
        authors = tuple(
            (_cn_author(rng) if chinese else f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}".title())
            for _ in range(rng.choice((1, 1, 1, 2)))
        )
        isbn = _isbn13(n, "7" if chinese else "0") if rng.random() < 0.9 else None
        copies = tuple(CopyRecord(f"B{n:08d}{k}", f"I{n % 900}/{k}", "一楼")
                       for k in range(rng.choice((1, 1, 2, 2, 3, 4))))
        statuses = [rng.choice(STATUSES) for _ in copies]
        yield TitleRecord(title, isbn, authors=authors, copies=copies,
                          language="zh" if chinese else "en"), statuses
