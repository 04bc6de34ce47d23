"""Bring the catalogues up to date with the templates and code (Django's makemessages)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from mesoguide.translations import MAKEMESSAGES_OPTIONS


class Command(BaseCommand):
    help = (
        "Add new interface strings to locale/<lang>/LC_MESSAGES/django.po and drop unused ones "
        "(needs xgettext). Then translate the new entries and run compiletranslations."
    )

    def handle(self, *args, **options):
        call_command("makemessages", **MAKEMESSAGES_OPTIONS)
