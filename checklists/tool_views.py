"""After-treatment tool views: the index, a form that prints a letter or record, and the diary."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from articles import editions
from articles.content import get_registry
from mesoguide.caching import public_page, set_last_modified

from .tool_forms import ToolForm, answers
from .views import answer_form

RESULT_TEMPLATES = {
    "letter": "checklists/tool_letter.html",
    "record": "checklists/tool_record.html",
}


def _tool(slug, kinds):
    tool = get_registry().tools.get(slug)
    if tool is None or tool.kind not in kinds:
        raise Http404("No such tool")
    return tool


@public_page
@require_GET
def tool_list(request):
    tools = list(get_registry().tools.values())
    response = render(request, "checklists/tool_list.html", {"tools": tools})
    newest = max((t.reviewed for t in tools), default=datetime.date.today())
    return set_last_modified(response, newest)


@csrf_exempt  # the middleware looks at this view; the form below explains why
def tool_page(request, slug):
    """One URL per tool: the diary is a public page; a letter or record is a private form."""
    tool = get_registry().tools.get(slug)
    if tool is None:
        return editions.english_only(request, "tool", slug)
    return (_diary if tool.kind == "diary" else _form)(request, slug=slug)


@answer_form
def _form(request, slug):
    tool = _tool(slug, {"letter", "record"})
    context = {"tool": tool, "document": tool}
    if request.method == "POST":
        form = ToolForm(tool, data=request.POST)
        if form.is_valid():
            return _result(request, tool, answers(tool, form.cleaned_data))
    else:
        form = ToolForm(tool)
    return render(request, "checklists/tool_form.html", context | {"form": form})


@public_page
@require_GET
def _diary(request, slug):
    tool = _tool(slug, {"diary"})
    context = {"tool": tool, "document": tool, "rows": range(1, tool.rows + 1)}
    return render(request, "checklists/tool_diary.html", context)


@public_page
@require_GET
def tool_blank(request, slug):
    """A record with every line empty, to print and take to the appointment."""
    tool = _tool(slug, {"record"})
    return _result(request, tool, answers(tool, {}), blank=True)


def _result(request, tool, filled, blank=False):
    context = {
        "tool": tool, "document": tool, "answers": filled, "blank": blank,
        "printed_on": datetime.date.today(),
    }  # fmt: skip
    return render(request, RESULT_TEMPLATES[tool.kind], context)
