"""schema.org `MedicalWebPage` data for a page: one builder for the JSON-LD block in each
page's head and for the content API."""

import hashlib
import re

_TOP_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)</h2>', re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def version_of(document) -> str:
    """A short hash of what a reader sees, so a printed or cached copy can be matched."""
    digest = hashlib.sha256()
    for part in (document.title, document.summary, str(document.reviewed), *document.key_points):
        digest.update(part.encode())
    for html in document.html_by_region.values():
        digest.update(html.encode())
    for source in document.sources:
        digest.update(f"{source.title}|{source.url}".encode())
    return digest.hexdigest()[:10]


def medical_web_page(document, url: str) -> dict:
    """The page's metadata as schema.org MedicalWebPage."""
    return {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": document.title,
        "headline": document.title,
        "description": document.summary,
        "url": url,
        "inLanguage": getattr(document, "language", "en"),
        "lastReviewed": document.reviewed.isoformat(),
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "about": {"@type": "MedicalTherapy", "name": "Mesotherapy"},
        "publisher": {"@type": "Organization", "name": "Mesoguide"},
        "citation": [
            {
                "@type": "CreativeWork",
                "name": source.title,
                "url": source.url,
                "datePublished": str(source.year),
                "publisher": {"@type": "Organization", "name": source.publisher},
                **({"author": source.authors} if source.authors else {}),
            }
            for source in document.sources
        ],
    }


def sections_of(body_html: str, url: str) -> list[dict]:
    """The body split at its `##` headings: [{"id", "name", "url", "html"}, ...]."""
    parts = []
    matches = list(_TOP_HEADING.finditer(body_html))
    intro = body_html[: matches[0].start()] if matches else body_html
    if intro.strip():
        parts.append({"id": "", "name": "", "url": url, "html": intro.strip()})
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body_html)
        parts.append(
            {
                "id": match.group(1),
                "name": _TAGS.sub("", match.group(2)).strip(),
                "url": f"{url}#{match.group(1)}",
                "html": body_html[match.end() : end].strip(),
            }
        )
    return parts
