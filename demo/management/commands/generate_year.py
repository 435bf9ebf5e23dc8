from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from demo import year as generator

LABELS = {
    "enterprises": "企业 {n} 家",
    "staff": "执法人员 {n} 人",
    "classes": "直播课 {n} 期",
    "viewers": "观众 {n} 人次",
    "sessions": "观看记录 {n} 条",
    "drills": "练兵任务 {n} 个",
    "attempts": "答卷 {n} 份",
    "answers": "作答 {n} 条",
    "case_files": "执法案卷 {n} 卷",
    "reviews": "评查 {n} 份",
    "issues": "评查问题 {n} 项",
    "outreach_events": "送法进企 {n} 场",
    "warning_letters": "提示警示函 {n} 份",
    "other_activities": "其他普法活动 {n} 场",
    "responsibility_items": "普法责任清单 {n} 项",
    "training_sessions": "线下培训 {n} 期",
    "unheld_classes": "未开始直播课 {n} 期",
}


class Command(BaseCommand):
    help = (
        "生成一年的模拟数据（企业、执法人员、直播课、考试与练兵、执法案卷与评查、"
        "普法台账），用于演示、统计分析和性能测试。同一年份重复运行会替换上次生成的数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "year",
            type=int,
            nargs="?",
            default=timezone.localdate().year - 1,
            help="年份（默认去年）",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="规模倍数：1 为区局一年的实际规模（1,500 家企业、60 名执法人员、"
            "12 期直播课），10 为性能测试规模（默认 1）",
        )
        parser.add_argument(
            "--case-files",
            type=int,
            default=None,
            help="执法案卷数（默认 44 × 规模倍数）",
        )
        parser.add_argument(
            "--seed", type=int, default=2025, help="随机种子（相同参数结果相同）"
        )
        parser.add_argument(
            "--modules",
            nargs="+",
            choices=sorted(generator.MODULES),
            help="只生成这些部分（默认全部）",
        )
        parser.add_argument(
            "--existing-enterprises",
            action="store_true",
            help="使用已登记的企业，不另外生成企业",
        )

    def handle(self, *args, **options):
        if options["scale"] <= 0:
            raise CommandError("规模倍数必须大于 0。")
        modules = set(options["modules"] or generator.MODULES)
        stream = self.stderr._out
        # tqdm redraws its line with carriage returns: it writes to the raw stream,
        # not through OutputWrapper (which would end every update with a newline).
        bar = tqdm(
            total=generator.steps(scale=options["scale"], modules=modules),
            desc=f"生成{options['year']}年数据",
            unit="步",
            file=stream,
            disable=options["verbosity"] == 0,
        )
        with bar:
            result = generator.generate(
                year=options["year"],
                scale=options["scale"],
                case_files=options["case_files"],
                seed=options["seed"],
                existing_enterprises=options["existing_enterprises"],
                modules=modules,
                log=lambda message: (
                    bar.write(message, file=stream)
                    if options["verbosity"] > 1
                    else None
                ),
                on_step=bar.update,
            )
        counts = "，".join(
            LABELS.get(name, name + " {n}").format(n=f"{n:,}")
            for name, n in result.counts.items()
        )
        self.stdout.write(
            self.style.SUCCESS(f"已生成{options['year']}年模拟数据：{counts}。")
        )
