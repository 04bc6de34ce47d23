"""Names of the single-module engine, for code written against it (the after-treatment tools).

New code uses the modules directly: `problems.Problems` and `fields` for validation,
`yaml_reader` for YAML, `urls.view_name` for what a path serves. Each name here is a thin
adapter over them, so there is still one rule per field type.
"""

from django.urls import reverse

from . import fields, yaml_reader
from . import sources as source_rules
from .problems import Problems

# The lists and pages every site has (the documents and checklists come from the registry).
LIST_URL_NAMES = ("home", "articles:list", "checklists:list", "articles:search", "feed")


class FieldChecker(Problems):
    """`Problems` with the old method names for the shared field rules."""

    def file_name(self, slug: str):
        fields.file_name(self, slug)

    def unknown_keys(self, data: dict, allowed, where="", lines=None, line=None):
        fields.unknown_keys(self, data, allowed, where=where, lines=lines, line=line)


def read_text(path) -> str:
    """The file's text (warnings, such as a byte-order mark, are dropped)."""
    return yaml_reader.read_text(path)[0]


def load_yaml_mapping(path, text: str, first_line: int = 1):
    return yaml_reader.load_mapping(path, text, first_line)


def parse_text(check, data: dict, key: str, limit: int, required: bool = True) -> str:
    return fields.text(check, data, key, limit, required)


def parse_date(check, data: dict, key: str):
    return fields.date(check, data, key)


def parse_sources(check, data: dict, source_lines: list[int]):
    return source_rules.sources(check, data, source_lines)


def source_item_lines(text: str, first_line: int = 1) -> list[int]:
    """The line of each item under a top-level `sources:` key (best effort: never raises)."""
    try:
        node = yaml_reader.compose(None, text, first_line)[0]
    except Exception:  # the file's own load reports what is wrong with it
        return []
    return yaml_reader.item_lines(node, "sources", first_line)


def static_paths() -> set[str]:
    """The fixed list pages, from the URLconf."""
    return {reverse(name) for name in LIST_URL_NAMES}
