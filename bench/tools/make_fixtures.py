#!/usr/bin/env python
"""Generate Shuxiang's demo data and test fixtures.

Writes (all deterministic, same output on every run):

* ``data/demo/catalog.csv``   one row per copy, ~210 titles
* ``data/demo/readers.csv``   the demo roster
* ``tests/fixtures/photos/*.jpg``   phone-photo-like EAN-13 images of 西游记's ISBN
* ``tests/fixtures/catalog/small.csv``, ``small_zh.xlsx``   small import fixtures (with bad rows)

Nothing here is needed at test time; the outputs are committed. Run from the repository root::

    .venv/bin/python bench/tools/make_fixtures.py            # everything
    .venv/bin/python bench/tools/make_fixtures.py --only catalog readers
    .venv/bin/python bench/tools/make_fixtures.py --check     # regenerate into a temp dir and diff

Needs python-stdnum, pypinyin, pillow, zxing-cpp and openpyxl (all in the project's dependencies).
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import io
import random
import sys
import tempfile
import zlib
from pathlib import Path

from stdnum import ean, isbn

ROOT = Path(__file__).resolve().parents[2]

# fmt: off
# ---------------------------------------------------------------------------------------------
# Publishers: key -> (name, ISBN-13 prefix up to and including the registrant)
# Chinese registrant prefixes are the publishers' real ones; the item numbers we make up are not.
# ---------------------------------------------------------------------------------------------
PUB: dict[str, tuple[str, str]] = {
    "rw": ("人民文学出版社", "978702"),
    "zhsj": ("中华书局", "9787101"),
    "sw": ("商务印书馆", "9787100"),
    "shgj": ("上海古籍出版社", "97875325"),
    "zgsn": ("中国少年儿童出版社", "97875007"),
    "snet": ("少年儿童出版社", "97875324"),
    "jssn": ("江苏凤凰少年儿童出版社", "97875346"),
    "zjsn": ("浙江少年儿童出版社", "97875342"),
    "jl": ("接力出版社", "97875448"),
    "ejs": ("二十一世纪出版社", "97875391"),
    "mt": ("明天出版社", "97875332"),
    "cjwy": ("长江文艺出版社", "97875354"),
    "rj": ("人民教育出版社", "9787107"),
    "yl": ("译林出版社", "97875447"),
    "shyw": ("上海译文出版社", "97875327"),
    "wy": ("外语教学与研究出版社", "97875135"),
    "zgbk": ("中国大百科全书出版社", "97875000"),
    "sl": ("生活·读书·新知三联书店", "9787108"),
    "hnsn": ("湖南少年儿童出版社", "97875358"),
    "xl": ("新蕾出版社", "97875307"),
    "ttc": ("天天出版社", "97875016"),
    "nh": ("南海出版公司", "97875442"),
    "zj": ("作家出版社", "97875063"),
    "sc": ("上海辞书出版社", "97875326"),
    "zgqn": ("中国青年出版社", "97875153"),
    "whys": ("文化艺术出版社", "97875039"),
    "yls": ("岳麓书社", "97875538"),
    "ysc": ("北京燕山出版社", "97875402"),
    "tjms": ("天津人民美术出版社", "97875305"),
    "sy": ("北京十月文艺出版社", "97875302"),
    "kp": ("科学普及出版社", "9787110"),
    "hnkj": ("湖南科学技术出版社", "97875357"),
    "xx": ("新星出版社", "97875133"),
    "scsn": ("四川少年儿童出版社", "97875365"),
    "hbjy": ("河北教育出版社", "97875434"),
    "zjjy": ("浙江教育出版社", "97875338"),
    "kcb": ("中国少年儿童新闻出版总社", ""),  # periodicals only
    "sanmin": ("三民書局", "97895714"),
    # English-language publishers
    "hc": ("HarperCollins", "978006"),
    "puffin": ("Puffin Books", "978014"),
    "oup": ("Oxford University Press", "978019"),
    "bloom": ("Bloomsbury", "97807475"),
    "rh": ("Random House", "9780394"),
    "rhk": ("Random House Books for Young Readers", "9780679"),
    "sch": ("Scholastic", "9780545"),
    "cand": ("Candlewick Press", "97807636"),
    "hmh": ("Houghton Mifflin Harcourt", "9780547"),
    "harc": ("Harcourt", "978015"),
    "amulet": ("Amulet Books", "97808109"),
    "knopf": ("Knopf", "9780375"),
    "yearling": ("Yearling", "9780440"),
    "philomel": ("Philomel Books", "9780399"),
    "warne": ("Frederick Warne", "97807232"),
    "ss": ("Simon & Schuster", "97814169"),
    "egmont": ("Egmont", "97814052"),
}

# Surnames whose surname reading differs from the everyday one (the point of these rows).
SURNAME_INITIAL = {"单": "S", "曾": "Z", "解": "X", "仇": "Q", "乐": "Y", "区": "O", "查": "Z", "朴": "P",
                   "覃": "Q", "盖": "G", "缪": "M", "尉": "Y", "万": "W", "长": "Z", "柏": "B"}
AUTHOR_NUMBER_OVERRIDE = {"吴承恩": "W85"}


# Each title: (title, author, publisher-key, classification, copies, summary, options)
# options: year, price, isbn (a real ISBN we are confident of), isbn10 (write the ISBN-10 form),
# loc (location), type (book/reference/periodical), fmt ("hyph"/"plain"), mixed (mix ISBN forms
# across copies), lang ("zh"/"en"), split (location of the last copy)
def T(title, author, pub, cls, copies, summary="", **opts):  # noqa: N802
    return dict(title=title, author=author, pub=pub, cls=cls, copies=copies, summary=summary, **opts)


CORNER = "三年级图书角"
ROOM = "阅览室"

CLASSICS = [
    T("西游记", "吴承恩", "rw", "I242.4", 2, "唐僧师徒四人西天取经、历经九九八十一难的神魔故事。",
      isbn="9787020002207", year=2010, price=47.00, fmt="hyph"),
    T("三国演义", "罗贯中", "rw", "I242.4", 3, "东汉末年魏、蜀、吴三国纷争的历史演义小说。",
      isbn="9787020008728", year=2005, price=39.50, mixed=True),
    T("水浒传", "施耐庵", "rw", "I242.4", 3, "梁山泊一百零八将聚义反抗的英雄传奇。", year=2010, price=49.00),
    T("红楼梦", "曹雪芹; 高鹗", "rw", "I242.4", 3, "以贾宝玉、林黛玉爱情悲剧为主线的清代长篇小说。", year=2008, price=59.70),
    T("紅樓夢", "曹雪芹", "sanmin", "I242.4", 1, "以賈寶玉、林黛玉愛情悲劇為主線的清代長篇小說。", year=2016, price=98.00),
    T("唐诗三百首", "蘅塘退士", "zhsj", "I222.742", 4, "清代蘅塘退士编选的唐诗选本，收诗三百余首。", year=2016, price=32.00),
    T("宋词三百首", "上彊村民", "zhsj", "I222.844", 1, "清末朱祖谋编选的宋词选本。", year=2016, price=30.00),
    T("论语", "孔子", "zhsj", "B222.2", 3, "记录孔子及其弟子言行的儒家经典。", year=2016, price=26.00),
    T("孟子", "孟子", "zhsj", "B222.5", 1, "记录孟子言行的儒家经典。"),
    T("道德经", "老子", "zhsj", "B223.1", 1, "道家学派的经典著作，共八十一章。"),
    T("三字经", "王应麟", "zhsj", "H194.1", 2, "三字一句、朗朗上口的传统蒙学读物。", loc=CORNER),
    T("弟子规", "李毓秀", "zhsj", "H194.1", 1, "讲述孝悌谨信等为人处世规范的蒙学读物。", loc=CORNER),
    T("千字文", "周兴嗣", "zhsj", "H194.1", 1, "一千个不重复汉字组成的韵文蒙学读物。"),
    T("诗经", "王秀梅", "zhsj", "I222.2", 1, "中国最早的诗歌总集，共三百零五篇。"),
    T("史记", "司马迁", "zhsj", "K204.2", 1, "上起黄帝、下至汉武帝的纪传体通史。", isbn10=True, year=2006),
    T("聊斋志异", "蒲松龄", "rw", "I242.1", 3, "借谈狐说鬼讽喻人间的文言短篇小说集。"),
    T("儒林外史", "吴敬梓", "rw", "I242.4", 2, "讽刺科举制度下读书人众生相的长篇小说。"),
    T("镜花缘", "李汝珍", "rw", "I242.4", 1, "唐敖等人海外游历奇国异事的长篇小说。"),
    T("封神演义", "许仲琳", "rw", "I242.4", 1, "武王伐纣、众仙斗法的神魔小说。"),
    T("世说新语", "刘义庆", "zhsj", "I242.1", 2, "记录魏晋名士言行轶事的笔记小说集。"),
    T("古文观止", "吴楚材; 吴调侯", "zhsj", "I262", 2, "清人编选的历代散文选本，收文二百余篇。"),
    T("西厢记", "王实甫", "rw", "I237.2", 1, "张生与崔莺莺冲破礼教束缚的爱情杂剧。"),
    T("曾国藩家书", "曾国藩", "yls", "I264.9", 2, "曾国藩写给家人的书信，谈修身、治家与读书。", year=2015, price=36.00),
    T("白眉大侠", "单田芳", "ysc", "I239.1", 1, "单田芳评书代表作，讲述白眉大侠徐良行侠仗义的故事。", year=2011, price=45.00),
    T("梁启超传", "解玺璋", "whys", "K827", 1, "讲述梁启超一生思想与事业的传记。", year=2012, price=68.00),
    T("仇英画集", "仇英", "tjms", "J222.48", 1, "明代画家仇英的人物、山水画作品选。", year=2014, price=88.00),
    T("中国神话传说", "袁珂", "zgqn", "I277.5", 2, "盘古开天、女娲补天、后羿射日等中国古代神话。"),
    T("中国古代寓言故事", "叶圣陶", "rj", "I277.4", 3, "守株待兔、揠苗助长等经典寓言。", loc=CORNER),
]

MODERN = [
    T("朝花夕拾", "鲁迅", "rw", "I210.4", 3, "鲁迅回忆童年与青年时代生活的散文集。", year=2006, price=13.00, isbn10=True),
    T("呐喊", "鲁迅", "rw", "I210.2", 4, "收录《狂人日记》《孔乙己》《故乡》等小说。", year=2006, price=15.00),
    T("彷徨", "鲁迅", "rw", "I210.2", 1, "收录《祝福》《伤逝》等小说。"),
    T("故事新编", "鲁迅", "rw", "I210.2", 2, "取材于神话、传说和史实的历史小说集。"),
    T("野草", "鲁迅", "rw", "I210.3", 1, "鲁迅的散文诗集。"),
    T("骆驼祥子", "老舍", "rw", "I246.5", 3, "人力车夫祥子在旧北京挣扎求生的悲剧故事。", year=2008, price=22.00),
    T("茶馆", "老舍", "rw", "I234", 1, "以北京一家茶馆的兴衰折射半个世纪社会变迁的话剧。"),
    T("城南旧事", "林海音", "zgqn", "I246.5", 4, "小英子眼中老北京城南的童年往事。", year=2012, price=26.00),
    T("繁星·春水", "冰心", "rw", "I226", 3, "冰心受泰戈尔影响创作的小诗集。"),
    T("寄小读者", "冰心", "zgsn", "I266", 2, "冰心写给小读者的通讯散文。"),
    T("小橘灯", "冰心", "zgsn", "I266", 1, "冰心的散文、小说选集。", loc=CORNER),
    T("边城", "沈从文", "rw", "I246.5", 1, "湘西小城茶峒里翠翠的爱情故事。"),
    T("背影", "朱自清", "rw", "I266", 2, "朱自清散文精选。"),
    T("经典常谈", "朱自清", "sl", "Z126", 2, "介绍《说文解字》《诗经》等中国古代经典的入门读物。"),
    T("呼兰河传", "萧红", "rw", "I246.5", 2, "萧红回忆家乡呼兰小城的自传体小说。"),
    T("家", "巴金", "rw", "I246.5", 1, "高家大院三兄弟命运的长篇小说。"),
    T("围城", "钱钟书", "rw", "I246.5", 1, "留学归国的方鸿渐在婚姻与事业中的困顿。", isbn10=True, year=1991),
    T("平凡的世界", "路遥", "sy", "I247.5", 3, "孙少安、孙少平兄弟在黄土高原上的奋斗历程。"),
    T("活着", "余华", "zj", "I247.5", 1, "福贵历尽苦难仍然活着的一生。"),
    T("红岩", "罗广斌; 杨益言", "rw", "I247.5", 1, "重庆解放前夕革命者在狱中斗争的故事。"),
    T("稻草人", "叶圣陶", "rw", "I287.7", 3, "中国第一部为儿童创作的童话集。", loc=CORNER),
    T("傅雷家书", "傅雷", "sl", "I266.5", 1, "傅雷写给儿子傅聪的家信。"),
    T("艾青诗选", "艾青", "rw", "I227", 3, "艾青各时期代表诗作选集。"),
    T("苏东坡传", "林语堂", "hnsn", "K825.6", 1, "林语堂笔下苏东坡的一生。"),
    T("乡土中国", "费孝通", "rw", "C912.82", 2, "剖析中国基层传统社会结构的经典。"),
    T("红星照耀中国", "埃德加·斯诺", "rw", "D231", 3, "美国记者斯诺访问陕北根据地的纪实作品。"),
]

CHILDREN = [
    T("草房子", "曹文轩", "jssn", "I287.45", 5, "少年桑桑在油麻地小学六年的成长故事。", year=2016, price=25.00),
    T("青铜葵花", "曹文轩", "jssn", "I287.45", 3, "城市女孩葵花与乡村男孩青铜的兄妹情谊。", year=2016, price=25.00),
    T("山羊不吃天堂草", "曹文轩", "jssn", "I287.45", 1, "少年明子在城市做木匠学徒的故事。"),
    T("根鸟", "曹文轩", "jssn", "I287.45", 2, "少年根鸟追寻梦中峡谷的旅程。"),
    T("细米", "曹文轩", "jssn", "I287.45", 1, ""),
    T("丁丁当当", "曹文轩", "jssn", "I287.45", 1, ""),
    T("淘气包马小跳：贪玩老爸", "杨红樱", "jl", "I287.45", 3, "马小跳和他贪玩的爸爸之间的趣事。", loc=CORNER),
    T("淘气包马小跳：笨女孩安琪儿", "杨红樱", "jl", "I287.45", 1, "安琪儿是个“笨”女孩，却有一颗善良的心。", loc=CORNER),
    T("笑猫日记：保姆狗的阴谋", "杨红樱", "mt", "I287.45", 3, "笑猫识破保姆狗阴谋的故事。", loc=CORNER, year=2008),
    T("笑猫日记：塔顶上的猫", "杨红樱", "mt", "I287.45", 2, "", loc=CORNER, year=2009),
    T("笑猫日记：想变成人的猴子", "杨红樱", "mt", "I287.45", 1, "", loc=CORNER, year=2010),
    T("女生日记", "杨红樱", "zj", "I287.45", 1, "六年级女生冉冬阳一年的日记。"),
    T("皮皮鲁传", "郑渊洁", "ejs", "I287.7", 4, "调皮男孩皮皮鲁的奇幻冒险童话。", year=2012, price=22.00),
    T("鲁西西传", "郑渊洁", "ejs", "I287.7", 3, "皮皮鲁的妹妹鲁西西的奇遇。"),
    T("舒克和贝塔传", "郑渊洁", "ejs", "I287.7", 3, "开飞机的舒克和开坦克的贝塔两只小老鼠的故事。", loc=CORNER),
    T("魔方大厦", "郑渊洁", "ejs", "I287.7", 1, ""),
    T("狼王梦", "沈石溪", "zjsn", "I287.45", 3, "母狼紫岚培养狼王的悲壮故事。", year=2009, price=20.00),
    T("第七条猎狗", "沈石溪", "zjsn", "I287.45", 1, "猎狗赤利与主人之间的动物小说。"),
    T("斑羚飞渡", "沈石溪", "zjsn", "I287.45", 3, "斑羚群以牺牲换取新生的动物小说。"),
    T("最后一头战象", "沈石溪", "zjsn", "I287.45", 1, "老战象嘎羧重回战场的故事。"),
    T("小猪唏哩呼噜", "孙幼军", "snet", "I287.7", 3, "小猪唏哩呼噜的系列童话。", loc=CORNER),
    T("小布头奇遇记", "孙幼军", "zgsn", "I287.7", 1, "布娃娃小布头离家出走的奇遇。", loc=CORNER),
    T("没头脑和不高兴", "任溶溶", "snet", "I287.7", 3, "两个小朋友“没头脑”和“不高兴”的童话。", loc=CORNER),
    T("小巴掌童话", "张秋生", "snet", "I287.7", 1, "短小优美的童话集。", loc=CORNER),
    T("米小圈上学记", "北猫", "scsn", "I287.45", 3, "小学生米小圈的校园日记。", loc=CORNER, year=2016),
    T("大头儿子和小头爸爸", "郑春华", "snet", "I287.45", 1, "", loc=CORNER),
    T("小鲤鱼跳龙门", "金近", "snet", "I287.7", 1, "小鲤鱼们寻找龙门的童话。", loc=CORNER),
    T("一只想飞的猫", "陈伯吹", "snet", "I287.7", 2, "骄傲的猫想要飞上天的童话。", loc=CORNER),
    T("神笔马良", "洪汛涛", "snet", "I287.7", 3, "马良用神笔为穷人画画的故事。", loc=CORNER),
    T("小英雄雨来", "管桦", "zgsn", "I287.45", 2, "晋察冀边区少年雨来机智斗敌的故事。"),
    T("小兵张嘎", "徐光耀", "zgsn", "I287.45", 2, "抗日战争中少年张嘎成长为小侦察员的故事。"),
    T("闪闪的红星", "李心田", "zgsn", "I287.45", 1, "红军后代潘冬子的成长故事。"),
    T("大林和小林", "张天翼", "zgsn", "I287.7", 2, "兄弟俩大林和小林截然不同的命运。"),
    T("宝葫芦的秘密", "张天翼", "zgsn", "I287.45", 2, "王葆得到一个能实现愿望的宝葫芦。"),
    T("我要做好孩子", "黄蓓佳", "jssn", "I287.45", 3, "六年级女孩金铃的成长故事。"),
    T("今天我是升旗手", "黄蓓佳", "jssn", "I287.45", 1, ""),
    T("男生贾里", "秦文君", "snet", "I287.45", 2, "初中男生贾里的校园生活。"),
    T("女生贾梅", "秦文君", "snet", "I287.45", 1, ""),
    T("腰门", "彭学军", "ejs", "I287.45", 1, ""),
    T("装在口袋里的爸爸", "杨鹏", "ejs", "I287.45", 1, "爸爸变成了拇指大小装进口袋。", year=2012),
    T("查理九世：黑雾岛的幽灵", "雷欧幻像", "ejs", "I287.45", 1, "少年侦探团的冒险推理故事。", year=2011),
    T("乌丢丢的奇遇", "金波", "zgsn", "I287.7", 2, "木偶乌丢丢寻找主人的童话。"),
    T("故宫里的大怪兽：霸下的生日礼物", "常怡", "ttc", "I287.7", 3, "小学生李小雨在故宫里结识神兽的奇幻故事。", year=2017),
    T("我们的母亲叫中国", "苏叔阳", "zgsn", "I287.6", 1, "写给少年的中国历史与地理散文。"),
    T("雷锋的故事", "陈广生", "zgsn", "K828.2", 1, "雷锋同志的生平故事。"),
]

TRANSLATED = [
    T("安徒生童话", "安徒生; 叶君健", "rw", "I534.88", 3, "丑小鸭、海的女儿、卖火柴的小女孩等经典童话。", split=CORNER),
    T("格林童话", "格林兄弟; 魏以新", "rw", "I516.88", 3, "白雪公主、灰姑娘、小红帽等德国民间童话。", split=CORNER),
    T("小王子", "圣埃克苏佩里; 马振骋", "rw", "I565.88", 3, "来自B612星球的小王子与飞行员的故事。"),
    T("夏洛的网", "E. B. 怀特; 任溶溶", "shyw", "I712.88", 4, "小猪威尔伯与蜘蛛夏洛之间的友谊。"),
    T("精灵鼠小弟", "E. B. 怀特", "shyw", "I712.88", 1, "老鼠斯图亚特出门寻找朋友的冒险。"),
    T("吹小号的天鹅", "E. B. 怀特", "shyw", "I712.88", 1, ""),
    T("钢铁是怎样炼成的", "奥斯特洛夫斯基", "rw", "I512.45", 3, "保尔·柯察金在革命中锤炼意志的成长历程。"),
    T("海底两万里", "儒勒·凡尔纳", "yl", "I565.44", 4, "尼摩船长驾驶鹦鹉螺号潜艇环游海底的科幻小说。"),
    T("八十天环游地球", "儒勒·凡尔纳", "yl", "I565.44", 1, "福格先生打赌在八十天内环游地球。"),
    T("爱的教育", "亚米契斯", "yl", "I546.44", 3, "意大利小学生安利柯一学年的日记。"),
    T("鲁滨逊漂流记", "丹尼尔·笛福", "rw", "I561.44", 4, "鲁滨逊流落荒岛二十八年的求生故事。"),
    T("格列佛游记", "乔纳森·斯威夫特", "rw", "I561.44", 2, "格列佛在小人国、大人国等地的奇遇。"),
    T("汤姆·索亚历险记", "马克·吐温", "rw", "I712.44", 4, "密西西比河畔顽童汤姆的冒险。"),
    T("哈克贝利·费恩历险记", "马克·吐温", "rw", "I712.44", 1, ""),
    T("简·爱", "夏洛蒂·勃朗特", "shyw", "I561.44", 2, "孤女简·爱追求独立与尊严的一生。"),
    T("童年", "高尔基", "rw", "I512.44", 4, "阿廖沙在外祖父家度过的童年。"),
    T("在人间", "高尔基", "rw", "I512.44", 1, ""),
    T("我的大学", "高尔基", "rw", "I512.44", 1, ""),
    T("假如给我三天光明", "海伦·凯勒", "hbjy", "K837.12", 3, "盲聋女作家海伦·凯勒的自传。"),
    T("昆虫记", "法布尔", "zj", "Q96", 3, "法布尔观察昆虫生活的科学随笔。"),
    T("骑鹅旅行记", "塞尔玛·拉格洛夫", "yl", "I532.84", 2, "小男孩尼尔斯骑着大白鹅游历瑞典。"),
    T("木偶奇遇记", "科洛迪", "rw", "I546.88", 3, "木偶匹诺曹一说谎鼻子就变长。", loc=CORNER),
    T("绿野仙踪", "弗兰克·鲍姆", "rw", "I712.84", 2, "多萝西和朋友们前往翡翠城的冒险。"),
    T("爱丽丝漫游奇境", "刘易斯·卡罗尔", "shyw", "I561.88", 2, "爱丽丝掉进兔子洞后的奇妙经历。"),
    T("柳林风声", "肯尼斯·格雷厄姆", "shyw", "I561.88", 1, ""),
    T("彼得·潘", "詹姆斯·巴里", "shyw", "I561.88", 1, "永远长不大的男孩彼得·潘。"),
    T("长袜子皮皮", "阿斯特丽德·林格伦", "zgsn", "I532.85", 2, "力大无比的小女孩皮皮的故事。", loc=CORNER),
    T("小飞人卡尔松", "阿斯特丽德·林格伦", "zgsn", "I532.85", 1, "", loc=CORNER),
    T("窗边的小豆豆", "黑柳彻子; 赵玉皎", "nh", "I313.88", 3, "小豆豆在巴学园度过的快乐时光。", year=2011, price=25.00),
    T("时代广场的蟋蟀", "乔治·塞尔登", "shyw", "I712.88", 2, "乡下蟋蟀柴斯特来到纽约时代广场。"),
    T("犟龟", "米切尔·恩德", "ejs", "I516.88", 1, "", loc=CORNER),
    T("毛毛", "米切尔·恩德", "ejs", "I516.88", 2, "小女孩毛毛从时间窃贼手中夺回时间。"),
    T("了不起的狐狸爸爸", "罗尔德·达尔; 代维", "mt", "I561.88", 1, "狐狸爸爸智斗三个农场主。"),
    T("查理和巧克力工厂", "罗尔德·达尔; 任溶溶", "mt", "I561.88", 3, "穷孩子查理参观神秘的巧克力工厂。"),
    T("哈利·波特与魔法石", "J.K.罗琳; 苏农", "rw", "I561.45", 3, "孤儿哈利·波特进入霍格沃茨魔法学校的第一年。",
      isbn="9787020033430", year=2000, price=19.50),
    T("哈利·波特与密室", "J.K.罗琳; 马爱农; 马爱新", "rw", "I561.45", 3, "哈利在霍格沃茨的第二年。", year=2000),
    T("福尔摩斯探案集", "阿瑟·柯南·道尔", "rw", "I561.45", 1, "大侦探福尔摩斯与华生的探案故事。"),
    T("老人与海", "海明威", "shyw", "I712.45", 1, "老渔夫圣地亚哥与大马林鱼的搏斗。"),
    T("猜猜我有多爱你", "山姆·麦克布雷尼; 梅子涵", "mt", "I561.85", 3, "大兔子和小兔子比谁的爱更多。", loc=CORNER),
    T("大卫，不可以", "大卫·香农; 余治莹", "hbjy", "I712.85", 1, "", loc=CORNER),
    T("好饿的毛毛虫", "艾瑞·卡尔; 郑明进", "mt", "I712.85", 1, "一条毛毛虫吃个不停，最后变成蝴蝶。", loc=CORNER),
    T("我爸爸", "安东尼·布朗; 余治莹", "hbjy", "I561.85", 1, "", loc=CORNER),
    T("森林报", "维·比安基", "zgsn", "I512.85", 3, "按季节记录森林里动植物生活的科普文学。"),
]

NONFICTION = [
    T("十万个为什么", "韩启德", "snet", "Z228.1", 4, "面向少年儿童的综合性科普读物（第六版）。", year=2013, price=35.00),
    T("上下五千年", "林汉达; 曹余章", "snet", "K209", 3, "用故事讲述中国五千年历史。"),
    T("写给儿童的中国历史", "陈卫平", "xx", "K209", 2, "以儿童的视角讲述中国历史。"),
    T("人类的故事", "房龙", "sl", "K109", 2, "房龙写给孩子的世界通史。"),
    T("时间简史", "史蒂芬·霍金", "hnkj", "P159", 1, "从大爆炸到黑洞的宇宙学普及读物。"),
    T("万物简史", "比尔·布莱森", "jl", "N49", 1, ""),
    T("DK儿童百科全书", "英国DK公司", "zgbk", "Z228.1", 1, "图文并茂的儿童综合百科。"),
    T("灰尘的旅行", "高士其", "zgsn", "N49", 2, "高士其的科学小品文集。"),
    T("细菌世界历险记", "高士其", "zgsn", "Q939", 1, ""),
    T("人类群星闪耀时", "斯蒂芬·茨威格", "shyw", "K815", 1, "十四个改变历史的决定性瞬间。"),
    T("中国国家地理百科全书", "中国国家地理编委会", "zgbk", "K92", 1, ""),
    T("写给孩子的中国地理", "张春生", "xx", "K92", 1, ""),
]

# English readers (item_type book, language en). Many ISBNs below are the real ones of a common edition.
ENGLISH = [
    T("Charlotte's Web", "E. B. White", "hc", "I712.84", 3, "A pig named Wilbur is saved by his friend Charlotte, a clever spider.",
      isbn="9780064400558", year=2012, price=68.00),
    T("Stuart Little", "E. B. White", "hc", "I712.84", 1, "A small mouse born into a New York family sets out on an adventure.", isbn="9780064400565", year=2005),
    T("Harry Potter and the Philosopher's Stone", "J. K. Rowling", "bloom", "I561.84", 2, "An orphan boy learns he is a wizard and goes to Hogwarts.",
      isbn="9780747532699", year=1997, price=78.00, isbn10=True),
    T("Harry Potter and the Chamber of Secrets", "J. K. Rowling", "bloom", "I561.84", 1, "Harry's second year at Hogwarts.", isbn="9780747538493", year=1998),
    T("Harry Potter and the Prisoner of Azkaban", "J. K. Rowling", "bloom", "I561.84", 1, "", isbn="9780747542155", year=1999),
    T("Matilda", "Roald Dahl", "puffin", "I561.84", 3, "A brilliant girl stands up to her awful parents and headmistress.", isbn="9780142410370", year=2007),
    T("Charlie and the Chocolate Factory", "Roald Dahl", "puffin", "I561.84", 1, "Charlie wins a golden ticket to Willy Wonka's factory.", isbn="9780142410318", year=2007),
    T("The BFG", "Roald Dahl", "puffin", "I561.84", 1, "Sophie befriends the Big Friendly Giant.", isbn="9780142410387", year=2007),
    T("Fantastic Mr Fox", "Roald Dahl", "puffin", "I561.84", 1, "", isbn="9780142410349", year=2007),
    T("James and the Giant Peach", "Roald Dahl", "puffin", "I561.84", 1, "James travels across the ocean inside a giant peach.", isbn="9780142410363", year=2007),
    T("The Little Prince", "Antoine de Saint-Exupéry", "harc", "I565.84", 2, "A pilot stranded in the desert meets a little prince from another planet.",
      isbn="9780156012195", year=2000, price=58.00),
    T("The Very Hungry Caterpillar", "Eric Carle", "philomel", "I712.85", 2, "A caterpillar eats and eats until it becomes a butterfly.",
      isbn="9780399226908", loc=CORNER, year=1994),
    T("Where the Wild Things Are", "Maurice Sendak", "hc", "I712.85", 1, "Max sails to the land of the wild things.", isbn="9780060254926", loc=CORNER, year=1988),
    T("Goodnight Moon", "Margaret Wise Brown", "hc", "I712.85", 1, "A little bunny says goodnight to everything in the room.", isbn="9780064430173", loc=CORNER, year=2005),
    T("The Giving Tree", "Shel Silverstein", "hc", "I712.85", 1, "A tree gives everything it has to the boy it loves.", isbn="9780060256654", loc=CORNER, year=2014),
    T("Green Eggs and Ham", "Dr. Seuss", "rh", "I712.85", 1, "Sam-I-am will not stop offering green eggs and ham.", isbn="9780394800165", loc=CORNER, year=1988),
    T("The Cat in the Hat", "Dr. Seuss", "rh", "I712.85", 1, "", isbn="9780394800011", loc=CORNER, year=1985),
    T("Frog and Toad Are Friends", "Arnold Lobel", "hc", "I712.85", 1, "Five short stories about two good friends.", isbn="9780064440202", loc=CORNER, year=2003),
    T("Diary of a Wimpy Kid", "Jeff Kinney", "amulet", "I712.84", 2, "Greg Heffley survives middle school, one diary entry at a time.", isbn="9780810993136", year=2007),
    T("Wonder", "R. J. Palacio", "knopf", "I712.84", 2, "Auggie, born with a facial difference, starts fifth grade.", isbn="9780375869020", year=2012),
    T("Holes", "Louis Sachar", "yearling", "I712.84", 2, "Stanley is sent to a camp where boys dig holes all day.", isbn="9780440414803"),
    T("The Hobbit", "J. R. R. Tolkien", "hmh", "I561.84", 1, "Bilbo Baggins joins a quest to reclaim a dragon's treasure.", isbn="9780547928227", year=2012),
    T("The Lion, the Witch and the Wardrobe", "C. S. Lewis", "hc", "I561.84", 1, "Four children step through a wardrobe into Narnia.", isbn="9780064404990", year=2002),
    T("Bridge to Terabithia", "Katherine Paterson", "hc", "I712.84", 1, "", isbn="9780064401845", year=2003),
    T("Because of Winn-Dixie", "Kate DiCamillo", "cand", "I712.84", 1, "A stray dog helps India Opal make friends in a new town.", isbn="9780763644321", year=2009),
    T("Hatchet", "Gary Paulsen", "ss", "I712.84", 1, "After a plane crash, Brian survives alone in the wilderness.", isbn="9781416936473", year=2007),
    T("The Tale of Peter Rabbit", "Beatrix Potter", "warne", "I561.85", 1, "Peter disobeys his mother and sneaks into Mr. McGregor's garden.",
      isbn="9780723247708", loc=CORNER, year=2002),
    T("Dinosaurs Before Dark", "Mary Pope Osborne", "rhk", "I712.84", 2, "Jack and Annie find a magic tree house full of books.", isbn="9780679824114", loc=CORNER, year=1992),
    T("Winnie-the-Pooh", "A. A. Milne", "egmont", "I561.85", 1, "Stories of a bear of very little brain and his friends.", loc=CORNER),
    T("Guess How Much I Love You", "Sam McBratney", "cand", "I561.85", 1, "", loc=CORNER),
    # Oxford Bookworms (graded readers); some in the 外研社 bilingual edition (书虫)
    T("The Adventures of Tom Sawyer", "Mark Twain", "oup", "H319.4", 2, "Oxford Bookworms Stage 1 retelling of Tom Sawyer's adventures."),
    T("The Phantom of the Opera", "Gaston Leroux", "oup", "H319.4", 1, "Oxford Bookworms Stage 1: a mysterious ghost haunts the Paris Opera."),
    T("Sherlock Holmes and the Duke's Son", "Arthur Conan Doyle", "oup", "H319.4", 1, ""),
    T("The Jungle Book", "Rudyard Kipling", "oup", "H319.4", 1, "Oxford Bookworms Stage 2: Mowgli grows up among the wolves."),
    T("Alice's Adventures in Wonderland", "Lewis Carroll", "oup", "H319.4", 1, "Oxford Bookworms Stage 2 retelling of Alice's adventures."),
    T("Anne of Green Gables", "L. M. Montgomery", "wy", "H319.4", 1, "Oxford Bookworms Stage 2: an orphan girl comes to live at Green Gables."),
    T("The Secret Garden", "Frances Hodgson Burnett", "wy", "H319.4", 2, "Oxford Bookworms Stage 3: Mary finds a hidden garden."),
    T("The Call of the Wild", "Jack London", "wy", "H319.4", 1, "Oxford Bookworms Stage 3: the sled dog Buck answers the call of the wild."),
    T("A Christmas Carol", "Charles Dickens", "wy", "H319.4", 1, "Oxford Bookworms Stage 3: Scrooge is visited by three ghosts."),
    T("Little Women", "Louisa May Alcott", "wy", "H319.4", 1, ""),
]

PERIODICALS = [
    # (title, editorial body, publisher-key, class, issues, summary)
    T("儿童文学", "《儿童文学》编辑部", "kcb", "I287", 4, "面向少年儿童的文学月刊。", type="periodical"),
    T("少年文艺", "《少年文艺》编辑部", "snet", "I287", 3, "上海出版的少年文学月刊。", type="periodical"),
    T("中学生", "《中学生》编辑部", "zgqn", "G634", 2, "面向中学生的综合性刊物。", type="periodical"),
    T("我们爱科学", "《我们爱科学》编辑部", "kcb", "N49", 3, "少年儿童科普月刊。", type="periodical"),
    T("故事大王", "《故事大王》编辑部", "snet", "I287", 2, "", type="periodical"),
]

REFERENCE = [
    T("新华字典（第11版）", "中国社会科学院语言研究所", "sw", "H163", 3, "最通行的小型汉语字典。",
      isbn="9787100077040", year=2011, price=19.90, type="reference"),
    T("现代汉语词典（第7版）", "中国社会科学院语言研究所词典编辑室", "sw", "H164", 2, "规范型中型现代汉语词典。",
      isbn="9787100124508", year=2016, price=109.90, type="reference"),
    T("牛津高阶英汉双解词典（第9版）", "A. S. 霍恩比; 李旭影", "sw", "H316", 2, "面向中高级英语学习者的双解词典。",
      year=2018, price=169.00, type="reference"),
    T("古汉语常用字字典", "王力", "sw", "H163", 1, "收录古汉语常用字六千余个。", type="reference"),
    T("新华成语词典", "商务印书馆辞书研究中心", "sw", "H136.31", 1, "", type="reference"),
    T("中国大百科全书（第二版）第1卷", "中国大百科全书总编委会", "zgbk", "Z227", 1, "", year=2009, price=300.00, type="reference"),
    T("中国大百科全书（第二版）第2卷", "中国大百科全书总编委会", "zgbk", "Z227", 1, "", year=2009, price=300.00, type="reference"),
    T("中国大百科全书（第二版）第3卷", "中国大百科全书总编委会", "zgbk", "Z227", 1, "", year=2009, price=300.00, type="reference"),
    T("中国少年儿童百科全书", "林崇德", "zjjy", "Z228.1", 1, "面向少年儿童的综合性百科全书。", type="reference"),
    T("辞海（第七版）", "夏征农; 陈至立", "sc", "Z32", 1, "综合性大型辞典。", year=2020, price=698.00, type="reference"),
]

GROUPS = [
    ("zh", CLASSICS), ("zh", MODERN), ("zh", CHILDREN), ("zh", TRANSLATED), ("zh", NONFICTION),
    ("en", ENGLISH), ("zh", REFERENCE), ("zh", PERIODICALS),
]

CATALOG_HEADER = ["isbn", "title", "author", "publisher", "year", "classification", "call_number",
                  "barcode", "location", "price", "item_type", "summary"]


# fmt: on


# ---------------------------------------------------------------------------------------------
def make_isbn13(prefix: str, seed: str, used: set[str]) -> str:
    n = 12 - len(prefix)
    item = zlib.crc32(seed.encode()) % (10**n)
    while True:
        body = prefix + str(item).zfill(n)
        code = body + ean.calc_check_digit(body)
        if code not in used:
            used.add(code)
            assert isbn.is_valid(code), code
            return code
        item = (item + 1) % (10**n)


def surname_initial(author: str) -> str:
    first = author.split(";")[0].strip()
    if first.isascii():
        # "E. B. White" -> W ; "Dr. Seuss" -> S
        return first.replace(".", " ").split()[-1][0].upper()
    name = first.split("·")[-1] if "·" in first else first
    name = name.lstrip("《").strip()
    ch = name[0]
    if ch.isascii():  # "J.K.罗琳" -> 罗
        ch = next((c for c in name if not c.isascii()), ch)
    if ch in SURNAME_INITIAL:
        return SURNAME_INITIAL[ch]
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(ch, style=Style.FIRST_LETTER)[0].upper()


def author_number(author: str) -> str:
    first = author.split(";")[0].strip()
    if first in AUTHOR_NUMBER_OVERRIDE:
        return AUTHOR_NUMBER_OVERRIDE[first]
    return f"{surname_initial(author)}{zlib.crc32(first.encode()) % 89 + 10}"


def fmt_isbn(code13: str, style: str) -> str:
    if style == "hyph":
        return isbn.format(code13)
    if style == "plain":
        return code13
    if style == "isbn10":
        return isbn.format(isbn.to_isbn10(code13))
    if style == "isbn10plain":
        return isbn.to_isbn10(code13)
    raise ValueError(style)


def build_catalog() -> tuple[list[list[str]], dict]:
    rng = random.Random(20240901)
    used: set[str] = set()
    # reserve the real ISBNs first so synthetic ones never collide with them
    for _lang, group in GROUPS:
        for t in group:
            if t.get("isbn"):
                assert isbn.is_valid(t["isbn"]), (t["title"], t["isbn"])
                assert t["isbn"] not in used, t["isbn"]
                used.add(t["isbn"])
    rows: list[list[str]] = []
    info: dict = {"titles": {}, "real_isbn": []}
    next_a, next_q = 101, 1
    seen_titles = set()
    for lang, group in GROUPS:
        for t in group:
            key = (t["title"], t["author"])
            assert key not in seen_titles, key
            seen_titles.add(key)
            itype = t.get("type", "book")
            pub_name, prefix = PUB[t["pub"]]
            if itype == "periodical":
                code = None
            elif t.get("isbn"):
                code = t["isbn"]
                info["real_isbn"].append((t["title"], code))
            else:
                code = make_isbn13(prefix, t["title"] + "|" + t["author"], used)
            if "year" in t:
                year = t["year"]
            elif itype == "periodical":
                year = rng.choice([2024, 2025])
            elif lang == "en":
                year = rng.randint(2000, 2020)
            else:
                year = rng.randint(2005, 2023)
            if "price" in t:
                price = t["price"]
            elif itype == "periodical":
                price = rng.choice([8.00, 10.00, 12.00, 15.00])
            elif lang == "en":
                price = rng.randint(45, 98) + rng.choice([0.0, 0.5, 0.8])
            else:
                price = rng.randint(15, 58) + rng.choice([0.0, 0.0, 0.5, 0.8])
            # ISBN text style
            if code is None:
                styles = [""] * t["copies"]
            else:
                if t.get("isbn10"):
                    base = rng.choice(["isbn10", "isbn10plain"])
                elif "fmt" in t:
                    base = t["fmt"]
                else:
                    base = "hyph" if rng.random() < 0.6 else "plain"
                styles = [base] * t["copies"]
                if t.get("mixed"):
                    cycle = ["hyph", "plain", "isbn10"]
                    styles = [cycle[i % 3] for i in range(t["copies"])]
            loc = t.get("loc") or (ROOM if itype in ("reference", "periodical") else "书库")
            call = "" if itype == "periodical" else f"{t['cls']}/{author_number(t['author'])}"
            barcodes = []
            for i in range(t["copies"]):
                if itype == "periodical":
                    bc = f"Q{next_q:07d}"
                    next_q += 1
                else:
                    bc = f"A{next_a:07d}"
                    next_a += 1 + (1 if rng.random() < 0.08 else 0)  # the odd gap: withdrawn items
                copy_loc = t["split"] if (t.get("split") and i == t["copies"] - 1) else loc
                barcodes.append(bc)
                rows.append(
                    [
                        fmt_isbn(code, styles[i]) if code else "",
                        t["title"],
                        t["author"],
                        pub_name,
                        str(year),
                        t["cls"],
                        call,
                        bc,
                        copy_loc,
                        f"{price:.2f}",
                        itype,
                        t["summary"],
                    ]
                )
            info["titles"][t["title"]] = dict(
                isbn=code, barcodes=barcodes, type=itype, copies=t["copies"]
            )
    bcs = [r[7] for r in rows]
    assert len(bcs) == len(set(bcs)), "duplicate barcode"
    return rows, info


def write_catalog(out: Path) -> dict:
    rows, info = build_catalog()
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(CATALOG_HEADER)
        w.writerows(rows)
    return info


# ---------------------------------------------------------------------------------------------
# fmt: off
FIXED_READERS = [
    ("S3A01", "小明", "student", "3", "3A"),
    ("S3A02", "小红", "student", "3", "3A"),
    ("S5B01", "Tom", "student", "5", "5B"),
    ("T001", "李老师", "teacher", "", ""),
    ("S6A01", "王同学", "student", "6", "6A"),
    ("L001", "张老师", "staff", "", ""),
]

# 42 students: (class, name). Includes surnames with special readings (单 曾 解 仇 区 查 乐 覃 朴)
# and a few English / minority-style names.
MORE_STUDENTS = [
    ("1A", "刘子涵"), ("1A", "陈雨桐"), ("1A", "单一凡"), ("1B", "赵梓萱"), ("1B", "黄俊熙"),
    ("1B", "周欣怡"), ("2A", "吴浩宇"), ("2A", "曾思远"), ("2A", "徐可馨"), ("2B", "孙铭泽"),
    ("2B", "马诗琪"), ("2B", "朱一诺"), ("3A", "胡宇航"), ("3A", "郭雨萱"), ("3B", "何子墨"),
    ("3B", "解语嫣"), ("3B", "高梓轩"), ("4A", "林佳怡"), ("4A", "罗浩然"), ("4A", "仇晨阳"),
    ("4B", "郑欣妍"), ("4B", "梁博文"), ("4B", "谢雨涵"), ("4B", "宋子豪"), ("5A", "唐诗雨"),
    ("5A", "韩明轩"), ("5A", "区嘉欣"), ("5B", "冯天佑"), ("5B", "于沐阳"), ("5B", "Lily Chen"),
    ("5B", "查文博"), ("6A", "董思彤"), ("6A", "萧景行"), ("6A", "乐小溪"), ("6B", "程子轩"),
    ("6B", "曹雨菲"), ("6B", "覃海洋"), ("6B", "彭雅琪"), ("6B", "朴敏俊"), ("3A", "阿依古丽"),
    ("2A", "欧阳晨曦"), ("1A", "司马睿"),
]
MORE_ADULTS = [
    ("T002", "王老师", "teacher"), ("T003", "陈老师", "teacher"), ("T004", "Ms. Smith", "teacher"),
    ("T005", "曾老师", "teacher"), ("L002", "刘阿姨", "staff"),
]

# fmt: on


def write_readers(out: Path) -> None:
    rows = list(FIXED_READERS)
    counters: dict[str, int] = {}
    for r in FIXED_READERS:
        if r[2] == "student":
            counters[r[4]] = max(counters.get(r[4], 0), int(r[0][-2:]))
    for cls, name in MORE_STUDENTS:
        counters[cls] = counters.get(cls, 0) + 1
        rows.append((f"S{cls}{counters[cls]:02d}", name, "student", cls[0], cls))
    for card, name, cat in MORE_ADULTS:
        rows.append((card, name, cat, "", ""))
    cards = [r[0] for r in rows]
    assert len(cards) == len(set(cards))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["card_number", "name", "category", "grade", "class"])
        w.writerows(rows)


# ---------------------------------------------------------------------------------------------
XIYOUJI = "9787020002207"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def _font(size: int, bold: bool = False):
    from PIL import ImageFont

    try:
        return ImageFont.truetype(FONT_BOLD if bold else FONT, size)
    except OSError:
        return ImageFont.load_default()


def _paper(w: int, h: int, seed: int):
    """A light, unevenly lit, slightly grainy background like a book cover photographed indoors."""
    from PIL import Image, ImageChops, ImageFilter

    rnd = random.Random(seed)
    base = Image.new("RGB", (w, h))
    px = base.load()
    assert px is not None
    # uneven lighting: a soft radial-ish falloff toward one corner
    cx, cy = rnd.uniform(0.2, 0.5) * w, rnd.uniform(0.2, 0.5) * h
    maxd = (w**2 + h**2) ** 0.5
    for y in range(h):
        for x in range(w):
            d = ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 / maxd
            k = 1.0 - 0.22 * d
            px[x, y] = (int(238 * k), int(231 * k), int(214 * k))
    grain = Image.effect_noise((w, h), 18).filter(ImageFilter.GaussianBlur(0.8)).convert("RGB")
    return ImageChops.add(base, grain, scale=1.0, offset=-128)


def _label(text: str = XIYOUJI):
    """The white price sticker / back-cover block with the EAN-13 and its human-readable line."""
    import zxingcpp
    from PIL import Image, ImageDraw

    bc = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.EAN13)
    zimg = zxingcpp.write_barcode_to_image(bc, scale=3, add_hrt=True)
    mv = memoryview(zimg)  # type: ignore[arg-type]
    h, w = mv.shape or (0, 0)
    bar = Image.frombytes("L", (w, h), mv.tobytes()).convert("RGB")
    pad = 18
    lab = Image.new("RGB", (bar.width + 2 * pad, bar.height + 2 * pad + 60), (252, 252, 248))
    d = ImageDraw.Draw(lab)
    d.text((pad + 8, 10), "ISBN " + isbn.format(text), fill=(30, 30, 30), font=_font(20, bold=True))
    lab.paste(bar, (pad, 42))
    d.text((pad + 8, 42 + bar.height + 8), "CNY 47.00", fill=(40, 40, 40), font=_font(18))
    return lab


def _finish(img, seed: int, blur: float = 1.1):
    from PIL import Image, ImageChops, ImageFilter

    img = img.filter(ImageFilter.GaussianBlur(blur))
    noise = Image.effect_noise(img.size, 10).convert("RGB")
    img = ImageChops.add(img, noise, scale=1.0, offset=-128)
    return img


def _photo(angle: float, size: tuple[int, int], seed: int):
    from PIL import Image

    bg = _paper(*size, seed=seed)
    lab = _label().convert("RGBA")
    # a faint shadow under the sticker
    shadow = Image.new("RGBA", lab.size, (60, 50, 40, 70))
    lab_r = lab.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    sh_r = shadow.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    x = (size[0] - lab_r.width) // 2
    y = (size[1] - lab_r.height) // 2
    bg.paste(sh_r, (x + 5, y + 6), sh_r)
    bg.paste(lab_r, (x, y), lab_r)
    return _finish(bg, seed)


def _no_barcode(size=(600, 450), seed=7):
    from PIL import Image, ImageDraw

    w, h = size
    img = Image.new("RGB", size)
    px = img.load()
    assert px is not None
    for y in range(h):
        for x in range(w):
            t = (x / w + y / h) / 2
            px[x, y] = (int(200 - 80 * t), int(170 + 40 * t), int(120 + 100 * t))
    d = ImageDraw.Draw(img)
    d.ellipse((380, 40, 560, 220), fill=(245, 220, 140))
    d.rounded_rectangle((50, 260, 550, 410), radius=18, fill=(250, 246, 236))
    d.text((80, 285), "Shuxiang Reading Week", fill=(60, 60, 90), font=_font(32, bold=True))
    d.text((80, 340), "Come and borrow a book!", fill=(90, 70, 50), font=_font(24))
    d.text((70, 60), "Library", fill=(255, 255, 255), font=_font(48, bold=True))
    return _finish(img, seed, blur=1.3)


def _save_jpeg(img, path: Path, limit: int = 100_000) -> None:
    for q in (82, 75, 68, 60, 50):
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=q, optimize=True)
        if buf.tell() < limit:
            path.write_bytes(buf.getvalue())
            return
    raise RuntimeError(f"{path} stays over {limit} bytes")


def write_photos(outdir: Path) -> dict:
    import zxingcpp
    from PIL import Image

    outdir.mkdir(parents=True, exist_ok=True)
    photos = {
        "xiyouji_isbn.jpg": _photo(0.0, (600, 450), seed=1),
        "xiyouji_isbn_rotated.jpg": _photo(88.0, (450, 600), seed=2),
        "xiyouji_isbn_tilted.jpg": _photo(15.0, (600, 450), seed=3),
        "no_barcode.jpg": _no_barcode(),
    }
    report = {}
    for name, img in photos.items():
        p = outdir / name
        _save_jpeg(img, p)
        back = Image.open(p)
        got = [b.text for b in zxingcpp.read_barcodes(back)]
        norot = [b.text for b in zxingcpp.read_barcodes(back, try_rotate=False)]
        report[name] = dict(
            bytes=p.stat().st_size, size=back.size, decoded=got, decoded_without_rotate=norot
        )
        if name == "no_barcode.jpg":
            assert got == [], (name, got)
        else:
            assert got == [XIYOUJI], (name, got)
    return report


# ---------------------------------------------------------------------------------------------
# fmt: off
SMALL_CSV: list[list] = [
    CATALOG_HEADER,
    # row 2, 3: one title, two copies, ISBN written two ways (ISBN-13 / ISBN-10 ending in X) -> one title
    ["@西游记:hyph", "西游记", "吴承恩", "人民文学出版社", "2010", "I242.4", "I242.4/W85", "B0000001", "书库", "47.00", "book", "唐僧师徒西天取经的故事。"],
    ["@西游记:isbn10", "西游记", "吴承恩", "人民文学出版社", "2010", "I242.4", "I242.4/W85", "B0000002", "书库", "47.00", "book", ""],
    # row 4: ISBN-10 of a Chinese book
    ["@草房子:isbn10plain", "草房子", "曹文轩", "江苏少年儿童出版社", "2016", "I287.45", "I287.45/C12", "B0000003", "书库", "25.00", "book", "少年桑桑的成长故事。"],
    # row 5: English, ISBN-10
    ["@Charlotte's Web:isbn10", "Charlotte's Web", "E. B. White", "HarperCollins", "2012", "I712.84", "I712.84/W58", "B0000004", "书库", "68.00", "book", "A pig and a spider become friends."],
    # row 6: BAD isbn check digit (the correct one ends in 7)
    ["978-7-02-000220-8", "三国演义", "罗贯中", "人民文学出版社", "2005", "I242.4", "I242.4/L92", "B0000005", "书库", "39.50", "book", ""],
    # row 7: BAD missing title
    ["@三国演义:plain", "", "罗贯中", "人民文学出版社", "2005", "I242.4", "I242.4/L92", "B0000006", "书库", "39.50", "book", ""],
    # row 8: reference
    ["@新华字典（第11版）:hyph", "新华字典（第11版）", "中国社会科学院语言研究所", "商务印书馆", "2011", "H163", "H163/Z65", "B0000007", "阅览室", "19.90", "reference", ""],
    # row 9: BAD duplicate barcode (B0000004 already used on row 5)
    ["@骆驼祥子:plain", "骆驼祥子", "老舍", "人民文学出版社", "2008", "I246.5", "I246.5/L37", "B0000004", "书库", "22.00", "book", ""],
    # row 10: BAD non-numeric year
    ["@水浒传:plain", "水浒传", "施耐庵", "人民文学出版社", "二〇一〇", "I242.4", "I242.4/S52", "B0000008", "书库", "49.00", "book", ""],
    # row 11: BAD price
    ["@夏洛的网:plain", "夏洛的网", "E. B. 怀特; 任溶溶", "上海译文出版社", "2014", "I712.88", "I712.88/H48", "B0000009", "书库", "abc", "book", ""],
    # row 12, 13: periodical, no ISBN, two issues -> one title with two copies
    ["", "儿童文学", "《儿童文学》编辑部", "中国少年儿童新闻出版总社", "2024", "I287", "", "Q0000001", "阅览室", "10.00", "periodical", "面向少年儿童的文学月刊。"],
    ["", "儿童文学", "《儿童文学》编辑部", "中国少年儿童新闻出版总社", "2024", "I287", "", "Q0000002", "阅览室", "10.00", "periodical", ""],
    # row 14: ISBN with spaces (valid) and surrounding whitespace
    [" 978 0 7475 3269 9 ", "Harry Potter and the Philosopher's Stone", "J. K. Rowling", "Bloomsbury", "1997", "I561.84", "I561.84/R78", "B0000010", "书库", "78.00", "book", ""],
]

ZH_HEADER = ["题名", "责任者", "出版社", "出版年", "分类号", "索书号", "条码号", "馆藏地", "价格", "类型", "简介", "ISBN"]
SMALL_ZH: list[list] = [
    # row 2: ISBN stored as a NUMBER cell (as Excel does when a librarian types it)
    ["红楼梦", "曹雪芹; 高鹗", "人民文学出版社", 2008, "I242.4", "I242.4/C37", "Z0000001", "书库", 59.70, "图书", "贾宝玉与林黛玉的爱情悲剧。", "@红楼梦:int"],
    # row 3: same title, ISBN as hyphenated text -> one title, two copies
    ["红楼梦", "曹雪芹; 高鹗", "人民文学出版社", 2008, "I242.4", "I242.4/C37", "Z0000002", "书库", 59.70, "图书", None, "@红楼梦:hyph"],
    ["呐喊", "鲁迅", "人民文学出版社", 2006, "I210.2", "I210.2/L95", "Z0000003", "书库", 15.00, "图书", "鲁迅的第一部小说集。", "@呐喊:plain"],
    ["城南旧事", "林海音", "中国青年出版社", "2012", "I246.5", "I246.5/L54", "Z0000004", "三年级图书角", "26.00", "图书", None, "@城南旧事:hyph"],
    # row 6: BAD ISBN check digit
    ["海底两万里", "儒勒·凡尔纳", "译林出版社", 2015, "I565.44", "I565.44/F47", "Z0000005", "书库", 28.00, "图书", None, "@海底两万里:badcheck"],
    ["现代汉语词典（第7版）", "中国社会科学院语言研究所词典编辑室", "商务印书馆", 2016, "H164", "H164/Z65", "Z0000006", "阅览室", 109.90, "工具书", None, "9787100124508"],
    ["少年文艺", "《少年文艺》编辑部", "少年儿童出版社", 2025, "I287", None, "Z0000007", "阅览室", 8.00, "期刊", "少年文学月刊。", None],
    # row 9: BAD missing 题名
    [None, "沈石溪", "浙江少年儿童出版社", 2009, "I287.45", "I287.45/S42", "Z0000008", "书库", 20.00, "图书", None, "@狼王梦:plain"],
    # row 10: ISBN-10 as text
    ["狼王梦", "沈石溪", "浙江少年儿童出版社", 2009, "I287.45", "I287.45/S42", "Z0000009", "书库", 20.00, "图书", "母狼紫岚培养狼王的故事。", "@狼王梦:isbn10"],
    # row 11: traditional-character edition of 红楼梦 (different ISBN -> a different title)
    ["紅樓夢", "曹雪芹", "三民書局", 2016, "I242.4", "I242.4/C37", "Z0000010", "书库", 98.00, "图书", None, "@紅樓夢:hyph"],
]

# fmt: on


def _resolve(v, titles: dict):
    """``"@title:style"`` -> that title's ISBN from the demo catalogue, written in ``style``."""
    if not (isinstance(v, str) and v.startswith("@")):
        return v
    title, style = v[1:].rsplit(":", 1)
    code = titles[title]["isbn"]
    if style == "int":
        return int(code)
    if style == "badcheck":
        return code[:-1] + str((int(code[-1]) + 3) % 10)
    return fmt_isbn(code, style)


