"""Demo law-education ledger for 2025, at the bureau's scale (size="bureau") or a
quick subset (size="small"): the 普法责任清单 and the activities that fulfil it —
7 送法进企 events, visits to 200+ enterprises with 100+ warning letters, 执法大讲堂,
岗位大练兵, 13 officers shadowing industry experts, 安全生产月 and 防震减灾日.

Idempotent: every record is found again by a natural key (credit code, username,
title + date + type, letter reference) and updated.
"""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse

from accounts import roles
from accounts.models import EnforcementGroup, Enterprise, Industry, RiskTier, User
from demo.accounts import DEMO_PASSWORD, demo_credit_code
from ledger.models import (
    Activity,
    ActivityType,
    ResponsibilityItem,
    ResponsibilityList,
    TrainingSession,
    WarningLetter,
)
from ledger.services import activity_link, articles_for

YEAR = 2025
AQSC = "aqsc-fa-2021"

# Officers beyond the accounts seeder's six, so that 13 can go shadowing.
EXTRA_OFFICERS = [
    ("officer7", "吴巡查", "执法四组"),
    ("officer8", "郑规范", "执法四组"),
    ("officer9", "冯隐患", "执法五组"),
    ("officer10", "褚风险", "执法五组"),
    ("officer11", "卫危化", "执法六组"),
    ("officer12", "蒋粉尘", "执法六组"),
    ("officer13", "沈有限", "执法六组"),
]

# (number, unit, laws, audience, method, timing, planned activities)
ITEMS = [
    (
        1,
        "执法支队",
        "《安全生产法》《天津市安全生产条例》",
        "工贸、危险化学品企业主要负责人、安全管理人员和一线班组",
        "“送法进企”专场：结合检查中发现的问题讲解新条例，把条文讲到班组",
        "全年",
        7,
    ),
    (
        2,
        "各执法小组",
        "《安全生产法》《安全生产违法行为行政处罚办法》",
        "被检查企业",
        "“执法+普法+服务”走访帮扶，对共性问题下发提示警示函",
        "全年",
        20,
    ),
    (
        3,
        "法制审核科",
        "《行政处罚法》《安全生产法》法律责任章",
        "全局执法人员",
        "执法大讲堂集中授课，以案释法",
        "每季度",
        4,
    ),
    (
        4,
        "执法支队",
        "重大事故隐患判定标准、《安全生产法》",
        "一线执法人员",
        "岗位大练兵；跟随行业专家入企开展隐患排查实训",
        "全年",
        6,
    ),
    (
        5,
        "宣传教育科",
        "《安全生产法》",
        "社会公众、企业从业人员",
        "安全生产月集中宣传咨询日、安全知识进社区",
        "6月",
        2,
    ),
    (
        6,
        "应急救援科",
        "《防震减灾法》《突发事件应对法》",
        "社区居民、中小学校",
        "防震减灾日主题宣传和疏散演练",
        "5月",
        1,
    ),
]

PLACES = ["军粮城", "新立", "华明", "金桥", "张贵庄", "丰年村", "万新", "无瑕"]
PLACES += ["东丽湖", "金钟", "华新", "东丽"]
BRANDS = [
    "恒达",
    "宏远",
    "鑫源",
    "瑞丰",
    "德盛",
    "华泰",
    "永兴",
    "联创",
    "海通",
    "信达",
]
BRANDS += [
    "天合",
    "瑞泰",
    "博远",
    "中盛",
    "诚信",
    "利民",
    "建安",
    "顺通",
    "元丰",
    "广源",
]
# (industry, risk tier, word in the name, how many) for the extra enterprises
EXTRA_KINDS = [
    (Industry.HAZARDOUS_CHEMICALS, RiskTier.HIGH, "化工", 48),
    (Industry.METALLURGY, RiskTier.HIGH, "金属制品", 14),
    (Industry.COMBUSTIBLE_DUST, RiskTier.HIGH, "木制品", 16),
    (Industry.AMMONIA_REFRIGERATION, RiskTier.HIGH, "冷藏", 12),
    (Industry.CONFINED_SPACE, RiskTier.HIGH, "环保工程", 10),
    (Industry.MACHINERY, RiskTier.GENERAL, "机械制造", 40),
    (Industry.LIGHT_INDUSTRY, RiskTier.GENERAL, "包装制品", 30),
    (Industry.WAREHOUSING, RiskTier.GENERAL, "仓储物流", 30),
    (Industry.TRADE, RiskTier.GENERAL, "商贸", 20),
    (Industry.TEXTILES, RiskTier.GENERAL, "纺织", 12),
    (Industry.BUILDING_MATERIALS, RiskTier.GENERAL, "建材", 8),
]

