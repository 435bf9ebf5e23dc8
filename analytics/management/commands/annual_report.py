"""manage.py annual_report --year 2025 --out reports/"""

from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from analytics import report

STEPS = ("frames", "figures", "charts", "docx", "pdf")


class Command(BaseCommand):
    help = (
        "Write the training and law-education part of the annual report (.docx, .pdf)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--out", type=Path, required=True, help="output directory")

    def handle(self, *args, year, out, **options):
        bar = tqdm(total=len(STEPS), desc=f"{year}", unit="step", file=self.stderr)

        def step(name):
            bar.set_postfix_str(name)
            bar.update(1)

        built = report.build(year, progress=step)
        out.mkdir(parents=True, exist_ok=True)
        stem = out / f"annual-report-training-{year}"
        step("docx")
        docx = report.write_docx(built, stem.with_suffix(".docx"))
        step("pdf")
        pdf = report.write_pdf(built, stem.with_suffix(".pdf"))
        bar.close()
        self.stdout.write(self.style.SUCCESS(f"{docx}\n{pdf}"))