def _fix_isbns() -> None:
    """Fill in the ISBNs from the demo catalogue; check valid ones are valid and bad ones bad."""
    titles = build_catalog()[1]["titles"]
    for row in SMALL_CSV[1:]:
        row[0] = _resolve(row[0], titles)
    for row in SMALL_ZH:
        row[11] = _resolve(row[11], titles)
    bad_csv = {6}
    for i, row in enumerate(SMALL_CSV[1:], start=2):
        v = row[0]
        if v and i not in bad_csv:
            assert isbn.is_valid(v), (i, v)
        if i in bad_csv:
            assert not isbn.is_valid(v), (i, v)
    bad_zh = {6}
    for i, row in enumerate(SMALL_ZH, start=2):
        v = row[11]
        if v is None:
            continue
        s = str(v)
        assert isbn.is_valid(s) == (i not in bad_zh), (i, s)


def write_fixture_catalogs(outdir: Path) -> None:
    import openpyxl

    _fix_isbns()
    outdir.mkdir(parents=True, exist_ok=True)
    with (outdir / "small.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(SMALL_CSV)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "馆藏"
    ws.append(ZH_HEADER)
    for row in SMALL_ZH:
        ws.append(row)
    # keep the output byte-stable across runs
    wb.properties.creator = "shuxiang make_fixtures.py"
    import datetime as _dt

    fixed = _dt.datetime(2024, 9, 1, 8, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.save(outdir / "small_zh.xlsx")


# ---------------------------------------------------------------------------------------------
def generate(root: Path, only: set[str]) -> dict:
    out: dict = {}
    if "catalog" in only:
        out["catalog"] = write_catalog(root / "data/demo/catalog.csv")
    if "readers" in only:
        write_readers(root / "data/demo/readers.csv")
    if "photos" in only:
        out["photos"] = write_photos(root / "tests/fixtures/photos")
    if "fixtures" in only:
        write_fixture_catalogs(root / "tests/fixtures/catalog")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parts = ["catalog", "readers", "photos", "fixtures"]
    ap.add_argument("--only", nargs="+", choices=parts, default=parts)
    ap.add_argument(
        "--check", action="store_true", help="regenerate into a temp dir and compare text outputs"
    )
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            generate(Path(tmp), {"catalog", "readers"} & set(args.only) or {"catalog", "readers"})
            bad = [
                p
                for p in ("data/demo/catalog.csv", "data/demo/readers.csv")
                if (Path(tmp) / p).exists()
                and not filecmp.cmp(Path(tmp) / p, ROOT / p, shallow=False)
            ]
            if bad:
                print("out of date:", *bad)
                return 1
            print("up to date")
            return 0
    res = generate(ROOT, set(args.only))
    if "catalog" in res:
        info = res["catalog"]
        by_type: dict[str, list[int]] = {}
        for t in info["titles"].values():
            c = by_type.setdefault(t["type"], [0, 0])
            c[0] += 1
            c[1] += t["copies"]
        print("catalog:", {k: f"{v[0]} titles / {v[1]} copies" for k, v in sorted(by_type.items())})
        x = info["titles"]["西游记"]
        print("西游记:", x["isbn"], isbn.to_isbn10(x["isbn"]), x["barcodes"])
        print("5 copies:", [k for k, v in info["titles"].items() if v["copies"] == 5])
    if "photos" in res:
        for k, v in res["photos"].items():
            print(k, v)
    return 0


if __name__ == "__main__":
    sys.exit(main())
