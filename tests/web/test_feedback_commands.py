"""The editors' feedback commands: feedbackreport (counts, no-rate, comments) and purgefeedback."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Feedback

pytestmark = [pytest.mark.db, pytest.mark.django_db]

TODAY = datetime.date.today()
FIRST, SECOND = "/articles/first-article/", "/articles/second-article/"


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def add(page, answer, comment="", age=0):
    return Feedback.objects.create(page=page, answer=answer, comment=comment, date=days_ago(age))


def run(name, *args) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def answers(small_site):
    add(FIRST, "yes", age=40)
    add(FIRST, "no", "Old complaint", age=40)
    add(FIRST, "yes", age=1)
    add(SECOND, "no", "Nothing on cost", age=2)
    add(SECOND, "no", "Too  long\nand vague", age=1)
    add(SECOND, "yes", age=0)


def row(report: str, page: str) -> list[str]:
    (line,) = [line for line in report.splitlines() if line.startswith(page + " ")]
    return line.split()


def test_report_counts_yes_and_no_and_the_no_rate_worst_first(answers):
    report = run("feedbackreport")
    assert row(report, FIRST)[1:] == ["2", "1", "33%"]
    assert row(report, SECOND)[1:] == ["1", "2", "67%"]
    assert report.index(SECOND + " ") < report.index(FIRST + " ")  # the worst page first
    assert row(report, "all")[2:] == ["3", "3", "50%"]


def test_report_lists_the_latest_comments_newest_first(answers):
    report = run("feedbackreport")
    block = report[report.index(f"Latest comments on {SECOND} (Second article):") :]
    newest, older = block.splitlines()[1:3]
    assert newest == f"  {days_ago(1).isoformat()} [no] Too long and vague"
    assert older == f"  {days_ago(2).isoformat()} [no] Nothing on cost"
    assert "Old complaint" in report
    assert "Too long and vague" not in run("feedbackreport", "--comments", "0")


def test_report_since_a_day_or_a_number_of_days(answers):
    for since in (days_ago(30).isoformat(), "30"):
        report = run("feedbackreport", "--since", since)
        assert f"since {days_ago(30).isoformat()}" in report
        assert row(report, FIRST)[1:] == ["1", "0", "0%"]
        assert "Old complaint" not in report
    with pytest.raises(CommandError, match="give a date"):
        run("feedbackreport", "--since", "last week")


def test_report_with_no_answers(small_site):
    assert "No answers yet." in run("feedbackreport")


def test_purge_deletes_only_answers_older_than_the_period(answers):
    add(FIRST, "yes", age=30)  # exactly 30 days old: kept
    add(FIRST, "no", age=31)
    assert "Would delete 3 answers" in run("purgefeedback", "--older-than", "30", "--dry-run")
    assert Feedback.objects.count() == 8
    out = run("purgefeedback", "--older-than", "30")
    assert f"Deleted 3 answers from before {days_ago(30)}" in out
    assert sorted(Feedback.objects.values_list("date", flat=True)) == sorted(
        [days_ago(30), days_ago(2), days_ago(1), days_ago(1), days_ago(0)]
    )


def test_purge_defaults_to_the_stated_retention_period(answers, settings):
    add(FIRST, "no", age=366)
    add(FIRST, "no", age=365)
    run("purgefeedback")
    assert not Feedback.objects.filter(date=days_ago(366)).exists()
    assert Feedback.objects.filter(date=days_ago(365)).exists()


def test_purge_refuses_a_negative_period(answers):
    with pytest.raises(CommandError, match="0 or more"):
        run("purgefeedback", "--older-than", "-1")
    assert Feedback.objects.count() == 6
