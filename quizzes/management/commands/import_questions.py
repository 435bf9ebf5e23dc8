from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes import services
from quizzes.importing import ImportFileError


class Command(BaseCommand):
    help = (
        "从 Excel 导入题库（全部行无误才写入）。"
        "Import questions from an .xlsx file; nothing is written unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="只检查，不写入 / check only, write nothing",
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {file}：{exc.strerror}") from exc
        try:
            result = services.questions_file_import(data=data, dry_run=dry_run)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(result.errors)} 处错误，未导入任何题目。请修改后重新导入。"
            )
        count = len(result.questions)
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(f"检查通过：{count} 道题可以导入（未写入）。")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"已导入 {count} 道题。"))
