"""System checks: every document's URL must lead to the view that serves its kind."""

from django.core import checks

from articles.content import get_registry
from articles.content.urls import url_name, view_name


@checks.register(checks.Tags.urls)
def documents_resolve_to_their_views(app_configs=None, **kwargs):
    """An Error for each document, checklist or tool whose URL the URLconf sends elsewhere."""
    registry = get_registry()
    errors = []
    items = [*registry.documents.values(), *registry.checklists.values()]
    for item in [*items, *registry.tools.values()]:
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
