from django.core.management.base import BaseCommand
from django.db import transaction

from demo import (
    accounts,
    analytics,
    courses,
    home,
    ledger,
    livestreams,
    peer_review,
    quizzes,
)

# In order: later parts use what earlier ones made.
PARTS = {
    "people": accounts.seed,
    "home": home.seed,
    "law": courses.seed_law,
    "courses": courses.seed,
    "ledger": ledger.seed,
    "quizzes": quizzes.seed,
    "livestreams": livestreams.seed,
    "peer_review": peer_review.seed,
    "last_year": analytics.seed,
}
# Every other part stands on the people and the law library.
BASE = {"people", "law"}


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，结果相同）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=["small", "bureau"],
            default="small",
            help="small：快速演示；bureau：接近区局实际规模的一年",
        )
        parser.add_argument(
            "--only",
            nargs="+",
            choices=list(PARTS),
            metavar="PART",
            help="只载入这些部分（人员和法规库总会载入）：" + "、".join(PARTS),
        )

    def handle(self, *args, **options):
        wanted = set(options["only"] or PARTS) | BASE
        for name, seed in PARTS.items():
            if name not in wanted:
                continue
            with transaction.atomic():
                seed(log=self._log, size=options["size"])
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))

    def _log(self, message: str) -> None:
        self.stdout.write(f"  {message}")
