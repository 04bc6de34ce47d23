"""The checklists' part of sitemap.xml: each edition's list and every checklist."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from articles.content import get_registry
from articles.editions import published


class ChecklistSitemap(Sitemap):
    protocol = "https"

    def items(self):
        found = []
        for code in published():
            found += [("checklists:list", code), *get_registry(code).checklists.values()]
        return found

    def location(self, item):
        if isinstance(item, tuple):
            name, code = item
            with translation.override(code):
                return reverse(name)
        return item.url

    def lastmod(self, item):
        if isinstance(item, tuple):
            checklists = get_registry(item[1]).checklists.values()
            return max(
                (c.reviewed for c in checklists), default=get_registry(item[1]).last_reviewed
            )
        return item.reviewed


SITEMAPS = {"checklists": ChecklistSitemap}
