"""`python manage.py purgefeedback --older-than DAYS`: delete answers past the retention period."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.models import Feedback


class Command(BaseCommand):
    help = (
        "Delete reader feedback older than DAYS days (default: MESOGUIDE_FEEDBACK_RETENTION_DAYS, "
        "the period stated on the privacy page). Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            metavar="DAYS",
            default=settings.MESOGUIDE_FEEDBACK_RETENTION_DAYS,
            help="delete answers given more than DAYS days ago "
            f"(default {settings.MESOGUIDE_FEEDBACK_RETENTION_DAYS})",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="only say how many would be deleted"
        )

    def handle(self, *args, **options):
        days = options["older_than"]
        if days < 0:
            raise CommandError("--older-than must be 0 or more days")
        cutoff = datetime.date.today() - datetime.timedelta(days=days)
        old = Feedback.objects.filter(date__lt=cutoff)
        if options["dry_run"]:
            self.stdout.write(f"Would delete {old.count()} answers from before {cutoff}.")
            return
        deleted, _ = old.delete()
        self.stdout.write(
            f"Deleted {deleted} answers from before {cutoff} (older than {days} days)."
        )
