"""WSGI entry point (gunicorn mesoguide.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mesoguide.settings")

application = get_wsgi_application()

# Read, validate and render all content now, once per worker, so the first reader does not
# wait for it and any broken file is logged at start-up rather than on the first request.
from articles.content import get_registry  # noqa: E402
from checklists.definitions import get_checklists  # noqa: E402

get_registry()
get_checklists()