# (subject, articles of the 安全生产法 cited)
LETTER_SUBJECTS = [
    ("从业人员安全生产教育和培训不到位", [28]),
    ("安全设备未经常性维护、保养和定期检测", [36]),
    ("有较大危险因素的场所未设置明显的安全警示标志", [35]),
    ("事故隐患排查治理制度落实不到位", [41]),
    ("未按规定为从业人员提供劳动防护用品", [45]),
    ("主要负责人未履行安全生产管理职责", [21]),
    ("危险物品管理和重大危险源监控措施不落实", [40]),
]
TOPIC_ARTICLES = [[21, 28], [35, 36], [40, 41], [28, 97], [36, 99], [41, 102], [5, 45]]

SIZES = {"small": {"visits": 30, "letters": 15, "extra": 0}}
SIZES["bureau"] = {"visits": 120, "letters": 110, "extra": 240}


def seed(*, log, size: str = "small", **options):
    scale = SIZES.get(size, SIZES["small"])
    rng = random.Random(YEAR)
    officers = _officers()
    enterprises = _enterprises(scale["extra"])
    # About one enterprise in six is left without contact this year, so the
    # trainer's "no contact" list has work in it.
    rng.shuffle(enterprises)
    reached = enterprises[: len(enterprises) - max(3, len(enterprises) // 6)]
    items = _responsibility_list()
    _law_to_enterprises(rng, officers, reached, items[1])
    visits = _visits(rng, officers, reached, items[2], scale["visits"])
    _letters(rng, officers, visits, scale["letters"])
    _training(officers, items[3], items[4])
    _campaigns(rng, officers, reached, items[5], items[6])
    _home_cards()
    contacted = Enterprise.objects.filter(law_activities__date__year=YEAR).distinct()
    log(
        f"普法台账 {YEAR}：{len(items)} 项责任清单，"
        f"{Activity.objects.in_year(YEAR).count()} 次活动，"
        f"覆盖 {contacted.count()} 家企业，"
        f"{WarningLetter.objects.in_year(YEAR).count()} 份提示警示函，"
        f"{TrainingSession.objects.in_year(YEAR).count()} 场线下培训"
    )


def _officers() -> list[User]:
    role = Group.objects.get(name=roles.ENFORCEMENT_OFFICER)
    for username, name, group_name in EXTRA_OFFICERS:
        group = EnforcementGroup.objects.get(name=group_name)
        user, created = User.objects.get_or_create(username=username)
        user.name = name
        user.enforcement_group = group
        user.certificate_number = f"12011000{int(username[7:]):04d}"
        if created:
            user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        user.groups.add(role)
    return list(
        User.objects.filter(username__regex=r"^officer\d+$").order_by(
            "enforcement_group__sort_order", "username"
        )
    )


def _enterprises(extra: int) -> list[Enterprise]:
    index = 0
    for industry, tier, word, count in EXTRA_KINDS:
        for _n in range(count):
            if index >= extra:
                break
            place = PLACES[index % len(PLACES)]
            brand = BRANDS[(index // len(PLACES)) % len(BRANDS)]
            Enterprise.objects.update_or_create(
                credit_code=demo_credit_code(1000 + index),
                defaults={
                    "name": f"{place}{brand}{word}有限公司",
                    "industry": industry,
                    "risk_tier": tier,
                    "has_major_hazard_source": (
                        industry == Industry.HAZARDOUS_CHEMICALS and index % 5 == 0
                    ),
                    "address": f"天津市东丽区{place}",
                },
            )
            index += 1
    return list(Enterprise.objects.order_by("credit_code"))


@transaction.atomic
def _responsibility_list() -> dict[int, ResponsibilityItem]:
    lst, _ = ResponsibilityList.objects.update_or_create(
        year=YEAR,
        defaults={
            "title": f"区应急管理局{YEAR}年度普法责任清单",
            "introduction": "按照“谁执法谁普法”责任制，本年度普法工作分解为以下事项，"
            "年底逐项对照落实情况向社会公开。",
            "is_published": True,
        },
    )
    items = {}
    for number, unit, laws, audience, method, timing, planned in ITEMS:
        items[number], _ = ResponsibilityItem.objects.update_or_create(
            responsibility_list=lst,
            number=number,
            defaults={
                "responsible_unit": unit,
                "laws": laws,
                "audience": audience,
                "method": method,
                "timing": timing,
                "planned_count": planned,
            },
        )
    return items


def _activity(title, kind, date, *, item, officers=(), enterprises=(), **fields):
    # Keyed on title and type within the year (not the date), so that seeding
    # "bureau" after "small" moves the same visits instead of adding more.
    activity, _ = Activity.objects.update_or_create(
        title=title,
        activity_type=kind,
        date__year=YEAR,
        defaults={
            "date": date,
            "organiser": fields.pop("organiser", "执法支队"),
            **fields,
        },
    )
    topic = TOPIC_ARTICLES[activity.date.toordinal() % len(TOPIC_ARTICLES)]
    activity_link(
        activity=activity,
        officers=officers,
        enterprises=enterprises,
        attendees=[],
        articles=articles_for(f"{AQSC}-{n}" for n in topic),
        items=[item] if item else [],
    )
    return activity


def _law_to_enterprises(rng, officers, enterprises, item):
    parks = ["化工园区", "金桥工业园", "华明高新区", "军粮城工业园", "新立示范镇"]
    parks += ["东丽湖片区", "无瑕物流园"]
    for n, park in enumerate(parks):
        date = dt.date(YEAR, 2 + n + (n > 2), 10 + n)
        reached = rng.sample(enterprises, k=min(len(enterprises), rng.randint(4, 9)))
        _activity(
            f"“送法进企”第{n + 1}场（{park}）",
            ActivityType.LAW_TO_ENTERPRISES,
            date,
            item=item,
            officers=rng.sample(officers, k=3),
            enterprises=reached,
            place=f"{park}企业服务中心",
            participant_count=rng.randint(40, 120),
            materials=f"《天津市安全生产条例》解读手册{rng.randint(1, 3) * 100}份",
        )


def _visits(rng, officers, reachable, item, count) -> list[Activity]:
    """Visits spread over the year reaching every given enterprise once."""
    per_visit = max(1, -(-len(reachable) // count))
    visits = []
    for n in range(count):
        group = reachable[n * per_visit : (n + 1) * per_visit] or [reachable[n % 10]]
        date = dt.date(YEAR, 1, 6) + dt.timedelta(days=n * 340 // count)
        visits.append(
            _activity(
                f"执法+普法+服务走访帮扶（第{n + 1:03d}次）",
                ActivityType.VISIT,
                date,
                item=item if n < 20 or n % 5 == 0 else None,
                officers=rng.sample(officers, k=2),
                enterprises=group,
                participant_count=rng.randint(3, 15),
                organiser=officers[n % len(officers)].enforcement_group.name,
            )
        )
    return visits


def _letters(rng, officers, visits, count):
    for n in range(count):
        visit = visits[n % len(visits)]
        enterprise = visit.enterprises.order_by("pk").first()
        subject, numbers = LETTER_SUBJECTS[n % len(LETTER_SUBJECTS)]
        letter, _ = WarningLetter.objects.update_or_create(
            reference=f"东应急提〔{YEAR}〕{n + 1}号",
            defaults={
                "enterprise": enterprise,
                "issued_on": visit.date,
                "subject": subject,
                "activity": visit,
                "issued_by": rng.choice(officers),
            },
        )
        letter.articles.set(articles_for(f"{AQSC}-{k}" for k in numbers))


def _session(activity, hours, attendees, speaker=""):
    session, _ = TrainingSession.objects.update_or_create(
        title=activity.title,
        date=activity.date,
        defaults={
            "hours": Decimal(hours),
            "activity": activity,
            "place": activity.place,
            "speaker": speaker,
        },
    )
    session.attendees.set(attendees)
    session.articles.set(activity.articles.all())
    return session


def _training(officers, lectures_item, drills_item):
    """Lectures (3 h) and drills (4 h) that some miss, and two days (16 h) of
    shadowing experts for all 13: full attendance makes the 40-hour requirement."""
    for q in range(4):
        lecture = _activity(
            f"执法大讲堂（第{q + 1}讲）",
            ActivityType.LECTURE,
            dt.date(YEAR, 3 * q + 3, 20),
            item=lectures_item,
            organiser="法制审核科",
            place="局三楼会议室",
            participant_count=len(officers),
        )
        present = [o for i, o in enumerate(officers) if (i + q) % 6 != 0]
        lecture.attendees.set(present)
        _session(lecture, "3", present, speaker="法制审核科")
    for d in range(3):
        drill = _activity(
            f"岗位大练兵（第{d + 1}轮：案卷制作与法律适用）",
            ActivityType.SKILLS_DRILL,
            dt.date(YEAR, 4 * d + 4, 15),
            item=drills_item,
            place="执法支队训练室",
            participant_count=len(officers),
        )
        present = [o for i, o in enumerate(officers) if (i * 3 + d) % 7 != 1]
        drill.attendees.set(present)
        _session(drill, "4", present)
    for s, (start, stop) in enumerate([(0, 5), (5, 9), (9, 13)]):
        shadow = _activity(
            f"跟班实训：随行业专家入企排查隐患（第{s + 1}批）",
            ActivityType.EXPERT_SHADOWING,
            dt.date(YEAR, 5 + 2 * s, 8),
            item=drills_item,
            officers=officers[start:stop],
            place="重点危险化学品和工贸企业",
            participant_count=stop - start,
        )
        shadow.attendees.set(officers[start:stop])
        _session(shadow, "16", officers[start:stop], speaker="行业专家组")


def _campaigns(rng, officers, enterprises, month_item, day_item):
    _activity(
        "安全生产月集中宣传咨询日",
        ActivityType.SAFETY_MONTH,
        dt.date(YEAR, 6, 16),
        item=month_item,
        officers=rng.sample(officers, k=4),
        place="东丽区文化广场",
        participant_count=800,
        materials="宣传折页2000份、挂图100套",
    )
    _activity(
        "安全生产月：安全知识进企业班组",
        ActivityType.SAFETY_MONTH,
        dt.date(YEAR, 6, 24),
        item=month_item,
        officers=rng.sample(officers, k=2),
        enterprises=rng.sample(enterprises, k=min(5, len(enterprises))),
        participant_count=260,
    )
    _activity(
        "防震减灾日主题宣传和疏散演练",
        ActivityType.DISASTER_DAY,
        dt.date(YEAR, 5, 12),
        item=day_item,
        organiser="应急救援科",
        place="东丽区第一中学",
        participant_count=1200,
        materials="防震减灾知识读本500册",
    )


def _home_cards():
    from home.services import home_section_ensure

    home_section_ensure(
        title="普法责任清单",
        summary="每年向社会公开的普法责任清单及各事项落实情况。",
        url=reverse("ledger:pufa_list", kwargs={"year": YEAR}),
    )
    home_section_ensure(
        title="我的学时",
        summary="本年度线上课程、考试和线下培训累计学时。",
        url=reverse("ledger:my_study_hours"),
        staff_only=True,
    )
