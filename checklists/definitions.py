"""Checklist definitions are content: they load with the rest in `articles.content`.

This module keeps the names the checklist form, evaluation and views use.
"""

from articles.content import LEVELS, Checklist, Checklists, Choice, Question, get_checklists

__all__ = ["LEVELS", "Checklist", "Checklists", "Choice", "Question", "get_checklists"]

# The YAML helpers the after-treatment tool definitions share with checklists.
from articles.content.checklists import ID_RE, VALUE_RE, _sentence  # noqa: F401
from articles.content.yaml_reader import child as _child  # noqa: F401
from articles.content.yaml_reader import key_lines as _key_lines  # noqa: F401
from articles.content.yaml_reader import node_line as _node_line  # noqa: F401


def _plain(check, data: dict, key: str, where: str, line: int, required=True) -> str:
    """A one-line text field of a list item (the shared rule in `articles.content.fields`)."""
    from articles.content.fields import text

    return text(check, data, key, required=required, where=where, line=line)
