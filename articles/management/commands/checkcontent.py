"""`python manage.py checkcontent`: every problem in content/, one `path:line: message` a line."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles import content


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

    def handle(self, *args, **options):
        content_dir = Path(options["content_dir"] or settings.MESOGUIDE_CONTENT_DIR)
        if not content_dir.is_dir():
            raise CommandError(f"{content_dir}: no such content folder")
        registry = content.load(content_dir, include_drafts=True, log=False)
        items = [*registry.documents.values(), *registry.checklists.values()]
        problems = list(registry.problems)
        for item in items:
            line = getattr(item, "body_line", 1)
            problem = content.grade_problem(item.path, line, item.prose, item.grade)
            if problem:
                problems.append(problem)
        for problem in sorted(problems, key=lambda p: (str(p.path), p.line)):
            self.stdout.write(str(_relative(problem, content_dir)))
        if options["grades"]:
            self._grades(registry, content_dir)
        errors = sum(1 for p in problems if p.is_error)
        warnings = len(problems) - errors
        summary = f"{len(items)} files valid, {errors} errors, {warnings} warnings"
        if errors:
            self.stderr.write(summary)
            raise SystemExit(1)
        self.stdout.write(summary)

    def _grades(self, registry, content_dir):
        for document in sorted(registry.documents.values(), key=lambda d: str(d.path)):
            self.stdout.write(
                f"{_relpath(document.path, content_dir)}: grade {document.grade:.1f}, "
                f"{len(document.sources)} sources"
            )
        for checklist in registry.checklists.values():
            self.stdout.write(
                f"{_relpath(checklist.path, content_dir)}: grade {checklist.grade:.1f}, "
                f"{len(checklist.questions)} questions, {len(checklist.sources)} sources"
            )


def _relpath(path: Path, content_dir: Path) -> str:
    try:
        return str(Path(content_dir.name) / path.relative_to(content_dir))
    except ValueError:
        return str(path)


def _relative(problem, content_dir):
    return content.ContentProblem(
        Path(_relpath(problem.path, content_dir)), problem.line, problem.message, problem.severity
    )
