import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from peer_review import checks, services


class Command(BaseCommand):
    help = "Run the automatic quality checks over every case file and store findings."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        results = services.casefiles_check()
        if options["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        flagged = 0
        for number, findings in results.items():
            found = checks.violations(findings)
            if not found:
                continue
            flagged += 1
            self.stdout.write(number)
            for f in found:
                self.stdout.write(
                    f"  [{f['label']}] {f['legal_basis']}：{f['message']}"
                )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(files)s files checked, %(flagged)s with findings.")
                % {"files": len(results), "flagged": flagged}
            )
        )
        for line in checks.undetermined_summary(results):
            self.stdout.write(line)
