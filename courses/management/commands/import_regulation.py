"""Import a regulation's text (Markdown or plain text) as a new version."""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from courses.models import RegulationLevel
from courses.regulation_parser import RegulationFormatError, parse_regulation
from courses.services import regulation_import


class Command(BaseCommand):
    help = (
        "Import a regulation from a text file structured as 第X章 / 第X条; versions "
        "of one title are ordered by their 公布/施行 dates (the latest is in force), "
        "and a text of a version already imported creates no new version."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--key", required=True, help="stable key, e.g. tj-aqsc-tl-2024"
        )
        parser.add_argument(
            "--level",
            choices=RegulationLevel.values,
            default=RegulationLevel.LOCAL_REGULATION,
        )
        parser.add_argument("--issuing-body", default="")
        parser.add_argument("--short-title", default="")
        parser.add_argument("--version-label", default="")
        parser.add_argument(
            "--effective-on",
            type=_day,
            help="施行日期 YYYY-MM-DD, for a text whose header states none "
            "(e.g. 安全生产法 2021: 2021-09-01)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file, write nothing"
        )

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}") from error
        try:
            parsed = parse_regulation(text)
        except RegulationFormatError as error:
            raise CommandError(f"{file}\n{error}") from error
        parsed.stated_effective_on = options.get("effective_on")
        chapters = len({a.chapter_number for a in parsed.articles})
        summary = f"《{parsed.title}》：{chapters} 章，{len(parsed.articles)} 条"
        if options["dry_run"]:
            self.stdout.write(self.style.SUCCESS(f"{summary}（仅检查，未写入）"))
            return
        try:
            regulation, previous, written = regulation_import(
                parsed=parsed,
                key=options["key"],
                level=options["level"],
                issuing_body=options["issuing_body"],
                short_title=options["short_title"],
                version_label=options["version_label"],
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        if regulation.key != options["key"]:
            outcome = (
                f"{written} 条已按导入文本更新或补入"
                if written
                else "条文与已导入文本一致，未作改动"
            )
            self.stdout.write(
                self.style.SUCCESS(
                    f"{summary}：与已导入的 {regulation.key} 为同一版本（公布日期相同），"
                    f"未新建版本；{outcome}"
                )
            )
            return
        if regulation.effective_on is None and regulation.promulgated_on is not None:
            self.stdout.write(
                self.style.WARNING(
                    f"文本未载明本版本的施行日期，按公布日期 {regulation.promulgated_on} "
                    "计；如施行日期不同，请用 --effective-on YYYY-MM-DD 指定。"
                )
            )
        if previous is not None:
            summary += f"，取代 {previous}（已标记为已修订）"
        elif regulation.replaced_by_id:
            summary += (
                f"，为较早版本，已标记为已修订（现行版本：{regulation.replaced_by}）"
            )
        self.stdout.write(self.style.SUCCESS(f"{summary}，已导入为 {regulation.key}"))


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"施行日期应写成 YYYY-MM-DD，如 2021-09-01，而不是“{value}”"
        ) from None
