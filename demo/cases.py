"""Generated case-file registers: the demo year's 44 files with a realistic share of
defects.

Each generated file is a row in the import layout (column → text), the video records
of its steps and the check codes it must raise (empty for a sound file). Pure: no
database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from peer_review import checks
from peer_review.catalogue import DocumentType, Procedure, ServiceMethod, VideoStep
from peer_review.workdays import add_working_days

GROUPS = ["执法一组", "执法二组", "执法三组", "执法四组", "执法五组", "执法六组"]
# Two handling officers per group, with certificate numbers (groups 1–3 are the demo
# accounts officer1..officer6).
OFFICERS = [
    [("张执法", "120110000001"), ("刘安全", "120110000002")],
    [("陈检查", "120110000003"), ("杨监察", "120110000004")],
    [("黄督导", "120110000005"), ("周稽查", "120110000006")],
    [("郑立案", "120110000107"), ("冯取证", "120110000108")],
    [("何审查", "120110000109"), ("吕复核", "120110000110")],
    [("施文书", "120110000111"), ("孔送达", "120110000112")],
]
# (violation, 违反条款, 处罚依据, tier, typical fine) — the provisions of the law spine.
MIX = [
    (
        "未按规定对从业人员进行安全生产教育和培训",
        "《安全生产法》第二十八条",
        "《中华人民共和国安全生产法》第九十七条第三项",
        "一般",
        30000,
    ),
    (
        "未在有较大危险因素的生产经营场所设置明显的安全警示标志",
        "《安全生产法》第三十五条",
        "《中华人民共和国安全生产法》第九十九条第一项",
        "一般",
        15000,
    ),
    (
        "未对安全设备进行经常性维护、保养和定期检测",
        "《安全生产法》第三十六条第二款",
        "《中华人民共和国安全生产法》第九十九条第三项",
        "一般",
        18000,
    ),
    (
        "未为从业人员提供符合国家标准或者行业标准的劳动防护用品",
        "《安全生产法》第四十五条",
        "《安全生产法》第九十九条第五项",
        "轻微",
        8000,
    ),
    (
        "未采取技术、管理措施及时发现并消除事故隐患",
        "《安全生产法》第四十一条",
        "《安全生产法》第一百零二条",
        "一般",
        20000,
    ),
    (
        "特种作业人员未经专门的安全作业培训并取得相应资格上岗作业",
        "《安全生产法》第三十条",
        "《安全生产法》第九十七条第七项",
        "一般",
        35000,
    ),
    (
        "对重大危险源未登记建档、未进行定期检测评估监控",
        "《安全生产法》第四十条",
        "《安全生产法》第一百零一条第二项",
        "较重",
        60000,
    ),
]
# Fine ranges and tiers of the cited provisions (mirrors the law spine's demo data),
# so the benchmark can run the checks without a database.
PROVISIONS = {
    "《中华人民共和国安全生产法》第九十七条第三项": (
        0,
        100_000,
        100_000,
        200_000,
        "97",
    ),
    "《中华人民共和国安全生产法》第九十九条第一项": (0, 50_000, 50_000, 200_000, "99"),
    "《中华人民共和国安全生产法》第九十九条第三项": (0, 50_000, 50_000, 200_000, "99"),
    "《安全生产法》第九十九条第五项": (0, 50_000, 50_000, 200_000, "99"),
    "《安全生产法》第一百零二条": (0, 50_000, None, None, "99"),
    "《安全生产法》第九十七条第七项": (0, 100_000, 100_000, 200_000, "97"),
    "《安全生产法》第一百零一条第二项": (0, 100_000, 100_000, 200_000, "97"),
}
TIERS = {
    "97": {
        "轻微": (0, 20_000),
        "一般": (20_000, 50_000),
        "较重": (50_000, 80_000),
        "严重": (80_000, 100_000),
    },
    "99": {
        "轻微": (0, 10_000),
        "一般": (10_000, 25_000),
        "较重": (25_000, 40_000),
        "严重": (40_000, 50_000),
    },
}


# The 法制科 officer designated to chair hearings (not an investigator of any file).
HEARING_CHAIR = ("周审理", "12011000090")

SPREAD = [Decimal("0.9"), Decimal(1), Decimal("1.1"), Decimal("0.95"), Decimal("1.05")]


@dataclass
class GeneratedCase:
    row: dict
    videos: list[tuple[str, datetime | None, datetime | None]] = field(
        default_factory=list
    )
    expected: set[str] = field(default_factory=set)
    defect: str = ""
    facts: dict = field(default_factory=dict)

    @property
    def number(self) -> str:
        return self.row["案号"]


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


BUREAU_TZ = ZoneInfo("Asia/Shanghai")


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=BUREAU_TZ)


def enterprise(i: int) -> tuple[str, str]:
    from demo.accounts import ENTERPRISES, demo_credit_code

    index = i % len(ENTERPRISES)
    return ENTERPRISES[index][0], demo_credit_code(index)


def sound_case(i: int, year: int = 2025, decided: date | None = None) -> dict:
    """The facts of a sound file number ``i`` as a dict of CaseData field values."""
    violation, violated, basis, tier, typical = MIX[i % len(MIX)]
    # Spread around the typical fine, as real files are (never all alike).
    spread = SPREAD[(i // len(MIX)) % len(SPREAD)]
    fine = (Decimal(typical) * spread).quantize(Decimal(1))
    decided = decided or date(year, 1, 31) + timedelta(days=7 * (i % 44))
    filed = decided - timedelta(days=25)
    served, method = decided, ServiceMethod.ON_THE_SPOT
    if i % 3 == 0:
        served, method = add_working_days(decided, 3), ServiceMethod.DIRECT
    large = fine >= 50000
    group = i % len(GROUPS)
    return {
        "number": f"津东应急罚〔{year}〕{i + 1}号",
        "group": group,
        "officers": list(OFFICERS[group]),
        "violation": violation,
        "violated": violated,
        "basis": basis,
        "tier": tier,
        "fine": fine,
        "occurred_on": filed - timedelta(days=3),
        "filed_on": filed,
        "investigation_ended_on": filed + timedelta(days=14),
        "notified_on": filed + timedelta(days=16),
        "statement_on": filed + timedelta(days=18),
        "hearing_right_notified_on": filed + timedelta(days=16) if large else None,
        "legal_review_on": filed + timedelta(days=23) if large else None,
        "decided_on": decided,
        "served_on": served,
        "service_method": method,
        "paid_on": served + timedelta(days=10),
        "executed_on": served + timedelta(days=10),
        "closed_on": served + timedelta(days=13),
    }


def to_case_data(facts: dict) -> checks.CaseData:
    """The CaseData of generated facts (as the checks see the imported file)."""
    low, high, unc_low, unc_high, family = PROVISIONS[facts["basis"]]
    tier_low, tier_high = TIERS[family][facts["tier"]] if facts["tier"] else (0, 0)
    dec = lambda v: None if v is None else Decimal(v)  # noqa: E731
    dates = {k: facts.get(k) for k in checks.DATE_LABELS}
    return checks.CaseData(
        number=facts["number"],
        procedure=facts.get("procedure", Procedure.GENERAL),
        group=GROUPS[facts["group"]],
        officers=tuple(checks.Officer(n, c) for n, c in facts["officers"]),
        violated_article=facts["violated"].split("第", 1)[1].split("条")[0],
        provision=checks.Provision(
            facts["basis"],
            facts["basis"],
            dec(low),
            dec(high),
            dec(unc_low),
            dec(unc_high),
        ),
        tier=checks.Tier(facts["tier"], dec(tier_low), dec(tier_high))
        if facts["tier"]
        else None,
        fine=facts["fine"],
        proposed_fine=facts.get("proposed_fine", facts["fine"]),
        hearing_chair=checks.Officer(*facts.get("hearing_chair", HEARING_CHAIR))
        if facts.get("hearing_on")
        else None,
        service_method=facts["service_method"],
        major_case=facts.get("major_case", False),
        documents=frozenset(facts.get("documents", ())),
        videos=tuple(checks.VideoSegment(*v) for v in facts.get("videos", ())),
        **dates,
    )


def complete(facts: dict, config: checks.CheckConfig) -> dict:
    """Add the documents and videos a sound file holds for what happened in it."""
    data = to_case_data(facts)
    facts.setdefault("documents", list(checks.required_documents(data, config)))
    if "videos" not in facts:
        steps = {
            VideoStep.INSPECTION: facts["filed_on"],
            VideoStep.STATEMENT: facts.get("statement_on"),
            VideoStep.HEARING: facts.get("hearing_on"),
        }
        facts["videos"] = [
            (step, _at(day), _at(day, 11))
            for step in checks.required_video_steps(data)
            if (day := steps.get(step) or facts["filed_on"])
        ]
    return facts


# --- the defects (each changes a sound file's facts) ------------------------------


def _drop_document(doc):
    def apply(facts):
        facts["documents"] = [d for d in facts["documents"] if d != doc]

    return apply


def _set(**changes):
    def apply(facts):
        facts.update(changes)

    return apply


def _hearing(notice: date, hearing: date):
    def apply(facts):
        facts.update(
            fine=Decimal(60000),
            basis="《安全生产法》第一百零一条第二项",
            violated="《安全生产法》第四十条",
            violation=MIX[6][0],
            tier="较重",
            filed_on=notice - timedelta(days=30),
            occurred_on=notice - timedelta(days=33),
            investigation_ended_on=notice - timedelta(days=14),
            notified_on=notice - timedelta(days=10),
            statement_on=None,
            hearing_right_notified_on=notice - timedelta(days=10),
            hearing_requested_on=notice - timedelta(days=7),
            hearing_notice_on=notice,
            hearing_on=hearing,
            legal_review_on=hearing + timedelta(days=2),
            decided_on=hearing + timedelta(days=5),
            served_on=hearing + timedelta(days=5),
            service_method=ServiceMethod.ON_THE_SPOT,
            paid_on=hearing + timedelta(days=12),
            executed_on=hearing + timedelta(days=12),
            closed_on=hearing + timedelta(days=14),
        )

    return apply


def _served(decided: date, served: date):
    def apply(facts):
        shift = decided - facts["decided_on"]
        for key in checks.DATE_LABELS:
            if facts.get(key):
                facts[key] += shift
        facts.update(
            served_on=served,
            service_method=ServiceMethod.DIRECT,
            paid_on=served + timedelta(days=5),
            executed_on=served + timedelta(days=5),
            closed_on=served + timedelta(days=7),
        )

    return apply


def _late_decision(facts):
    # Past the 办法's longest period (180 days with approved extensions) as well as
    # the law's 90 days: late whichever figure the bureau confirms.
    facts["filed_on"] = facts["decided_on"] - timedelta(days=185)
    facts["occurred_on"] = facts["filed_on"] - timedelta(days=3)
    facts["investigation_ended_on"] = facts["filed_on"] + timedelta(days=60)


def _video_without_end(facts):
    facts["videos"] = [
        (step, start, None if step == VideoStep.STATEMENT else end)
        for step, start, end in facts["videos"]
    ]


def _inconsistent(facts):
    # 第二十八条 (training) punished under 99.1 (warning signs) instead of 97.3.
    facts.update(violated="《安全生产法》第二十八条", violation=MIX[0][0])


# (case index, label, change before completion, change after completion, codes).
# Where ``before`` is set the documents/videos follow the changed facts.
DEFECTS = [
    (
        1,
        "缺送达回证",
        None,
        _drop_document(DocumentType.SERVICE_RECEIPT),
        {"DOC_MISSING"},
    ),
    (
        4,
        "告知晚于决定",
        None,
        lambda f: f.update(
            notified_on=f["decided_on"] + timedelta(days=1),
            statement_on=f["decided_on"] + timedelta(days=2),
        ),
        {"DATE_ORDER"},
    ),
    (8, "超过决定期限作出决定", None, _late_decision, {"DECISION_LATE"}),
    (
        10,
        "国庆假期后超期送达",
        _served(date(2025, 9, 30), date(2025, 10, 17)),
        None,
        {"SERVICE_LATE"},
    ),
    (
        15,
        "调休日计入后超期送达",
        _served(date(2025, 10, 9), date(2025, 10, 20)),
        None,
        {"SERVICE_LATE"},
    ),
    (
        13,
        "较大数额罚款未告知听证权利",
        None,
        lambda f: (
            f.update(hearing_right_notified_on=None),
            _drop_document(DocumentType.HEARING_RIGHT_NOTICE)(f),
        ),
        {"HEARING_RIGHT", "DOC_MISSING"},
    ),
    (
        19,
        "听证通知不足七个工作日",
        _hearing(date(2025, 9, 30), date(2025, 10, 15)),
        None,
        {"HEARING_NOTICE"},
    ),
    (
        20,
        "仅一名持证执法人员",
        None,
        lambda f: f.update(officers=[f["officers"][0], ("临时协管员", "")]),
        {"OFFICERS"},
    ),
    (
        27,
        "未经法制审核",
        None,
        lambda f: (
            f.update(legal_review_on=None),
            _drop_document(DocumentType.LEGAL_REVIEW)(f),
        ),
        {"LEGAL_REVIEW", "DOC_MISSING"},
    ),
    (
        25,
        "罚款不在所选裁量阶次内",
        None,
        _set(tier="较重"),
        {"FINE_TIER"},
    ),
    (
        29,
        "罚款超出法定幅度",
        lambda f: f.update(
            basis="《安全生产法》第一百零二条",
            violated="《安全生产法》第四十一条",
            violation=MIX[4][0],
            tier="",
            fine=Decimal(60000),
            hearing_right_notified_on=f["notified_on"],
            legal_review_on=f["decided_on"] - timedelta(days=2),
        ),
        None,
        {"FINE_RANGE"},
    ),
    (
        31,
        "逾期缴纳罚款",
        None,
        lambda f: f.update(
            paid_on=f["served_on"] + timedelta(days=20),
            executed_on=f["served_on"] + timedelta(days=20),
            closed_on=f["served_on"] + timedelta(days=22),
        ),
        {"PAYMENT_LATE"},
    ),
    (
        36,
        "同一违法行为适用不同处罚依据",
        _inconsistent,
        None,
        {"PROVISION_INCONSISTENT"},
    ),
    (
        22,
        "罚款明显偏离同类案件",
        None,
        _set(fine=Decimal(25000)),
        {"FINE_OUTLIER"},
    ),
    (38, "陈述申辩录像无结束", None, _video_without_end, {"VIDEO_INCOMPLETE"}),
    (
        33,
        "陈述申辩后罚款高于告知金额",
        None,
        lambda f: f.update(proposed_fine=f["fine"] - 2000),
        {"PENALTY_HEAVIER"},
    ),
    (
        40,
        "承办人主持听证",
        _hearing(date(2025, 11, 3), date(2025, 11, 14)),
        lambda f: f.update(hearing_chair=f["officers"][1]),
        {"HEARING_CHAIR"},
    ),
]
# Sound files on the holiday and 调休 edges (nothing to flag).
EDGES = [
    (3, _served(date(2025, 9, 30), date(2025, 10, 16))),  # 7th working day
    (9, _served(date(2025, 9, 26), date(2025, 10, 13))),  # make-up days counted
    (12, _served(date(2025, 1, 24), date(2025, 2, 10))),  # across Spring Festival
    (26, _hearing(date(2025, 9, 26), date(2025, 10, 13))),  # notice exactly 7 days
]


def generate_year(
    year: int = 2025, count: int = 44, config: checks.CheckConfig | None = None
) -> list[GeneratedCase]:
    """The demo year's files: sound ones, holiday edges and the defects."""
    config = config or checks.CheckConfig()
    defects = {i: d for i, *d in DEFECTS}
    edges = dict(EDGES)
    result = []
    for i in range(count):
        facts = sound_case(i, year)
        label, before, after, expected = defects.get(i, ("", None, None, set()))
        if i in edges:
            edges[i](facts)
        if before:
            before(facts)
        complete(facts, config)
        if after:
            after(facts)
        result.append(_generated(facts, set(expected), label))
    return result


