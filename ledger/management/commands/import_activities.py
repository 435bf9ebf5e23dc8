"""python manage.py import_activities FILE [--dry-run]"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from ledger.importer import import_activities


class Command(BaseCommand):
    help = "Import past law-education activities from an Excel file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx file in the activity template")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every row, write nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        with translation.override(settings.LANGUAGE_CODE):
            result = import_activities(file, dry_run=dry_run)
            if result.file_error:
                raise CommandError(result.file_error)
            if not result.ok:
                for error in result.errors:
                    self.stderr.write(str(error))
                raise CommandError(
                    _("%(count)s problems found; nothing was imported.")
                    % {"count": len(result.errors)}
                )
            if dry_run:
                message = _("%(rows)s rows are valid (dry run: nothing written).")
            else:
                message = _("%(rows)s activities imported.")
            self.stdout.write(self.style.SUCCESS(message % {"rows": result.rows}))
