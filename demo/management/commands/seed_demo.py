import importlib
import importlib.util

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "载入演示数据（可重复运行，结果相同）。Load the demo data; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=["small", "bureau"],
            default="small",
            help="small: quick demo; bureau: a year at the bureau's real scale",
        )

    def handle(self, *args, **options):
        # Each module that has demo data keeps it in <app>/demo.py with a seed()
        # function; they run in LOCAL_APPS order, so later ones can use earlier ones.
        for app_label in settings.LOCAL_APPS:
            module_name = f"{app_label}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            with transaction.atomic():
                module.seed(log=self._log, size=options["size"])
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))

    def _log(self, message: str) -> None:
        self.stdout.write(f"  {message}")
