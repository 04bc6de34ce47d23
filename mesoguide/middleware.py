"""HTTP headers Django does not set itself, and the development page for a broken file."""

from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from articles.content import get_registry


class PermissionsPolicyMiddleware:
    """Turns off browser features no page needs (camera, microphone, location, ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def content_file_for(url_path: str, content_dir: Path) -> Path | None:
    """The file that would serve `url_path`: /articles/x/, /warning-signs/ or a site page."""
    parts = [part for part in url_path.split("/") if part]
    if parts == ["warning-signs"]:
        return content_dir / "warning-signs.md"
    if len(parts) == 2 and parts[0] == "articles":
        return content_dir / "articles" / f"{parts[1]}.md"
    if len(parts) == 1:
        return content_dir / "pages" / f"{parts[0]}.md"
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
        if path is None or not path.is_file():
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
