from django.urls import path

from . import feedback, views

app_name = "articles"
urlpatterns = [
    path("articles/", views.article_list, name="list"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("warning-signs/", views.warning_signs, name="warning-signs"),
    path("search/", views.search, name="search"),
    path("feedback/", feedback.feedback, name="feedback"),
]
