"""System checks: every document's URL must lead to the view that serves its kind."""

from django.core import checks

from articles.content import get_registry, languages
from articles.content.urls import url_name, view_name

# The site pass leaves out a file whose address another view serves; it says so in this words.
SHADOWED = "is already in use by the site"


@checks.register(checks.Tags.urls)
def documents_resolve_to_their_views(app_configs=None, **kwargs):
    """An Error for each document, checklist or tool (of every edition) whose URL the URLconf
    sends elsewhere, and for each file left out because another view has its address."""
    root = get_registry(languages.DEFAULT)
    errors = [
        checks.Error(
            str(problem), hint="Rename the file: a fixed page already has this address.",
            obj=str(problem.path), id="mesoguide.E002",
        )
        for problem in root.problems
        if SHADOWED in problem.message
    ]  # fmt: skip
    items = []
    for edition in root.editions.values() or (root,):
        items += [
            *edition.documents.values(),
            *edition.checklists.values(),
            *edition.tools.values(),
        ]
    for item in items:
        expected, found = url_name(item), view_name(item.url)
        if found != expected:
            errors.append(
                checks.Error(
                    f"{item.url} ({item.path.name}) resolves to {found or 'no view'}, "
                    f"not to {expected}",
                    hint="A URL pattern earlier in the URLconf shadows this page: move it or "
                    "rename the page.",
                    obj=str(item.path),
                    id="mesoguide.E001",
                )
            )
    return errors
