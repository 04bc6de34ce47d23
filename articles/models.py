"""The one thing the site stores: a reader's answer to "Was this page useful?"."""

from django.db import models


class Feedback(models.Model):
    """One answer. Deliberately nothing about the reader: no IP address, browser or cookie."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"

    page = models.CharField(max_length=200, help_text="The page's address, e.g. /articles/history/")
    answer = models.CharField(max_length=3, choices=Answer, help_text="Was this page useful?")
    comment = models.TextField(
        blank=True,
        max_length=1000,
        help_text="What was missing or wrong, contact details removed",
    )
    date = models.DateField(db_index=True, help_text="The day of the answer (never the time)")

    class Meta:
        verbose_name = "reader feedback"
        verbose_name_plural = "reader feedback"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["page", "date"], name="feedback_page_date")]

    def __str__(self):
        return f"{self.page} on {self.date}: {self.answer}"
