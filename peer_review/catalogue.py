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
