"""The content engine: files in content/ (and content/es/) become validated, rendered, frozen
documents.

One job a module; each imports only the modules below it, in the order of the layers contract
in pyproject.toml (`loading` at the top, `problems` at the bottom; README, "How it works").
It imports no app: views, forms and caches sit above it.
"""

from .checklists import LEVELS, Checklist, Choice, Question, parse_checklist
from .documents import SECTIONS, Document, Parsed, parse_document
from .fields import SLUG_RE
from .loading import (
    Checklists,
    ReloadingCache,
    content_changed,
    content_fingerprint,
    get_checklists,
    get_registry,
    load,
)
from .problems import ContentProblem, FileProblems
from .readability import grade_problem
from .site import Registry
from .sources import Source
from .tool_fields import Column, Field
from .tools import Tool, parse_tool
from .urls import URL_NAMES, url_for
from .yaml_reader import MAX_FILE_BYTES

__all__ = [
    "LEVELS",
    "MAX_FILE_BYTES",
    "SECTIONS",
    "SLUG_RE",
    "URL_NAMES",
    "Checklist",
    "Checklists",
    "Choice",
    "Column",
    "ContentProblem",
    "Document",
    "Field",
    "FileProblems",
    "Parsed",
    "Question",
    "Registry",
    "ReloadingCache",
    "Source",
    "Tool",
    "content_changed",
    "content_fingerprint",
    "get_checklists",
    "get_registry",
    "grade_problem",
    "load",
    "parse_checklist",
    "parse_document",
    "parse_tool",
    "url_for",
]
