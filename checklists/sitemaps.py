"""The checklists' part of sitemap.xml: each edition's checklists and after-treatment tools."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from articles.content import get_registry
from articles.editions import published


class _EditionSitemap(Sitemap):
    """One kind of item in every published edition, each edition's list page first."""

    protocol = "https"
    list_name = ""  # the URL name of the list page
    attribute = ""  # the registry mapping that holds the items

    def _items_of(self, code):
        return getattr(get_registry(code), self.attribute).values()

    def items(self):
        found = []
        for code in published():
            found += [(self.list_name, code), *self._items_of(code)]
        return found

    def location(self, item):
        if isinstance(item, tuple):
            name, code = item
            with translation.override(code):
                return reverse(name)
        return item.url

    def lastmod(self, item):
        if isinstance(item, tuple):
            default = get_registry(item[1]).last_reviewed
            return max((i.reviewed for i in self._items_of(item[1])), default=default)
        return item.reviewed


class ChecklistSitemap(_EditionSitemap):
    list_name, attribute = "checklists:list", "checklists"


class ToolSitemap(_EditionSitemap):
    """The after-treatment tools of each edition, with their list page."""

    list_name, attribute = "tools:list", "tools"


SITEMAPS = {"checklists": ChecklistSitemap, "tools": ToolSitemap}
