"""Mesoguide settings: one file, every environment read happens here through three helpers."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DEBUG is off. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "development-only-key-never-used-in-production-0123456789abcdefghij"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])

# The editors' admin is the only thing that ever sets a cookie (its login), so it and the apps
# it needs exist only when an operator turns it on.
ADMIN_ENABLED = env_bool("MESOGUIDE_ADMIN", False)
ADMIN_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
]

INSTALLED_APPS = [
    *(ADMIN_APPS if ADMIN_ENABLED else []),
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "mesoguide",
    "articles",
    "checklists",
]

# Order matters: the header middlewares come first so they wrap everything, including the
# HTTP->HTTPS redirect that SecurityMiddleware answers without calling the rest, and
# whitenoise's static responses. ConditionalGet sits inside them so a 304 still carries the
# security headers; compression sits inside ConditionalGet (a 304 compares the ETag of the
# encoding sent) and inside CommonMiddleware (Content-Length is the compressed length).
MIDDLEWARE = [
    "mesoguide.language.URLLanguageMiddleware",
    "mesoguide.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The language (from the URL alone) is set before anything renders a page, error pages too.
    "mesoguide.language.URLLanguageMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "mesoguide.compression.CompressionMiddleware",
]
if DEBUG:
    # A broken content file shows its problems (file, line, field) instead of a blank 404.
    MIDDLEWARE.append("mesoguide.middleware.ContentErrorMiddleware")
if ADMIN_ENABLED:
    # Sessions only set a cookie when a view writes to one, and only the admin login does.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
        "django.contrib.sessions.middleware.SessionMiddleware",
    )
    MIDDLEWARE += [
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ]

# Forms take a few short answers and never a file: a file part is refused (400) before any
# upload handler sees it, so nothing is ever spooled to a temporary file; and if one ever got
# through, only the in-memory handler exists. Bodies and field counts are capped far below
# Django's defaults (the longest checklist has under 20 questions).
DATA_UPLOAD_MAX_NUMBER_FILES = 0
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 0
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

ROOT_URLCONF = "mesoguide.urls"
WSGI_APPLICATION = "mesoguide.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",  # LANGUAGE_CODE for <html lang>
                "mesoguide.context_processors.site",
                "mesoguide.context_processors.editions",
                *(
                    [
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                    if ADMIN_ENABLED
                    else []
                ),
            ],
        },
    },
]

# SQLite is the embedded default; production sets DATABASE_URL=postgres://... (psycopg 3).
# Only reader feedback (and the admin's login, when on) is stored. A database that is down must
# fail fast, so the reader hears "we could not save your answer" instead of waiting.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,  # a server that restarted is reconnected, not a 500
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers take the lock up front and WAL lets readers on, so parallel answers queue
    # instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=5,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )

# Shared cache only when several instances need one; otherwise each process keeps its own.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A cache that is down must not hold a request up (the rate limit then lets it by).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Interface strings go through gettext (locale/es/LC_MESSAGES/django.po, compiled by the build).
# The URL alone picks the language (mesoguide.language), never Accept-Language or a cookie.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600  # unhashed files; hashed ones get a year and "immutable"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Mesoguide ---
MESOGUIDE_CONTENT_DIR = Path(env_str("MESOGUIDE_CONTENT_DIR", str(BASE_DIR / "content")))
MESOGUIDE_REGION = env_str("MESOGUIDE_REGION", "US").upper()
MESOGUIDE_CONTACT_EMAIL = env_str("MESOGUIDE_CONTACT_EMAIL")
# The public address (https://example.org) used in canonical links, QR codes and the feed;
# empty means "the address the request came to".
MESOGUIDE_BASE_URL = env_str("MESOGUIDE_BASE_URL")
# In DEBUG, content changes on disk are picked up on the next request; in production the
# content is loaded once per process, so a deploy (or restart) publishes edits.
MESOGUIDE_RELOAD_CONTENT = DEBUG
# Shared caches (CDNs) may serve content pages for this long, and serve a stale copy while
# they revalidate in the background.
MESOGUIDE_PAGE_MAX_AGE = int(env_str("MESOGUIDE_PAGE_MAX_AGE", "300"))
MESOGUIDE_PAGE_STALE_WHILE_REVALIDATE = 86400
# Reader feedback: answers one client may send per hour (counted in the cache, so across
# instances when REDIS_URL is set), and how long answers are kept (purgefeedback).
MESOGUIDE_FEEDBACK_PER_HOUR = int(env_str("MESOGUIDE_FEEDBACK_PER_HOUR", "20"))
MESOGUIDE_FEEDBACK_RETENTION_DAYS = int(env_str("MESOGUIDE_FEEDBACK_RETENTION_DAYS", "365"))

# --- Security (python manage.py check --deploy is clean with DEBUG off) ---
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY", False) else None
)
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preload is a commitment browsers bake in for months; the operator opts in explicitly.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
X_FRAME_OPTIONS = "DENY"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "manifest-src": [CSP.SELF],
}
# A stricter policy watched in report-only mode: nothing by default, and Trusted Types. It
# keeps `img-src data:` because Bootstrap's checked radio buttons and checkboxes are data:
# SVG images in the vendored CSS (a file instead would cost every checklist a sixth request).
SECURE_CSP_REPORT_ONLY = {
    **SECURE_CSP,
    "default-src": [CSP.NONE],
    "require-trusted-types-for": ["'script'"],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "sync-xhr=(), usb=(), xr-spatial-tracking=()"
)

# Never log request bodies: checklist answers travel only in POST bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "filters": {"short": {"()": "mesoguide.logfilters.ShortMessage"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "mesoguide.content": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Its DEBUG records quote the template context, which may hold a reader's answers.
        "django.template": {"level": "INFO"},
        # WeasyPrint warns about every screen-only CSS rule it skips when printing a handout.
        "weasyprint": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # A bad Host header is anyone's to send: one short line each, no traceback.
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "level": "WARNING",
            "filters": ["short"],
            "propagate": False,
        },
        "mesoguide.feedback": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
