from django.apps import AppConfig


class MesoguideConfig(AppConfig):
    name = "mesoguide"
    verbose_name = "Mesoguide site"

    def ready(self):
        # The project wires the layers together: the engine announces new content, the
        # HTTP helpers (which import no app) forget the pages made from the old content.
        from articles.content import content_changed

        from . import checks  # noqa: F401 - registers the system checks
        from .caching import forget_pages

        content_changed.connect(forget_pages, dispatch_uid="mesoguide.forget_pages")
