from django.core.management.base import BaseCommand

from quizzes import services


class Command(BaseCommand):
    help = (
        "交卷截止已过的作答自动收卷评分（可并发运行）。"
        "Grade and close every attempt whose deadline has passed; safe to run twice at once."
    )

    def handle(self, *args, **options):
        count = services.attempts_finalise_overdue()
        self.stdout.write(self.style.SUCCESS(f"已自动收卷 {count} 份。"))
