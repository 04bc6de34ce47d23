"""The editors' admin for reader feedback: browse, filter and delete (answers are not edited)."""

from django.contrib import admin

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["date", "page", "answer", "comment"]
    list_filter = ["answer", "date", "page"]
    search_fields = ["page", "comment"]
    date_hierarchy = "date"
    readonly_fields = ["page", "answer", "comment", "date"]

    def has_add_permission(self, request):
        return False  # feedback comes only from readers
