"""Test settings: production settings with a throwaway key and plain static storage."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "k" * 40)
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
# The editors' admin is on in tests, so every "no cookie" test also covers a site with it on.
os.environ.setdefault("MESOGUIDE_ADMIN", "true")

from mesoguide.settings import *  # noqa: F403

# The manifest storage needs collectstatic; tests serve the source files directly.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No collectstatic in tests: whitenoise serves the source files through the finders.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
