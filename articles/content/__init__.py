"""The content engine: files in content/ become validated, rendered, frozen documents.

One job a module, each importing only the ones below it:
`problems` (what is wrong, where) <- `yaml_reader` (safe YAML with line numbers) <- `fields`,
`sources` (one validator per field type) <- `rendering` (the one place Markdown and nh3 are
configured) <- `documents`, `checklists`, `tools` (the kinds) <- `site` (every cross-file rule, the
registry) <- `loading` (discovery, reloading, the `content_changed` signal).
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
