"""The articles' part of sitemap.xml: each edition's home page, article list and documents."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from .content import get_registry, languages
from .editions import published


class DocumentSitemap(Sitemap):
    protocol = "https"

    def items(self):
        return get_registry(languages.DEFAULT).every_document

    def location(self, item):
        return item.url

    def lastmod(self, item):
        return item.reviewed


class IndexSitemap(Sitemap):
    """The list pages of every edition, as (URL name, language) pairs."""

    protocol = "https"

    def items(self):
        return [(name, code) for code in published() for name in ("home", "articles:list")]

    def location(self, item):
        name, code = item
        with translation.override(code):
            return reverse(name)

    def lastmod(self, item):
        return get_registry(item[1]).last_reviewed


SITEMAPS = {"index": IndexSitemap, "documents": DocumentSitemap}
