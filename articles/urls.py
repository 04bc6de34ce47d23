from django.urls import path

from . import api, embed, feedback, handouts, views

app_name = "articles"
urlpatterns = [
    path("articles/", views.article_list, name="list"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<slug:slug>/handout.pdf", views.article_handout, name="handout"),
    path(
        "warning-signs/handout.pdf",
        handouts.handout_view,
        {"page_path": "/warning-signs/"},
        name="warning-signs-handout",
    ),
    path("warning-signs/", views.warning_signs, name="warning-signs"),
    path("search/", views.search, name="search"),
    path("embed/warning-signs/", embed.warning_signs_card, name="embed-warning-signs"),
    path("oembed", embed.oembed, name="oembed"),
    path("api/v1/pages/", api.page_list, name="api-pages"),
    path("api/v1/pages/<path:page_path>", api.page_detail, name="api-page"),
    path("api/v1/schema/<slug:name>.json", api.schema, name="api-schema"),
    path("feedback/", feedback.feedback, name="feedback"),
]
