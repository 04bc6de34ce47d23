"""HTTP headers Django does not set itself, and the development page for a broken file."""

from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch

from articles.content import get_registry, url_for
from articles.content.loading import discover


class PermissionsPolicyMiddleware:
    """Turns off browser features no page needs (camera, microphone, location, ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def content_file_for(url_path: str, content_dir: Path) -> Path | None:
    """The content file whose URL is `url_path`, valid or not (any kind the engine finds).

    The files come from the engine's discovery and their URLs from the URLconf, so this never
    repeats where a kind lives.
    """
    for path, kind, language in discover(content_dir):
        try:
            if url_for(kind, path.stem, language) == url_path:
                return path
        except NoReverseMatch:  # a file name that is no slug: its own problem says so
            continue
    return None


class ContentErrorMiddleware:
    """Development only (DEBUG): a page whose file is broken shows the file's problems.

    In production a broken file is left out and logged, so its address is a plain 404; an
    editor previewing with `make run` should instead see which file, line and field to fix.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not settings.DEBUG or not isinstance(exception, Http404):
            return None
        content_dir = Path(settings.MESOGUIDE_CONTENT_DIR)
        path = content_file_for(request.path, content_dir)
        if path is None:
            return None
        problems = [
            problem
            for problem in get_registry().problems
            if problem.severity == "error" and Path(problem.path).resolve() == path.resolve()
        ]
        if not problems:
            return None
        shown = path.relative_to(content_dir.parent)
        rows = [
            {"line": p.line, "field": field_of(p.message), "message": p.message} for p in problems
        ]
        context = {"file": shown, "problems": rows}
        return render(request, "mesoguide/content_error.html", context, status=500)


def field_of(message: str) -> str:
    """The front-matter field a problem message starts with (`summary: required`), or ""."""
    head, _, rest = message.partition(":")
    return head if rest and head.replace("_", "").replace(".", "").isalnum() else ""
