"""The interface catalogues (locale/<lang>/LC_MESSAGES/django.po): what to scan, how to compile.

Compiling uses polib, so the build needs no system gettext; only `updatetranslations` (which
runs Django's makemessages) needs xgettext, and only on an editor's machine or in CI.
"""

from pathlib import Path

import polib
from django.conf import settings

# The catalogue's languages (English is the source) and what makemessages must not scan.
CATALOGUE_LANGUAGES = ("es",)
IGNORE = ("tests/*", "bench/*", "staticfiles/*", "mutants/*", "locale/*")
MAKEMESSAGES_OPTIONS = {
    "locale": list(CATALOGUE_LANGUAGES),
    "ignore_patterns": list(IGNORE),
    "no_obsolete": True,
    "add_location": "file",  # file names only: line numbers would churn every small edit
    "verbosity": 0,
}


def catalogues() -> list[Path]:
    """Every .po file under LOCALE_PATHS."""
    found = (Path(root).glob("*/LC_MESSAGES/*.po") for root in settings.LOCALE_PATHS)
    return sorted(path for paths in found for path in paths)


def problems(po: polib.POFile) -> list[str]:
    """Entries a reader would see in English: untranslated or fuzzy (obsolete ones are unused)."""
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            found.append(f"untranslated: {entry.msgid!r}")
    if po.metadata_is_fuzzy:
        found.append("the header is marked fuzzy")
    return found


def compile_catalogue(path: Path) -> Path:
    """Write the .mo beside the .po; fuzzy entries are left out, as msgfmt does."""
    po = polib.pofile(str(path))
    for entry in po.fuzzy_entries():
        po.remove(entry)
    mo = path.with_suffix(".mo")
    po.save_as_mofile(str(mo))
    return mo
