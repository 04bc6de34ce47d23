from django.urls import path
from django.utils.translation import pgettext_lazy

from . import api, embed, feedback, handouts, views

app_name = "articles"
urlpatterns = [
    path(pgettext_lazy("URL", "articles/"), views.article_list, name="list"),
    path(pgettext_lazy("URL", "articles/<slug:slug>/"), views.article_detail, name="detail"),
    path(
        pgettext_lazy("URL", "articles/<slug:slug>/handout.pdf"),
        views.article_handout,
        name="handout",
    ),
    path(
        pgettext_lazy("URL", "warning-signs/handout.pdf"),
        handouts.warning_signs_handout,
        name="warning-signs-handout",
    ),
    path(pgettext_lazy("URL", "warning-signs/"), views.warning_signs, name="warning-signs"),
    path(pgettext_lazy("URL", "search/"), views.search, name="search"),
    path("embed/warning-signs/", embed.warning_signs_card, name="embed-warning-signs"),
    path("oembed", embed.oembed, name="oembed"),
    path("api/v1/pages/", api.page_list, name="api-pages"),
    path("api/v1/pages/<path:page_path>", api.page_detail, name="api-page"),
    path("api/v1/schema/<slug:name>.json", api.schema, name="api-schema"),
    path("feedback/", feedback.feedback, name="feedback"),
]
