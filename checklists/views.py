"""Checklist views: the index, and one URL that shows a checklist (GET) or its result (POST)."""

import datetime

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from articles import editions
from articles.content import get_registry
from mesoguide.caching import memoized_page, public_page, set_last_modified, unreadable_body_is_400

from .definitions import LEVELS, get_checklists
from .evaluation import evaluate
from .forms import ChecklistForm


@public_page
@require_safe
def checklist_list(request):
    checklists = get_checklists().definitions.values()
    response = render(request, "checklists/checklist_list.html", {"checklists": checklists})
    return set_last_modified(response, max((c.reviewed for c in checklists), default=None)
                             or get_registry().last_reviewed)  # fmt: skip


def answer_form(view):
    """A form whose answers are used once and stored nowhere (checklists, after-treatment tools).

    It changes nothing on the server, so there is nothing for a cross-site request to forge:
    exempting it from CSRF means no CSRF cookie is ever set, which keeps the promise that no
    page sets a cookie. The blank form (GET) is the same for everyone and is memoized; answers
    (POST) never are, and are never cached or shown in error reports.
    """
    view = memoized_page(view)
    view = require_http_methods(["GET", "HEAD", "POST"])(view)
    view = unreadable_body_is_400(view)
    view = never_cache(view)
    view = sensitive_post_parameters()(view)
    return csrf_exempt(view)


@answer_form
def checklist_form(request, slug):
    checklist = get_checklists().definitions.get(slug)
    if checklist is None:
        return editions.english_only(request, "checklist", slug)
    registry = get_registry()
    related = registry.related(checklist)
    # `document` lets the shared includes show review dates and sources for the checklist.
    context = {"checklist": checklist, "document": checklist, "related": related}
    if request.method == "POST":
        form = ChecklistForm(checklist, data=request.POST)
        if form.is_valid():
            result = evaluate(checklist, form.cleaned_data)
            context |= {"result": result, "levels": LEVELS, "printed_on": datetime.date.today()}
            return render(request, "checklists/checklist_result.html", context)
    else:
        form = ChecklistForm(checklist)
    context["form"] = form
    return render(request, "checklists/checklist_form.html", context)
