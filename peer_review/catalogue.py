"""The vocabulary of a work-safety penalty file: documents, recorded steps, issue
categories. Plain data shared by the models (as choices), the checks and the importer.

The labels are the documents' and steps' official Chinese names (data, like regulation
text), so they read the same in every interface language.
"""

from django.db import models


class Procedure(models.TextChoices):
    GENERAL = "general", "一般程序"
    SUMMARY = "summary", "简易程序"


class ServiceMethod(models.TextChoices):
    """送达方式: only handing over when the decision is announced counts as on the spot."""

    ON_THE_SPOT = "on_the_spot", "当场交付"
    DIRECT = "direct", "直接送达"
    LEFT_AT_ADDRESS = "left", "留置送达"
    POST = "post", "邮寄送达"
    ELECTRONIC = "electronic", "电子送达"
    PUBLIC_NOTICE = "public_notice", "公告送达"


class DocumentType(models.TextChoices):
    CONTENTS = "contents", "卷内目录"
    FILING_APPROVAL = "filing_approval", "立案审批表"
    INSPECTION_RECORD = "inspection_record", "现场检查记录"
    INQUIRY_RECORD = "inquiry_record", "询问笔录"
    EVIDENCE = "evidence", "证据材料"
    SAMPLING = "sampling", "抽样取证凭证"
    PRESERVATION = "preservation", "先行登记保存证据通知书"
    PRESERVATION_DECISION = "preservation_decision", "先行登记保存证据处理决定书"
    INVESTIGATION_REPORT = "investigation_report", "调查终结报告"
    LEGAL_REVIEW = "legal_review", "法制审核意见"
    COLLECTIVE_DISCUSSION = "collective_discussion", "集体讨论记录"
    PENALTY_NOTICE = "penalty_notice", "行政处罚告知书"
    STATEMENT_RECORD = "statement_record", "陈述申辩记录"
    HEARING_RIGHT_NOTICE = "hearing_right_notice", "听证告知书"
    HEARING_NOTICE = "hearing_notice", "听证会通知书"
    HEARING_RECORD = "hearing_record", "听证笔录"
    HEARING_REPORT = "hearing_report", "听证会报告书"
    DECISION = "decision", "行政处罚决定书"
    SERVICE_RECEIPT = "service_receipt", "送达回证"
    PAYMENT_RECEIPT = "payment_receipt", "罚款缴纳凭证"
    DEFERRAL_APPROVAL = "deferral_approval", "延期(分期)缴纳罚款批准书"
    CLOSING_APPROVAL = "closing_approval", "结案审批表"


class VideoStep(models.TextChoices):
    """Steps of 执法全过程记录 that need an audio-video record."""

    INSPECTION = "inspection", "现场检查（出示证件、检查、询问）"
    SAMPLING = "sampling", "抽样取证"
    PRESERVATION = "preservation", "先行登记保存证据"
    STATEMENT = "statement", "陈述申辩"
    HEARING = "hearing", "听证"
    SERVICE = "service", "留置送达或公告送达"


class IssueCategory(models.TextChoices):
    NONSTANDARD_FILE = "nonstandard_file", "案卷不规范"
    VIDEO_INCOMPLETE = "video_incomplete", "视频记录不完整"
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", "证据不充分"
    WRONG_LAW = "wrong_law", "法律适用错误"
    UNLAWFUL_PROCEDURE = "unlawful_procedure", "程序违法"
    IMPROPER_DISCRETION = "improper_discretion", "裁量不当"
    DOCUMENT_DEFECT = "document_defect", "文书瑕疵"
    OTHER = "other", "其他"


class Severity(models.TextChoices):
    ERROR = "error", "违法"
    WARNING = "warning", "提示"


class Outcome(models.TextChoices):
    """What a check concludes about a file: a finding is either a violation or a
    question the register cannot answer; a file that passes has no finding."""

    VIOLATION = "violation", "违法"
    UNDETERMINED = "undetermined", "无法判断"


