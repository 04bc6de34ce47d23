"""The site's editions: English at the root, each other language under its own /<code>/ prefix.

The URL alone decides the language (never a header or a cookie), so every page is cacheable
by any CDN. Content of an edition lives in `content/<code>/`, mirroring the English folders.
"""

from pathlib import Path

DEFAULT = "en"
TRANSLATED = ("es",)  # editions besides the default, each with its content/<code>/ folder
ALL = (DEFAULT, *TRANSLATED)


def of_path(path: str) -> str:
    """The edition a URL path belongs to: /es/... is Spanish, everything else English."""
    for code in TRANSLATED:
        if path == f"/{code}" or path.startswith(f"/{code}/"):
            return code
    return DEFAULT


def content_dir(root: Path, language: str) -> Path:
    """Where an edition's files live: the content root for English, content/<code>/ otherwise."""
    return Path(root) if language == DEFAULT else Path(root) / language
