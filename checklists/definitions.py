"""Checklist definitions are content: they load with the rest in `articles.content`.

This module keeps the names the checklist form, evaluation and views use.
"""

from articles.content import LEVELS, Checklist, Checklists, Choice, Question, get_checklists

__all__ = ["LEVELS", "Checklist", "Checklists", "Choice", "Question", "get_checklists"]
