"""Top-level URLs. Site pages (/<slug>/) come last so every fixed path wins.

Reader-facing pages are translated (`i18n_patterns`): English at /articles/..., Spanish at
/es/articulos/... The path words are gettext strings (context "URL"); the language is chosen
from the URL alone by `mesoguide.language`, never from headers or cookies.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import pgettext_lazy

from articles import handouts
from articles.content import url_for
from articles.feeds import ChangesFeed
from articles.sitemaps import SITEMAPS as ARTICLE_SITEMAPS
from checklists.sitemaps import SITEMAPS as CHECKLIST_SITEMAPS

from . import views
from .caching import public_page

# Every app provides its own part of the sitemap.
SITEMAPS = {**ARTICLE_SITEMAPS, **CHECKLIST_SITEMAPS}


def checklist_handout(request, slug):
    return handouts.handout_view(request, url_for("checklist", slug))


urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("feed/", public_page(ChangesFeed()), name="feed"),
    path("qr/", views.qr_code, name="qr-home"),
    path("qr/<path:page_path>", views.qr_code, name="qr"),
]
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("", include("articles.urls")),
    path(
        pgettext_lazy("URL", "checklists/<slug:slug>/handout.pdf"),
        checklist_handout,
        name="checklist-handout",
    ),
    path(pgettext_lazy("URL", "checklists/"), include("checklists.urls")),
    path(pgettext_lazy("URL", "after-treatment/"), include("checklists.tool_urls")),
    path("<slug:slug>/", views.page, name="page"),
    prefix_default_language=False,
)
if settings.ADMIN_ENABLED:
    from django.contrib import admin

    # Before the site pages, which would otherwise take /admin/ as a page slug.
    urlpatterns.insert(len(urlpatterns) - 1, path("admin/", admin.site.urls))
