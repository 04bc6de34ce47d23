"""The content engine: files in content/ become validated, rendered, frozen documents.

One job a module, each importing only the ones below it:
`problems` (what is wrong, where) <- `yaml_reader` (safe YAML with line numbers) <- `fields`,
`sources` (one validator per field type) <- `rendering` (the one place Markdown and nh3 are
configured) <- `documents`, `checklists` (the kinds) <- `site` (every cross-file rule, the
registry) <- `loading` (discovery, reloading, the `content_changed` signal).
It imports no app: views, forms and caches sit above it.
"""

from .checklists import LEVELS, Checklist, Choice, Question, parse_checklist
from .compat import (
    FieldChecker,
    load_yaml_mapping,
    parse_date,
    parse_sources,
    parse_text,
    read_text,
    source_item_lines,
    static_paths,
)
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
    "ContentProblem",
    "Document",
    "FieldChecker",
    "FileProblems",
    "Parsed",
    "Question",
    "Registry",
    "ReloadingCache",
    "Source",
    "content_changed",
    "content_fingerprint",
    "get_checklists",
    "get_registry",
    "grade_problem",
    "load",
    "load_yaml_mapping",
    "parse_checklist",
    "parse_date",
    "parse_document",
    "parse_sources",
    "parse_text",
    "read_text",
    "source_item_lines",
    "static_paths",
    "url_for",
]
