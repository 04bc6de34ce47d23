from django.urls import path

from . import tool_views

app_name = "tools"
urlpatterns = [
    path("", tool_views.tool_list, name="list"),
    path("<slug:slug>/", tool_views.tool_page, name="tool"),
    path("<slug:slug>/blank/", tool_views.tool_blank, name="blank"),
]
