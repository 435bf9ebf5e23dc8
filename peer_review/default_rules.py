"""The procedural rules seeded at install (``ProceduralRule``): the periods of
行政处罚法 (2021), confirmed against its published text, and the 办法 layer's figures
(LEGAL.md), 待核实 until the bureau's 法制审核 staff confirm them in the admin.

Each entry: (key, value, source, in force from, in force until, confirmed, note,
special). *Special* rules are the 办法's own figures where 行政处罚法 lets a 规章
prevail (art. 60: 法律、法规、规章另有规定的，从其规定): files of work-safety
violations (安全生产违法行为, the 办法's scope — every file this bureau decides) follow
the 办法's decision period, by the 立案 date, in place of the law's 90 days. The 5
working days of art. 64 are not special: the law (2021) overrides the older 办法 there."""

from datetime import date

LAW = "《中华人民共和国行政处罚法》"
RULES_15 = "《安全生产违法行为行政处罚办法》（原国家安全生产监督管理总局令第15号）"
RULES_18 = "《安全生产违法行为行政处罚办法》（应急管理部令第18号）"
LAW_FROM = date(2021, 7, 15)
RULES_15_FROM, RULES_15_TO = date(2008, 1, 1), date(2026, 1, 31)
RULES_18_FROM = date(2026, 2, 1)
NOTE_15 = "据我们对办法的理解录入，尚未与官方文本核对。"
NOTE_18 = "第18号令原文尚未核对：数值暂沿用第15号令，请法制审核人员核实后勾选“已核实”。"
NOTE_DECISION_15 = (
    "据我们对第15号令的理解：自立案之日起30日内作出决定；经本部门负责人批准可延长至90日，"
    "特殊情况经上一级部门批准可延长至180日（条号待核实）。尚未与官方文本核对。"
)

_LAW_RULES = [
    ("decision_days", 90, f"{LAW}第六十条", LAW_FROM, None, True, ""),
    (
        "service_working_days",
        7,
        f"{LAW}第六十一条、第八十五条",
        LAW_FROM,
        None,
        True,
        "",
    ),
    (
        "hearing_request_working_days",
        5,
        f"{LAW}第六十四条第（一）项、第八十五条",
        LAW_FROM,
        None,
        True,
        "",
    ),
    (
        "hearing_notice_working_days",
        7,
        f"{LAW}第六十四条第（二）项、第八十五条",
        LAW_FROM,
        None,
        True,
        "",
    ),
    ("payment_days", 15, f"{LAW}第六十七条第三款", LAW_FROM, None, True, ""),
    ("summary_limit_person", 200, f"{LAW}第五十一条", LAW_FROM, None, True, ""),
    ("summary_limit_unit", 3000, f"{LAW}第五十一条", LAW_FROM, None, True, ""),
]
_RULES_LAYER = [
    (key, value, source, start, end, False, note, special)
    for source, start, end, note, decision_note in (
        (RULES_15, RULES_15_FROM, RULES_15_TO, NOTE_15, NOTE_DECISION_15),
        (RULES_18, RULES_18_FROM, None, NOTE_18, NOTE_18),
    )
    for key, value, special, note in (
        ("statement_working_days", 3, False, note),
        ("hearing_fine_threshold", 50000, False, note),
        ("hearing_fine_threshold_person", 20000, False, note),
        ("decision_days", 30, True, decision_note),
        ("decision_max_days", 180, True, decision_note),
    )
]
DEFAULT_RULES = [(*rule, False) for rule in _LAW_RULES] + _RULES_LAYER


def seed(ProceduralRule) -> int:
    """Create the missing default rules (idempotent on key, source and start)."""
    has_special = any(f.name == "special" for f in ProceduralRule._meta.get_fields())
    created = 0
    for key, value, source, start, end, confirmed, note, special in DEFAULT_RULES:
        defaults = {
            "value": value,
            "effective_to": end,
            "confirmed": confirmed,
            "note": note,
        }
        if has_special:  # the historical model of migration 0002 has no flag yet
            defaults["special"] = special
        _rule, new = ProceduralRule.objects.get_or_create(
            key=key, source=source, effective_from=start, defaults=defaults
        )
        created += new
    return created


def mark_special(ProceduralRule) -> None:
    """Flag the seeded special rules (those created before the flag existed)."""
    for key, _value, source, start, *_rest, special in DEFAULT_RULES:
        if special:
            ProceduralRule.objects.filter(
                key=key, source=source, effective_from=start
            ).update(special=True)
