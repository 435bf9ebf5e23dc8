from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from livestreams import services
from livestreams.importers import AttendanceFileError, read_attendance
from livestreams.models import LiveClassPage


class Command(BaseCommand):
    help = (
        "Import attendance exported from an external live platform "
        "(xlsx: 姓名, 企业, 岗位类别, 手机号, 进入时间, 离开时间). Nothing is "
        "written unless every row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("live_class", help="the LiveClassPage id or slug")
        parser.add_argument("file")

    def handle(self, *args, live_class, file, **options):
        translation.activate(settings.LANGUAGE_CODE)
        page = LiveClassPage.objects.filter(
            **({"pk": live_class} if live_class.isdigit() else {"slug": live_class})
        ).first()
        if page is None:
            raise CommandError(_("No live class %s.") % live_class)
        try:
            rows = read_attendance(file)
        except AttendanceFileError as error:
            for line in error.errors:
                self.stderr.write(str(line))
            raise CommandError(
                _("%(n)s problems; nothing was imported.") % {"n": len(error.errors)}
            ) from None
        added = services.attendance_import(live_class=page, rows=rows)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(rows)s rows read, %(added)s sessions added to %(title)s.")
                % {"rows": len(rows), "added": added, "title": page.title}
            )
        )
