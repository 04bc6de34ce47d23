from django.urls import path

from . import views

app_name = "checklists"
urlpatterns = [
    path("", views.checklist_list, name="list"),
    path("<slug:slug>/", views.checklist_form, name="form"),
]
