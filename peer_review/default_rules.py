"""The procedural rules seeded at install (``ProceduralRule``): the periods of
行政处罚法 (2021), confirmed against its published text, and the 办法 layer's figures
(LEGAL.md), 待核实 until the bureau's 法制审核 staff confirm them in the admin.

Each entry: (key, value, source, in force from, in force until, confirmed, note)."""

from datetime import date

LAW = "《中华人民共和国行政处罚法》"
RULES_15 = "《安全生产违法行为行政处罚办法》（原国家安全生产监督管理总局令第15号）"
RULES_18 = "《安全生产违法行为行政处罚办法》（应急管理部令第18号）"
LAW_FROM = date(2021, 7, 15)
RULES_15_FROM, RULES_15_TO = date(2008, 1, 1), date(2026, 1, 31)
RULES_18_FROM = date(2026, 2, 1)
NOTE_15 = "据我们对办法的理解录入，尚未与官方文本核对。"
NOTE_18 = "第18号令原文尚未核对：数值暂沿用第15号令，请法制审核人员核实后勾选“已核实”。"

DEFAULT_RULES = [
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
    *(
        (key, value, source, start, end, False, note)
        for source, start, end, note in (
            (RULES_15, RULES_15_FROM, RULES_15_TO, NOTE_15),
            (RULES_18, RULES_18_FROM, None, NOTE_18),
        )
        for key, value in (
            ("statement_working_days", 3),
            ("hearing_fine_threshold", 50000),
            ("hearing_fine_threshold_person", 20000),
        )
    ),
]


def seed(ProceduralRule) -> int:
    """Create the missing default rules (idempotent on key, source and start)."""
    created = 0
    for key, value, source, start, end, confirmed, note in DEFAULT_RULES:
        _rule, new = ProceduralRule.objects.get_or_create(
            key=key,
            source=source,
            effective_from=start,
            defaults={
                "value": value,
                "effective_to": end,
                "confirmed": confirmed,
                "note": note,
            },
        )
        created += new
    return created
