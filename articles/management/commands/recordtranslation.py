"""`python manage.py recordtranslation [FILE ...]`: record which version of the English page each
translation was made from.

Run it after a translation has been brought in line with its English page. It writes
`english_hash` (the English text's hash) and `english_changes` (how many change notes the English
page has) under `translation_of:` in each named file, or in every translation when none is named.
From then on `checkcontent` warns, and the translated page tells readers, when the English changes.
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles import content
from articles.content import languages

_RECORDED = re.compile(r"^(english_hash|english_changes):.*\n", re.MULTILINE)
_TRANSLATION_OF = re.compile(r"^translation_of:.*\n", re.MULTILINE)


def record(path: Path, english) -> bool:
    """Write the English version into the translated file; False if it has no translation_of."""
    text = path.read_text(encoding="utf-8")
    text = _RECORDED.sub("", text)
    found = _TRANSLATION_OF.search(text)
    if found is None:
        return False
    version = (
        f"english_hash: {english.body_hash}\n"
        f"english_changes: {len(getattr(english, 'changes', ()))}\n"
    )
    path.write_text(text[: found.end()] + version + text[found.end() :], encoding="utf-8")
    return True


def translations(registry):
    """(translated item, its English item) for every translation that names a real page."""
    english = registry.edition(languages.DEFAULT)
    by_url = {d.url: d for d in english.documents.values()}
    by_url |= {c.url: c for c in [*english.checklists.values(), *english.tools.values()]}
    for language in languages.TRANSLATED:
        edition = registry.edition(language)
        items = [*edition.documents.values(), *edition.checklists.values(), *edition.tools.values()]
        for item in items:
            if item.translation and item.translation.english_url in by_url:
                yield item, by_url[item.translation.english_url]


class Command(BaseCommand):
    help = "Record the English version each translation follows (english_hash, english_changes)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="file names or paths (default: every one)")
        parser.add_argument("--content-dir", help="use this folder instead of the setting")

    def handle(self, *args, **options):
        content_dir = Path(options["content_dir"] or settings.MESOGUIDE_CONTENT_DIR)
        if not content_dir.is_dir():
            raise CommandError(f"{content_dir}: no such content folder")
        registry = content.load(content_dir, include_drafts=True, log=False)
        wanted = {Path(name).name for name in options["files"]}
        done = set()
        for item, english in translations(registry):
            if wanted and item.path.name not in wanted:
                continue
            if record(item.path, english):
                done.add(item.path.name)
                self.stdout.write(f"{item.path.name}: follows {english.url} ({english.body_hash})")
        missing = wanted - done
        if missing:
            names = ", ".join(sorted(missing))
            raise CommandError(
                f"not a translation that loads and names an English page: {names} "
                "(run checkcontent to see why)"
            )
        self.stdout.write(f"recorded {len(done)} translations")
