"""manage.py annual_report --year 2025 --out reports/"""

import argparse
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from analytics import document, report

STEPS = ("frames", "figures", "charts", "docx", "pdf")


def _year(value: str) -> int:
    try:
        return report.validate_year(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def out_dir(value) -> Path:
    """The output directory, created when missing; a Chinese CommandError when it
    is a file, cannot be created or cannot be written — before any work is done."""
    path = Path(value).expanduser()
    if path.exists() and not path.is_dir():
        raise CommandError(f"输出位置“{path}”是一个文件，不是目录。")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CommandError(
            f"无法创建输出目录“{path}”：{error.strerror or error}。"
        ) from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise CommandError(f"输出目录“{path}”不可写入。")
    return path


class Command(BaseCommand):
    help = "生成年度报告中培训与普法部分（.docx 与 .pdf，按 GB/T 9704 版式）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=_year, required=True, help="报告年份，如 2025"
        )
        parser.add_argument("--out", required=True, help="输出目录（不存在时创建）")

    def handle(self, *args, year, out, **options):
        year = _year(year) if not isinstance(year, int) else year
        try:
            year = report.validate_year(year)
        except ValueError as error:
            raise CommandError(str(error)) from None
        directory = out_dir(out)
        bar = tqdm(total=len(STEPS), desc=f"{year}", unit="步", file=self.stderr)

        def step(name):
            bar.set_postfix_str(name)
            bar.update(1)

        try:
            built = report.build(year, progress=step)
        except report.EmptyYear as error:
            bar.close()
            raise CommandError(str(error)) from None
        stem = directory / report.file_stem(year)
        try:
            step("docx")
            docx = document.write_docx(built, stem.with_suffix(".docx"))
            step("pdf")
            pdf = document.write_pdf(built, stem.with_suffix(".pdf"))
        except OSError as error:
            raise CommandError(
                f"写入“{directory}”失败：{error.strerror or error}。"
            ) from None
        finally:
            bar.close()
        self.stdout.write(self.style.SUCCESS(f"已生成：\n{docx}\n{pdf}"))
