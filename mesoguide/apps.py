from django.apps import AppConfig


class MesoguideConfig(AppConfig):
    name = "mesoguide"
    verbose_name = "Mesoguide site"
