"""The checklists' part of sitemap.xml: the list and every checklist."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.content import get_registry


class ChecklistSitemap(Sitemap):
    protocol = "https"

    def items(self):
        return ["checklists:list", *get_registry().checklists.values()]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.url

    def lastmod(self, item):
        checklists = get_registry().checklists.values()
        if isinstance(item, str):
            return max((c.reviewed for c in checklists), default=None)
        return item.reviewed


SITEMAPS = {"checklists": ChecklistSitemap}
