"""The open content API (v1): every published page as JSON, keyless and read-only.

Within v1, fields are only ever added, never renamed or removed, and their meaning does not
change; anything else becomes v2 at a new address. See README, "Content API".
"""

import json
from pathlib import Path

from django.conf import settings
from django.http import Http404, JsonResponse

from mesoguide.caching import public_page, set_last_modified
from mesoguide.context_processors import absolute_url

from .content import get_registry
from .content.regions import region_for
from .structured_data import medical_web_page, sections_of, version_of

SCHEMA_DIR = Path(__file__).parent / "schemas"


def _json(request, data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Keyless and read-only: any site may read it from a browser.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _summary(request, document) -> dict:
    return {
        "url": absolute_url(request, document.url),
        "api_url": absolute_url(request, f"/api/v1/pages{document.url}"),
        "title": document.title,
        "summary": document.summary,
        "kind": document.kind,
        "section": document.section,
        "language": "en",
        "last_reviewed": document.reviewed.isoformat(),
        "next_review": document.next_review.isoformat(),
        "version": version_of(document),
    }


@public_page
def page_list(request):
    registry = get_registry()
    documents = sorted(registry.documents.values(), key=lambda d: d.url)
    data = {
        "api_version": "1",
        "pages": [_summary(request, document) for document in documents],
        "licence": "https://creativecommons.org/licenses/by-nd/4.0/",
    }
    response = _json(request, data)
    return set_last_modified(response, registry.last_reviewed)


@public_page
def page_detail(request, page_path):
    registry = get_registry()
    document = registry.documents.get(f"/{page_path}")
    if document is None:
        raise Http404("No such page")
    url = absolute_url(request, document.url)
    body = document.html_for(region_for(None, settings.MESOGUIDE_REGION, document.language).code)
    data = {
        **medical_web_page(document, url),
        **_summary(request, document),
        "keyPoints": list(document.key_points),
        "hasPart": [{"@type": "WebPageElement", **section} for section in sections_of(body, url)],
        "changeNotes": [
            {"date": c.date.isoformat(), "summary": c.summary, "type": c.type}
            for c in document.changes
        ],
        "clinicalReview": (
            {
                "name": document.clinical_review.name,
                "role": document.clinical_review.role,
                "registration": document.clinical_review.registration,
                "date": document.clinical_review.date.isoformat(),
            }
            if document.clinical_review
            else None
        ),
        "emergencyRegion": settings.MESOGUIDE_REGION,
    }
    response = _json(request, data)
    return set_last_modified(response, document.reviewed)


@public_page
def schema(request, name):
    path = SCHEMA_DIR / f"{name}.json"
    if name not in {"page-list", "page"} or not path.is_file():
        raise Http404("No such schema")
    return _json(request, json.loads(path.read_text(encoding="utf-8")))
