"""The articles' part of sitemap.xml: the home page, the article list and every document."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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
        return ["home", "articles:list"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return get_registry().last_reviewed


SITEMAPS = {"index": IndexSitemap, "documents": DocumentSitemap}
