"""`python manage.py checkcontent`: every problem in content/, one `path:line: message` a line."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles import content
from articles.content import published, readability

DUE_SOON_DAYS = 30


class Command(BaseCommand):
    help = (
        "Validate every file in the content folder. Prints path:line: message for each "
        "problem and exits with status 1 if there is any error (warnings alone exit 0)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grades", action="store_true", help="also print each page's reading grade"
        )
        parser.add_argument("--content-dir", help="check this folder instead of the setting")
        parser.add_argument(
            "--due",
            action="store_true",
            help="list pages overdue for review, due within 30 days, and without clinical review",
        )

    def handle(self, *args, **options):
        content_dir = Path(options["content_dir"] or settings.MESOGUIDE_CONTENT_DIR)
        if not content_dir.is_dir():
            raise CommandError(f"{content_dir}: no such content folder")
        registry = content.load(content_dir, include_drafts=True, log=False)
        editions = registry.editions.values() or (registry,)
        items = [
            *registry.every_document,
            *(c for edition in editions for c in edition.checklists.values()),
            *(t for edition in editions for t in edition.tools.values()),
        ]  # fmt: skip
        problems = list(registry.problems)
        for item in items:
            line = getattr(item, "body_line", 1)
            problem = readability.score_problem(item, line)
            if problem:
                problems.append(problem)
        problems += _against_published_record(registry, content_dir)
        for problem in sorted(problems, key=lambda p: (str(p.path), p.line)):
            self.stdout.write(str(_relative(problem, content_dir)))
        if options["grades"]:
            self._grades(registry, content_dir)
        if options["due"]:
            self._print_due(items, content_dir)
        errors = sum(1 for p in problems if p.is_error)
        warnings = len(problems) - errors
        summary = f"{len(items)} files valid, {errors} errors, {warnings} warnings"
        if errors:
            self.stderr.write(summary)
            raise SystemExit(1)
        self.stdout.write(summary)

    def _grades(self, registry, content_dir):
        for document in sorted(registry.every_document, key=lambda d: str(d.path)):
            self.stdout.write(
                f"{_relpath(document.path, content_dir)}: {_score(document)}, "
                f"{len(document.sources)} sources"
            )
        for edition in registry.editions.values() or (registry,):
            for checklist in edition.checklists.values():
                self.stdout.write(
                    f"{_relpath(checklist.path, content_dir)}: {_score(checklist)}, "
                    f"{len(checklist.questions)} questions, {len(checklist.sources)} sources"
                )
            for tool in edition.tools.values():
                self.stdout.write(
                    f"{_relpath(tool.path, content_dir)}: {_score(tool)}, "
                    f"{len(tool.fields)} fields, {len(tool.sources)} sources"
                )

    def _print_due(self, items, content_dir):
        today = datetime.date.today()
        soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
        items = sorted(items, key=lambda item: (item.next_review, str(item.path)))
        groups = {
            "Overdue for review": [i for i in items if i.next_review < today],
            f"Due within {DUE_SOON_DAYS} days": [
                i for i in items if today <= i.next_review <= soon
            ],
            "No clinical review recorded": [
                i for i in items if getattr(i, "clinical_review", None) is None
            ],
        }
        for heading, group in groups.items():
            self.stdout.write(f"{heading}: {len(group)}")
            for item in group:
                self.stdout.write(
                    f"  {_relpath(item.path, content_dir)}: next review {item.next_review}"
                )


def _against_published_record(registry, content_dir: Path) -> list:
    """Text changed without a change note, or a published section anchor gone."""
    pages, problem = published.read_record(content_dir)
    if problem:
        return [content.ContentProblem(published.record_path(content_dir), 1, problem)]
    if pages is None:
        return []  # a folder that was never published (the real one has a record: tests say so)
    found = []
    for document in registry.every_document:
        for line, message, severity in published.check_document(document, pages.get(document.url)):
            found.append(content.ContentProblem(document.path, line, message, severity))
    return found


def _score(item) -> str:
    """The reading score checkcontent holds a page to: FK grade, or INFLESZ in Spanish."""
    if getattr(item, "language", "en") == "es":
        return f"INFLESZ {item.reading_ease:.1f}"
    return f"grade {item.grade:.1f}"


def _relpath(path: Path, content_dir: Path) -> str:
    try:
        return str(Path(content_dir.name) / path.relative_to(content_dir))
    except ValueError:
        return str(path)


def _relative(problem, content_dir):
    return content.ContentProblem(
        Path(_relpath(problem.path, content_dir)), problem.line, problem.message, problem.severity
    )
