"""Translations: which English page a file in content/<language>/ translates, and whether the
English has moved on since.

A translation names its English page (`translation_of: /articles/slow-infections/`) and, written
by `manage.py recordtranslation`, the version it was made from: the English text hash and how
many change notes the English page had then. When the English text hash differs, the site pass
warns the editor, listing the English change notes added since, and the translated page tells
its reader, with a link to the English.
"""

import datetime
import re
from dataclasses import dataclass

from . import fields, languages
from .problems import ContentProblem, Problems

KEYS = frozenset({"translation_of", "english_hash", "english_changes"})
_HASH = re.compile(r"^[0-9a-f]{16}$")
RECORD_COMMAND = "python manage.py recordtranslation"


@dataclass(frozen=True)
class TranslationOf:
    """What a translated file says about its English page."""

    english_url: str
    english_hash: str = ""  # "" until recordtranslation has recorded a version
    english_changes: int = 0


@dataclass(frozen=True)
class Staleness:
    """The English page changed after the translation was made."""

    english_url: str
    updated: datetime.date  # when the English page last changed (its newest change note)
    new_notes: tuple[str, ...] = ()  # summaries of the English change notes added since


def parse(check: Problems, data: dict, language: str) -> TranslationOf | None:
    """The `translation_of` keys: required in a translation, not allowed in an English file."""
    if language == languages.DEFAULT:
        for key in sorted(KEYS & set(map(str, data))):
            check.error(key, f"{key}: only a translation (a file in content/es/) has this key")
        return None
    url = data.get("translation_of")
    if not isinstance(url, str) or not re.fullmatch(r"/(?:[a-z0-9-]+/)*", url.strip()):
        check.error(
            "translation_of",
            "translation_of: required: the English page's address, such as "
            "/articles/slow-infections/",
        )
        return None
    recorded = data.get("english_hash")
    if recorded is not None and (not isinstance(recorded, str) or not _HASH.match(recorded)):
        check.error("english_hash", f"english_hash: not a recorded version: run {RECORD_COMMAND}")
        recorded = ""
    changes = fields.whole_number(check, data, "english_changes", 0) if recorded else 0
    return TranslationOf(url.strip(), recorded or "", changes)


def pair(items) -> tuple[dict[str, str], dict[str, Staleness], list[ContentProblem]]:
    """Match every translation to its English page, in one pass over all editions' items.

    Returns the counterpart of each URL (both ways), the stale translations by URL, and
    the problems: a missing or wrong English page, two translations of one page, an
    unrecorded version (warning) and a stale one (warning).
    """
    by_url = {item.url: item for item in items}
    counterparts: dict[str, str] = {}
    stale: dict[str, Staleness] = {}
    problems: list[ContentProblem] = []

    def problem(item, key, message, severity="error"):
        line = item.key_lines.get(key, 1)
        problems.append(ContentProblem(item.path, line, message, severity))

    for item in items:
        found = getattr(item, "translation", None)
        if found is None:
            continue
        english = by_url.get(found.english_url)
        if english is None or english.language != languages.DEFAULT:
            problem(item, "translation_of", f"translation_of: no English page {found.english_url}")
        elif english.kind != item.kind:
            message = f"translation_of: {found.english_url} is a {english.kind}, not a {item.kind}"
            problem(item, "translation_of", message)
        elif english.url in counterparts and counterparts[english.url].startswith(
            f"/{item.language}/"
        ):
            other = by_url[counterparts[english.url]].path.name
            message = f"translation_of: {found.english_url} is already translated by {other}"
            problem(item, "translation_of", message)
        else:
            counterparts[english.url] = item.url
            counterparts[item.url] = english.url
            # Pages an item serves besides its own (a record's blank copy) pair up too.
            for own, theirs in zip(
                getattr(item, "extra_urls", ()), getattr(english, "extra_urls", ()), strict=False
            ):
                counterparts[own], counterparts[theirs] = theirs, own
            _version(item, english, found, stale, problem)
    return counterparts, stale, problems


def _version(item, english, found: TranslationOf, stale: dict, problem):
    if not found.english_hash:
        problem(item, "translation_of",
                f"the translated version is not recorded: run {RECORD_COMMAND} "
                f"{item.path.name} after checking it matches {english.url}", "warning")  # fmt: skip
        return
    if found.english_hash == english.body_hash:
        return
    changes = getattr(english, "changes", ())
    new = changes[: max(len(changes) - found.english_changes, 0)]
    updated = changes[0].date if changes else english.reviewed
    notes = tuple(change.summary for change in new)
    stale[item.url] = Staleness(english.url, updated, notes)
    what = "; ".join(f"{c.date}: {c.summary}" for c in new) or "no change note says what"
    problem(item, "translation_of",
            f"{english.path.name} ({english.url}) changed since this translation was made "
            f"({what}): update the translation, then run {RECORD_COMMAND} {item.path.name}",
            "warning")  # fmt: skip
