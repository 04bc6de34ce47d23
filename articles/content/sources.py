"""The `sources:` list every medical page and checklist carries: what a source must say."""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

from .problems import Problems

SOURCE_TYPES = frozenset(
    {
        "regulator", "outbreak-report", "systematic-review", "trial", "study", "case-report",
        "review", "guideline", "professional-body", "news", "other",
    }
)  # fmt: skip
STRONG_SOURCE_TYPES = frozenset({"regulator", "outbreak-report", "systematic-review"})
MIN_SOURCES = 3
# Copies, caches and document-sharing sites: cite the original publication instead.
MIRROR_HOSTS = frozenset(
    {
        "scribd.com", "doczz.fr", "doczz.it", "doczz.net", "docksci.com", "studyres.com",
        "slideum.com", "kipdf.com", "blogspot.com", "webarchive.library.unt.edu",
        "web.archive.org", "archive.org", "archive.ph", "vdocuments.us", "vdocuments.site",
        "vdocuments.mx", "content.govdelivery.com", "litmetric.com", "ngdc.cncb.ac.cn",
        "ouci.dntb.gov.ua", "proxy.weglot.com", "pesquisa.bvsalud.org", "em-doctors.com",
        "drpharmacy.uk", "iiab.me", "tressless.com", "slideshare.net", "issuu.com",
        "pdfcoffee.com", "dokumen.pub", "academia.edu", "researchgate.net", "coursehero.com",
        "studocu.com", "yumpu.com", "docplayer.net", "sciencegate.app", "biocloudy.com",
        "semanticscholar.org",
    }
)  # fmt: skip
SOURCE_KEYS = frozenset({"title", "authors", "publisher", "year", "url", "type", "key", "language"})
# A source's language, as an ISO 639-1 code; English when not given (most of the literature).
SOURCE_LANGUAGE_RE = re.compile(r"^[a-z]{2}$")
# Shown beside a source whose language is not the page's (translated when the page is shown).
LANGUAGE_NOTES = {
    "en": _("in English"),
    "es": _("in Spanish"),
    "fr": _("in French"),
    "pt": _("in Portuguese"),
    "de": _("in German"),
    "it": _("in Italian"),
}
SOURCE_KEY_RE = re.compile(r"^[a-z][a-z0-9-]{0,40}$")
REQUIRED_KEYS = ("title", "publisher", "year", "url", "type")
FIRST_YEAR = 1900


@dataclass(frozen=True)
class Source:
    number: int
    title: str
    publisher: str
    year: int
    url: str
    type: str
    authors: str = ""
    key: str = ""  # optional name for `[^key]` citations (snippets must cite this way)
    language: str = "en"  # the publication's language: a translated page says "(in English)"

    @property
    def language_note(self) -> str:
        """ "in English", "in French"... in the reader's language ("" for an unlisted one)."""
        return str(LANGUAGE_NOTES.get(self.language, ""))


def is_mirror(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == mirror or host.endswith("." + mirror) for mirror in MIRROR_HOSTS)


def _url_problem(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        return "url must be a full https:// address"
    if is_mirror(url):
        return (
            f"{parts.hostname} is a mirror or copy; "
            "cite the original publication (journal, DOI, PubMed or the regulator's site)"
        )
    return ""


def _shape_problem(item) -> str:
    """What makes an item unusable as a source at all ('' when its fields can be read)."""
    if not isinstance(item, dict):
        return "must have title, publisher, year, url, type"
    missing = [key for key in REQUIRED_KEYS if key not in item]
    if missing:
        return f"missing {', '.join(missing)}"
    if not all(isinstance(item[k], str) and item[k].strip() for k in ("title", "publisher", "url")):
        return "title, publisher and url must be text"
    if not isinstance(item.get("authors", ""), str):
        return "authors must be text"
    if isinstance(item["year"], bool) or not isinstance(item["year"], int):
        return "year must be a number such as 2014"
    return ""


def _value_problems(item: dict) -> list[str]:
    found = []
    if not FIRST_YEAR <= item["year"] <= datetime.date.today().year + 1:
        found.append(f"year {item['year']} is not plausible")
    if item["type"] not in SOURCE_TYPES:
        kind = str(item["type"])[:40]
        found.append(f"type {kind!r} is not one of {', '.join(sorted(SOURCE_TYPES))}")
    if problem := _url_problem(item["url"]):
        found.append(problem)
    language = item.get("language", "en")
    if not isinstance(language, str) or not SOURCE_LANGUAGE_RE.match(language):
        found.append(f"language {str(language)[:20]!r}: use a two-letter code such as es or fr")
    return found


def _key(check: Problems, item: dict, where: str, line: int, taken) -> str:
    key = item.get("key", "")
    if key and (not isinstance(key, str) or not SOURCE_KEY_RE.match(key)):
        check.error("sources", f"{where}: key {str(key)[:40]!r}: use lower-case letters, digits, -",
                    line)  # fmt: skip
        return ""
    if key and key in taken:
        check.error("sources", f"{where}: key {key!r} is used by another source", line)
        return ""
    return key


def _source(check: Problems, number: int, item, line: int, taken=()) -> Source | None:
    where = f"sources[{number}]"
    if isinstance(item, dict):
        for key in sorted(set(map(str, item)) - SOURCE_KEYS):
            check.error("sources", f"{where}: unknown key {key!r}", line)
    if shape := _shape_problem(item):
        check.error("sources", f"{where}: {shape}", line)
        return None
    for problem in _value_problems(item):
        check.error("sources", f"{where}: {problem}", line)
    return Source(
        number, " ".join(item["title"].split()), item["publisher"].strip(), item["year"],
        item["url"].strip(), item["type"], " ".join(item.get("authors", "").split()),
        _key(check, item, where, line, taken), _language(item),
    )  # fmt: skip


def _language(item: dict) -> str:
    language = item.get("language", "en")
    return language if isinstance(language, str) and SOURCE_LANGUAGE_RE.match(language) else "en"


def sources(check: Problems, data: dict, lines: list[int]) -> tuple[Source, ...]:
    """Every valid source in `sources:`; `lines` holds the line of each item."""
    value = data.get("sources", [])
    if not isinstance(value, list):
        check.error("sources", "sources: must be a list")
        return ()
    found = []
    for number, item in enumerate(value, start=1):
        line = lines[number - 1] if number <= len(lines) else check.line("sources")
        source = _source(check, number, item, line, {s.key for s in found if s.key})
        if source:
            found.append(source)
    return tuple(found)


def strong_enough(check: Problems, data: dict, found: tuple[Source, ...]):
    """A medical page needs at least three sources, one of them strong."""
    if "sources" not in data:
        check.error("sources", "sources: required on every article and the warning-signs page")
        return
    if found and len(found) < MIN_SOURCES:
        check.error("sources", f"sources: at least {MIN_SOURCES} needed, found {len(found)}")
    if found and not any(s.type in STRONG_SOURCE_TYPES for s in found):
        check.error(
            "sources",
            "sources: at least one must be a regulator, outbreak-report or systematic-review",
        )
