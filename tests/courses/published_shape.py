"""Texts shaped like the published 安全生产法 (2021, 119 articles) and 行政处罚法
(2021, 86 articles) as public collections carry them (a ``#`` title, the dated
history lines, an ``<!-- INFO END -->`` marker, ``## 第X章`` and ``### 第X节``
headings, ``第X条 `` articles with （一） items on their own lines).

The chapters, sections, article numbers and dates are the published ones; the
article wording is our own filler — never the law's text."""

from courses.citations import to_chinese

AQSC_HISTORY = [
    "2002年6月29日 第九届全国人民代表大会常务委员会第二十八次会议通过",
    "2009年8月27日 第十一届全国人民代表大会常务委员会第十次会议第一次修正",
    "2014年8月31日 第十二届全国人民代表大会常务委员会第十次会议第二次修正",
    "2021年6月10日 第十三届全国人民代表大会常务委员会第二十九次会议第三次修正",
]
# (chapter title, first article, last article) as published in 2021
AQSC_CHAPTERS = [
    ("总则", 1, 19),
    ("生产经营单位的安全生产保障", 20, 51),
    ("从业人员的安全生产权利义务", 52, 61),
    ("安全生产的监督管理", 62, 78),
    ("生产安全事故的应急救援与调查处理", 79, 89),
    ("法律责任", 90, 116),
    ("附则", 117, 119),
]
# The 2014 text: 114 articles in the same seven chapters.
AQSC_2014_CHAPTERS = [
    ("总则", 1, 16),
    ("生产经营单位的安全生产保障", 17, 48),
    ("从业人员的安全生产权利义务", 49, 58),
    ("安全生产的监督管理", 59, 75),
    ("生产安全事故的应急救援与调查处理", 76, 86),
    ("法律责任", 87, 111),
    ("附则", 112, 114),
]
XZCF_HISTORY = [
    "1996年3月17日 第八届全国人民代表大会第四次会议通过",
    "2009年8月27日 第十一届全国人民代表大会常务委员会第十次会议第一次修正",
    "2017年9月1日 第十二届全国人民代表大会常务委员会第二十九次会议第二次修正",
    "2021年1月22日 第十三届全国人民代表大会常务委员会第二十五次会议修订",
]
XZCF_CHAPTERS = [
    ("总则", 1, 8, []),
    ("行政处罚的种类和设定", 9, 16, []),
    ("行政处罚的实施机关", 17, 21, []),
    ("行政处罚的管辖和适用", 22, 38, []),
    (
        "行政处罚的决定",
        39,
        65,
        [("一般规定", 39), ("简易程序", 51), ("普通程序", 54), ("听证程序", 63)],
    ),
    ("行政处罚的执行", 66, 75, []),
    ("法律责任", 76, 83, []),
    ("附则", 84, 86, []),
]


def _article(number: int, last: int, closing: str) -> list[str]:
    label = f"第{to_chinese(number)}条"
    if number == last:
        return [f"{label} {closing}"]
    if number % 7 == 0:  # some articles list items, as the published ones do
        return [
            f"{label} 测试用条文{number}，列举下列事项:",
            "（一）第一项测试内容；",
            "（二）第二项测试内容。",
        ]
    if number % 5 == 0:  # and some have a second paragraph
        return [f"{label} 测试用条文{number}第一款。", f"测试用条文{number}第二款。"]
    return [f"{label} 测试用条文{number}。"]


def _text(title, history, chapters, closing, space=" ") -> str:
    lines = [f"# {title}", ""]
    for line in history:
        lines += [line, ""]
    lines += ["<!-- INFO END -->", ""]
    last = chapters[-1][2]
    for index, (chapter, first, end, *rest) in enumerate(chapters, start=1):
        lines += [f"## 第{to_chinese(index)}章{space}{chapter}", ""]
        sections = {start: name for name, start in (rest[0] if rest else [])}
        for number in range(first, end + 1):
            if number in sections:
                ordinal = to_chinese(list(sections).index(number) + 1)
                lines += [f"### 第{ordinal}节{space}{sections[number]}", ""]
            for line in _article(number, last, closing):
                lines += [line, ""]
    return "\n".join(lines)


def aqsc_2021() -> str:
    return _text(
        "中华人民共和国安全生产法",
        AQSC_HISTORY,
        AQSC_CHAPTERS,
        "本法自2002年11月1日起施行。",
    )


def aqsc_2014() -> str:
    return _text(
        "中华人民共和国安全生产法",
        AQSC_HISTORY[:3],
        AQSC_2014_CHAPTERS,
        "本法自2002年11月1日起施行。",
    )


def xzcf_2021() -> str:
    return _text(
        "中华人民共和国行政处罚法",
        XZCF_HISTORY,
        XZCF_CHAPTERS,
        "本法自2021年7月15日起施行。",
        space="\u3000",
    )
