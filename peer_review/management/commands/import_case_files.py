from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from peer_review import importer, services


class Command(BaseCommand):
    help = "Import case files (执法案卷) from an .xlsx register, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx file in the layout of the template")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate only, import nothing"
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            frame = importer.read_workbook(file)
        except (OSError, ValueError) as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}
            ) from error
        rows, errors = importer.validate(frame)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(n)s errors: nothing was imported.") % {"n": len(errors)}
            )
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(_("%(n)s rows are valid.") % {"n": len(rows)})
            )
            return
        created = services.casefiles_import(rows=rows)
        self.stdout.write(
            self.style.SUCCESS(_("Imported %(n)s case files.") % {"n": len(created)})
        )
