"""The site's URLconf with every address under /en/ (the error page must follow it)."""

from django.urls import include, path

urlpatterns = [path("en/", include("mesoguide.urls"))]
