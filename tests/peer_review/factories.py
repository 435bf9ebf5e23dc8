"""Factories and helpers for the peer_review tests."""

import io

import pandas as pd

from accounts.models import EnforcementGroup
from demo import cases as casegen
from peer_review import importer, services
from peer_review.models import CaseFile, VideoRecord


def demo_groups():
    return [
        EnforcementGroup.objects.get_or_create(name=name, defaults={"sort_order": i})[0]
        for i, name in enumerate(casegen.GROUPS)
    ]


def workbook(rows: list[dict], columns: list[str] | None = None) -> io.BytesIO:
    """An .xlsx register holding ``rows`` (column → text) under ``columns`` (by
    default every column the importer reads)."""
    buffer = io.BytesIO()
    columns = columns or importer.REQUIRED_COLUMNS + importer.OPTIONAL_COLUMNS
    frame = pd.DataFrame(rows).reindex(columns=columns).astype(object).fillna("")
    frame.to_excel(buffer, index=False)
    buffer.seek(0)
    return buffer


def validate_register(*rows: dict):
    """(valid rows, errors) of a register holding ``rows`` under every column."""
    return importer.validate(importer.read_workbook(workbook(list(rows))))


def office_row(number: int, **changes) -> dict:
    """A lawful file as an office fills the required columns: officers without
    certificate numbers, payment visible only as the 执行日期."""
    base = {
        "案号": f"津南应急罚〔2025〕{number}号",
        "案件类型": "一般程序",
        "执法小组": "执法一组",
        "承办人": "王执法、赵安全",
        "当事人": f"津南测试企业{number}有限公司",
        "统一社会信用代码": "",
        "违法行为": "未设置明显的安全警示标志",
        "违反条款": "《安全生产法》第三十五条",
        "处罚依据": "《中华人民共和国安全生产法》第九十九条第（一）项之规定",
        "罚款金额": "15000",
        "立案日期": "2025-07-01",
        "调查终结日期": "2025-07-15",
        "告知日期": "2025-07-20",
        "听证日期": "",
        # Day 90 after filing: lawful.
        "决定日期": "2025-09-29",
        "送达日期": "2025-09-29",
        "执行日期": "2025-10-09",
        "结案日期": "2025-10-15",
    }
    base.update(changes)
    return base


def import_generated(generated) -> list[CaseFile]:
    """Import generated files through the real importer, with their video records."""
    rows, errors = importer.validate(
        importer.read_workbook(workbook([g.row for g in generated]))
    )
    assert not errors, [str(e) for e in errors]
    created = services.casefiles_import(rows=rows)
    by_number = {c.number: c for c in created}
    VideoRecord.objects.bulk_create(
        VideoRecord(case=by_number[g.number], step=step, started_at=s, ended_at=e)
        for g in generated
        for step, s, e in g.videos
    )
    services.casefiles_check()
    return created
