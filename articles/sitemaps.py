"""sitemap.xml: every published page with its last review date."""

from django.contrib.sitemaps import Sitemap

from .content import get_registry


class DocumentSitemap(Sitemap):
    protocol = "https"

    def items(self):
        return list(get_registry().documents.values())

    def location(self, item):
        return item.url

    def lastmod(self, item):
        return item.reviewed


class IndexSitemap(Sitemap):
    protocol = "https"

    def items(self):
        return ["/", "/articles/", "/checklists/"]

    def location(self, item):
        return item

    def lastmod(self, item):
        return get_registry().last_reviewed


SITEMAPS = {"index": IndexSitemap, "documents": DocumentSitemap}
