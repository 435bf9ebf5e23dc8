"""Demo data: twelve classes of 惠企安全空中课堂 (2025) with stored viewing sessions.

Idempotent: pages by slug, viewers by device id, sessions by key; the random
audience is seeded by the period, so a second run writes the same rows.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.models import Enterprise, PostCategory
from courses.models import Article
from home.models import HomePage
from home.services import home_section_ensure
from livestreams.models import (
    ClassStatus,
    LiveClassArticle,
    LiveClassIndexPage,
    LiveClassPage,
    Viewer,
    ViewerSource,
    ViewingSession,
)
from livestreams.reports import as_datetime, class_report

AQSC = "aqsc-fa-2021"
XZCF = "xzcf-fa-2021"


def _keys(regulation: str, *numbers: int) -> tuple[str, ...]:
    return tuple(f"{regulation}-{n}" for n in numbers)


# (topic, speaker, the articles the class rests on): each class links the articles
# of its own topic, all of them in the demo law library (demo/content/law_spine.py);
# a duty comes before the provision that penalises its breach.
TOPICS = [
    (
        "新《安全生产法》主要负责人七项职责",
        "区应急管理局 法规科",
        _keys(AQSC, 5, 21),  # 第一责任人; the seven duties
    ),
    (
        "危险化学品储存安全管理要点",
        "市化工安全专家 刘工",
        # 危险物品 management; stores apart from dormitories; 危险物品 defined;
        # 第一百零一条第一项
        _keys(AQSC, 39, 42, 117, 101),
    ),
    (
        "有限空间作业“先通风、再检测、后作业”",
        "区应急管理局 执法大队",
        # 危险作业 under on-site management; protective equipment; 第一百零一条第三项
        _keys(AQSC, 43, 45, 101),
    ),
    (
        "粉尘涉爆企业除尘系统隐患排查",
        "市安科院 高工",
        # safety equipment maintained and tested; hazard checks; hazards removed
        _keys(AQSC, 36, 41, 102),
    ),
    (
        "涉氨制冷企业液氨泄漏应急处置",
        "区应急管理局 应急科",
        # 危险物品; 重大危险源 with its 应急预案 and 应急措施; 第一百零一条第一、二项
        _keys(AQSC, 39, 40, 101),
    ),
    (
        "全员安全生产责任制怎样落到岗位",
        "区应急管理局 法规科",
        _keys(AQSC, 21, 22),  # 第二十一条第一项; what the 责任制 names per post
    ),
    (
        "动火作业审批与现场监护",
        "注册安全工程师 张工",
        # welders are 特种作业人员; 危险作业 under on-site management; 第一百零一条第三项
        _keys(AQSC, 30, 43, 101),
    ),
    (
        "安全生产违法行为行政处罚案例解读",
        "区应急管理局 法制审核员",
        # the penalty provisions of the cases, and the party's rights before a decision
        _keys(AQSC, 97, 99, 101, 102) + _keys(XZCF, 44, 45),
    ),
    (
        "夏季高温与汛期安全生产",
        "区应急管理局 应急科",
        _keys(AQSC, 41, 45),  # hazard checks before the floods; protective equipment
    ),
    (
        "重大事故隐患判定标准解读",
        "市安全生产专家组",
        # 重大事故隐患 reported; 第一百零一条第五项; hazards not removed
        _keys(AQSC, 41, 101, 102),
    ),
    (
        "应急预案编制与演练评估",
        "区应急管理局 应急科",
        # 第二十一条第六项; 第二十五条第一、四项; 第九十七条第六项 (第八十一条 is not in
        # the demo library)
        _keys(AQSC, 21, 25, 97),
    ),
    (
        "岁末年初安全生产与节前检查",
        "区应急管理局 执法大队",
        # warning signs; safety equipment; hazard checks; exits and escape routes;
        # 第九十九条第一、三项
        _keys(AQSC, 35, 36, 41, 42, 99),
    ),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "磊",
    "强",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
]


def ensure_index() -> LiveClassIndexPage:
    """The one class index under the home page (made on first use)."""
    index = LiveClassIndexPage.objects.first()
    if index is None:
        index = LiveClassIndexPage(title="惠企安全空中课堂", slug="live")
        HomePage.objects.get().add_child(instance=index)
        index.save_revision().publish()
    return index


def seed(*, log, size: str = "small", **options):
    index = ensure_index()
    enterprises = list(Enterprise.objects.order_by("pk"))
    audience = {"small": 40, "bureau": 2000}.get(size, 40)
    tz = timezone.get_current_timezone()
    for period, (topic, speaker, article_keys) in enumerate(TOPICS, start=1):
        start = dt.datetime(2025, period, 18, 15, 0, tzinfo=tz)
        ended = period < 12
        articles = _articles(article_keys)
        page = _class_page(index, period, topic, speaker, start, ended, articles)
        if ended and enterprises:
            _audience(page, period, audience, enterprises)
            report = class_report(page)
            page.peak, page.peak_at = report.peak, as_datetime(report.peak_at)
            page.save(update_fields=["peak", "peak_at"])
    home_section_ensure(
        title="惠企安全空中课堂",
        summary="每月一期的安全生产直播课：手机扫码即可观看、签到和互动。",
        page=index,
        first=True,
    )
    log(f"惠企安全空中课堂：{len(TOPICS)} 期直播课，每期约 {audience} 名观众")


def _class_page(index, period, topic, speaker, start, ended, articles) -> LiveClassPage:
    slug = f"2025-{period:02d}"
    page = LiveClassPage.objects.filter(slug=slug).first()
    fields = {
        "title": f"第{period}期：{topic}",
        "series": "惠企安全空中课堂",
        "period": period,
        "speaker": speaker,
        "scheduled_start": start,
        "scheduled_end": start + dt.timedelta(minutes=60),
        "status": ClassStatus.ENDED if ended else ClassStatus.SCHEDULED,
        "started_at": start if ended else None,
        "ended_at": start + dt.timedelta(minutes=60) if ended else None,
        "stream_url": "https://live.example.gov.cn/hls/anquan.m3u8",
        "replay_url": f"https://live.example.gov.cn/replay/2025-{period:02d}.m3u8"
        if ended
        else "",
    }
    if page is None:
        page = LiveClassPage(slug=slug, **fields)
        page.related_articles = _links(articles)
        index.add_child(instance=page)
        page.save_revision().publish()
        return LiveClassPage.objects.get(pk=page.pk)
    # In their sort order (Orderable): the order the class lists them in.
    linked = [link.article_id for link in page.related_articles.all()]
    changed = any(getattr(page, key) != value for key, value in fields.items())
    if changed or linked != [a.pk for a in articles]:
        # Only a real change makes a revision: a second run writes nothing.
        for key, value in fields.items():
            setattr(page, key, value)
        page.related_articles = _links(articles)
        page.save_revision().publish()
    return page


def _articles(keys) -> list[Article]:
    """The articles ``keys`` name, in that order; each must be in the library."""
    found = Article.objects.in_bulk(keys, field_name="key")
    missing = [key for key in keys if key not in found]
    if missing:
        # A topic that names an article the library lacks is a demo bug: say so
        # rather than link the class to fewer articles than its topic needs.
        raise LookupError(f"demo live class articles not in the library: {missing}")
    return [found[key] for key in keys]


def _links(articles) -> list[LiveClassArticle]:
    return [
        LiveClassArticle(article=article, sort_order=order)
        for order, article in enumerate(articles)
    ]


def _audience(page, period, size, enterprises) -> None:
    rng = random.Random(period)
    start = page.scheduled_start
    for n in range(size):
        enterprise = rng.choice(enterprises)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN])
        phone = f"13{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"
        viewer, _ = Viewer.objects.update_or_create(
            live_class=page,
            device_id=f"demo-{period}-{n}",
            defaults={
                "source": ViewerSource.GUEST,
                "name": name,
                "enterprise": enterprise,
                "enterprise_name": enterprise.name,
                "post_category": PostCategory.FRONT_LINE
                if rng.random() < 0.7
                else PostCategory.MANAGEMENT,
                "phone": phone if rng.random() < 0.6 else "",
            },
        )
        for k in range(rng.choice([1, 1, 1, 2, 3])):
            begin = start + dt.timedelta(seconds=rng.randint(-300, 3000))
            length = dt.timedelta(seconds=rng.randint(120, 3600))
            ViewingSession.objects.update_or_create(
                key=f"demo-{period}-{n}-{k}",
                defaults={
                    "live_class": page,
                    "viewer": viewer,
                    "started_at": begin,
                    "ended_at": min(begin + length, start + dt.timedelta(minutes=65)),
                },
            )
