"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib (no system gettext needed)."""

import polib
from django.core.management.base import BaseCommand, CommandError

from mesoguide.translations import catalogues, compile_catalogue, problems


class Command(BaseCommand):
    help = "Compile the interface translations (.po to .mo). make run, test and serve do this."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail if an entry is untranslated or fuzzy."
        )

    def handle(self, *args, check=False, **options):
        paths = catalogues()
        if not paths:
            raise CommandError("No .po file under LOCALE_PATHS: nothing to compile.")
        failures = []
        for path in paths:
            try:
                compile_catalogue(path)
            except (OSError, ValueError) as exc:
                raise CommandError(f"{path}: cannot be read or compiled: {exc}") from exc
            if check:
                failures += [f"{path}: {p}" for p in problems(polib.pofile(str(path)))]
            if options["verbosity"] > 1:
                self.stdout.write(f"Compiled {path}")
        if failures:
            raise CommandError("\n".join(failures))
