"""Top-level URLs. Site pages (/<slug>/) come last so every fixed path wins."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from articles import handouts
from articles.feeds import ChangesFeed
from articles.sitemaps import SITEMAPS as ARTICLE_SITEMAPS
from checklists.sitemaps import SITEMAPS as CHECKLIST_SITEMAPS

from . import views
from .caching import public_page

# Every app provides its own part of the sitemap.
SITEMAPS = {**ARTICLE_SITEMAPS, **CHECKLIST_SITEMAPS}

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("feed/", public_page(ChangesFeed()), name="feed"),
    path("qr/", views.qr_code, name="qr-home"),
    path("qr/<path:page_path>", views.qr_code, name="qr"),
    path("", include("articles.urls")),
    path(
        "checklists/<slug:slug>/handout.pdf",
        lambda request, slug: handouts.handout_view(request, f"/checklists/{slug}/"),
        name="checklist-handout",
    ),
    path("checklists/", include("checklists.urls")),
    path("after-treatment/", include("checklists.tool_urls")),
    path("<slug:slug>/", views.page, name="page"),
]
if settings.ADMIN_ENABLED:
    from django.contrib import admin

    # Before the site pages, which would otherwise take /admin/ as a page slug.
    urlpatterns.insert(-1, path("admin/", admin.site.urls))