# Every check's code with the name staff see (pages, exports, logs): never the raw code.
CHECK_LABELS = {
    "DOC_MISSING": "卷内文书缺失",
    "DATE_ORDER": "程序步骤顺序颠倒",
    "NO_NOTICE": "未告知即作出处罚决定",
    "STATEMENT_PERIOD": "陈述申辩期内作出决定",
    "HEARING_REQUEST_PERIOD": "听证申请期内作出决定",
    "DECISION_LATE": "超期作出处罚决定",
    "SERVICE_ON_SPOT_DATE": "当场交付日期与决定日期不一致",
    "SERVICE_LATE": "超期送达处罚决定书",
    "ELECTRONIC_SERVICE": "电子送达未经当事人同意",
    "HEARING_RIGHT": "未告知听证权利",
    "HEARING_NOTICE": "听证通知不足七个工作日",
    "HEARING_REQUEST_LATE": "逾期申请听证",
    "HEARING_CHAIR": "本案调查人员主持听证",
    "OFFICERS": "执法人员不足两名或无执法资格",
    "OFFICERS_CERT_DUPLICATE": "执法证号重复",
    "LEGAL_REVIEW": "未经法制审核",
    "COLLECTIVE_DISCUSSION": "未经集体讨论",
    "FINE_RANGE": "罚款超出法定幅度",
    "FINE_TIER": "罚款不在裁量阶次内",
    "CONCURRENT_PENALTY": "未依法并处其他处罚",
    "PENALTY_HEAVIER": "陈述申辩后加重处罚",
    "PAYMENT_LATE": "逾期缴纳罚款",
    "PROVISION_INCONSISTENT": "适用法律错误（处罚依据与违反条款不对应）",
    "FINE_OUTLIER": "罚款明显偏离同类案件",
    "VIDEO_INCOMPLETE": "视频记录不完整",
    "SUMMARY_MISUSED": "违法适用简易程序",
    "LIMITATION": "超过追责时效",
    "PRESERVATION_LATE": "先行登记保存证据逾期未处理",
}


def check_label(code: str) -> str:
    """The Chinese name of a check code (the code itself only for an unknown one)."""
    return CHECK_LABELS.get(code, code)


class PartyType(models.TextChoices):
    UNIT = "unit", "单位"
    PERSON = "person", "个人"


class LicenceAction(models.TextChoices):
    """Measures on a licence that give the party a hearing right (第六十三条)."""

    SUSPEND = "suspend", "暂扣许可证件"
    REVOKE = "revoke", "吊销许可证件"
    CANCEL = "cancel", "撤销许可"


class RuleKey(models.TextChoices):
    DECISION_DAYS = "decision_days", "作出决定期限（日）"
    DECISION_MAX_DAYS = "decision_max_days", "经批准延长后的最长决定期限（日）"
    SERVICE_WORKING_DAYS = "service_working_days", "送达期限（工作日）"
    STATEMENT_WORKING_DAYS = "statement_working_days", "陈述申辩期限（工作日）"
    HEARING_REQUEST_WORKING_DAYS = (
        "hearing_request_working_days",
        "申请听证期限（工作日）",
    )
    HEARING_NOTICE_WORKING_DAYS = (
        "hearing_notice_working_days",
        "听证通知提前期（工作日）",
    )
    PAYMENT_DAYS = "payment_days", "缴纳罚款期限（日）"
    HEARING_FINE_THRESHOLD = "hearing_fine_threshold", "听证较大数额：单位（元）"
    HEARING_FINE_THRESHOLD_PERSON = (
        "hearing_fine_threshold_person",
        "听证较大数额：个人（元）",
    )
    SUMMARY_LIMIT_PERSON = "summary_limit_person", "简易程序罚款上限：公民（元）"
    SUMMARY_LIMIT_UNIT = "summary_limit_unit", "简易程序罚款上限：单位（元）"