def _generated(facts: dict, expected: set[str], label: str) -> GeneratedCase:
    name, code = enterprise(int(facts["number"].split("〕")[1].rstrip("号")) - 1)
    labels = dict(DocumentType.choices)
    row = {
        "案号": facts["number"],
        "案件类型": Procedure(facts.get("procedure", Procedure.GENERAL)).label,
        "执法小组": GROUPS[facts["group"]],
        "承办人": "、".join(f"{n}（{c}）" if c else n for n, c in facts["officers"]),
        "当事人": name,
        "当事人类型": "单位",
        "统一社会信用代码": code,
        "违法行为": facts["violation"],
        "违反条款": facts["violated"],
        "处罚依据": facts["basis"],
        "罚款金额": str(facts["fine"]),
        "重大案件": "是" if facts.get("major_case") else "否",
        "延期缴纳批准": "否",
        "告知拟罚款金额": str(facts.get("proposed_fine", facts["fine"])),
        "听证主持人": "{}（{}）".format(*facts.get("hearing_chair", HEARING_CHAIR))
        if facts.get("hearing_on")
        else "",
        "裁量阶次": facts["tier"],
        "送达方式": ServiceMethod(facts["service_method"]).label,
        "卷内文书": "、".join(labels[d] for d in facts["documents"]),
    }
    from peer_review.importer import DATE_COLUMNS

    for column, key in DATE_COLUMNS.items():
        row[column] = _d(facts.get(key))
    return GeneratedCase(
        row=row,
        videos=list(facts["videos"]),
        expected=expected,
        defect=label,
        facts=facts,
    )
