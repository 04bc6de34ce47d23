from django.urls import path
from django.utils.translation import pgettext_lazy

from . import tool_views

app_name = "tools"
urlpatterns = [
    path("", tool_views.tool_list, name="list"),
    path("<slug:slug>/", tool_views.tool_page, name="tool"),
    path(pgettext_lazy("URL", "<slug:slug>/blank/"), tool_views.tool_blank, name="blank"),
]
