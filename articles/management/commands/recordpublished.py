"""`python manage.py recordpublished`: write content/published.json from the content as it is.

Run it after adding a change note, or after deliberately removing a section, so that
`checkcontent` compares later edits with what readers see now.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles import content
from articles.content import published


class Command(BaseCommand):
    help = "Record each published page's text hash, change-note count and section anchors."

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", help="record this folder instead of the setting")

    def handle(self, *args, **options):
        content_dir = Path(options["content_dir"] or settings.MESOGUIDE_CONTENT_DIR)
        if not content_dir.is_dir():
            raise CommandError(f"{content_dir}: no such content folder")
        registry = content.load(content_dir, include_drafts=False, log=False)
        if registry.errors:
            for problem in registry.errors:
                self.stderr.write(str(problem))
            raise CommandError("fix the errors above first: a broken page cannot be recorded")
        path = published.write_record(registry, content_dir)
        self.stdout.write(f"recorded {len(registry.every_document)} pages in {path}")
