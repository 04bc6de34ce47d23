"""The site's URLconf with every reader-facing address under /en/ (the error page must follow it).

`i18n_patterns` may only sit in the root URLconf, so its patterns are moved, not included.
"""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from mesoguide import urls as site

_translated = next(p for p in site.urlpatterns if hasattr(p.pattern, "language_prefix"))
urlpatterns = [p for p in site.urlpatterns if p is not _translated]
urlpatterns += i18n_patterns(
    path("en/", include(_translated.url_patterns)), prefix_default_language=False
)
