"""`python manage.py feedbackreport`: per page, yes and no counts, the no-rate, latest comments."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q

from articles.content import get_registry
from articles.models import Feedback


def since_day(value: str) -> datetime.date:
    """`2026-11-01`, or a number of days back from today (`30`)."""
    if value.isdigit():
        return datetime.date.today() - datetime.timedelta(days=int(value))
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--since {value!r}: give a date (2026-11-01) or a number of days"
        ) from None


class Command(BaseCommand):
    help = (
        "Summarise reader feedback: for each page the yes and no answers, the share of no "
        "answers (worst first) and the latest comments."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="only answers from this day on (YYYY-MM-DD) or N days")
        parser.add_argument(
            "--comments", type=int, default=5, help="latest comments shown per page (default 5)"
        )

    def handle(self, *args, **options):
        answers = Feedback.objects.all()
        heading = "Reader feedback, all answers"
        if options["since"]:
            day = since_day(options["since"])
            answers = answers.filter(date__gte=day)
            heading = f"Reader feedback since {day.isoformat()}"
        rows = list(
            answers.values("page")
            .annotate(
                yes=Count("id", filter=Q(answer="yes")), no=Count("id", filter=Q(answer="no"))
            )
            .order_by("page")
        )
        self.stdout.write(heading)
        if not rows:
            self.stdout.write("No answers yet.")
            return
        rows.sort(key=lambda row: (-row["no"] / (row["yes"] + row["no"]), -row["no"], row["page"]))
        width = max(len(row["page"]) for row in rows)
        self.stdout.write(f"{'page':<{width}}  {'yes':>5}  {'no':>5}  {'no-rate':>7}")
        for row in rows:
            rate = row["no"] / (row["yes"] + row["no"])
            self.stdout.write(
                f"{row['page']:<{width}}  {row['yes']:>5}  {row['no']:>5}  {rate:>7.0%}"
            )
        total_yes, total_no = sum(r["yes"] for r in rows), sum(r["no"] for r in rows)
        self.stdout.write(f"{'all pages':<{width}}  {total_yes:>5}  {total_no:>5}  "
                          f"{total_no / (total_yes + total_no):>7.0%}")  # fmt: skip
        self._comments(answers, rows, options["comments"])

    def _comments(self, answers, rows, limit):
        documents = get_registry().documents
        for row in rows:
            latest = answers.filter(page=row["page"]).exclude(comment="")[: max(limit, 0)]
            if not latest:
                continue
            title = documents[row["page"]].title if row["page"] in documents else "(page gone)"
            self.stdout.write(f"\nLatest comments on {row['page']} ({title}):")
            for item in latest:
                text = " ".join(item.comment.split())
                self.stdout.write(f"  {item.date.isoformat()} [{item.answer}] {text}")
