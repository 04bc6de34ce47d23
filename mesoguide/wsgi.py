"""WSGI entry point (gunicorn mesoguide.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoguide.settings")

application = get_wsgi_application()
